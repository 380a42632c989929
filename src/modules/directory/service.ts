import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { loadUnits } from '../../platform/geo';
import { searchTerms } from '../../platform/text/text';
import { actorOf, isAdmin, type Principal } from '../../platform/access/principal';
import { audit } from '../../platform/audit/audit';
import { forbidden, notFound, ValidationError } from '../../platform/http/errors';
import { parse } from '../../platform/http/validate';
import { getSetting } from '../../platform/settings/settings';
import { ReadCache } from '../../platform/cache';
import {
  UNIT_CODE_RE,
  VILLAGE_KINDS,
  type Agency,
  type AgencyKind,
  type Category,
  type Unit,
  type UnitDetail,
  type VillageKind,
} from './model';
import {
  agencyInputSchema,
  categoryInputSchema,
  categoryUpdateSchema,
  villageInputSchema,
  villageUpdateSchema,
  type AgencyInput,
  type CategoryInput,
  type CategoryUpdate,
  type VillageInput,
  type VillageUpdate,
} from './schema';

const unitColumns = [
  'code',
  'name',
  'name_en as nameEn',
  'full_name as fullName',
  'full_name_en as fullNameEn',
  'kind',
  'kind_en as kindEn',
  'level',
  'parent_code as parentCode',
  'province_code as provinceCode',
] as const;

/** Loads (or refreshes) the 34 provinces and 3,321 commune-level units shipped in resources/. */
export async function importUnits(ctx: Pick<AppContext, 'db'>): Promise<{ provinces: number; communes: number }> {
  const all = loadUnits();
  const rows = all.map((u, i) => ({
    code: u.code,
    name: u.name,
    name_en: u.nameEn,
    full_name: u.fullName,
    full_name_en: u.fullNameEn,
    kind: u.kind,
    kind_en: u.kindEn,
    level: u.type,
    parent_code: u.parentCode,
    province_code: u.parentCode ?? u.code,
    sort: i,
  }));
  await writeDirectory(ctx, async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('units')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            name_en: eb.ref('excluded.name_en'),
            full_name: eb.ref('excluded.full_name'),
            full_name_en: eb.ref('excluded.full_name_en'),
            kind: eb.ref('excluded.kind'),
            kind_en: eb.ref('excluded.kind_en'),
            sort: eb.ref('excluded.sort'),
          })),
        )
        .execute();
    }
  });
  return { provinces: all.filter((u) => u.type === 'province').length, communes: all.filter((u) => u.type === 'commune').length };
}

export async function unitCount(db: Executor): Promise<number> {
  const r = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

// Units, agencies and categories are read on nearly every page and change rarely: cached for a minute.
const unitCache = new ReadCache<Unit>('directory.units', { max: 5000, ttlMs: 60_000 });
const agencyCache = new ReadCache<Agency>('directory.agencies', { max: 5000, ttlMs: 60_000 });
const agencyOfUnitCache = new ReadCache<Agency>('directory.agencyOfUnit', { max: 5000, ttlMs: 60_000 });
const categoryCache = new ReadCache<Category>('directory.categories', { max: 500, ttlMs: 60_000 });
const unitListCache = new ReadCache<Unit[]>('directory.unitLists', { max: 200, ttlMs: 60_000 });
const categoryListCache = new ReadCache<Category[]>('directory.categoryLists', { max: 4, ttlMs: 60_000 });
const unitSortCache = new ReadCache<{ sort: number }>('directory.unitSort', { max: 5000, ttlMs: 60_000 });
const unitSubtreeCache = new ReadCache<string[]>('directory.unitSubtrees', { max: 200, ttlMs: 60_000 });
const agencyIdsAtCache = new ReadCache<number[]>('directory.agencyIdsAt', { max: 5000, ttlMs: 60_000 });

/** Empties the directory caches of this process (after any change to units, agencies or categories). */
export function forgetDirectory(): void {
  unitCache.forget();
  agencyCache.forget();
  agencyOfUnitCache.forget();
  categoryCache.forget();
  unitListCache.forget();
  categoryListCache.forget();
  unitSortCache.forget();
  unitSubtreeCache.forget();
  agencyIdsAtCache.forget();
}

async function writeDirectory<T>(ctx: Pick<AppContext, 'db'>, fn: (tx: Executor) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction().execute(fn);
  } finally {
    forgetDirectory();
  }
}

export async function getUnit(db: Executor, code: string): Promise<Unit | undefined> {
  // Not of a code's shape (typed into a URL, say): no such unit, and no query.
  if (!UNIT_CODE_RE.test(code)) return undefined;
  return unitCache.get(db, code, () => db.selectFrom('units').select(unitColumns).where('code', '=', code).executeTakeFirst());
}

export async function getUnits(db: Executor, codes: string[]): Promise<Map<string, Unit>> {
  if (!codes.length) return new Map();
  return unitCache.getMany(db, codes, async (missing) => {
    const rows = await db.selectFrom('units').select(unitColumns).where('code', 'in', missing).execute();
    return new Map(rows.map((r) => [r.code, r]));
  });
}

/** Each unit's place in the directory's order (the order of the official list, villages by number), for sorting. */
export async function unitOrder(db: Executor, codes: string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const found = await unitSortCache.getMany(db, codes, async (missing) => {
    const rows = await db.selectFrom('units').select(['code', 'sort']).where('code', 'in', missing).execute();
    return new Map(rows.map((r) => [r.code, { sort: r.sort }]));
  });
  return new Map([...found].map(([code, v]) => [code, v.sort]));
}

/** The codes of a unit and of every unit under it (a province: its communes and their villages). */
export async function unitSubtree(db: Executor, code: string): Promise<string[]> {
  const codes = await unitSubtreeCache.get(db, code, async () => {
    const r = await sql<{ code: string }>`
      with recursive t as (select code from units where code = ${code} union all select u.code from units u join t on u.parent_code = t.code)
      select code from t`.execute(db);
    return r.rows.map((x) => x.code);
  });
  return codes ?? [];
}

/** The ids of the agencies seated at each of the units (inactive ones too), for filtering by where an agency is. */
export async function agencyIdsAt(db: Executor, unitCodes: string[]): Promise<Map<string, number[]>> {
  if (!unitCodes.length) return new Map();
  return agencyIdsAtCache.getMany(db, unitCodes, async (missing) => {
    const rows = await db.selectFrom('agencies').select(['id', 'unit_code']).where('unit_code', 'in', missing).orderBy('id').execute();
    const out = new Map<string, number[]>(missing.map((c) => [c, []]));
    for (const r of rows) out.get(r.unit_code)!.push(r.id);
    return out;
  });
}

/**
 * Units under a parent (no parent: the provinces), optionally filtered by a diacritic- and
 * case-insensitive query ("chieng coi" finds "Phường Chiềng Cơi").
 */
async function queryUnits(
  db: Executor,
  opts: { parent?: string | null; q?: string; limit?: number; offset?: number } = {},
): Promise<Unit[]> {
  let query = db.selectFrom('units').select(unitColumns);
  if (opts.parent) query = query.where('parent_code', '=', opts.parent);
  else if (!opts.q) query = query.where('parent_code', 'is', null);
  for (const term of searchTerms(opts.q ?? '')) {
    query = query.where('search', 'like', `%${term}%`);
  }
  if (opts.q) {
    const folded = searchTerms(opts.q).join(' ');
    query = query.orderBy(sql`similarity(search, ${folded})`, 'desc');
  }
  return query
    .orderBy('sort')
    .limit(Math.min(opts.limit ?? 500, 5000))
    .offset(opts.offset ?? 0)
    .execute();
}

/** Units under a parent, or matching a query; the lists without a query (pickers on most pages) are cached. */
export async function listUnits(db: Executor, opts: { parent?: string | null; q?: string; limit?: number; offset?: number } = {}): Promise<Unit[]> {
  if (opts.q) return queryUnits(db, opts);
  const key = `${opts.parent ?? ''}|${opts.limit ?? ''}|${opts.offset ?? ''}`;
  return (await unitListCache.get(db, key, () => queryUnits(db, opts)))!;
}

export async function childUnits(db: Executor, code: string): Promise<Unit[]> {
  return listUnits(db, { parent: code, limit: 5000 });
}

const agencyColumns = [
  'a.id',
  'a.code',
  'a.name',
  'a.name_en as nameEn',
  'a.short_name as shortName',
  'a.kind',
  'a.unit_code as unitCode',
  'u.full_name as unitName',
  'u.province_code as provinceCode',
  'u.level as unitLevel',
  'a.parent_id as parentId',
  'a.email',
  'a.phone',
  'a.address',
  'a.active',
] as const;

function agencyQuery(db: Executor) {
  return db.selectFrom('agencies as a').innerJoin('units as u', 'u.code', 'a.unit_code').select(agencyColumns);
}

export async function getAgency(db: Executor, id: number): Promise<Agency | undefined> {
  return agencyCache.get(db, String(id), () => agencyQuery(db).where('a.id', '=', id).executeTakeFirst());
}

export async function getAgencyByCode(db: Executor, code: string): Promise<Agency | undefined> {
  return agencyQuery(db).where('a.code', '=', code).executeTakeFirst();
}

export async function getAgencies(db: Executor, ids: number[]): Promise<Map<number, Agency>> {
  if (!ids.length) return new Map();
  return agencyCache.getMany(db, ids, async (missing) => {
    const rows = await agencyQuery(db).where('a.id', 'in', missing).execute();
    return new Map(rows.map((r) => [r.id, r]));
  });
}

/** Agencies of a unit in the order people expect: party committee, council, committee, Front and its members, departments. */
const KIND_ORDER_SQL = sql`case a.kind when 'party_committee' then 0 when 'peoples_council' then 1 when 'peoples_committee' then 2
  when 'front' then 3 when 'mass_org' then 4 when 'inspection_board' then 5 when 'department' then 6 else 7 end`;

export async function listAgencies(
  db: Executor,
  opts: {
    unitCode?: string;
    kind?: AgencyKind;
    q?: string;
    includeInactive?: boolean;
    limit?: number;
    offset?: number;
    /** Only the agencies directly under this one. */
    parentId?: number;
  } = {},
): Promise<Agency[]> {
  let q = agencyQuery(db);
  if (opts.unitCode) q = q.where('a.unit_code', '=', opts.unitCode);
  if (opts.kind) q = q.where('a.kind', '=', opts.kind);
  if (opts.parentId !== undefined) q = q.where('a.parent_id', '=', opts.parentId);
  if (!opts.includeInactive) q = q.where('a.active', '=', true);
  const terms = searchTerms(opts.q ?? '');
  for (const term of terms) q = q.where('a.search', 'like', `%${term}%`);
  if (terms.length) q = q.orderBy(sql`similarity(a.search, ${terms.join(' ')})`, 'desc');
  return q
    .orderBy('u.sort')
    .orderBy(KIND_ORDER_SQL)
    .orderBy('a.name')
    .orderBy('a.id')
    .limit(Math.min(opts.limit ?? 1000, 5000))
    .offset(opts.offset ?? 0)
    .execute();
}

/** The agency of a kind at a unit, e.g. the People's Committee of a commune (the default petition route). */
export async function findAgency(db: Executor, unitCode: string, kind: AgencyKind): Promise<Agency | undefined> {
  return agencyOfUnitCache.get(db, `${unitCode}:${kind}`, () =>
    agencyQuery(db).where('a.unit_code', '=', unitCode).where('a.kind', '=', kind).where('a.active', '=', true).orderBy('a.id').executeTakeFirst(),
  );
}

const categoryColumns = ['id', 'code', 'name', 'name_en as nameEn', 'description', 'active', 'sort'] as const;

async function queryCategories(db: Executor, opts: { includeInactive?: boolean } = {}): Promise<Category[]> {
  let q = db.selectFrom('categories').select(categoryColumns);
  if (!opts.includeInactive) q = q.where('active', '=', true);
  return q.orderBy('sort').orderBy('name').execute();
}

export async function listCategories(db: Executor, opts: { includeInactive?: boolean } = {}): Promise<Category[]> {
  return (await categoryListCache.get(db, String(!!opts.includeInactive), () => queryCategories(db, opts)))!;
}

export async function getCategory(db: Executor, id: number): Promise<Category | undefined> {
  return categoryCache.get(db, String(id), () => db.selectFrom('categories').select(categoryColumns).where('id', '=', id).executeTakeFirst());
}

export async function getCategories(db: Executor, ids: number[]): Promise<Map<number, Category>> {
  if (!ids.length) return new Map();
  return categoryCache.getMany(db, ids, async (missing) => {
    const rows = await db.selectFrom('categories').select(categoryColumns).where('id', 'in', missing).execute();
    return new Map(rows.map((r) => [r.id, r]));
  });
}

export async function getCategoryByCode(db: Executor, code: string): Promise<Category | undefined> {
  return db.selectFrom('categories').select(categoryColumns).where('code', '=', code).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Browsing and search

/** The setting naming the province the site serves (listed first, its communes in the pickers). */
export const HOME_PROVINCE_SETTING = 'directory.homeProvince';

/** The code of the province this installation serves ('14', Sơn La, by default). */
export async function homeProvinceCode(db: Executor): Promise<string> {
  return String(await getSetting<string>(db, HOME_PROVINCE_SETTING));
}

/** A unit with its parent and its children (communes of a province, villages of a commune). */
export async function unitDetail(db: Executor, code: string): Promise<UnitDetail | undefined> {
  const unit = await getUnit(db, code);
  if (!unit) return undefined;
  const [parent, children] = await Promise.all([
    unit.parentCode ? getUnit(db, unit.parentCode) : Promise.resolve(undefined),
    childUnits(db, code),
  ]);
  return { unit, parent: parent ?? null, children };
}

/** How many units each of the given units has directly under it. */
export async function childCounts(db: Executor, codes: string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['parent_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('parent_code', 'in', [...new Set(codes)])
    .groupBy('parent_code')
    .execute();
  return new Map(rows.map((r) => [r.parent_code!, Number(r.n)]));
}

export interface UnitHit extends Unit {
  /** The unit's ancestors, nearest first (a village: its commune, then its province). */
  ancestors: Array<{ code: string; fullName: string; fullNameEn: string }>;
}

/** The ancestors of each unit (nearest first), for showing where a search hit is. */
export async function withAncestors(db: Executor, units: Unit[]): Promise<UnitHit[]> {
  const known = new Map<string, Unit>(units.map((u) => [u.code, u]));
  let wanted = units.map((u) => u.parentCode).filter((c): c is string => !!c && !known.has(c));
  for (let depth = 0; depth < 3 && wanted.length; depth++) {
    const found = await getUnits(db, wanted);
    for (const [c, u] of found) known.set(c, u);
    wanted = [...found.values()].map((u) => u.parentCode).filter((c): c is string => !!c && !known.has(c));
  }
  return units.map((u) => {
    const ancestors: UnitHit['ancestors'] = [];
    let p = u.parentCode ? known.get(u.parentCode) : undefined;
    while (p && ancestors.length < 3) {
      ancestors.push({ code: p.code, fullName: p.fullName, fullNameEn: p.fullNameEn });
      p = p.parentCode ? known.get(p.parentCode) : undefined;
    }
    return { ...u, ancestors };
  });
}

/** Units of every level and agencies whose names match, ignoring diacritics and case. */
export async function searchDirectory(
  db: Executor,
  q: string,
  opts: { limit?: number } = {},
): Promise<{ units: UnitHit[]; agencies: Agency[] }> {
  if (!searchTerms(q).length) return { units: [], agencies: [] };
  const limit = opts.limit ?? 30;
  const [units, agencies] = await Promise.all([listUnits(db, { q, limit }), listAgencies(db, { q, limit })]);
  return { units: await withAncestors(db, units), agencies };
}

// ---------------------------------------------------------------------------------------------
// Administration use cases: each checks the caller, runs in one transaction and is audited.

export interface UseCaseMeta {
  ip?: string | null;
}

function requireAdmin(principal: Principal | null | undefined): asserts principal is Principal {
  if (!isAdmin(principal)) throw forbidden();
}

type AgencyRow = {
  id: number;
  code: string;
  name: string;
  name_en: string;
  short_name: string | null;
  kind: AgencyKind;
  unit_code: string;
  parent_id: number | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  active: boolean;
};

async function agencyRow(db: Executor, id: number, lock = false): Promise<AgencyRow | undefined> {
  let q = db
    .selectFrom('agencies')
    .select(['id', 'code', 'name', 'name_en', 'short_name', 'kind', 'unit_code', 'parent_id', 'email', 'phone', 'address', 'active'])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

const CODE_PREFIX: Record<AgencyKind, string> = {
  party_committee: 'DU',
  peoples_committee: 'UBND',
  peoples_council: 'HDND',
  department: 'CQ',
  front: 'MTTQ',
  mass_org: 'TC',
  inspection_board: 'TTND',
  other: 'CQ',
};

/** A free agency code like 'UBND-03670' (then 'UBND-03670-2', …). */
async function freeAgencyCode(tx: Executor, kind: AgencyKind, unitCode: string): Promise<string> {
  const base = `${CODE_PREFIX[kind]}-${unitCode}`;
  const taken = new Set(
    (
      await tx
        .selectFrom('agencies')
        .select('code')
        .where((eb) => eb.or([eb('code', '=', base), eb('code', 'like', `${base}-%`)]))
        .execute()
    ).map((r) => r.code),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Field-level checks that need the database: the unit, the parent (no cycle), a unique code. */
async function checkAgency(
  tx: Executor,
  data: { code?: string; unitCode: string; parentId?: number | null },
  selfId?: number,
): Promise<void> {
  const errors: Record<string, string> = {};
  const unit = await getUnit(tx, data.unitCode);
  if (!unit) errors.unitCode = 'directory.error.unitUnknown';
  else if (unit.level === 'village') errors.unitCode = 'directory.error.unitLevel';
  if (data.parentId) {
    if (data.parentId === selfId) errors.parentId = 'directory.error.parentSelf';
    else {
      // Walk up from the chosen parent: meeting this agency would make a cycle.
      let cursor: number | null = data.parentId;
      let first = true;
      for (let guard = 0; cursor !== null && guard < 100; guard++) {
        const row: { id: number; parent_id: number | null } | undefined = await tx
          .selectFrom('agencies')
          .select(['id', 'parent_id'])
          .where('id', '=', cursor)
          .executeTakeFirst();
        if (!row) {
          if (first) errors.parentId = 'directory.error.parentUnknown';
          break;
        }
        if (selfId !== undefined && row.parent_id === selfId) {
          errors.parentId = 'directory.error.parentCycle';
          break;
        }
        first = false;
        cursor = row.parent_id;
      }
    }
  }
  if (data.code) {
    let q = tx.selectFrom('agencies').select('id').where('code', '=', data.code);
    if (selfId !== undefined) q = q.where('id', '!=', selfId);
    if (await q.executeTakeFirst()) errors.code = 'directory.error.codeTaken';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** Creates an agency (administrators only). */
export async function createAgency(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  input: AgencyInput | Record<string, unknown>,
  meta: UseCaseMeta = {},
): Promise<Agency> {
  requireAdmin(principal);
  const data = parse(agencyInputSchema, input);
  const id = await writeDirectory(ctx, async (tx) => {
    await checkAgency(tx, data);
    const code = data.code ?? (await freeAgencyCode(tx, data.kind, data.unitCode));
    const row = await tx
      .insertInto('agencies')
      .values({
        code,
        name: data.name,
        name_en: data.nameEn ?? data.name,
        short_name: data.shortName ?? null,
        kind: data.kind,
        unit_code: data.unitCode,
        parent_id: data.parentId ?? null,
        email: data.email ?? null,
        phone: data.phone ?? null,
        address: data.address ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = await agencyRow(tx, row.id);
    await audit(tx, { actor: actorOf(principal), action: 'agency.create', entityType: 'agency', entityId: row.id, after, ip: meta.ip });
    return row.id;
  });
  return (await getAgency(ctx.db, id))!;
}

/** Changes an agency's details (administrators only). Fields left out of `input` are cleared, as a form sends them all. */
export async function updateAgency(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  id: number,
  input: AgencyInput | Record<string, unknown>,
  meta: UseCaseMeta = {},
): Promise<Agency> {
  requireAdmin(principal);
  const data = parse(agencyInputSchema, input);
  await writeDirectory(ctx, async (tx) => {
    const before = await agencyRow(tx, id, true);
    if (!before) throw notFound();
    await checkAgency(tx, data, id);
    await tx
      .updateTable('agencies')
      .set({
        code: data.code ?? before.code,
        name: data.name,
        name_en: data.nameEn ?? data.name,
        short_name: data.shortName ?? null,
        kind: data.kind,
        unit_code: data.unitCode,
        parent_id: data.parentId ?? null,
        email: data.email ?? null,
        phone: data.phone ?? null,
        address: data.address ?? null,
      })
      .where('id', '=', id)
      .execute();
    const after = await agencyRow(tx, id);
    await audit(tx, { actor: actorOf(principal), action: 'agency.update', entityType: 'agency', entityId: id, before, after, ip: meta.ip });
  });
  return (await getAgency(ctx.db, id))!;
}

/** Deactivates (or reactivates) an agency: it leaves the public lists and the pickers, its history stays. */
export async function setAgencyActive(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  id: number,
  active: boolean,
  meta: UseCaseMeta = {},
): Promise<Agency> {
  requireAdmin(principal);
  await writeDirectory(ctx, async (tx) => {
    const before = await agencyRow(tx, id, true);
    if (!before) throw notFound();
    if (before.active === active) return;
    await tx.updateTable('agencies').set({ active }).where('id', '=', id).execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: active ? 'agency.activate' : 'agency.deactivate',
      entityType: 'agency',
      entityId: id,
      before: { active: before.active },
      after: { active },
      ip: meta.ip,
    });
  });
  return (await getAgency(ctx.db, id))!;
}

// Categories -------------------------------------------------------------------------------------

async function categoryRow(db: Executor, id: number, lock = false) {
  let q = db.selectFrom('categories').select(['id', 'code', 'name', 'name_en', 'description', 'active', 'sort']).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function createCategory(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  input: CategoryInput | Record<string, unknown>,
  meta: UseCaseMeta = {},
): Promise<Category> {
  requireAdmin(principal);
  const data = parse(categoryInputSchema, input);
  const id = await writeDirectory(ctx, async (tx) => {
    if (await tx.selectFrom('categories').select('id').where('code', '=', data.code).executeTakeFirst()) {
      throw new ValidationError({ code: 'directory.error.codeTaken' });
    }
    const last = await tx.selectFrom('categories').select((eb) => eb.fn.max<number>('sort').as('m')).executeTakeFirst();
    const row = await tx
      .insertInto('categories')
      .values({
        code: data.code,
        name: data.name,
        name_en: data.nameEn ?? data.name,
        description: data.description ?? null,
        sort: Number(last?.m ?? 0) + 10,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'category.create',
      entityType: 'category',
      entityId: row.id,
      after: await categoryRow(tx, row.id),
      ip: meta.ip,
    });
    return row.id;
  });
  return (await getCategory(ctx.db, id))!;
}

export async function updateCategory(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  id: number,
  input: CategoryUpdate | Record<string, unknown>,
  meta: UseCaseMeta = {},
): Promise<Category> {
  requireAdmin(principal);
  const data = parse(categoryUpdateSchema, input);
  await writeDirectory(ctx, async (tx) => {
    const before = await categoryRow(tx, id, true);
    if (!before) throw notFound();
    await tx
      .updateTable('categories')
      .set({ name: data.name, name_en: data.nameEn ?? data.name, description: data.description ?? null })
      .where('id', '=', id)
      .execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'category.update',
      entityType: 'category',
      entityId: id,
      before,
      after: await categoryRow(tx, id),
      ip: meta.ip,
    });
  });
  return (await getCategory(ctx.db, id))!;
}

export async function setCategoryActive(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  id: number,
  active: boolean,
  meta: UseCaseMeta = {},
): Promise<Category> {
  requireAdmin(principal);
  await writeDirectory(ctx, async (tx) => {
    const before = await categoryRow(tx, id, true);
    if (!before) throw notFound();
    if (before.active === active) return;
    await tx.updateTable('categories').set({ active }).where('id', '=', id).execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: active ? 'category.activate' : 'category.deactivate',
      entityType: 'category',
      entityId: id,
      before: { active: before.active },
      after: { active },
      ip: meta.ip,
    });
  });
  return (await getCategory(ctx.db, id))!;
}

/** Moves a category one place up or down in the order petitioners see; the order is renumbered 10, 20, … */
export async function moveCategory(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  id: number,
  direction: 'up' | 'down',
  meta: UseCaseMeta = {},
): Promise<Category[]> {
  requireAdmin(principal);
  await writeDirectory(ctx, async (tx) => {
    await sql`select 1 from categories for update`.execute(tx);
    const rows = await tx.selectFrom('categories').select(['id', 'code', 'sort']).orderBy('sort').orderBy('name').orderBy('id').execute();
    const i = rows.findIndex((r) => r.id === id);
    if (i < 0) throw notFound();
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= rows.length) return;
    const before = rows.map((r) => r.code);
    [rows[i], rows[j]] = [rows[j], rows[i]];
    for (let k = 0; k < rows.length; k++) {
      const sort = (k + 1) * 10;
      if (rows[k].sort !== sort) await tx.updateTable('categories').set({ sort }).where('id', '=', rows[k].id).execute();
    }
    await audit(tx, {
      actor: actorOf(principal),
      action: 'category.reorder',
      entityType: 'category',
      entityId: id,
      before: { order: before },
      after: { order: rows.map((r) => r.code) },
      ip: meta.ip,
    });
  });
  return listCategories(ctx.db, { includeInactive: true });
}

// Villages ---------------------------------------------------------------------------------------

/** 'Chiềng' → 'Chieng': the Latin letters without Vietnamese diacritics, case kept. */
export function withoutDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

function villageNames(kind: VillageKind, name: string, nameEn?: string) {
  const k = VILLAGE_KINDS[kind];
  const en = nameEn ?? withoutDiacritics(name);
  const numbered = /^\d+[A-Za-z]?$/.test(en);
  const kindEnTitle = k.en.replace(/\b\w/g, (c) => c.toUpperCase());
  return {
    name,
    name_en: en,
    full_name: `${k.vi} ${name}`,
    full_name_en: numbered ? `${kindEnTitle} ${en}` : `${en} ${kindEnTitle}`,
    kind: k.vi,
    kind_en: k.en,
  };
}

async function unitRow(db: Executor, code: string) {
  return db
    .selectFrom('units')
    .select(['code', 'name', 'name_en', 'full_name', 'full_name_en', 'kind', 'kind_en', 'level', 'parent_code', 'province_code', 'sort'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/**
 * Adds a village (bản, thôn, tổ dân phố, tiểu khu) under a commune (administrators only). Its code is
 * the commune's code and the next free number: '03670-007'.
 */
export async function createUnit(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  input: VillageInput | Record<string, unknown>,
  meta: UseCaseMeta = {},
): Promise<Unit> {
  requireAdmin(principal);
  const data = parse(villageInputSchema, input);
  const code = await writeDirectory(ctx, async (tx) => {
    const parent = await tx
      .selectFrom('units')
      .select(['code', 'level', 'province_code'])
      .where('code', '=', data.parentCode)
      .forUpdate()
      .executeTakeFirst();
    if (!parent) throw new ValidationError({ parentCode: 'directory.error.unitUnknown' });
    if (parent.level !== 'commune') throw new ValidationError({ parentCode: 'directory.error.villageParent' });
    const names = villageNames(data.kind as VillageKind, data.name, data.nameEn);
    const siblings = await tx.selectFrom('units').select(['code', 'full_name']).where('parent_code', '=', parent.code).execute();
    if (siblings.some((s) => s.full_name.toLocaleLowerCase('vi') === names.full_name.toLocaleLowerCase('vi'))) {
      throw new ValidationError({ name: 'directory.error.villageExists' });
    }
    const next = siblings.reduce((m, s) => Math.max(m, Number(/-(\d{3})$/.exec(s.code)?.[1] ?? 0)), 0) + 1;
    if (next > 999) throw new ValidationError({ name: 'directory.error.villageTooMany' });
    const code = `${parent.code}-${String(next).padStart(3, '0')}`;
    await tx
      .insertInto('units')
      .values({ code, ...names, level: 'village', parent_code: parent.code, province_code: parent.province_code, sort: next })
      .execute();
    await audit(tx, { actor: actorOf(principal), action: 'unit.create', entityType: 'unit', entityId: code, after: await unitRow(tx, code), ip: meta.ip });
    return code;
  });
  return (await getUnit(ctx.db, code))!;
}

/** Renames a village or changes its kind (administrators only; official units are imported, never edited here). */
export async function updateUnit(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  code: string,
  input: VillageUpdate | Record<string, unknown>,
  meta: UseCaseMeta = {},
): Promise<Unit> {
  requireAdmin(principal);
  const data = parse(villageUpdateSchema, input);
  await writeDirectory(ctx, async (tx) => {
    const before = await tx
      .selectFrom('units')
      .select(['code', 'name', 'name_en', 'full_name', 'full_name_en', 'kind', 'kind_en', 'level', 'parent_code', 'province_code', 'sort'])
      .where('code', '=', code)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound();
    if (before.level !== 'village') throw new ValidationError({ name: 'directory.error.onlyVillages' });
    const names = villageNames(data.kind as VillageKind, data.name, data.nameEn);
    const clash = await tx
      .selectFrom('units')
      .select('code')
      .where('parent_code', '=', before.parent_code)
      .where('code', '!=', code)
      .where(sql<boolean>`lower(full_name) = lower(${names.full_name})`)
      .executeTakeFirst();
    if (clash) throw new ValidationError({ name: 'directory.error.villageExists' });
    await tx.updateTable('units').set(names).where('code', '=', code).execute();
    await audit(tx, { actor: actorOf(principal), action: 'unit.update', entityType: 'unit', entityId: code, before, after: await unitRow(tx, code), ip: meta.ip });
  });
  return (await getUnit(ctx.db, code))!;
}
