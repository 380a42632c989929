import { sql, type Expression, type SqlBool } from 'kysely';
import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { actorOf, type Principal } from '../../platform/access/principal';
import { audit, type AuditActor } from '../../platform/audit/audit';
import { ValidationError, conflict, forbidden, notFound, unauthorized } from '../../platform/http/errors';
import { civilDaysRange, parse } from '../../platform/http/validate';
import { getSetting } from '../../platform/settings/settings';
import { clean, searchTerms } from '../../platform/text/text';
import { addDays, daysBetween, todayInVietnam } from '../../platform/calendar/dates';
import { attachFile, deleteFile, filesOf, setFilePublic, storeUpload, type FileMeta } from '../../platform/files/files';
import { follow, unfollow } from '../notifications/service';
import { getAgencies, getAgency, getUnit, getUnits, unitOrder, unitSubtree } from '../directory/service';
import type { Agency, Unit } from '../directory/model';
import {
  DISCLOSURE_FORMS,
  FOLLOW_TYPE,
  canTransition,
  type DisclosedDocument,
  type DisclosureCategory,
  type DisclosureForm,
  type DocumentStatus,
} from './model';
import { categoryInput, documentInput, listQuery, withdrawInput, type DocumentData, type ListQuery } from './schema';
import { agencyCoversUnit, canManageDocument, isIssuer, issuerAgencyIds } from './policy';
import { parseMapLayer } from './map';

export const SETTINGS = {
  minPostingDays: 'disclosure.minPostingDays',
  maxFileMb: 'disclosure.maxFileMb',
  maxMapKb: 'disclosure.maxMapKb',
  tileUrl: 'disclosure.tileUrl',
  consultationMinDays: 'consultation.minDays',
  reminderDays: 'consultation.reminderDays',
} as const;

export interface Meta {
  ip?: string | null;
}

/** Today's civil date in Viet Nam, by the application's clock. */
export function today(ctx: Pick<AppContext, 'clock'>): string {
  return todayInVietnam(ctx.clock.now());
}

function arr(v: unknown): string[] {
  const x = typeof v === 'string' ? JSON.parse(v) : v;
  return Array.isArray(x) ? x.map(String) : [];
}

// ─────────────────────────────────────────── categories

const categoryColumns = ['id', 'code', 'name', 'name_en as nameEn', 'permanent', 'active', 'sort'] as const;

export async function listDisclosureCategories(db: Executor, opts: { includeInactive?: boolean } = {}): Promise<DisclosureCategory[]> {
  let q = db.selectFrom('disclosure_categories').select(categoryColumns);
  if (!opts.includeInactive) q = q.where('active', '=', true);
  return q.orderBy('sort').orderBy('id').execute();
}

export async function getDisclosureCategory(db: Executor, id: number): Promise<DisclosureCategory | undefined> {
  return db.selectFrom('disclosure_categories').select(categoryColumns).where('id', '=', id).executeTakeFirst();
}

/** Creates (no id) or updates a category of the law's list; administrators only. */
export async function saveDisclosureCategory(
  ctx: AppContext,
  p: Principal | null,
  id: number | null,
  raw: unknown,
  meta: Meta = {},
): Promise<number> {
  if (!p) throw unauthorized();
  if (!p.roles.some((g) => g.role === 'admin')) throw forbidden();
  const input = parse(categoryInput, raw);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const clash = await tx.selectFrom('disclosure_categories').select('id').where('code', '=', input.code).executeTakeFirst();
    if (clash && clash.id !== id) throw new ValidationError({ code: 'disclosure.error.categoryCodeTaken' });
    const values = { code: input.code, name: clean(input.name), name_en: clean(input.nameEn), permanent: input.permanent, active: input.active, sort: input.sort };
    if (id === null) {
      const row = await tx.insertInto('disclosure_categories').values(values).returning('id').executeTakeFirstOrThrow();
      await audit(tx, { actor: actorOf(p), action: 'disclosure.category.create', entityType: 'disclosure_category', entityId: row.id, after: values, ip: meta.ip, at: now });
      return row.id;
    }
    const before = await tx.selectFrom('disclosure_categories').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    await tx.updateTable('disclosure_categories').set(values).where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(p), action: 'disclosure.category.update', entityType: 'disclosure_category', entityId: id, before, after: values, ip: meta.ip, at: now });
    return id;
  });
}

// ─────────────────────────────────────────── documents: reading

function documentQuery(db: Executor) {
  return db
    .selectFrom('documents as d')
    .innerJoin('disclosure_categories as c', 'c.id', 'd.category_id')
    .select([
      'd.id',
      'd.unit_code',
      'd.agency_id',
      'd.category_id',
      'c.name as category_name',
      'c.name_en as category_name_en',
      'c.permanent as category_permanent',
      'd.title',
      'd.summary',
      'd.body',
      'd.doc_number',
      'd.issued_on',
      'd.posted_from',
      'd.posted_until',
      'd.forms',
      'd.tags',
      'd.status',
      sql<boolean>`d.map_layer is not null`.as('has_map'),
      'd.map_layer_name',
      'd.created_at',
      'd.updated_at',
      'd.published_at',
      'd.withdrawn_at',
      'd.withdrawn_reason',
    ]);
}

type DocRow = Awaited<ReturnType<ReturnType<typeof documentQuery>['executeTakeFirstOrThrow']>>;

/** The documents of the rows, with their units' and agencies' names from the directory's cache (one look-up for all). */
async function toDocuments(db: Executor, rows: DocRow[]): Promise<DisclosedDocument[]> {
  const [units, agencies] = await Promise.all([getUnits(db, rows.map((r) => r.unit_code)), getAgencies(db, rows.map((r) => r.agency_id))]);
  return rows.flatMap((r) => {
    const unit = units.get(r.unit_code);
    const agency = agencies.get(r.agency_id);
    return unit && agency ? [toDocument(r, unit, agency)] : [];
  });
}

function toDocument(r: DocRow, unit: Unit, agency: Agency): DisclosedDocument {
  return {
    id: r.id,
    unitCode: r.unit_code,
    unitName: unit.fullName,
    unitShortName: unit.name,
    unitProvinceCode: unit.provinceCode,
    unitLevel: unit.level,
    agencyId: r.agency_id,
    agencyName: agency.name,
    categoryId: r.category_id,
    categoryName: r.category_name,
    categoryNameEn: r.category_name_en,
    categoryPermanent: r.category_permanent,
    title: r.title,
    summary: r.summary,
    body: r.body,
    docNumber: r.doc_number,
    issuedOn: r.issued_on,
    postedFrom: r.posted_from,
    postedUntil: r.posted_until,
    forms: arr(r.forms).filter((f): f is DisclosureForm => (DISCLOSURE_FORMS as readonly string[]).includes(f)),
    tags: arr(r.tags),
    status: r.status,
    hasMap: !!r.has_map,
    mapLayerName: r.map_layer_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    withdrawnAt: r.withdrawn_at,
    withdrawnReason: r.withdrawn_reason,
  };
}

export async function getDocument(db: Executor, id: number): Promise<DisclosedDocument | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
  const r = await documentQuery(db).where('d.id', '=', id).executeTakeFirst();
  return r ? (await toDocuments(db, [r]))[0] : undefined;
}

/**
 * A document as a caller may see it: published and withdrawn ones are public (a withdrawn one
 * says so); a draft only to those who manage it. Otherwise 404, revealing nothing.
 */
export async function getVisibleDocument(db: Executor, p: Principal | null, id: number): Promise<DisclosedDocument> {
  const doc = await getDocument(db, id);
  if (!doc) throw notFound();
  if (doc.status === 'draft' && !canManageDocument(p, doc)) throw notFound();
  return doc;
}

/** Whether a published document is on display today (posted period covers the date). */
export function isPosted(doc: Pick<DisclosedDocument, 'status' | 'postedFrom' | 'postedUntil'>, on: string): boolean {
  return doc.status === 'published' && !!doc.postedFrom && doc.postedFrom <= on && (doc.postedUntil === null || doc.postedUntil >= on);
}

export interface DocumentList {
  items: DisclosedDocument[];
  total: number;
  page: number;
  pages: number;
}

/**
 * The public library: published documents, filtered and searched ignoring diacritics and case
 * ("ke hoach" finds "Kế hoạch"), best matches first when searching, otherwise newest first.
 */
/** The units a province code covers (the directory's subtree) or a commune code (itself): statistics and the library alike. */
export async function scopeUnits(db: Executor, code: string): Promise<string[]> {
  return code.length <= 2 ? unitSubtree(db, code) : [code];
}

/** The period's condition (Vietnam's civil days, both included) over the date the query names. */
function periodWhere(f: ListQuery): Expression<SqlBool> {
  const days = civilDaysRange(f);
  const within = (col: Expression<unknown>) =>
    sql.join([...(days.from ? [sql`${col} >= ${days.from}`] : []), ...(days.to ? [sql`${col} < ${days.to}`] : [])], sql` and `);
  if (f.dated === 'published') return sql<boolean>`${within(sql.ref('d.published_at'))}`;
  const col = sql.ref(f.dated === 'report' ? 'k.report_published_at' : 'k.created_at');
  return sql<boolean>`exists (select 1 from consultations k where k.document_id = d.id and ${within(col)})`;
}

export async function listDocuments(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  rawQuery: Partial<Record<keyof ListQuery, unknown>> | ListQuery,
  opts: { statuses?: DocumentStatus[]; agencyIds?: number[] | 'all'; unitScope?: Array<{ code: string; province: boolean }> } = {},
): Promise<DocumentList> {
  const f = parse(listQuery, rawQuery);
  const on = today(ctx);
  let q = documentQuery(ctx.db).where('d.status', 'in', opts.statuses ?? (f.withdrawn ? ['published', 'withdrawn'] : ['published']));
  if (opts.agencyIds && opts.agencyIds !== 'all') {
    const ids = opts.agencyIds;
    const scope = opts.unitScope ?? [];
    // A province's documents: those of the units in it (their codes from the directory).
    const inProvince = new Map(await Promise.all(scope.filter((s) => s.province).map(async (s) => [s.code, await unitSubtree(ctx.db, s.code)] as const)));
    q = q.where((eb) =>
      eb.or([
        ...(ids.length ? [eb('d.agency_id', 'in', ids)] : []),
        ...scope.map((s) => (s.province ? sql<boolean>`d.unit_code = any(${inProvince.get(s.code) ?? []}::text[])` : eb('d.unit_code', '=', s.code))),
        ...(ids.length || scope.length ? [] : [sql<boolean>`false`]),
      ]),
    );
  }
  if (f.category) q = q.where('d.category_id', '=', f.category);
  if (f.unit) q = q.where('d.unit_code', 'in', await scopeUnits(ctx.db, f.unit));
  if (f.agency) q = q.where('d.agency_id', '=', f.agency);
  if (f.year) q = q.where(sql`extract(year from coalesce(d.posted_from, d.issued_on, (d.created_at at time zone 'Asia/Ho_Chi_Minh')::date))`, '=', f.year);
  if (f.posted) {
    q = q
      .where('d.status', '=', 'published')
      .where('d.posted_from', '<=', on)
      .where((eb) => eb.or([eb('d.posted_until', 'is', null), eb('d.posted_until', '>=', on)]));
  }
  if (f.consultation) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('consultations as k')
          .select('k.id')
          .whereRef('k.document_id', '=', 'd.id')
          .where('k.opens_on', '<=', on)
          .where('k.closes_on', '>=', on),
      ),
    );
  }
  if (f.from || f.to) q = q.where(periodWhere(f));
  const terms = searchTerms(f.q ?? '');
  for (const t of terms) q = q.where('d.search', 'like', `%${t}%`);
  const counted = await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  let ordered = q;
  if (terms.length) ordered = ordered.orderBy(sql`similarity(d.search, ${terms.join(' ')})`, 'desc');
  const rows = await ordered
    .orderBy(sql`coalesce(d.posted_from, d.issued_on) desc nulls last`)
    .orderBy('d.id', 'desc')
    .limit(f.limit)
    .offset((f.page - 1) * f.limit)
    .execute();
  return { items: await toDocuments(ctx.db, rows), total, page: f.page, pages: Math.max(1, Math.ceil(total / f.limit)) };
}

/** The units and agencies that have published documents (the library's filter choices). */
export async function libraryFacets(db: Executor): Promise<{
  units: Array<{ code: string; name: string }>;
  agencies: Array<{ id: number; name: string }>;
  years: number[];
}> {
  const published = await db
    .selectFrom('documents as d')
    .select(['d.unit_code', 'd.agency_id'])
    .where('d.status', '=', 'published')
    .groupBy(['d.unit_code', 'd.agency_id'])
    .execute();
  // Names and the directory's order of units from its cache; agencies by name.
  const unitCodes = [...new Set(published.map((r) => r.unit_code))];
  const [unitsByCode, order, agenciesById] = await Promise.all([
    getUnits(db, unitCodes),
    unitOrder(db, unitCodes),
    getAgencies(db, [...new Set(published.map((r) => r.agency_id))]),
  ]);
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const units = [...unitsByCode.values()]
    .sort((a, b) => (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0) || byText(a.code, b.code))
    .map((u) => ({ code: u.code, name: u.fullName }));
  const agencies = [...agenciesById.values()].sort((a, b) => byText(a.name, b.name) || a.id - b.id).map((a) => ({ id: a.id, name: a.name }));
  const years = await db
    .selectFrom('documents as d')
    .select(sql<number>`extract(year from coalesce(d.posted_from, d.issued_on))::int`.as('y'))
    .where('d.status', '=', 'published')
    .where(sql`coalesce(d.posted_from, d.issued_on)`, 'is not', null)
    .groupBy(sql`1`)
    .orderBy(sql`1`, 'desc')
    .execute();
  return { units, agencies, years: years.map((y) => Number(y.y)) };
}

/** Documents an official may manage: their agencies' (officers, heads) and their units' (administrators). */
export async function listManagedDocuments(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  p: Principal | null,
  raw: Partial<Record<keyof ListQuery, unknown>>,
): Promise<DocumentList> {
  if (!p) throw unauthorized();
  if (!isIssuer(p)) throw forbidden();
  const adminScope = p.roles
    .filter((g) => g.role === 'admin')
    .map((g) => (g.unitLevel === 'province' ? { code: g.provinceCode, province: true } : { code: g.unitCode, province: false }));
  return listDocuments(ctx, raw, { statuses: ['draft', 'published', 'withdrawn'], agencyIds: issuerAgencyIds(p), unitScope: adminScope });
}

// ─────────────────────────────────────────── documents: writing

interface ResolvedScope {
  agency: NonNullable<Awaited<ReturnType<typeof getAgency>>>;
  unit: NonNullable<Awaited<ReturnType<typeof getUnit>>>;
  category: DisclosureCategory;
}

async function resolveScope(db: Executor, p: Principal, input: DocumentData): Promise<ResolvedScope> {
  const errors: Record<string, string> = {};
  const agency = await getAgency(db, input.agencyId);
  if (!agency || !agency.active) errors.agencyId = 'disclosure.error.agency';
  const unit = await getUnit(db, input.unitCode ?? agency?.unitCode ?? '');
  if (agency && (!unit || !agencyCoversUnit(agency, unit))) errors.unitCode = 'disclosure.error.unit';
  const category = await getDisclosureCategory(db, input.categoryId);
  if (!category || !category.active) errors.categoryId = 'disclosure.error.category';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  if (!canManageDocument(p, { agencyId: agency!.id, unitCode: unit!.code, unitProvinceCode: unit!.provinceCode })) throw forbidden('disclosure.error.notIssuer');
  return { agency: agency!, unit: unit!, category: category! };
}

/**
 * The posting period rules (art. 13): at least disclosure.minPostingDays days, counted from the day
 * after posting (posted on 1 March → until 31 March or later for 30 days); permanent categories
 * have no end. Returns the period to store, or field errors.
 */
export function postingPeriod(
  input: { postedFrom?: string | null; postedUntil?: string | null },
  opts: { permanent: boolean; minDays: number; defaultFrom: string | null },
): { from: string | null; until: string | null; errors: Record<string, string>; params: Record<string, Record<string, string | number>> } {
  const from = input.postedFrom ?? opts.defaultFrom;
  const errors: Record<string, string> = {};
  const params: Record<string, Record<string, string | number>> = {};
  if (opts.permanent) return { from, until: null, errors, params };
  let until = input.postedUntil ?? null;
  if (until && !from) {
    errors.postedFrom = 'disclosure.error.fromRequired';
  } else if (from && until) {
    if (daysBetween(from, until) < opts.minDays) {
      errors.postedUntil = 'disclosure.error.periodShort';
      const earliest = addDays(from, opts.minDays);
      params.postedUntil = { days: opts.minDays, date: `${earliest.slice(8, 10)}/${earliest.slice(5, 7)}/${earliest.slice(0, 4)}` };
    }
  } else if (from && !until) {
    until = addDays(from, opts.minDays);
  }
  return { from, until, errors, params };
}

function searchText(d: { title: string; summary: string; docNumber?: string | null; tags: string[] }): string {
  return [d.title, d.summary, d.docNumber ?? '', d.tags.join(' ')].join(' ');
}

function rowValues(input: DocumentData, scope: ResolvedScope, period: { from: string | null; until: string | null }) {
  const title = clean(input.title);
  const summary = clean(input.summary);
  const docNumber = input.docNumber ? clean(input.docNumber).replace(/^số\s*:\s*/i, '') : null;
  const tags = input.tags;
  return {
    unit_code: scope.unit.code,
    agency_id: scope.agency.id,
    category_id: scope.category.id,
    title,
    summary,
    body: input.body ? input.body.normalize('NFC').trim() : null,
    doc_number: docNumber,
    issued_on: input.issuedOn ?? null,
    posted_from: period.from,
    posted_until: period.until,
    forms: JSON.stringify([...new Set(input.forms)]),
    tags: JSON.stringify(tags),
    search: sql<string>`f_fold(${searchText({ title, summary, docNumber, tags })})`,
  };
}

function auditable(v: Record<string, unknown>): Record<string, unknown> {
  const { search: _s, map_layer: _m, ...rest } = v as Record<string, unknown> & { search?: unknown; map_layer?: unknown };
  return {
    ...rest,
    forms: arr(rest.forms),
    tags: arr(rest.tags),
  };
}

/** Drafts a document (status draft). Officers and heads of the issuing agency, administrators of the unit. */
export async function createDocument(ctx: AppContext, p: Principal | null, raw: unknown, meta: Meta = {}): Promise<number> {
  if (!p) throw unauthorized();
  const input = parse(documentInput, raw) as DocumentData;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const scope = await resolveScope(tx, p, input);
    const minDays = await getSetting<number>(tx, SETTINGS.minPostingDays);
    const period = postingPeriod(input, { permanent: scope.category.permanent, minDays, defaultFrom: null });
    if (Object.keys(period.errors).length) throw new ValidationError(period.errors, period.params);
    const values = rowValues(input, scope, period);
    const row = await tx
      .insertInto('documents')
      .values({ ...values, status: 'draft', created_by: p.id, created_at: now, updated_at: now, map_layer: null, map_layer_name: null, published_at: null, withdrawn_at: null, withdrawn_reason: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { actor: actorOf(p), action: 'document.create', entityType: 'document', entityId: row.id, after: auditable(values), ip: meta.ip, at: now });
    return row.id;
  });
}

async function lockDocument(tx: Executor, id: number): Promise<DisclosedDocument> {
  await tx.selectFrom('documents').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const doc = await getDocument(tx, id);
  if (!doc) throw notFound();
  return doc;
}

async function loadForManager(tx: Executor, p: Principal | null, id: number): Promise<DisclosedDocument> {
  if (!p) throw unauthorized();
  const doc = await lockDocument(tx, id);
  if (!canManageDocument(p, doc)) {
    // A draft is not revealed to those who may not manage it.
    if (doc.status === 'draft') throw notFound();
    throw forbidden('disclosure.error.notIssuer');
  }
  return doc;
}

/** Edits a draft or a published document (a withdrawn one is read-only); audited with before and after. */
export async function updateDocument(ctx: AppContext, p: Principal | null, id: number, raw: unknown, meta: Meta = {}): Promise<void> {
  if (!p) throw unauthorized();
  const input = parse(documentInput, raw) as DocumentData;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const before = await loadForManager(tx, p, id);
    if (before.status === 'withdrawn') throw conflict('disclosure.error.withdrawnReadOnly');
    const scope = await resolveScope(tx, p, input);
    const minDays = await getSetting<number>(tx, SETTINGS.minPostingDays);
    const period = postingPeriod(input, {
      permanent: scope.category.permanent,
      minDays,
      defaultFrom: before.status === 'published' ? (before.postedFrom ?? today(ctx)) : null,
    });
    if (Object.keys(period.errors).length) throw new ValidationError(period.errors, period.params);
    const values = rowValues(input, scope, period);
    await tx.updateTable('documents').set({ ...values, updated_at: now }).where('id', '=', id).execute();
    await audit(tx, {
      actor: actorOf(p),
      action: 'document.update',
      entityType: 'document',
      entityId: id,
      before: snapshot(before),
      after: auditable(values),
      ip: meta.ip,
      at: now,
    });
  });
}

function snapshot(d: DisclosedDocument) {
  return {
    unit_code: d.unitCode,
    agency_id: d.agencyId,
    category_id: d.categoryId,
    title: d.title,
    summary: d.summary,
    body: d.body,
    doc_number: d.docNumber,
    issued_on: d.issuedOn,
    posted_from: d.postedFrom,
    posted_until: d.postedUntil,
    forms: d.forms,
    tags: d.tags,
    status: d.status,
  };
}

/**
 * Publishes (discloses) a draft, or a withdrawn document again. The posting period starts today
 * unless set, and lasts disclosure.minPostingDays at least unless the category is permanent. The
 * document's files become public.
 */
export async function publishDocument(ctx: AppContext, p: Principal | null, id: number, meta: Meta = {}): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const doc = await loadForManager(tx, p, id);
    if (!canTransition(doc.status, 'published')) throw conflict('disclosure.error.transition');
    const minDays = await getSetting<number>(tx, SETTINGS.minPostingDays);
    const on = today(ctx);
    const from = doc.status === 'withdrawn' || !doc.postedFrom ? on : doc.postedFrom;
    const period = postingPeriod(
      { postedFrom: from, postedUntil: doc.status === 'withdrawn' ? null : doc.postedUntil },
      { permanent: doc.categoryPermanent, minDays, defaultFrom: on },
    );
    if (Object.keys(period.errors).length) throw new ValidationError(period.errors, period.params);
    await tx
      .updateTable('documents')
      .set({ status: 'published', posted_from: period.from, posted_until: period.until, published_at: now, withdrawn_at: null, withdrawn_reason: null, updated_at: now })
      .where('id', '=', id)
      .execute();
    for (const f of await filesOf(tx, 'document', id)) await setFilePublic(tx, f.id, true);
    await audit(tx, {
      actor: actorOf(p),
      action: 'document.publish',
      entityType: 'document',
      entityId: id,
      before: { status: doc.status, posted_from: doc.postedFrom, posted_until: doc.postedUntil },
      after: { status: 'published', posted_from: period.from, posted_until: period.until },
      ip: meta.ip,
      at: now,
    });
  });
}

/** Withdraws a published document with a reason; it stays readable with a notice, its files do not. */
export async function withdrawDocument(ctx: AppContext, p: Principal | null, id: number, raw: unknown, meta: Meta = {}): Promise<void> {
  const input = parse(withdrawInput, raw);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const doc = await loadForManager(tx, p, id);
    if (!canTransition(doc.status, 'withdrawn')) throw conflict('disclosure.error.transition');
    const reason = clean(input.reason);
    await tx.updateTable('documents').set({ status: 'withdrawn', withdrawn_at: now, withdrawn_reason: reason, updated_at: now }).where('id', '=', id).execute();
    for (const f of await filesOf(tx, 'document', id)) await setFilePublic(tx, f.id, false);
    await audit(tx, {
      actor: actorOf(p),
      action: 'document.withdraw',
      entityType: 'document',
      entityId: id,
      before: { status: doc.status },
      after: { status: 'withdrawn', reason },
      ip: meta.ip,
      at: now,
    });
  });
}

// ─────────────────────────────────────────── files and map layer

export const FILE_KINDS_ALLOWED = ['pdf', 'docx', 'xlsx', 'image'] as const;

export async function documentFiles(db: Executor, id: number): Promise<FileMeta[]> {
  return filesOf(db, 'document', id);
}

/** Attaches uploaded files (PDF, DOCX, XLSX, images) to a document; public at once if it is published. */
export async function addDocumentFiles(
  ctx: AppContext,
  p: Principal | null,
  id: number,
  uploads: Array<{ filename: string; data: Buffer; mimetype?: string }>,
  meta: Meta = {},
): Promise<string[]> {
  if (!uploads.length) throw new ValidationError({ file: 'disclosure.error.noFile' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const doc = await loadForManager(tx, p, id);
    if (doc.status === 'withdrawn') throw conflict('disclosure.error.withdrawnReadOnly');
    const maxMb = await getSetting<number>(tx, SETTINGS.maxFileMb);
    const ids: string[] = [];
    for (const u of uploads) {
      const f = await storeUpload(tx, {
        filename: u.filename,
        data: u.data,
        declaredType: u.mimetype,
        allowed: FILE_KINDS_ALLOWED,
        maxBytes: maxMb * 1024 * 1024,
        createdBy: p!.id,
        at: now,
      });
      await attachFile(tx, f.id, 'document', id);
      if (doc.status === 'published') await setFilePublic(tx, f.id, true);
      await audit(tx, { actor: actorOf(p), action: 'document.file.add', entityType: 'document', entityId: id, after: { file: f.id, name: f.filename, size: f.size, kind: f.kind }, ip: meta.ip, at: now });
      ids.push(f.id);
    }
    return ids;
  });
}

export async function removeDocumentFile(ctx: AppContext, p: Principal | null, id: number, fileId: string, meta: Meta = {}): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const doc = await loadForManager(tx, p, id);
    if (doc.status === 'withdrawn') throw conflict('disclosure.error.withdrawnReadOnly');
    const file = (await filesOf(tx, 'document', id)).find((f) => f.id === fileId);
    if (!file) throw notFound();
    await deleteFile(tx, fileId);
    await audit(tx, { actor: actorOf(p), action: 'document.file.remove', entityType: 'document', entityId: id, before: { file: fileId, name: file.filename }, ip: meta.ip, at: now });
  });
}

/** Sets the document's map layer from an uploaded .geojson (validated FeatureCollection within the size limit). */
export async function setMapLayer(
  ctx: AppContext,
  p: Principal | null,
  id: number,
  upload: { filename: string; data: Buffer },
  meta: Meta = {},
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const doc = await loadForManager(tx, p, id);
    if (doc.status === 'withdrawn') throw conflict('disclosure.error.withdrawnReadOnly');
    const maxKb = await getSetting<number>(tx, SETTINGS.maxMapKb);
    const parsed = parseMapLayer(upload.data, maxKb * 1024);
    if (!parsed.ok) throw new ValidationError({ map: parsed.error }, { map: parsed.params ?? {} });
    const name = clean(upload.filename || 'ban-do.geojson').slice(0, 120);
    await tx.updateTable('documents').set({ map_layer: JSON.stringify(parsed.layer), map_layer_name: name, updated_at: now }).where('id', '=', id).execute();
    await audit(tx, {
      actor: actorOf(p),
      action: 'document.map.set',
      entityType: 'document',
      entityId: id,
      before: { map: doc.mapLayerName },
      after: { map: name, features: parsed.layer.features.length, bytes: upload.data.byteLength },
      ip: meta.ip,
      at: now,
    });
  });
}

export async function clearMapLayer(ctx: AppContext, p: Principal | null, id: number, meta: Meta = {}): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const doc = await loadForManager(tx, p, id);
    if (!doc.hasMap) return;
    await tx.updateTable('documents').set({ map_layer: null, map_layer_name: null, updated_at: now }).where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(p), action: 'document.map.clear', entityType: 'document', entityId: id, before: { map: doc.mapLayerName }, ip: meta.ip, at: now });
  });
}

export async function getMapLayer(db: Executor, id: number): Promise<unknown | null> {
  const r = await db.selectFrom('documents').select('map_layer').where('id', '=', id).executeTakeFirst();
  if (!r || r.map_layer == null) return null;
  return typeof r.map_layer === 'string' ? JSON.parse(r.map_layer) : r.map_layer;
}

// ─────────────────────────────────────────── following

/** A signed-in person follows a public document: notified when its consultation opens, closes and reports. */
export async function followDocument(ctx: AppContext, p: Principal | null, id: number, on: boolean): Promise<void> {
  if (!p) throw unauthorized();
  await ctx.db.transaction().execute(async (tx) => {
    const doc = await getDocument(tx, id);
    if (!doc || doc.status === 'draft') throw notFound();
    if (on) await follow(tx, p.id, FOLLOW_TYPE, id);
    else await unfollow(tx, p.id, FOLLOW_TYPE, id);
  });
}

export function actorFor(p: Principal | null): AuditActor {
  return actorOf(p);
}

