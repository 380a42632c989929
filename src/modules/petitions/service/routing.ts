import { sql } from 'kysely';
import { ReadCache } from '../../../platform/cache';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, grantsCovering, isAdmin, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { forbidden, notFound, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { findAgency, getAgency, getCategory, getUnit } from '../../directory/service';
import type { Agency } from '../../directory/model';
import type { PetitionKind, PetitionRoute } from '../model';
import { routeSchema } from '../schema';

// Routing rules are read by every new petition and edited rarely: kept a minute, forgotten here on every edit.
const routeCache = new ReadCache<PetitionRoute[]>('petitions.routes', { max: 2, ttlMs: 60_000 });

/** How specific a rule is: each matching column counts, the unit most. */
function specificity(r: PetitionRoute): number {
  return (r.unitCode !== null ? 4 : 0) + (r.categoryId !== null ? 2 : 0) + (r.kind !== null ? 1 : 0);
}

/**
 * The competent agency for a new petition: the most specific active routing rule matching (unit, category, kind)
 * or, without one, the People's Committee of the unit.
 */
export async function resolveAgency(
  db: Executor,
  q: { unitCode: string; categoryId: number | null; kind: PetitionKind },
): Promise<Agency | undefined> {
  const routes = (await routeCache.get(db, 'all', () => listRoutes(db)))!;
  const matching = routes
    .filter(
      (r) =>
        (r.unitCode === null || r.unitCode === q.unitCode) &&
        (r.categoryId === null || r.categoryId === q.categoryId) &&
        (r.kind === null || r.kind === q.kind),
    )
    .sort((a, b) => specificity(b) - specificity(a) || a.id - b.id);
  for (const r of matching) {
    const agency = await getAgency(db, r.agencyId);
    if (agency?.active) return agency;
  }
  return findAgency(db, q.unitCode, 'peoples_committee');
}

function toRoute(r: { id: number; unit_code: string | null; category_id: number | null; kind: PetitionKind | null; agency_id: number; note: string | null }): PetitionRoute {
  return { id: r.id, unitCode: r.unit_code, categoryId: r.category_id, kind: r.kind, agencyId: r.agency_id, note: r.note };
}

export async function listRoutes(db: Executor, opts: { unitCode?: string } = {}): Promise<PetitionRoute[]> {
  let q = db.selectFrom('petition_routes').select(['id', 'unit_code', 'category_id', 'kind', 'agency_id', 'note']);
  if (opts.unitCode) q = q.where('unit_code', '=', opts.unitCode);
  const rows = await q.orderBy('unit_code').orderBy('category_id').orderBy('id').execute();
  return rows.map(toRoute);
}

async function writeRoutes<T>(ctx: AppContext, fn: (tx: Executor) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction().execute(fn);
  } finally {
    routeCache.forget();
  }
}

/** Administrators (covering the unit, or province-wide for a rule without a unit) edit routing rules. */
function mayEditRoutes(principal: Principal | null, unit: { code: string; provinceCode: string } | null): boolean {
  if (!principal) return false;
  if (!unit) return principal.roles.some((g) => g.role === 'admin' && g.unitLevel === 'province');
  return grantsCovering(principal, unit, ['admin']).length > 0;
}

export async function saveRoute(ctx: AppContext, principal: Principal | null, input: unknown, id?: number): Promise<PetitionRoute> {
  if (!isAdmin(principal)) throw forbidden();
  const data = parse(routeSchema, input);
  return writeRoutes(ctx, async (tx) => {
    const unit = data.unitCode ? await getUnit(tx, data.unitCode) : null;
    if (data.unitCode && !unit) throw new ValidationError({ unitCode: 'petitions.error.unit' });
    if (!mayEditRoutes(principal, unit ? { code: unit.code, provinceCode: unit.provinceCode } : null)) throw forbidden();
    if (data.categoryId && !(await getCategory(tx, data.categoryId))) throw new ValidationError({ categoryId: 'petitions.error.category' });
    const agency = await getAgency(tx, data.agencyId);
    if (!agency || !agency.active) throw new ValidationError({ agencyId: 'petitions.error.agency' });
    const values = {
      unit_code: data.unitCode ?? null,
      category_id: data.categoryId ?? null,
      kind: data.kind ?? null,
      agency_id: data.agencyId,
      note: data.note ?? null,
    };
    let before: PetitionRoute | null = null;
    let row;
    if (id) {
      const old = await tx.selectFrom('petition_routes').selectAll().where('id', '=', id).executeTakeFirst();
      if (!old) throw notFound();
      before = toRoute(old);
      row = await tx.updateTable('petition_routes').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    } else {
      const dup = await tx
        .selectFrom('petition_routes')
        .select('id')
        .where(sql<boolean>`coalesce(unit_code, '') = ${values.unit_code ?? ''} and coalesce(category_id, 0) = ${values.category_id ?? 0} and coalesce(kind, '') = ${values.kind ?? ''}`)
        .executeTakeFirst();
      if (dup) throw new ValidationError({ unitCode: 'petitions.error.routeExists' });
      row = await tx.insertInto('petition_routes').values({ ...values, created_by: principal!.id }).returningAll().executeTakeFirstOrThrow();
    }
    const after = toRoute(row);
    await audit(tx, { actor: actorOf(principal), action: id ? 'petition_route.update' : 'petition_route.create', entityType: 'petition_route', entityId: after.id, before, after, at: ctx.clock.now() });
    return after;
  });
}

export async function deleteRoute(ctx: AppContext, principal: Principal | null, id: number): Promise<void> {
  if (!isAdmin(principal)) throw forbidden();
  await writeRoutes(ctx, async (tx) => {
    const old = await tx.selectFrom('petition_routes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!old) throw notFound();
    const unit = old.unit_code ? await getUnit(tx, old.unit_code) : null;
    if (!mayEditRoutes(principal, unit ? { code: unit.code, provinceCode: unit.provinceCode } : null)) throw forbidden();
    await tx.deleteFrom('petition_routes').where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(principal), action: 'petition_route.delete', entityType: 'petition_route', entityId: id, before: toRoute(old), at: ctx.clock.now() });
  });
}
