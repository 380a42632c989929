import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { loadUnits } from '../../platform/geo';
import { searchTerms } from '../../platform/text/text';
import type { Agency, AgencyKind, Category, Unit } from './model';

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
  await ctx.db.transaction().execute(async (tx) => {
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

export async function getUnit(db: Executor, code: string): Promise<Unit | undefined> {
  return db.selectFrom('units').select(unitColumns).where('code', '=', code).executeTakeFirst();
}

export async function getUnits(db: Executor, codes: string[]): Promise<Map<string, Unit>> {
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('units').select(unitColumns).where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * Units under a parent (no parent: the provinces), optionally filtered by a diacritic- and
 * case-insensitive query ("chieng coi" finds "Phường Chiềng Cơi").
 */
export async function listUnits(
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
  return agencyQuery(db).where('a.id', '=', id).executeTakeFirst();
}

export async function getAgencyByCode(db: Executor, code: string): Promise<Agency | undefined> {
  return agencyQuery(db).where('a.code', '=', code).executeTakeFirst();
}

export async function getAgencies(db: Executor, ids: number[]): Promise<Map<number, Agency>> {
  if (!ids.length) return new Map();
  const rows = await agencyQuery(db).where('a.id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listAgencies(
  db: Executor,
  opts: { unitCode?: string; kind?: AgencyKind; q?: string; includeInactive?: boolean; limit?: number } = {},
): Promise<Agency[]> {
  let q = agencyQuery(db);
  if (opts.unitCode) q = q.where('a.unit_code', '=', opts.unitCode);
  if (opts.kind) q = q.where('a.kind', '=', opts.kind);
  if (!opts.includeInactive) q = q.where('a.active', '=', true);
  for (const term of searchTerms(opts.q ?? '')) q = q.where('a.search', 'like', `%${term}%`);
  return q.orderBy('u.sort').orderBy('a.kind').orderBy('a.name').limit(opts.limit ?? 1000).execute();
}

/** The agency of a kind at a unit, e.g. the People's Committee of a commune (the default petition route). */
export async function findAgency(db: Executor, unitCode: string, kind: AgencyKind): Promise<Agency | undefined> {
  return agencyQuery(db).where('a.unit_code', '=', unitCode).where('a.kind', '=', kind).where('a.active', '=', true).orderBy('a.id').executeTakeFirst();
}

const categoryColumns = ['id', 'code', 'name', 'name_en as nameEn', 'description', 'active', 'sort'] as const;

export async function listCategories(db: Executor, opts: { includeInactive?: boolean } = {}): Promise<Category[]> {
  let q = db.selectFrom('categories').select(categoryColumns);
  if (!opts.includeInactive) q = q.where('active', '=', true);
  return q.orderBy('sort').orderBy('name').execute();
}

export async function getCategory(db: Executor, id: number): Promise<Category | undefined> {
  return db.selectFrom('categories').select(categoryColumns).where('id', '=', id).executeTakeFirst();
}

export async function getCategoryByCode(db: Executor, code: string): Promise<Category | undefined> {
  return db.selectFrom('categories').select(categoryColumns).where('code', '=', code).executeTakeFirst();
}
