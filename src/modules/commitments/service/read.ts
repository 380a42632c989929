import { sql, type SelectQueryBuilder } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Database, Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { notFound } from '../../../platform/http/errors';
import { getFilesMeta, type FileMeta } from '../../../platform/files/files';
import { getAgencies } from '../../directory/service';
import { civilDaysRange } from '../../../platform/http/validate';
import type { Agency } from '../../directory/model';
import { OPEN_STATES, type Commitment, type CommitmentState, type SourceKind } from '../model';
import { actorRoles, canRead, isOfficialReader } from '../policy';
import { actionsFor, type ActionName } from '../state-machine';
import type { ListFilter } from '../schema';
import { citizensOf, numbers, refOf, todayVN, toCommitment, type CommitmentRow } from './common';
import { lists, publicDetails } from './cache';

export const PAGE_SIZE = 25;

/** A commitment as a list shows it: nothing personal (no citizen, no officer). */
export interface CommitmentSummary {
  id: number;
  code: string;
  text: string;
  state: CommitmentState;
  deadline: string;
  originalDeadline: string;
  overdue: boolean;
  progressPct: number;
  extensionCount: number;
  keoDai: boolean;
  agencyId: number;
  agencyName: string;
  unitCode: string;
  categoryId: number | null;
  source: { kind: SourceKind; refId: string; href: string; label: string };
  promisedBy: { name: string; title: string };
  promisedOn: string;
  petitionCode: string | null;
}

const SUMMARY_COLUMNS = [
  'id', 'code', 'text', 'state', 'deadline', 'original_deadline', 'progress_pct', 'extension_count', 'keo_dai', 'agency_id', 'unit_code', 'category_id',
  'source_kind', 'source_ref_id', 'source_href', 'source_label', 'promised_by_name', 'promised_by_title', 'promised_on', 'petition_code',
] as const;

type SummaryRow = Pick<CommitmentRow, (typeof SUMMARY_COLUMNS)[number]>;

const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const working = sql.join(OPEN_STATES.map((s) => sql`${s}`));

async function summaries(db: Executor, rows: SummaryRow[], today: string): Promise<CommitmentSummary[]> {
  const agencies = await getAgencies(db, [...new Set(rows.map((r) => r.agency_id))]);
  return rows.map((r) => {
    const deadline = day(r.deadline);
    return {
      id: r.id,
      code: r.code,
      text: r.text,
      state: r.state,
      deadline,
      originalDeadline: day(r.original_deadline),
      overdue: (OPEN_STATES as readonly string[]).includes(r.state) && deadline < today,
      progressPct: r.progress_pct as number,
      extensionCount: r.extension_count as number,
      keoDai: r.keo_dai as boolean,
      agencyId: r.agency_id,
      agencyName: agencies.get(r.agency_id)?.name ?? '',
      unitCode: r.unit_code,
      categoryId: r.category_id,
      source: { kind: r.source_kind, refId: r.source_ref_id, href: r.source_href, label: r.source_label },
      promisedBy: { name: r.promised_by_name, title: r.promised_by_title },
      promisedOn: day(r.promised_on),
      petitionCode: r.petition_code,
    };
  });
}

type Q = SelectQueryBuilder<Database, 'commitments', object>;

function applyFilter(q: Q, f: Partial<ListFilter>, today: string): Q {
  if (f.state === 'overdue') q = q.where(sql<boolean>`state in (${working}) and deadline < ${today}`);
  else if (f.state === 'unfinished') q = q.where(sql<boolean>`state in (${working})`);
  else if (f.state) q = q.where('state', '=', f.state);
  const days = civilDaysRange(f);
  if (days.from) q = q.where('created_at', '>=', days.from);
  if (days.to) q = q.where('created_at', '<', days.to);
  if (f.agencyId) q = q.where('agency_id', '=', f.agencyId);
  if (f.categoryId) q = q.where('category_id', '=', f.categoryId);
  if (f.sourceKind) q = q.where('source_kind', '=', f.sourceKind);
  if (f.sourceRef) q = q.where('source_ref_id', '=', f.sourceRef);
  return q;
}

export interface CommitmentPage {
  items: CommitmentSummary[];
  total: number;
  page: number;
  pageSize: number;
}

async function page(ctx: AppContext, base: Q, f: Partial<ListFilter>, pageSize = PAGE_SIZE): Promise<CommitmentPage> {
  const today = todayVN(ctx);
  const q = applyFilter(base, f, today);
  const pageNo = f.page ?? 1;
  const [rows, count] = await Promise.all([
    q.select([...SUMMARY_COLUMNS]).orderBy('deadline').orderBy('id').limit(pageSize).offset((pageNo - 1) * pageSize).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await summaries(ctx.db, rows as SummaryRow[], today), total: Number(count.n), page: pageNo, pageSize };
}

/** A list through the lists cache (keyed by what it depends on, today included: overdue is derived). */
function cachedList(ctx: AppContext, key: unknown[], load: () => Promise<CommitmentPage>): Promise<CommitmentPage> {
  return lists.get(ctx.db, JSON.stringify([...key, todayVN(ctx)]), load) as Promise<CommitmentPage>;
}

/** The public accountability page of a unit (a province code: the province's and all its communes'): its public commitments, nothing personal. */
export function listPublicCommitments(ctx: AppContext, unitCode: string, f: Partial<ListFilter> = {}): Promise<CommitmentPage> {
  const where = unitCode.length <= 2 ? ('province_code' as const) : ('unit_code' as const);
  return cachedList(ctx, ['public', unitCode, f], () => page(ctx, ctx.db.selectFrom('commitments').where(where, '=', unitCode).where('is_public', '=', true) as Q, f));
}

/**
 * The register of an agency (its own commitments, and those it co-operates on). Two ordered index scans, its own
 * (agency, deadline, id) and the co-operating ones (GIN), merged and cut to the page, and their counts from the
 * indexes: never the whole register read and sorted for a page of 25.
 */
export function listAgencyCommitments(ctx: AppContext, agencyId: number, f: Partial<ListFilter> = {}, pageSize = PAGE_SIZE): Promise<CommitmentPage> {
  if (pageSize > PAGE_SIZE) return agencyPage(ctx, agencyId, f, pageSize);
  return cachedList(ctx, ['agency', agencyId, f, pageSize], () => agencyPage(ctx, agencyId, f, pageSize));
}

async function agencyPage(ctx: AppContext, agencyId: number, f: Partial<ListFilter>, pageSize: number): Promise<CommitmentPage> {
  const today = todayVN(ctx);
  const pageNo = f.page ?? 1;
  const own = applyFilter(ctx.db.selectFrom('commitments').where('agency_id', '=', agencyId) as Q, f, today);
  const co = applyFilter(
    ctx.db.selectFrom('commitments').where(sql<boolean>`co_agency_ids @> ${JSON.stringify([agencyId])}::jsonb`).where('agency_id', '<>', agencyId) as Q,
    f,
    today,
  );
  // Each side's first rows up to the end of the page, in the register's order; the page is cut from both.
  const upto = pageNo * pageSize;
  const side = (q: Q) => q.select([...SUMMARY_COLUMNS]).orderBy('deadline').orderBy('id').limit(upto);
  const count = (q: Q) => q.select(sql<number>`count(*)::int`.as('n'));
  const [rows, n] = await Promise.all([
    sql<SummaryRow>`select * from ((${side(own)}) union all (${side(co)})) k order by deadline, id limit ${pageSize} offset ${(pageNo - 1) * pageSize}`.execute(ctx.db),
    sql<{ n: number }>`select (${count(own)}) + (${count(co)}) as n`.execute(ctx.db),
  ]);
  return { items: await summaries(ctx.db, rows.rows, today), total: Number(n.rows[0].n), page: pageNo, pageSize };
}

/** Every commitment of the units (a head's overview, the level above, the Front's worklist). */
export function listUnitCommitments(ctx: AppContext, unitCodes: string[], f: Partial<ListFilter> = {}, pageSize = PAGE_SIZE): Promise<CommitmentPage> {
  if (!unitCodes.length) return Promise.resolve({ items: [], total: 0, page: 1, pageSize });
  return page(ctx, ctx.db.selectFrom('commitments').where('unit_code', 'in', unitCodes) as Q, f, pageSize);
}

/** The commitments of a province's communes and its own (the level above). */
export function listProvinceCommitments(ctx: AppContext, provinceCode: string, f: Partial<ListFilter> = {}): Promise<CommitmentPage> {
  return page(ctx, ctx.db.selectFrom('commitments').where('province_code', '=', provinceCode) as Q, f);
}

/** The commitments that answer the citizen (their questions, their petitions). */
export async function listMyCommitments(ctx: AppContext, userId: number): Promise<CommitmentSummary[]> {
  const rows = await ctx.db
    .selectFrom('commitments')
    .where('id', 'in', (eb) => eb.selectFrom('commitment_citizens').select('commitment_id').where('user_id', '=', userId))
    .select([...SUMMARY_COLUMNS])
    .orderBy('deadline')
    .limit(200)
    .execute();
  return summaries(ctx.db, rows as SummaryRow[], todayVN(ctx));
}

/** What a source's page shows beside its items: each commitment made there, its state, deadline and whether overdue. */
export interface SourceCommitment {
  id: number;
  code: string;
  refId: string;
  href: string;
  text: string;
  state: CommitmentState;
  deadline: string;
  overdue: boolean;
  progressPct: number;
  agencyId: number;
  agencyName: string;
  isPublic: boolean;
}

/**
 * The commitments made at these items of a source (conference questions, reception cases, petitions), in the
 * items' order then the commitments' — one query for a whole page of items.
 */
export async function listCommitmentsBySource(ctx: AppContext, kind: SourceKind, refIds: string[]): Promise<SourceCommitment[]> {
  const refs = [...new Set(refIds.map(String))];
  if (!refs.length) return [];
  const today = todayVN(ctx);
  const rows = await ctx.db
    .selectFrom('commitments')
    .select(['id', 'code', 'source_ref_id', 'text', 'state', 'deadline', 'progress_pct', 'agency_id', 'is_public'])
    .where('source_kind', '=', kind)
    .where('source_ref_id', 'in', refs)
    .orderBy('id')
    .execute();
  const agencies = await getAgencies(ctx.db, [...new Set(rows.map((r) => r.agency_id))]);
  const order = new Map(refs.map((r, i) => [r, i]));
  return rows
    .map((r) => {
      const deadline = day(r.deadline);
      return {
        id: r.id,
        code: r.code,
        refId: r.source_ref_id,
        href: `/cam-ket/${r.code}`,
        text: r.text,
        state: r.state,
        deadline,
        overdue: (OPEN_STATES as readonly string[]).includes(r.state) && deadline < today,
        progressPct: r.progress_pct as number,
        agencyId: r.agency_id,
        agencyName: agencies.get(r.agency_id)?.name ?? '',
        isPublic: r.is_public as boolean,
      };
    })
    .sort((a, b) => order.get(a.refId)! - order.get(b.refId)! || a.id - b.id);
}

/**
 * The commitments made in a petition's answer (their source is the petition), those this reader may see: public
 * ones for anyone, the others for the citizens they answer and the officials who read the register.
 */
export async function listPetitionCommitments(ctx: AppContext, principal: Principal | null, petitionId: number): Promise<SourceCommitment[]> {
  const found = await listCommitmentsBySource(ctx, 'petition', [String(petitionId)]);
  const hidden = found.filter((k) => !k.isPublic).map((k) => k.id);
  if (!hidden.length || !principal) return found.filter((k) => k.isPublic);
  const [rows, citizens] = await Promise.all([
    ctx.db.selectFrom('commitments').select(['id', 'unit_code', 'province_code', 'agency_id', 'co_agency_ids']).where('id', 'in', hidden).execute(),
    citizensOf(ctx.db, hidden),
  ]);
  const readable = new Set(
    rows
      .filter((r) => canRead(principal, { unitCode: r.unit_code, provinceCode: r.province_code, agencyId: r.agency_id, coAgencyIds: numbers(r.co_agency_ids), citizenIds: citizens.get(r.id), isPublic: false }))
      .map((r) => r.id),
  );
  return found.filter((k) => k.isPublic || readable.has(k.id));
}

export interface TimelineEntry {
  id: number;
  type: string;
  fromState: string | null;
  toState: string | null;
  actorLabel: string;
  note: string | null;
  pct: number | null;
  milestone: string | null;
  data: Record<string, unknown>;
  at: Date;
  files: FileMeta[];
}

export interface Finding {
  id: number;
  onDate: string;
  method: string;
  finding: string;
  verdict: 'kept' | 'not_kept' | null;
  byLabel: string;
  createdAt: Date;
  files: FileMeta[];
}

export interface CommitmentDetail {
  commitment: Commitment;
  agency: Agency | undefined;
  coAgencies: Agency[];
  transferredTo: Agency | undefined;
  /** The caller sees the officials' view (internal events, the citizens' count). */
  official: boolean;
  actions: ActionName[];
  timeline: TimelineEntry[];
  findings: Finding[];
}

const publicFiles = (files: FileMeta[], official: boolean) => (official ? files : files.filter((f) => f.public));

/**
 * One commitment as the caller may see it; 404 when they may not. Three queries at most (no files or findings: two).
 * What anyone not signed in sees of a public one is read through a cache (keyed by today too: overdue is derived),
 * emptied after every change to a commitment has committed.
 */
export async function getCommitmentForViewer(ctx: AppContext, principal: Principal | null, code: string): Promise<CommitmentDetail> {
  if (principal) return loadDetail(ctx, principal, code);
  const key = JSON.stringify([code.trim().toUpperCase(), todayVN(ctx)]);
  return (await publicDetails.get(ctx.db, key, () => loadDetail(ctx, null, code))) as CommitmentDetail;
}

async function loadDetail(ctx: AppContext, principal: Principal | null, code: string): Promise<CommitmentDetail> {
  const row = await ctx.db.selectFrom('commitments').selectAll().where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
  if (!row) throw notFound('commitments.error.notFound');
  // The citizens it answers matter only to who may see a private one, and to officials (a count).
  const citizens = !row.is_public || principal ? (await citizensOf(ctx.db, [row.id])).get(row.id)! : [];
  const commitment = toCommitment(row, citizens, todayVN(ctx));
  const ref = refOf(commitment);
  if (!canRead(principal, ref)) throw notFound('commitments.error.notFound');
  const official = isOfficialReader(principal, ref);
  const agencies = await getAgencies(ctx.db, [commitment.agencyId, ...commitment.coAgencyIds, ...(commitment.transferredToId ? [commitment.transferredToId] : [])]);
  let evq = ctx.db.selectFrom('commitment_events').selectAll().where('commitment_id', '=', row.id);
  if (!official) evq = evq.where('public', '=', true);
  const events = (await evq.orderBy('at').orderBy('id').execute()).map((e) => ({ ...e, data: (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as Record<string, unknown> }));
  const fileIds = events.flatMap((e) => (Array.isArray(e.data.files) ? (e.data.files as string[]) : []));
  const files = new Map((fileIds.length ? await getFilesMeta(ctx.db, fileIds) : []).map((f) => [f.id, f]));
  const filesOfEvent = (data: Record<string, unknown>) => publicFiles((Array.isArray(data.files) ? (data.files as string[]) : []).map((id) => files.get(id)).filter((f): f is FileMeta => !!f), official);
  const timeline: TimelineEntry[] = events.map((e) => ({
    id: e.id, type: e.type, fromState: e.from_state, toState: e.to_state, actorLabel: e.actor_label, note: e.note, pct: e.pct, milestone: e.milestone, data: e.data, at: e.at, files: filesOfEvent(e.data),
  }));
  const findingEvents = new Map(events.filter((e) => e.data.findingId !== undefined).map((e) => [Number(e.data.findingId), e]));
  const findingRows = findingEvents.size ? await ctx.db.selectFrom('commitment_findings').selectAll().where('commitment_id', '=', row.id).orderBy('id').execute() : [];
  const findings: Finding[] = findingRows.map((f) => ({
    id: f.id, onDate: day(f.on_date), method: f.method, finding: f.finding, verdict: f.verdict, byLabel: f.by_label, createdAt: f.created_at,
    files: findingEvents.has(f.id) ? filesOfEvent(findingEvents.get(f.id)!.data) : [],
  }));
  return {
    commitment,
    agency: agencies.get(commitment.agencyId),
    coAgencies: commitment.coAgencyIds.map((a) => agencies.get(a)).filter((a): a is Agency => !!a),
    transferredTo: commitment.transferredToId ? agencies.get(commitment.transferredToId) : undefined,
    official,
    actions: actionsFor(commitment.state, actorRoles(principal, ref)),
    timeline,
    findings,
  };
}

/** Commitments counted by agency and state (overdue apart), over a unit set or a province. */
export async function countsByAgency(ctx: AppContext, scope: { unitCodes?: string[]; provinceCode?: string; publicOnly?: boolean }): Promise<AgencyCounts[]> {
  const today = todayVN(ctx);
  const hit = (await lists.get(ctx.db, JSON.stringify(['counts', scope, today]), async () => ({ rows: await countRows(ctx, scope, today) }))) as { rows: AgencyCounts[] };
  return hit.rows;
}

export interface AgencyCounts {
  agencyId: number;
  agencyName: string;
  counts: Record<string, number>;
}

async function countRows(ctx: AppContext, scope: { unitCodes?: string[]; provinceCode?: string; publicOnly?: boolean }, today: string): Promise<AgencyCounts[]> {
  let q = ctx.db.selectFrom('commitments').select(['agency_id', 'state', sql<boolean>`state in (${working}) and deadline < ${today}`.as('late'), sql<number>`count(*)::int`.as('n')]);
  if (scope.unitCodes) q = scope.unitCodes.length ? q.where('unit_code', 'in', scope.unitCodes) : q.where(sql<boolean>`false`);
  if (scope.provinceCode) q = q.where('province_code', '=', scope.provinceCode);
  if (scope.publicOnly) q = q.where('is_public', '=', true);
  const rows = await q.groupBy(['agency_id', 'state', 'late']).execute();
  const agencies = await getAgencies(ctx.db, [...new Set(rows.map((r) => r.agency_id))]);
  const by = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const m = by.get(r.agency_id) ?? {};
    m[r.state] = (m[r.state] ?? 0) + Number(r.n);
    if (r.late) m.overdue = (m.overdue ?? 0) + Number(r.n);
    by.set(r.agency_id, m);
  }
  return [...by.entries()].map(([agencyId, counts]) => ({ agencyId, agencyName: agencies.get(agencyId)?.name ?? '', counts })).sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi'));
}
