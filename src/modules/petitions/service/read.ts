import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Database, Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { forbidden, notFound, unauthorized } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { clean, searchTerms } from '../../../platform/text/text';
import { addDays } from '../../../platform/calendar/dates';
import { agencyIdsAt, getAgencies, getCategories, getCategory, getUnit, getUnits, unitOrder } from '../../directory/service';
import { getUsers } from '../../accounts/service';
import { followers } from '../../notifications/service';
import {
  CODE_PATTERN,
  type Page,
  type PetitionAnswer,
  type PetitionAttachment,
  type PetitionDetail,
  type PetitionEvent,
  type PetitionListItem,
  type PetitionerView,
  type TrackedStatus,
  type ViewerRelation,
} from '../model';
import { canSeeIdentity, identityReadAudited, inboxAgencies, isOfficial, mayKnowPetitioner, publicSql, relationOf, type IdentityRef } from '../policy';
import { listFiltersSchema, type ListFilters } from '../schema';
import { actionsFor, refOf, supervisingAgencies } from './transitions';
import { decodeCursor, encodeCursor, excerpt, findRow, officialScope, PETITION_COLUMNS, petitionKey, petitionPath, toEvent, toPetition, type PetitionRow } from './common';
import { ENTITY } from './notify';
import { searchCorpus, type SearchProviderName } from '../../../platform/search/provider';
import { findInDatabase, tsQuery, vocabularyState, wordCounts } from './search-sql';
import { publicPetitionCorpus } from './search-corpus';
import { publicResults } from './public-cache';
import { ReadCache } from '../../../platform/cache';

// ---------------------------------------------------------------------------------------------
// One petition

/**
 * A petition as this viewer may see it (404 when they may not see it at all): the public sees published
 * public answers without personal data; the petitioner their own; officials what their grants cover; the
 * denouncer's identity only at the competent agency. Includes the timeline, the answer, attachments and the
 * actions the viewer may run now.
 */
export async function getPetitionForViewer(
  ctx: AppContext,
  principal: Principal | null,
  idOrCode: number | string,
  /** The petition's row when the caller has just written it (a creation's answer): not read again. */
  known?: { row: PetitionRow },
): Promise<PetitionDetail> {
  const db = ctx.db;
  // A reader without an account sees only public parts: the petition and those parts in one statement.
  const found = known
    ? { row: known.row, bundle: null }
    : principal
      ? { row: await findRow(db, idOrCode), bundle: null }
      : await findWithPublicBundle(db, idOrCode);
  const row = found?.row;
  if (!row) throw notFound();
  const ref = await refOf(db, row);
  const relation = relationOf(principal, ref);
  if (!relation) throw notFound();
  const identity = canSeeIdentity(principal, ref, relation);
  // Who read a confidential identity, and when (not the caller who has just entered it).
  if (identity && !known && identityReadAudited(row, relation)) await auditIdentityRead(ctx, principal!, [row.id]);
  const petition = toPetition(row);
  if (!identity) {
    petition.petitionerId = null;
    petition.petitionerName = null;
    petition.petitionerPhone = null;
    petition.petitionerEmail = null;
    petition.petitionerAddress = null;
    petition.petitionerIdNo = null;
    petition.enteredBy = relation === 'official' ? petition.enteredBy : null;
  }
  if (relation === 'public') {
    petition.enteredBy = null;
    petition.enteredAgencyId = null;
    petition.enteredPlace = null;
    petition.assigneeId = null;
  }
  const petitioner: PetitionerView =
    relation === 'public'
      ? { kind: 'hidden' }
      : identity
        ? { kind: 'shown', id: row.petitioner_id, name: row.petitioner_name, phone: row.petitioner_phone, email: row.petitioner_email, address: row.petitioner_address, idNo: row.petitioner_id_no }
        : { kind: 'confidential' };

  const agencies = await getAgencies(db, [row.agency_id, ...(row.directed_agency_id ? [row.directed_agency_id] : [])]);
  const unit = await getUnit(db, row.unit_code);
  const category = row.category_id ? await getCategory(db, row.category_id) : undefined;
  const officialOfAgency = relation === 'official';
  const bundle = found.bundle ?? (await detailBundle(db, row, { official: officialOfAgency }));
  const answerRow = bundle.answer;
  const answer: PetitionAnswer | null = answerRow
    ? {
        id: answerRow.id,
        petitionId: answerRow.petition_id,
        text: answerRow.text,
        draftedBy: officialOfAgency ? answerRow.drafted_by : null,
        draftedAt: answerRow.drafted_at,
        docNo: answerRow.doc_no,
        status: answerRow.status,
        reviewNote: officialOfAgency ? answerRow.review_note : null,
        approvedBy: officialOfAgency ? answerRow.approved_by : null,
        approvedAt: answerRow.approved_at,
        publishedBy: officialOfAgency ? answerRow.published_by : null,
        publishedAt: answerRow.published_at,
      }
    : null;
  const attachments = bundle.attachments.map(toAttachment);
  const timeline = eventsView(row, bundle.events, { hideActors: relation !== 'official' || !identity });
  const users = await getUsers(db, [row.assignee_id ?? 0].filter(Boolean));
  const mergedIntoCode = bundle.mergedIntoCode;
  const now = ctx.clock.now();
  const actions = principal ? await actionsFor(db, principal, row, now) : [];
  const fl = await followers(db, ENTITY, row.id);
  return {
    petition,
    relation,
    petitioner,
    categoryName: category?.name ?? null,
    unitName: unit?.fullName ?? row.unit_code,
    agencyName: agencies.get(row.agency_id)?.name ?? '',
    directedAgencyName: row.directed_agency_id ? (agencies.get(row.directed_agency_id)?.name ?? null) : null,
    assigneeName: relation === 'public' || !row.assignee_id ? null : (users.get(row.assignee_id)?.name ?? null),
    mergedIntoCode,
    answer,
    attachments,
    timeline,
    actions,
    followers: fl.length,
    isFollowing: principal ? fl.includes(principal.id) : false,
  };
}

type AnswerRow = Selectable<Database['petition_answers']>;
type AttachmentRow = Selectable<Database['petition_attachments']>;
type EventRow = Selectable<Database['petition_events']>;

/**
 * What a petition's page shows beside the petition, in one round trip: its latest answer the viewer may see
 * (officials of the agency: drafts too; others: the published one), the attachments (officials: all; others: the
 * petition's and the published answer's), the timeline (officials: all of it; others: the public part) and the
 * code of the petition it was merged into.
 */
async function detailBundle(db: Executor, row: PetitionRow, opts: { official: boolean }): Promise<DetailBundle> {
  const parts = bundleParts(sql`${row.id}`, sql`${row.merged_into_id}`, opts.official);
  const r = await sql<BundleJson>`select ${parts.answer} as answer, ${parts.attachments} as attachments,
    ${parts.events} as events, ${parts.merged} as merged`.execute(db);
  return parseBundle(r.rows[0]);
}

/** The same parts for a reader without an account (the public ones), selected beside the row: one statement. */
async function findWithPublicBundle(db: Executor, idOrCode: number | string): Promise<{ row: PetitionRow; bundle: DetailBundle } | undefined> {
  const key = petitionKey(idOrCode);
  if (!key) return undefined;
  const parts = bundleParts(sql.ref('petitions.id'), sql.ref('petitions.merged_into_id'), false);
  const q = db
    .selectFrom('petitions')
    .select(PETITION_COLUMNS)
    .select([
      parts.answer.as('bundle_answer'),
      parts.attachments.as('bundle_attachments'),
      parts.events.as('bundle_events'),
      parts.merged.as('bundle_merged'),
    ]);
  const r = await (key.column === 'id' ? q.where('id', '=', key.value) : q.where('code', '=', key.value)).executeTakeFirst();
  if (!r) return undefined;
  const { bundle_answer, bundle_attachments, bundle_events, bundle_merged, ...row } = r;
  return { row, bundle: parseBundle({ answer: bundle_answer, attachments: bundle_attachments, events: bundle_events, merged: bundle_merged }) };
}

/** The bundle's four parts as expressions over a petition's id and merged_into_id. */
function bundleParts(id: Expression<unknown>, mergedInto: Expression<unknown>, official: boolean) {
  const statuses = official ? ['draft', 'changes_requested', 'approved', 'published'] : ['published'];
  // The latest answer the viewer may see (for others than officials, the published one).
  const latest = sql`(select a.id from petition_answers a where a.petition_id = ${id} and a.status in (${sql.join(statuses)}) order by a.id desc limit 1)`;
  return {
    answer: sql<BundleJson['answer']>`(select row_to_json(a) from petition_answers a where a.id = ${latest})`,
    attachments: sql<BundleJson['attachments']>`(select coalesce(json_agg(x order by x.id), '[]') from petition_attachments x
      where x.petition_id = ${id} and (${official} or x.answer_id is null or x.answer_id = ${latest}))`,
    events: sql<BundleJson['events']>`(select coalesce(json_agg(e order by e.at, e.id), '[]') from petition_events e
      where e.petition_id = ${id} and (${official} or e.public))`,
    merged: sql<string | null>`(select m.code from petitions m where m.id = ${mergedInto})`,
  };
}

type BundleJson = { answer: Record<string, unknown> | null; attachments: Record<string, unknown>[]; events: Record<string, unknown>[]; merged: string | null };
type DetailBundle = { answer: AnswerRow | null; attachments: AttachmentRow[]; events: EventRow[]; mergedIntoCode: string | null };

function parseBundle(b: BundleJson): DetailBundle {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)));
  const a = b.answer;
  return {
    answer: a
      ? ({ ...a, drafted_at: date(a.drafted_at)!, approved_at: date(a.approved_at), published_at: date(a.published_at) } as AnswerRow)
      : null,
    attachments: b.attachments.map((x) => ({ ...x, added_at: date(x.added_at)! }) as AttachmentRow),
    events: b.events.map((e) => ({ ...e, at: date(e.at)! }) as EventRow),
    mergedIntoCode: b.merged,
  };
}

function toAttachment(r: AttachmentRow): PetitionAttachment {
  return {
    id: r.id,
    petitionId: r.petition_id,
    answerId: r.answer_id,
    fileId: r.file_id,
    filename: r.filename,
    kind: r.kind,
    size: r.size,
    addedAt: r.added_at,
  };
}

/** Events as the viewer may see them; without personal data unless the viewer may see who acted. */
function eventsView(row: PetitionRow, rows: EventRow[], opts: { hideActors: boolean }): PetitionEvent[] {
  return rows.map((r) => {
    const e = toEvent(r);
    if (opts.hideActors) {
      // No personal data: who acted is shown as the agency (officials) or not at all (the petitioner, the system).
      e.actorId = null;
      e.actorLabel = r.actor_id !== null && r.actor_id !== row.petitioner_id && e.data.agencyName ? String(e.data.agencyName) : null;
      delete e.data.assigneeId;
      if (r.type !== 'merge' && r.type !== 'merged_from') e.note = r.type === 'reopen' || r.type === 'withdraw' || r.type === 'direct' || r.type === 'forward' || r.type === 'extend' ? e.note : null;
    }
    return e;
  });
}

async function eventsFor(db: Executor, row: PetitionRow, opts: { publicOnly: boolean; hideActors: boolean }): Promise<PetitionEvent[]> {
  let q = db.selectFrom('petition_events').selectAll().where('petition_id', '=', row.id);
  if (opts.publicOnly) q = q.where('public', '=', true);
  return eventsView(row, await q.orderBy('at').orderBy('id').execute(), opts);
}

/** The timeline as the viewer may see it (officials: everything; others: the public part without personal data). */
export async function timeline(ctx: AppContext, principal: Principal | null, idOrCode: number | string, opts: { publicOnly?: boolean } = {}): Promise<PetitionEvent[]> {
  const row = await findRow(ctx.db, idOrCode);
  if (!row) throw notFound();
  const ref = await refOf(ctx.db, row);
  const relation = relationOf(principal, ref);
  if (!relation) throw notFound();
  const official = relation === 'official' && !opts.publicOnly;
  return eventsFor(ctx.db, row, { publicOnly: !official, hideActors: !official || !canSeeIdentity(principal, ref, relation) });
}

/** Status by tracking code, for anyone (no account): no personal data; no title for private or legal-track petitions. */
export async function trackByCode(ctx: AppContext, code: string): Promise<TrackedStatus | null> {
  const c = clean(code).toUpperCase();
  if (!CODE_PATTERN.test(c)) return null;
  const row = await findRow(ctx.db, c);
  if (!row) return null;
  const agencies = await getAgencies(ctx.db, [row.agency_id]);
  const events = await ctx.db
    .selectFrom('petition_events')
    .select(['type', 'to_state', 'at'])
    .where('petition_id', '=', row.id)
    .where('public', '=', true)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const open = row.track === 'general' && row.visibility === 'public';
  return {
    code: row.code,
    kind: row.kind,
    track: row.track,
    status: row.status,
    title: open ? row.title : null,
    agencyName: agencies.get(row.agency_id)?.name ?? '',
    submittedAt: row.submitted_at,
    replyDue: row.reply_due,
    answeredAt: row.answered_at,
    publicUrl: open && row.published_at ? petitionPath(row.code) : null,
    timeline: events.map((e) => ({ type: e.type, toState: e.to_state, at: e.at })),
  };
}

// ---------------------------------------------------------------------------------------------
// Lists

/**
 * The columns of a list row. Names of agencies, units and categories come from the directory's cache (namesFor),
 * not from joins: a join made planning the query cost four times running it. An official's scope names the agencies
 * it covers (officialScope), so no list joins the directory's tables.
 */
function listBase(db: Executor) {
  return db
    .selectFrom('petitions as p')
    .select([
      'p.id',
      'p.code',
      'p.kind',
      'p.track',
      'p.title',
      sql<string>`left(p.content, 400)`.as('content'),
      sql<string | null>`left(p.answer_text, 400)`.as('answer'),
      'p.status',
      'p.category_id',
      'p.unit_code',
      'p.agency_id',
      'p.assignee_id',
      'p.channel',
      'p.visibility',
      'p.people_count',
      'p.reply_due',
      'p.step_due',
      'p.due_state',
      'p.keo_dai',
      'p.vuot_cap',
      'p.forward_count',
      'p.rating',
      'p.submitted_at',
      'p.answered_at',
      'p.published_at',
      'p.confidential',
      'p.petitioner_name',
      'p.entered_agency_id',
    ]);
}
type ListRow = Awaited<ReturnType<ReturnType<typeof listBase>['execute']>>[number];

interface Names {
  agencies: Map<number, { name: string; unitCode: string; provinceCode: string }>;
  /** Each agency's chain of supervision (the agencies above it). */
  chains: Map<number, number[]>;
  units: Map<string, { fullName: string }>;
  categories: Map<number, { name: string }>;
}

/** The directory names a page of rows shows (from the directory's cache). */
async function namesFor(db: Executor, rows: ListRow[]): Promise<Names> {
  const [agencies, units, categories] = await Promise.all([
    getAgencies(db, rows.map((r) => r.agency_id)),
    getUnits(db, rows.map((r) => r.unit_code)),
    getCategories(db, rows.flatMap((r) => (r.category_id ? [r.category_id] : []))),
  ]);
  const chains = new Map<number, number[]>();
  for (const a of agencies.values()) chains.set(a.id, await supervisingAgencies(db, a));
  return { agencies, units, categories, chains };
}

/** What the identity rule needs of a list row. */
function identityRefOf(r: ListRow, names: Names): IdentityRef {
  const a = names.agencies.get(r.agency_id);
  return {
    agencyId: r.agency_id,
    confidential: r.confidential,
    enteredAgencyId: r.entered_agency_id,
    agencyUnit: a ? { code: a.unitCode, provinceCode: a.provinceCode } : { code: r.unit_code, provinceCode: '' },
    supervisingAgencies: names.chains.get(r.agency_id) ?? [],
  };
}

/** Records that the caller was shown the identity of these petitions' petitioners. */
async function auditIdentityRead(ctx: AppContext, principal: Principal, ids: number[]): Promise<void> {
  await ctx.db.transaction().execute((tx) =>
    audit(tx, { actor: actorOf(principal), action: 'petition.identity.read', entityType: ENTITY, entityId: ids.join(','), after: { petitions: ids }, at: ctx.clock.now() }),
  );
}

/** The excerpts of a row, made once per row read (the public search keeps its rows: the same ones come back often). */
const excerpts = new WeakMap<ListRow, { content: string; answer: string | null }>();
function excerptsOf(r: ListRow): { content: string; answer: string | null } {
  let e = excerpts.get(r);
  if (!e) excerpts.set(r, (e = { content: excerpt(r.content), answer: r.answer ? excerpt(r.answer) : null }));
  return e;
}

function toItem(r: ListRow, names: Names, opts: { withPetitioner: (r: ListRow, ref: IdentityRef) => boolean; answer?: boolean }): PetitionListItem & { answerExcerpt?: string | null } {
  const ex = excerptsOf(r);
  const item: PetitionListItem & { answerExcerpt?: string | null } = {
    id: r.id,
    code: r.code,
    kind: r.kind,
    track: r.track,
    title: r.title,
    excerpt: ex.content,
    status: r.status,
    categoryId: r.category_id,
    categoryName: r.category_id ? (names.categories.get(r.category_id)?.name ?? null) : null,
    unitCode: r.unit_code,
    unitName: names.units.get(r.unit_code)?.fullName ?? r.unit_code,
    agencyId: r.agency_id,
    agencyName: names.agencies.get(r.agency_id)?.name ?? '',
    assigneeId: r.assignee_id,
    channel: r.channel,
    visibility: r.visibility,
    peopleCount: r.people_count,
    replyDue: r.reply_due,
    stepDue: r.step_due,
    dueState: r.due_state,
    keoDai: r.keo_dai,
    vuotCap: r.vuot_cap,
    forwardCount: r.forward_count,
    rating: r.rating,
    submittedAt: r.submitted_at,
    answeredAt: r.answered_at,
    publishedAt: r.published_at,
  };
  if (opts.withPetitioner(r, identityRefOf(r, names))) item.petitionerName = r.petitioner_name;
  if (opts.answer) item.answerExcerpt = ex.answer;
  return item;
}

/** Filters shared by every list (over alias p). */
function filterSql(f: ListFilters, principal: Principal | null): Expression<SqlBool>[] {
  const w: Expression<SqlBool>[] = [];
  const list = (xs: readonly (string | number)[]) => sql.join(xs.map((x) => sql`${x}`));
  if (f.status?.length) w.push(sql<boolean>`p.status in (${list(f.status)})`);
  if (f.kind?.length) w.push(sql<boolean>`p.kind in (${list(f.kind)})`);
  if (f.channel?.length) w.push(sql<boolean>`p.channel in (${list(f.channel)})`);
  if (f.category) w.push(sql<boolean>`p.category_id = ${f.category}`);
  if (f.unit) w.push(sql<boolean>`p.unit_code = ${f.unit}`);
  if (f.agency) w.push(sql<boolean>`p.agency_id = ${f.agency}`);
  // Civil days of Vietnam (UTC+7, no daylight saving), both included.
  if (f.from) w.push(sql<boolean>`p.submitted_at >= ${new Date(Date.parse(`${f.from}T00:00:00+07:00`))}`);
  if (f.to) w.push(sql<boolean>`p.submitted_at < ${new Date(Date.parse(`${addDays(f.to, 1)}T00:00:00+07:00`))}`);
  if (f.due === 'soon') w.push(sql<boolean>`p.due_state = 'due_soon'`);
  if (f.due === 'overdue') w.push(sql<boolean>`p.due_state = 'overdue'`);
  if (f.due === 'any') w.push(sql<boolean>`p.due_state <> 'ok'`);
  for (const flag of f.flag ?? []) w.push(flag === 'keo_dai' ? sql<boolean>`p.keo_dai` : sql<boolean>`p.vuot_cap`);
  if (f.assignee === 'me') w.push(sql<boolean>`p.assignee_id = ${principal?.id ?? -1}`);
  else if (f.assignee === 'none') w.push(sql<boolean>`p.assignee_id is null`);
  else if (typeof f.assignee === 'number') w.push(sql<boolean>`p.assignee_id = ${f.assignee}`);
  const words = searchTerms(f.q ?? '').filter((t) => t.length >= 2 || /\d/.test(t));
  if (words.length) w.push(sql<boolean>`p.search_tsv @@ to_tsquery('simple', ${tsQuery(words.map((t) => [t]), { prefixLast: true })})`);
  return w;
}

async function pageBy(
  db: Executor,
  where: Expression<SqlBool>[],
  f: ListFilters,
  opts: { defaultSort: 'new' | 'due' | 'published'; withPetitioner: (r: ListRow, ref: IdentityRef) => boolean; answer?: boolean },
): Promise<Page<PetitionListItem>> {
  const limit = f.limit ?? 20;
  const sort = opts.defaultSort === 'published' ? 'published' : (f.sort ?? opts.defaultSort);
  const cur = decodeCursor(f.cursor);
  const w = [...where];
  let q = listBase(db);
  if (sort === 'published') {
    if (cur) w.push(sql<boolean>`(p.published_at, p.id) < (${new Date(String(cur[0]))}, ${Number(cur[1])})`);
    q = q.orderBy('p.published_at', 'desc').orderBy('p.id', 'desc');
  } else if (sort === 'due') {
    if (cur) {
      const [d, id] = cur as [string | null, number];
      w.push(
        d === null
          ? sql<boolean>`(p.step_due is null and p.id > ${Number(id)})`
          : sql<boolean>`(p.step_due > ${d} or (p.step_due = ${d} and p.id > ${Number(id)}) or p.step_due is null)`,
      );
    }
    q = q.orderBy(sql`p.step_due asc nulls last`).orderBy('p.id', 'asc');
  } else if (sort === 'old') {
    if (cur) w.push(sql<boolean>`p.id > ${Number(cur[0])}`);
    q = q.orderBy('p.id', 'asc');
  } else {
    if (cur) w.push(sql<boolean>`p.id < ${Number(cur[0])}`);
    q = q.orderBy('p.id', 'desc');
  }
  if (w.length) q = q.where(sql<boolean>`${sql.join(w, sql` and `)}`);
  const rows = await q.limit(limit + 1).execute();
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  let next: string | null = null;
  if (more && last) {
    next =
      sort === 'published'
        ? encodeCursor([last.published_at!.toISOString(), last.id])
        : sort === 'due'
          ? encodeCursor([last.step_due, last.id])
          : encodeCursor([last.id]);
  }
  const names = await namesFor(db, items);
  return { items: items.map((r) => toItem(r, names, opts)), next };
}

/**
 * An official's inbox: the petitions of the agencies where they are officer or head (or the one agency of
 * `filters.agency`, when they may see it); for Front officers, supervisors and administrators without an
 * agency inbox: everything their grants cover. Sorted by newest, oldest or nearest deadline.
 */
export async function listInbox(ctx: AppContext, principal: Principal | null, input: unknown = {}): Promise<Page<PetitionListItem>> {
  if (!principal) throw unauthorized();
  if (!isOfficial(principal)) throw forbidden();
  const f = parse(listFiltersSchema, input);
  const where = [await officialScope(ctx.db, principal), ...filterSql(f, principal)];
  const mine = inboxAgencies(principal);
  if (!f.agency && mine.length) where.push(sql<boolean>`p.agency_id in (${sql.join(mine.map((x) => sql`${x}`))})`);
  if (!f.status?.length) where.push(sql<boolean>`p.status not in ('merged', 'withdrawn')`);
  return pageBy(ctx.db, where, f, {
    defaultSort: 'new',
    withPetitioner: (_r, ref) => mayKnowPetitioner(principal, ref),
  });
}

/** The caller's own petitions (as petitioner), newest first. */
export async function listMine(ctx: AppContext, principal: Principal | null, input: unknown = {}): Promise<Page<PetitionListItem>> {
  if (!principal) throw unauthorized();
  const f = parse(listFiltersSchema, input);
  const where = [sql<boolean>`p.petitioner_id = ${principal.id}`, ...filterSql(f, principal)];
  return pageBy(ctx.db, where, f, { defaultSort: 'new', withPetitioner: () => true });
}

/** Petitions entered by the caller for citizens (reception desk, Front gathering…), newest first. */
export async function listEnteredBy(ctx: AppContext, principal: Principal | null, input: unknown = {}): Promise<Page<PetitionListItem>> {
  if (!principal) throw unauthorized();
  const f = parse(listFiltersSchema, input);
  const where = [sql<boolean>`p.entered_by = ${principal.id}`, ...filterSql(f, principal)];
  return pageBy(ctx.db, where, f, { defaultSort: 'new', withPetitioner: (r) => !r.confidential });
}

/** Published answers of public petitions (no personal data), newest answer first; filters: unit, category, kind, q, status. */
export async function listPublic(ctx: AppContext, input: unknown = {}): Promise<Page<PetitionListItem & { answerExcerpt?: string | null }>> {
  const f = parse(listFiltersSchema, input);
  const safe: ListFilters = { status: f.status, kind: f.kind, category: f.category, unit: f.unit, from: f.from, to: f.to, q: f.q, limit: f.limit, cursor: f.cursor };
  const cached = await publicResults.get(ctx.db, `list:${JSON.stringify(safe)}`, async () => {
    const where = [publicSql, ...filterSql(safe, null)];
    const page = await pageBy(ctx.db, where, safe, { defaultSort: 'published', withPetitioner: () => false, answer: true });
    for (const i of page.items) i.assigneeId = null;
    return page;
  });
  return cached as Page<PetitionListItem & { answerExcerpt?: string | null }>;
}

// ---------------------------------------------------------------------------------------------
// Search

export interface SearchResult {
  items: Array<PetitionListItem & { answerExcerpt?: string | null }>;
  /** Folded words to highlight with highlightParts() (with the known words a mistyped one was matched to). */
  terms: string[];
  next: string | null;
}

/** The public search's corpus, filtered as the lists are. */
export const publicSearchCorpus = publicPetitionCorpus((f) => filterSql(f, null));

/** How many of the most recent matches are ranked (a bound on the work per query). */
const SEARCH_CANDIDATES = 300;
/** The most recent petitions the title suggestions look among. */
const SIMILAR_WINDOW = 3000;

/** Known words close to a mistyped one (trigram similarity over the vocabulary of all petitions). */
async function closeWords(db: Executor, term: string): Promise<string[]> {
  if (term.length < 3) return [];
  const r = await sql<{ word: string }>`
    select word from petition_words where word % ${term} and word <> ${term}
    order by similarity(word, ${term}) desc, word limit 3`.execute(db);
  return r.rows.map((x) => x.word);
}

/**
 * Adds the words of petitions changed since the last run to the vocabulary, with how many petitions hold each (the
 * deadline job runs it; so do the demo seed and the bulk generator). Mistyped search words are matched against it,
 * and the counts let the search choose its plan. A petition changed twice is counted twice: an estimate.
 * `full` rebuilds it from every petition.
 */
export async function refreshVocabulary(db: Executor, opts: { full?: boolean; settledBefore?: Date } = {}): Promise<number> {
  const state = opts.full ? undefined : await db.selectFrom('petition_words_state').select(['updated_to', 'ndocs']).where('id', '=', 1).executeTakeFirst();
  const from = state?.updated_to ?? new Date(0);
  const top = await db.selectFrom('petitions').select((eb) => eb.fn.max('updated_at').as('m')).executeTakeFirst();
  // Changes of the last moments are left for the next run: a transaction still open may yet commit a row stamped
  // before the newest one seen, and the watermark must not pass it.
  let to = top?.m ? new Date(top.m as Date) : from;
  if (opts.settledBefore && to > opts.settledBefore) to = opts.settledBefore;
  if (to.getTime() <= from.getTime() && !opts.full) return 0;
  if (opts.full) await db.deleteFrom('petition_words').execute();
  // ts_stat takes the query as text: the bounds are ISO timestamps written by us.
  const inner = `select search_tsv from petitions where updated_at > '${from.toISOString()}' and updated_at <= '${to.toISOString()}'`;
  const r = await sql<{ n: number }>`
    with w as (
      insert into petition_words (word, ndoc)
      select word, ndoc from ts_stat(${inner}) where length(word) between 2 and 40
      on conflict (word) do update set ndoc = petition_words.ndoc + excluded.ndoc
      returning 1
    ) select count(*)::int as n from w`.execute(db);
  const docs = await sql<{ n: number }>`select count(*)::int as n from petitions where updated_at > ${from} and updated_at <= ${to}`.execute(db);
  const ndocs = (state?.ndocs ? Number(state.ndocs) : 0) + Number(docs.rows[0].n);
  await db
    .insertInto('petition_words_state')
    .values({ id: 1, updated_to: to, ndocs })
    .onConflict((oc) => oc.column('id').doUpdateSet({ updated_to: to, ndocs }))
    .execute();
  wordCounts.forget();
  vocabularyState.forget();
  return Number(r.rows[0].n);
}

/**
 * Diacritic- and case-insensitive full-text search over title, content and answer ("sat lo chieng coi" finds
 * "Sạt lở … Chiềng Cơi"): every word must occur (the last one as a prefix); among the 300 most recent matches the
 * results are ranked by cover density, title words weighing most. When nothing matches, mistyped words are
 * replaced by the closest known words (trigram similarity over the vocabulary), then any word may match.
 * Scope 'public' (default): published answers of public petitions, from the configured search provider
 * (SEARCH_PROVIDER; `provider` names another, as the parity test does); 'visible': what the caller may see, from the
 * database. Whichever answers, the matches are ranked alike (platform/search/rank.ts).
 */
export async function searchPetitions(
  ctx: AppContext,
  principal: Principal | null,
  q: string,
  opts: { scope?: 'public' | 'visible'; limit?: number; cursor?: string; filters?: unknown; provider?: SearchProviderName } = {},
): Promise<SearchResult> {
  if (opts.scope === 'visible' && principal) return search(ctx, principal, q, opts);
  if (opts.provider) return search(ctx, null, q, { ...opts, scope: 'public' });
  // The public answer is the same for every viewer.
  const key = `search:${JSON.stringify([searchTerms(q ?? ''), opts.limit ?? null, opts.cursor ?? null, opts.filters ?? null])}`;
  return (await publicResults.get(ctx.db, key, () => search(ctx, null, q, { ...opts, scope: 'public' }))) as SearchResult;
}

async function search(
  ctx: AppContext,
  principal: Principal | null,
  q: string,
  opts: { scope?: 'public' | 'visible'; limit?: number; cursor?: string; filters?: unknown; provider?: SearchProviderName },
): Promise<SearchResult> {
  const terms = searchTerms(q ?? '').filter((t) => t.length >= 2 || /\d/.test(t));
  if (!terms.length) return { items: [], terms: [], next: null };
  const f = parse(listFiltersSchema, opts.filters ?? {});
  const limit = Math.min(opts.limit ?? 20, 100);
  const offset = Math.min(Number(decodeCursor(opts.cursor)?.[0] ?? 0) || 0, SEARCH_CANDIDATES);
  const visible = opts.scope === 'visible' && principal;
  const scope: Expression<SqlBool> = visible
    ? sql<boolean>`(${publicSql} or p.petitioner_id = ${principal.id} or ${await officialScope(ctx.db, principal)})`
    : publicSql;
  // What the public may filter by (petition_search carries it, and so does the in-memory index).
  const publicFilters = { status: f.status, kind: f.kind, channel: f.channel, category: f.category, unit: f.unit, agency: f.agency };
  // The public search runs over petition_search (the published public petitions, alias p), which carries the
  // filters the public may use; a wider scope over the petitions themselves.
  const filters = visible
    ? filterSql({ ...f, q: undefined }, principal)
    : filterSql(publicFilters, null);

  // The public scope is asked of the configured search provider (platform/search; petition_search in PostgreSQL
  // by default); what a signed-in caller may see, of the database over the petitions themselves. Ranked alike.
  const visibleScope = visible
    ? { from: sql`petitions p`, where: [scope, ...filters], order: sql`p.id desc` }
    : null;
  let knows = (word: string) => publicSearchCorpus.postgres.knows(ctx, word);
  const find = async (groups: string[][], o: { prefixLast?: boolean; any?: boolean }) => {
    const q = { groups, ...o, filters: publicFilters, candidates: SEARCH_CANDIDATES, offset, limit: limit + 1 };
    if (visibleScope) return (await findInDatabase(ctx.db, visibleScope, q)).hits;
    const { page, provider } = await searchCorpus(opts.provider ? { db: ctx.db, config: { ...ctx.config, searchProvider: opts.provider } } : ctx, publicSearchCorpus, q);
    knows = (word) => provider.knows(ctx, word);
    return page.hits;
  };
  let highlight = terms;
  let rows = await find(terms.map((t) => [t]), { prefixLast: true });
  if (!rows.length && offset === 0) {
    // Typos: each word that no petition contains is widened to the closest known words.
    const groups: string[][] = [];
    for (const t of terms) groups.push((await knows(t)) ? [t] : [t, ...(await closeWords(ctx.db, t))]);
    highlight = [...new Set(groups.flat())];
    if (groups.some((g) => g.length > 1)) rows = await find(groups, {});
    if (!rows.length && groups.length > 1) rows = await find(groups, { any: true });
  }
  const more = rows.length > limit && offset + limit < SEARCH_CANDIDATES;
  rows = rows.slice(0, limit);
  if (!rows.length) return { items: [], terms: highlight, next: null };
  const byId = new Map((await listBase(ctx.db).where('p.id', 'in', rows.map((r) => r.id)).execute()).map((r) => [r.id, r]));
  const names = await namesFor(ctx.db, [...byId.values()]);
  const items = rows.flatMap((r) => {
    const row = byId.get(r.id);
    if (!row) return [];
    const isPublicRow = row.visibility === 'public' && row.track === 'general' && row.published_at !== null;
    const item = toItem(row, names, {
      withPetitioner: (_x, ref) => !!visible && !isPublicRow && mayKnowPetitioner(principal, ref),
      answer: true,
    });
    item.rank = Number(r.rank);
    return [item];
  });
  return { items, terms: highlight, next: more ? encodeCursor([offset + limit]) : null };
}

/**
 * Suggestions while a citizen types a title: up to 5 published public petitions whose titles share the words typed
 * (the last one as a prefix); if too few have them all, those sharing some. Looked for among the 3,000 most recent
 * published public petitions, so the answer stays fast while typing.
 */
export async function similarPublic(
  ctx: AppContext,
  titleSoFar: string,
  opts: { limit?: number; unitCode?: string; minScore?: number } = {},
): Promise<Array<{ id: number; code: string; title: string; status: string; unitName: string; href: string; score: number }>> {
  const terms = searchTerms(clean(titleSoFar ?? '').slice(0, 200)).filter((t) => t.length >= 2);
  if (!terms.length || terms.join('').length < 4) return [];
  const key = `similar:${JSON.stringify([terms, opts.limit ?? null, opts.unitCode ?? null])}`;
  const rows = (await publicResults.get(ctx.db, key, () => similar(ctx, terms, opts))) as Awaited<ReturnType<typeof similar>>;
  const min = opts.minScore ?? SIMILAR_MIN_SCORE;
  return rows.filter((r) => r.score >= min);
}

/**
 * Suggestions scoring below this (ts_rank; those sharing only some words count half) are not shown. Measured on the
 * consolidation issue's labelled set (304 petitions; similar-precision.ts, docs/benchmarks.md): unfiltered, 88 % of the
 * suggestions were the same problem; at 0.2, 98.6 % (920 of 933), keeping 86 % of the right ones; at 0.25, 100 %
 * but only 72 % kept.
 */
export const SIMILAR_MIN_SCORE = 0.2;

async function similar(ctx: AppContext, terms: string[], opts: { limit?: number; unitCode?: string }) {
  const limit = Math.min(opts.limit ?? 5, 5);
  // Among the most recent published petitions (an ordered index scan: cheap however common the words typed).
  const run = async (query: string) => {
    const q = sql`to_tsquery('simple', ${query})`;
    const unit = opts.unitCode ? sql`and p.unit_code = ${opts.unitCode}` : sql``;
    const cand = sql`select * from (select p.id, p.status, p.unit_code, p.search_tsv from petition_search p
          where true ${unit} order by p.published_at desc, p.id desc limit ${SIMILAR_WINDOW}) w where w.search_tsv @@ ${q} limit 100`;
    const r = await sql<{ id: number; code: string; title: string; status: string; unit_code: string; score: number }>`
      with cand as (${cand}), best as (
        select c.id, c.status, c.unit_code, ts_rank(c.search_tsv, ${q})::float8 as score from cand c order by score desc, c.id desc limit ${limit})
      select b.id, x.code, x.title, b.status, b.unit_code, b.score from best b join petitions x on x.id = b.id
      order by b.score desc, b.id desc`.execute(ctx.db);
    const units = await getUnits(ctx.db, r.rows.map((x) => x.unit_code));
    return r.rows.map((x) => ({ ...x, unit_name: units.get(x.unit_code)?.fullName ?? x.unit_code }));
  };
  const groups = terms.slice(0, 8).map((t) => [t]);
  const all = tsQuery(groups, { prefixLast: true, weight: 'A' });
  let rows = await run(all);
  if (rows.length < limit && groups.length > 1) {
    const seen = new Set(rows.map((r) => r.id));
    for (const r of await run(tsQuery(groups, { prefixLast: true, weight: 'A', any: true }))) {
      if (rows.length >= limit) break;
      if (!seen.has(r.id)) rows.push({ ...r, score: r.score / 2 });
    }
  }
  return rows.map((x) => ({ id: x.id, code: x.code, title: x.title, status: x.status, unitName: x.unit_name, href: petitionPath(x.code), score: Number(x.score) }));
}

// ---------------------------------------------------------------------------------------------
// Deadlines per agency / unit (pages and reports)

export interface DueSummaryRow {
  agencyId: number;
  agencyName: string;
  unitCode: string;
  unitName: string;
  open: number;
  dueSoon: number;
  overdue: number;
  keoDai: number;
  vuotCap: number;
}

/** Open / due-soon / overdue / flagged counts per agency, within what the caller may see (optionally one unit). */
export async function dueSummary(ctx: AppContext, principal: Principal | null, opts: { unitCode?: string } = {}): Promise<DueSummaryRow[]> {
  if (!principal) throw unauthorized();
  if (!isOfficial(principal)) throw forbidden();
  const [scope, atUnit] = await Promise.all([
    officialScope(ctx.db, principal),
    opts.unitCode ? agencyIdsAt(ctx.db, [opts.unitCode]) : Promise.resolve(new Map<string, number[]>()),
  ]);
  const unitIds = opts.unitCode ? (atUnit.get(opts.unitCode) ?? []) : [];
  const handledAtUnit = unitIds.length ? sql`or p.agency_id in (${sql.join(unitIds.map((x) => sql`${x}`))})` : sql``;
  const r = await sql<Omit<DueSummaryRow, 'agencyName' | 'unitCode' | 'unitName'>>`
    select p.agency_id as "agencyId",
      count(*)::int as open,
      count(*) filter (where p.due_state = 'due_soon')::int as "dueSoon",
      count(*) filter (where p.due_state = 'overdue')::int as overdue,
      count(*) filter (where p.keo_dai)::int as "keoDai",
      count(*) filter (where p.vuot_cap)::int as "vuotCap"
    from petitions p
    where p.status in ('submitted','received','forwarded','assigned','answer_drafted','approved','reopened')
      and ${scope}
      ${opts.unitCode ? sql`and (p.unit_code = ${opts.unitCode} ${handledAtUnit})` : sql``}
    group by p.agency_id`.execute(ctx.db);
  // Names and the directory's order of units from its cache: open counts first, then the unit's place, the agency's name.
  const agencies = await getAgencies(ctx.db, r.rows.map((x) => x.agencyId));
  const order = await unitOrder(ctx.db, [...agencies.values()].map((a) => a.unitCode));
  const rows = r.rows.flatMap((x) => {
    const a = agencies.get(x.agencyId);
    return a ? [{ ...x, agencyName: a.name, unitCode: a.unitCode, unitName: a.unitName }] : [];
  });
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort(
    (a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || (order.get(a.unitCode) ?? 0) - (order.get(b.unitCode) ?? 0) || byName(a.agencyName, b.agencyName) || a.agencyId - b.agencyId,
  );
}

/** Due-soon and overdue petitions in the caller's scope (optionally of one agency or unit), nearest deadline first. */
export async function dueLists(
  ctx: AppContext,
  principal: Principal | null,
  opts: { agency?: number; unit?: string; limit?: number } = {},
): Promise<{ dueSoon: PetitionListItem[]; overdue: PetitionListItem[] }> {
  const base = { agency: opts.agency, unit: opts.unit, limit: opts.limit ?? 50, sort: 'due' as const };
  const [soon, over] = await Promise.all([
    listInbox(ctx, principal, { ...base, due: 'soon' }),
    listInbox(ctx, principal, { ...base, due: 'overdue' }),
  ]);
  return { dueSoon: soon.items, overdue: over.items };
}

export type { ViewerRelation };
