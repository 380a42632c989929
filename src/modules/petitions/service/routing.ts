import { sql } from 'kysely';
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

/**
 * The competent agency for a new petition: the most specific routing rule matching (unit, category, kind) —
 * each matching column counts, the unit most — or, without a rule, the People's Committee of the unit.
 */
export async function resolveAgency(
  db: Executor,
  q: { unitCode: string; categoryId: number | null; kind: PetitionKind },
): Promise<Agency | undefined> {
  const rule = await db
    .selectFrom('petition_routes as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .select('r.agency_id')
    .where('a.active', '=', true)
    .where((eb) => eb.or([eb('r.unit_code', '=', q.unitCode), eb('r.unit_code', 'is', null)]))
    .where((eb) => (q.categoryId ? eb.or([eb('r.category_id', '=', q.categoryId), eb('r.category_id', 'is', null)]) : eb('r.category_id', 'is', null)))
    .where((eb) => eb.or([eb('r.kind', '=', q.kind), eb('r.kind', 'is', null)]))
    .orderBy(
      sql`(case when r.unit_code is not null then 4 else 0 end) + (case when r.category_id is not null then 2 else 0 end) + (case when r.kind is not null then 1 else 0 end)`,
      'desc',
    )
    .orderBy('r.id')
    .limit(1)
    .executeTakeFirst();
  if (rule) return getAgency(db, rule.agency_id);
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

/** Administrators (covering the unit, or province-wide for a rule without a unit) edit routing rules. */
function mayEditRoutes(principal: Principal | null, unit: { code: string; provinceCode: string } | null): boolean {
  if (!principal) return false;
  if (!unit) return principal.roles.some((g) => g.role === 'admin' && g.unitLevel === 'province');
  return grantsCovering(principal, unit, ['admin']).length > 0;
}

export async function saveRoute(ctx: AppContext, principal: Principal | null, input: unknown, id?: number): Promise<PetitionRoute> {
  if (!isAdmin(principal)) throw forbidden();
  const data = parse(routeSchema, input);
  return ctx.db.transaction().execute(async (tx) => {
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
  await ctx.db.transaction().execute(async (tx) => {
    const old = await tx.selectFrom('petition_routes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!old) throw notFound();
    const unit = old.unit_code ? await getUnit(tx, old.unit_code) : null;
    if (!mayEditRoutes(principal, unit ? { code: unit.code, provinceCode: unit.provinceCode } : null)) throw forbidden();
    await tx.deleteFrom('petition_routes').where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(principal), action: 'petition_route.delete', entityType: 'petition_route', entityId: id, before: toRoute(old), at: ctx.clock.now() });
  });
}
