import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { actorOf, isAdmin, type Principal } from '../../platform/access/principal';
import { audit, type AuditActor } from '../../platform/audit/audit';
import { getSetting, getSettings } from '../../platform/settings/settings';
import { HttpError, ValidationError, forbidden, notFound, unauthorized } from '../../platform/http/errors';
import { parse } from '../../platform/http/validate';
import { fold } from '../../platform/text/text';
import { skeleton } from '../../platform/text/skeleton';
import { canUseQueue, mayModerateAt, mayPostAsAgency, moderatedAgencies } from './policy';

export { canUseQueue, moderatedAgencies };
import { getAgencies, listAgencies } from '../directory/service';
import { checkComment, type CommentLimits } from './rules';
import { commentInput, markInput, moderationInput, reportInput, wordInput, type CommentInput } from './schema';
import { commentTarget } from './targets';
import {
  nextState,
  canTransition,
  type CommentPage,
  type CommentStatus,
  type CommentView,
  type Decision,
  type HoldReason,
  type ModerationAction,
  type ReportReason,
} from './model';

export { registerCommentTarget, commentTarget } from './targets';

// ───────────────────────────── settings and rules ─────────────────────────────

export const COMMENT_SETTING_KEYS = [
  'comments.minLength',
  'comments.maxLength',
  'comments.guestAllowed',
  'comments.guestModeration',
  'comments.pageSize',
  'comments.repliesShown',
];

/** The limits in force (settings comments.minLength / comments.maxLength). */
export async function commentLimits(db: Executor, preloaded?: Record<string, number | boolean | string>): Promise<CommentLimits> {
  const s = preloaded ?? (await getSettings(db, ['comments.minLength', 'comments.maxLength']));
  return { min: Number(s['comments.minLength']), max: Number(s['comments.maxLength']) };
}

/** Guests' rights on a unit: the settings, overridden per unit where an administrator said so. */
export async function guestPolicy(
  db: Executor,
  unitCode: string | null,
  preloaded?: Record<string, number | boolean | string>,
): Promise<{ allowed: boolean; moderated: boolean }> {
  const s = preloaded ?? (await getSettings(db, ['comments.guestAllowed', 'comments.guestModeration']));
  let allowed = Boolean(s['comments.guestAllowed']);
  let moderated = Boolean(s['comments.guestModeration']);
  if (unitCode) {
    const o = await db.selectFrom('comment_unit_settings').selectAll().where('unit_code', '=', unitCode).executeTakeFirst();
    if (o?.guest_allowed != null) allowed = o.guest_allowed;
    if (o?.guest_moderation != null) moderated = o.guest_moderation;
  }
  return { allowed, moderated };
}

/** Checks a body against the limits; the ValidationError names the field `body`. */
export function bodyError(body: string, limits: CommentLimits): ValidationError | null {
  const c = checkComment(body, limits);
  if (c.problem === 'short') return new ValidationError({ body: 'comments.error.short' }, { body: { min: limits.min } });
  if (c.problem === 'long') return new ValidationError({ body: 'comments.error.long' }, { body: { max: limits.max, count: c.count } });
  return null;
}

const OFFICIAL_WORDS = [
  'ubnd', 'uy ban', 'hdnd', 'hoi dong nhan dan', 'chu tich', 'bi thu', 'dang uy', 'tinh uy', 'thanh uy', 'huyen uy',
  'mttq', 'mat tran to quoc', 'cong an', 'can bo', 'quan tri vien', 'admin', 'chinh quyen', 'so noi vu', 'van phong',
  'giam doc', 'truong ban', 'truong phong', 'thanh tra',
];

/** The words of a text as it looks (its skeleton: invisible characters and look-alike letters do not hide a word). */
function wordsOf(s: string): string {
  return ` ${skeleton(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

let agencyNamesCache: { at: number; names: string[] } | null = null;
async function agencyNames(db: Executor): Promise<string[]> {
  if (agencyNamesCache && Date.now() - agencyNamesCache.at < 5 * 60_000) return agencyNamesCache.names;
  const list = await listAgencies(db, { includeInactive: true, limit: 20_000 });
  const names = list.flatMap((a) => [a.name, a.shortName ?? '']).map((n) => wordsOf(n).trim()).filter((n) => n.length >= 4);
  agencyNamesCache = { at: Date.now(), names };
  return names;
}

/** A guest name that looks like an official's or an agency's ("UBND", "Ủy ban…", "Chủ tịch…"). */
export async function impersonates(db: Executor, name: string): Promise<boolean> {
  const w = wordsOf(name);
  if (OFFICIAL_WORDS.some((o) => w.includes(` ${o} `))) return true;
  return (await agencyNames(db)).some((n) => w.includes(` ${n} `));
}

/**
 * The words of the moderation list found in a text, matched whole-word on both skeletons (so "Đ"/"đ"/"d", case,
 * zero-width characters, soft hyphens, bidi overrides, full-width and Cyrillic look-alike letters alike).
 */
export async function heldWords(db: Executor, text: string): Promise<string[]> {
  const words = await db.selectFrom('moderation_words').select(['word', 'folded']).execute();
  const w = wordsOf(text);
  return words.filter((x) => {
    const f = wordsOf(x.word).trim();
    // A phrase whose spaces were replaced by an invisible character reads as one word: matched too.
    return f.length > 0 && (w.includes(` ${f} `) || (f.includes(' ') && w.includes(` ${f.replaceAll(' ', '')} `)));
  }).map((x) => x.word);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A Vietnamese phone number (0XXXXXXXXX or +84XXXXXXXXX), normalised to 0XXXXXXXXX, or null. */
export function normalizePhone(s: string): string | null {
  const d = s.replace(/[\s.\-()]/g, '');
  const m = /^(?:\+?84|0)([35789]\d{8})$/.exec(d);
  return m ? `0${m[1]}` : null;
}

// ───────────────────────────── rows → views ─────────────────────────────

const commentColumns = [
  'c.id',
  'c.target_type',
  'c.target_id',
  'c.section',
  'c.parent_id',
  'c.author_id',
  'c.author_name',
  'c.as_agency_id',
  'c.body',
  'c.status',
  'c.created_at',
  'c.report_count',
  'c.reply_count',
  'c.decision',
  'c.explanation',
] as const;

type Row = {
  id: number | string;
  target_type: string;
  target_id: number | string;
  section: string | null;
  parent_id: number | string | null;
  author_id: number | string | null;
  author_name: string;
  as_agency_id: number | null;
  body: string;
  status: CommentStatus;
  created_at: Date | string;
  report_count: number;
  reply_count: number;
  decision: Decision | null;
  explanation: string | null;
};

function toView(r: Row, agencies: Map<number, { id: number; name: string }>, viewer: Principal | null, reported: Set<number>): CommentView {
  const id = Number(r.id);
  const authorId = r.author_id == null ? null : Number(r.author_id);
  const agency = r.as_agency_id != null ? agencies.get(r.as_agency_id) ?? null : null;
  return {
    id,
    targetType: r.target_type,
    targetId: Number(r.target_id),
    section: r.section,
    parentId: r.parent_id == null ? null : Number(r.parent_id),
    author: { name: r.author_name, userId: authorId, guest: authorId == null, agency: agency ? { id: agency.id, name: agency.name } : null },
    body: r.body,
    status: r.status,
    createdAt: new Date(r.created_at),
    reportCount: Number(r.report_count),
    replyCount: Number(r.reply_count),
    decision: r.decision,
    explanation: r.explanation,
    replies: [],
    reportedByViewer: reported.has(id),
    pendingOwn: r.status === 'pending' && viewer != null && authorId === viewer.id,
  };
}

async function agencyMap(db: Executor, rows: Row[]): Promise<Map<number, { id: number; name: string }>> {
  const ids = [...new Set(rows.map((r) => r.as_agency_id).filter((x): x is number => x != null))];
  const m = await getAgencies(db, ids);
  return new Map([...m].map(([k, a]) => [k, { id: a.id, name: a.name }]));
}

export async function getComment(db: Executor, id: number, viewer: Principal | null = null): Promise<CommentView | undefined> {
  const r = (await db.selectFrom('comments as c').select(commentColumns).where('c.id', '=', id).executeTakeFirst()) as Row | undefined;
  if (!r) return undefined;
  return toView(r, await agencyMap(db, [r]), viewer, new Set());
}

// ───────────────────────────── posting ─────────────────────────────

export interface PostResult {
  comment: CommentView;
  /** Held for moderation (a guest's comment, or words of the list): not shown until approved. */
  held: boolean;
}

async function ensureTarget(tx: Executor, targetType: string, targetId: number, now: Date): Promise<void> {
  const exists = await tx
    .selectFrom('comment_targets')
    .select('target_id')
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  if (exists) return;
  const def = commentTarget(targetType);
  const scope = def?.scope ? await def.scope(tx, targetId) : { unitCode: null, agencyId: null };
  await tx
    .insertInto('comment_targets')
    .values({ target_type: targetType, target_id: targetId, unit_code: scope.unitCode, agency_id: scope.agencyId, updated_at: now })
    .onConflict((oc) => oc.columns(['target_type', 'target_id']).doNothing())
    .execute();
}

/** Marks a target as changed (its pages are read afresh). */
async function touchTarget(tx: Executor, targetType: string, targetId: number, at: Date): Promise<void> {
  await tx
    .updateTable('comment_targets')
    .set((eb) => ({ updated_at: sql<Date>`greatest(${eb.ref('updated_at')} + interval '1 millisecond', ${at})` }))
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .execute();
}

/** Adds delta to the cached counts of a target (a comment became visible: +1; stopped being visible: −1). */
async function bumpCounts(tx: Executor, c: { target_type: string; target_id: number | string; parent_id: number | string | null }, delta: number, now: Date) {
  await tx
    .updateTable('comment_targets')
    .set((eb) => ({
      visible_count: eb('visible_count', '+', delta),
      top_count: c.parent_id == null ? eb('top_count', '+', delta) : eb.ref('top_count'),
      updated_at: sql<Date>`greatest(${eb.ref('updated_at')} + interval '1 millisecond', ${now})`,
    }))
    .where('target_type', '=', c.target_type)
    .where('target_id', '=', Number(c.target_id))
    .execute();
  if (c.parent_id != null) {
    await tx
      .updateTable('comments')
      .set((eb) => ({ reply_count: eb('reply_count', '+', delta) }))
      .where('id', '=', Number(c.parent_id))
      .execute();
  }
}

async function enforceRateLimit(db: Executor, principal: Principal | null, ip: string | null, now: Date): Promise<void> {
  const s = await getSettings(db, ['comments.rateWindowMinutes', 'comments.rateMaxPerAccount', 'comments.rateMaxPerIp']);
  const minutes = Number(s['comments.rateWindowMinutes']);
  const since = new Date(now.getTime() - minutes * 60_000);
  if (principal) {
    const r = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('author_id', '=', principal.id)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(r.n) >= Number(s['comments.rateMaxPerAccount'])) throw new HttpError(429, 'comments.error.rateLimited', { minutes });
  }
  if (ip) {
    const r = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('ip', '=', ip)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(r.n) >= Number(s['comments.rateMaxPerIp'])) throw new HttpError(429, 'comments.error.rateLimited', { minutes });
  }
}

export async function isBlocked(db: Executor, userId: number): Promise<boolean> {
  return !!(await db.selectFrom('comment_blocks').select('user_id').where('user_id', '=', userId).executeTakeFirst());
}

/**
 * Posts a comment or a reply, by a signed-in person or a guest. The same rules apply on every route:
 * 5–500 characters as a person sees them, guests held for moderation (per unit), the word list,
 * blocked accounts refused, rate limits per account and per address, officials answering only as an
 * agency they hold a role at.
 */
export async function postComment(
  ctx: AppContext,
  principal: Principal | null,
  raw: CommentInput,
  meta: { ip: string | null },
): Promise<PostResult> {
  const input = parse(commentInput, raw);
  const def = commentTarget(input.targetType);
  if (!def) throw notFound('comments.error.noTarget');
  const { db } = ctx;
  const now = ctx.clock.now();
  const limits = await commentLimits(db);

  // Field errors first, all together (the form shows each beside its field).
  const errors: Record<string, string> = {};
  const params: Record<string, Record<string, string | number>> = {};
  const be = bodyError(input.body, limits);
  if (be) Object.assign(errors, be.errors), Object.assign(params, be.params);
  let guestName: string | null = null;
  let guestContact: string | null = null;
  const scope = def.scope ? await def.scope(db, input.targetId) : { unitCode: null, agencyId: null };
  const guests = await guestPolicy(db, scope.unitCode);
  if (!principal) {
    if (!guests.allowed) throw unauthorized('comments.error.signInRequired');
    guestName = (input.guestName ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
    const contact = (input.guestContact ?? '').normalize('NFC').trim();
    if (guestName.length < 2) errors.guestName = 'comments.error.guestName';
    else if (await impersonates(db, guestName)) errors.guestName = 'comments.error.impersonation';
    if (!contact) errors.guestContact = 'comments.error.guestContact';
    else if (contact.includes('@')) {
      if (!EMAIL.test(contact)) errors.guestContact = 'comments.error.guestContact';
      else guestContact = contact.toLowerCase();
    } else {
      guestContact = normalizePhone(contact);
      if (!guestContact) errors.guestContact = 'comments.error.guestContact';
    }
  }
  let section = input.section ? input.section.normalize('NFC').trim() : null;
  if (section && def.sections) {
    const sections = await def.sections(db, input.targetId);
    if (!sections.some((s) => s.key === section)) errors.section = 'comments.error.section';
  } else if (section && !def.sections) {
    section = null;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors, params);

  const title = await def.title(db, input.targetId);
  if (title === null) throw notFound('comments.error.noTarget');
  if (principal && (await isBlocked(db, principal.id))) throw forbidden('comments.error.blocked');
  const can = await def.canComment(ctx, principal, input.targetId);
  if (can !== true) throw forbidden(typeof can === 'string' ? can : 'comments.error.closed');

  let asAgencyId: number | null = null;
  if (input.asAgencyId != null) {
    if (!mayPostAsAgency(principal, input.asAgencyId)) throw forbidden('comments.error.notYourAgency');
    asAgencyId = input.asAgencyId;
  }

  let parentId: number | null = null;
  if (input.parentId != null) {
    const parent = await db
      .selectFrom('comments')
      .select(['id', 'parent_id', 'target_type', 'target_id', 'status', 'section'])
      .where('id', '=', input.parentId)
      .executeTakeFirst();
    if (!parent || parent.target_type !== input.targetType || Number(parent.target_id) !== input.targetId || parent.status !== 'visible') {
      throw notFound('comments.error.noParent');
    }
    // Replies are one level deep: a reply to a reply joins the top-level comment's thread.
    parentId = parent.parent_id == null ? Number(parent.id) : Number(parent.parent_id);
    section = parent.section;
  }

  await enforceRateLimit(db, principal, meta.ip, now);

  const body = checkComment(input.body, limits).text.replace(/\u0000/g, '');
  let status: CommentStatus = 'visible';
  let hold: HoldReason | null = null;
  if (!principal && guests.moderated) {
    status = 'pending';
    hold = 'guest';
  } else if ((await heldWords(db, body)).length) {
    status = 'pending';
    hold = 'words';
  }

  const row = await db.transaction().execute(async (tx) => {
    await ensureTarget(tx, input.targetType, input.targetId, now);
    const inserted = await tx
      .insertInto('comments')
      .values({
        target_type: input.targetType,
        target_id: input.targetId,
        section,
        parent_id: parentId,
        author_id: principal?.id ?? null,
        author_name: principal ? principal.name : guestName!,
        guest_contact: principal ? null : guestContact,
        as_agency_id: asAgencyId,
        body,
        status,
        hold_reason: hold,
        moderation_note: null,
        decision: null,
        explanation: null,
        decided_at: null,
        decided_by: null,
        ip: meta.ip,
        created_at: now,
        updated_at: now,
      })
      .returning(commentColumns.map((c) => c.slice(2)) as any)
      .executeTakeFirstOrThrow();
    const r = inserted as unknown as Row;
    if (status === 'visible') await bumpCounts(tx, r, +1, now);
    await audit(tx, {
      actor: principal ? actorOf(principal) : { id: null, label: `guest:${guestName}` },
      action: parentId ? 'comment.reply' : 'comment.create',
      entityType: 'comment',
      entityId: Number(r.id),
      after: { targetType: input.targetType, targetId: input.targetId, parentId, section, status, holdReason: hold, asAgencyId, length: checkComment(body, limits).count },
      ip: meta.ip,
      at: now,
    });
    return r;
  });
  const view = toView(row, await agencyMap(db, [row]), principal, new Set());
  return { comment: view, held: status !== 'visible' };
}

// ───────────────────────────── reading ─────────────────────────────

export interface ListOptions {
  targetType: string;
  targetId: number;
  order: 'newest' | 'oldest';
  cursor?: string | null;
  section?: string | null;
  viewer: Principal | null;
  /** Top-level comments per page (default: setting comments.pageSize). */
  limit?: number;
  /** The comments.* settings, when the caller has read them already (saves a query). */
  settings?: Record<string, number | boolean | string>;
}

export function encodeCursor(createdAt: Date, id: number): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: number } {
  const m = /^(\d{1,15})\.(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new HttpError(400, 'comments.error.cursor');
  return { at: new Date(Number(m[1])), id: Number(m[2]) };
}

/** Visible comments of a target (cached): all of them, and the top-level ones. */
export async function countComments(db: Executor, targetType: string, targetId: number): Promise<{ total: number; top: number }> {
  const r = await db
    .selectFrom('comment_targets')
    .select(['visible_count', 'top_count'])
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  return { total: Number(r?.visible_count ?? 0), top: Number(r?.top_count ?? 0) };
}

/** Counts for a list page of targets (e.g. the news list). */
export async function countCommentsMany(db: Executor, targetType: string, targetIds: number[]): Promise<Map<number, number>> {
  if (!targetIds.length) return new Map();
  const rows = await db
    .selectFrom('comment_targets')
    .select(['target_id', 'visible_count'])
    .where('target_type', '=', targetType)
    .where('target_id', 'in', targetIds)
    .execute();
  return new Map(rows.map((r) => [Number(r.target_id), Number(r.visible_count)]));
}

/**
 * One page of top-level comments (keyset pagination on (created_at, id), so the 500th page of a
 * target with 10,000 comments costs what the first does), each with its replies one level deep
 * (oldest first, at most comments.repliesShown), and — on the first page — the viewer's own comments
 * still awaiting moderation.
 */
export async function listComments(db: Executor, opts: ListOptions): Promise<CommentPage> {
  const s = opts.settings ?? (await getSettings(db, ['comments.pageSize', 'comments.repliesShown']));
  const limit = Math.max(1, Math.min(opts.limit ?? Number(s['comments.pageSize']), 200));
  const repliesShown = Number(s['comments.repliesShown']);
  if (opts.viewer) return readComments(db, opts, limit, repliesShown);
  // Anonymous readers see the same page: kept in memory while the target's version (comment_targets,
  // touched in the same transaction as every change that shows) is unchanged — one query instead of four.
  const version = await db
    .selectFrom('comment_targets')
    .select(['visible_count', 'top_count', 'updated_at'])
    .where('target_type', '=', opts.targetType)
    .where('target_id', '=', opts.targetId)
    .executeTakeFirst();
  const v = version ? `${new Date(version.updated_at).getTime()}:${version.visible_count}:${version.top_count}` : 'none';
  const key = JSON.stringify([opts.targetType, opts.targetId, opts.order, opts.cursor ?? null, opts.section ?? null, limit, repliesShown]);
  if (db !== lastDb) {
    pageCache.clear();
    lastDb = db;
  }
  const hit = pageCache.get(key);
  if (hit && hit.version === v) {
    pageCache.delete(key);
    pageCache.set(key, hit);
    return structuredClone(hit.page);
  }
  const page = await readComments(db, opts, limit, repliesShown);
  pageCache.set(key, { version: v, page: structuredClone(page) });
  if (pageCache.size > PAGE_CACHE_SIZE) pageCache.delete(pageCache.keys().next().value!);
  return page;
}

const PAGE_CACHE_SIZE = 500;
const pageCache = new Map<string, { version: string; page: CommentPage }>();
let lastDb: Executor | null = null;

async function readComments(db: Executor, opts: ListOptions, limit: number, repliesShown: number): Promise<CommentPage> {
  const desc = opts.order !== 'oldest';
  let q = db
    .selectFrom('comments as c')
    .select(commentColumns)
    .where('c.target_type', '=', opts.targetType)
    .where('c.target_id', '=', opts.targetId)
    .where('c.parent_id', 'is', null)
    .where('c.status', '=', 'visible');
  if (opts.section) q = q.where('c.section', '=', opts.section);
  if (opts.cursor) {
    const k = decodeCursor(opts.cursor);
    q = desc
      ? q.where(sql<boolean>`(c.created_at, c.id) < (${k.at}, ${k.id})`)
      : q.where(sql<boolean>`(c.created_at, c.id) > (${k.at}, ${k.id})`);
  }
  const dir = desc ? 'desc' : 'asc';
  const rows = (await q.orderBy('c.created_at', dir).orderBy('c.id', dir).limit(limit + 1).execute()) as Row[];
  const more = rows.length > limit;
  const page = rows.slice(0, limit);

  let own: Row[] = [];
  if (opts.viewer && !opts.cursor) {
    let oq = db
      .selectFrom('comments as c')
      .select(commentColumns)
      .where('c.target_type', '=', opts.targetType)
      .where('c.target_id', '=', opts.targetId)
      .where('c.author_id', '=', opts.viewer.id)
      .where('c.status', '=', 'pending');
    if (opts.section) oq = oq.where('c.section', '=', opts.section);
    own = (await oq.orderBy('c.created_at', 'desc').limit(20).execute()) as Row[];
  }

  const parentIds = page.map((r) => Number(r.id));
  let replies: Row[] = [];
  if (parentIds.length) {
    const ranked = db
      .selectFrom('comments as c')
      .select(commentColumns)
      .select(sql<number>`row_number() over (partition by c.parent_id order by c.created_at, c.id)`.as('rn'))
      .where('c.parent_id', 'in', parentIds)
      .where('c.status', '=', 'visible')
      .as('r');
    replies = (await db.selectFrom(ranked).selectAll().where('r.rn', '<=', repliesShown).orderBy('r.created_at').orderBy('r.id').execute()) as unknown as Row[];
  }
  const all = [...page, ...own, ...replies];
  const agencies = await agencyMap(db, all);
  let reported = new Set<number>();
  if (opts.viewer && all.length) {
    const rr = await db
      .selectFrom('comment_reports')
      .select('comment_id')
      .where('user_id', '=', opts.viewer.id)
      .where('comment_id', 'in', all.map((r) => Number(r.id)))
      .execute();
    reported = new Set(rr.map((r) => Number(r.comment_id)));
  }
  const byId = new Map<number, CommentView>();
  const items = page.map((r) => {
    const v = toView(r, agencies, opts.viewer, reported);
    byId.set(v.id, v);
    return v;
  });
  const ownViews = own.map((r) => toView(r, agencies, opts.viewer, reported));
  const topOwn: CommentView[] = [];
  for (const v of ownViews) {
    if (v.parentId != null && byId.has(v.parentId)) byId.get(v.parentId)!.replies.push(v);
    else if (v.parentId == null) topOwn.push(v);
  }
  for (const r of replies) {
    const v = toView(r, agencies, opts.viewer, reported);
    byId.get(v.parentId!)?.replies.push(v);
  }
  for (const v of byId.values()) v.replies.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  const counts = await countComments(db, opts.targetType, opts.targetId);
  const last = page[page.length - 1];
  return {
    items: [...topOwn, ...items],
    nextCursor: more && last ? encodeCursor(new Date(last.created_at), Number(last.id)) : null,
    total: counts.total,
    topTotal: counts.top,
  };
}

/** Every visible comment of a target with its decision, oldest first (the consultation's synthesis report). */
export async function allComments(db: Executor, targetType: string, targetId: number): Promise<CommentView[]> {
  const rows = (await db
    .selectFrom('comments as c')
    .select(commentColumns)
    .where('c.target_type', '=', targetType)
    .where('c.target_id', '=', targetId)
    .where('c.status', '=', 'visible')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute()) as Row[];
  const agencies = await agencyMap(db, rows);
  return rows.map((r) => toView(r, agencies, null, new Set()));
}

// ───────────────────────────── consultations ─────────────────────────────

/**
 * Records how the agency took a comment into account. The caller (the consultation module) checks
 * who may, and passes its transaction; an explanation is required unless the comment was accepted.
 */
export async function markComment(
  tx: Executor,
  actor: AuditActor,
  commentId: number,
  raw: { decision: Decision; explanation?: string | null },
  at: Date = new Date(),
): Promise<void> {
  const input = parse(markInput, raw);
  const explanation = input.explanation ? input.explanation.normalize('NFC').trim() : null;
  if (input.decision !== 'accepted' && !explanation) throw new ValidationError({ explanation: 'comments.error.explanationRequired' });
  const before = await tx.selectFrom('comments').select(['decision', 'explanation', 'status']).where('id', '=', commentId).executeTakeFirst();
  if (!before) throw notFound('comments.error.noComment');
  const row = await tx
    .updateTable('comments')
    .set({ decision: input.decision, explanation, decided_at: at, decided_by: actor.id, updated_at: at })
    .where('id', '=', commentId)
    .returning(['target_type', 'target_id'])
    .executeTakeFirstOrThrow();
  await touchTarget(tx, row.target_type, Number(row.target_id), at);
  await audit(tx, {
    actor,
    action: 'comment.mark',
    entityType: 'comment',
    entityId: commentId,
    before: { decision: before.decision, explanation: before.explanation },
    after: { decision: input.decision, explanation },
    at,
  });
}

// ───────────────────────────── reports ─────────────────────────────

/** A signed-in person reports a comment (once); enough reports hide it until a moderator decides. */
export async function reportComment(
  ctx: AppContext,
  principal: Principal | null,
  commentId: number,
  raw: { reason: ReportReason | string },
  meta: { ip: string | null } = { ip: null },
): Promise<{ hidden: boolean }> {
  if (!principal) throw unauthorized('comments.error.signInToReport');
  const { reason } = parse(reportInput, raw);
  const now = ctx.clock.now();
  const threshold = Number(await getSetting(ctx.db, 'comments.autoHideReports'));
  return ctx.db.transaction().execute(async (tx) => {
    const c = await tx
      .selectFrom('comments')
      .select(['id', 'status', 'author_id', 'report_count', 'target_type', 'target_id', 'parent_id'])
      .where('id', '=', commentId)
      .forUpdate()
      .executeTakeFirst();
    if (!c || c.status !== 'visible') throw notFound('comments.error.noComment');
    if (c.author_id != null && Number(c.author_id) === principal.id) throw new HttpError(409, 'comments.error.reportOwn');
    const ins = await tx
      .insertInto('comment_reports')
      .values({ comment_id: commentId, user_id: principal.id, reason, created_at: now })
      .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) throw new HttpError(409, 'comments.error.alreadyReported');
    const count = Number(c.report_count) + 1;
    const hide = count >= threshold;
    await tx
      .updateTable('comments')
      .set(hide ? { report_count: count, status: 'hidden', hold_reason: 'reports', updated_at: now } : { report_count: count, updated_at: now })
      .where('id', '=', commentId)
      .execute();
    await audit(tx, { actor: actorOf(principal), action: 'comment.report', entityType: 'comment', entityId: commentId, after: { reason, reports: count }, ip: meta.ip, at: now });
    if (hide) {
      await bumpCounts(tx, c, -1, now);
      await audit(tx, {
        actor: { id: null, label: 'system' },
        action: 'comment.autoHide',
        entityType: 'comment',
        entityId: commentId,
        before: { status: 'visible' },
        after: { status: 'hidden', reports: count, threshold },
        at: now,
      });
    }
    return { hidden: hide };
  });
}

// ───────────────────────────── moderation ─────────────────────────────

async function canModerateComment(db: Executor, p: Principal | null, c: { target_type: string; target_id: number | string }): Promise<boolean> {
  const m = moderatedAgencies(p);
  if (m === 'all') return true;
  if (!m.length) return false;
  const t = await db
    .selectFrom('comment_targets')
    .select('agency_id')
    .where('target_type', '=', c.target_type)
    .where('target_id', '=', Number(c.target_id))
    .executeTakeFirst();
  return mayModerateAt(p, t?.agency_id);
}

/** Approve a held comment, hide one (with a reason), or restore a hidden one (with a reason). */
export async function moderateComment(
  ctx: AppContext,
  principal: Principal | null,
  commentId: number,
  action: ModerationAction,
  raw: { reason?: string | null } = {},
  meta: { ip: string | null } = { ip: null },
): Promise<CommentStatus> {
  if (!principal) throw unauthorized();
  const reason = action === 'approve' && !raw.reason ? null : parse(moderationInput, { reason: raw.reason ?? '' }).reason;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await tx
      .selectFrom('comments')
      .select(['id', 'status', 'hold_reason', 'target_type', 'target_id', 'parent_id', 'moderation_note'])
      .where('id', '=', commentId)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw notFound('comments.error.noComment');
    if (!(await canModerateComment(tx, principal, c))) throw forbidden();
    if (!canTransition(c.status, action)) throw new HttpError(409, 'comments.error.transition');
    const to = nextState(c.status, action);
    await tx
      .updateTable('comments')
      .set({
        status: to,
        hold_reason: to === 'hidden' ? 'moderator' : null,
        moderation_note: reason,
        // A restored comment starts afresh: old reports no longer count towards hiding it again.
        ...(action === 'restore' ? { report_count: 0 } : {}),
        updated_at: now,
      })
      .where('id', '=', commentId)
      .execute();
    if (action === 'restore') await tx.deleteFrom('comment_reports').where('comment_id', '=', commentId).execute();
    if (c.status !== 'visible' && to === 'visible') await bumpCounts(tx, c, +1, now);
    if (c.status === 'visible' && to !== 'visible') await bumpCounts(tx, c, -1, now);
    await audit(tx, {
      actor: actorOf(principal),
      action: `comment.${action}`,
      entityType: 'comment',
      entityId: commentId,
      before: { status: c.status, holdReason: c.hold_reason },
      after: { status: to, reason },
      ip: meta.ip,
      at: now,
    });
    return to;
  });
}

export type QueueTab = 'pending' | 'reported' | 'hidden';

export interface QueueItem extends CommentView {
  holdReason: HoldReason | null;
  moderationNote: string | null;
  guestContact: string | null;
  ip: string | null;
  targetTitle: string;
  targetLink: string;
  reports: Array<{ reason: ReportReason; count: number }>;
  authorBlocked: boolean;
}

/** The moderation queue of a tab, newest first, limited to the targets the principal moderates. */
export async function listQueue(
  db: Executor,
  principal: Principal | null,
  opts: { tab: QueueTab; cursor?: string | null; limit?: number },
): Promise<{ items: QueueItem[]; nextCursor: string | null; counts: Record<QueueTab, number> }> {
  const scope = moderatedAgencies(principal);
  if (scope !== 'all' && !scope.length) throw forbidden();
  const limit = opts.limit ?? 30;
  const base = () => {
    let q = db.selectFrom('comments as c').innerJoin('comment_targets as t', (j) =>
      j.onRef('t.target_type', '=', 'c.target_type').onRef('t.target_id', '=', 'c.target_id'),
    );
    if (scope !== 'all') q = q.where('t.agency_id', 'in', scope);
    return q;
  };
  const tabWhere = <Q extends { where: (...a: any[]) => any }>(q: Q, tab: QueueTab): Q => {
    if (tab === 'pending') return q.where('c.status', '=', 'pending');
    if (tab === 'hidden') return q.where('c.status', '=', 'hidden');
    return q.where('c.status', '=', 'visible').where('c.report_count', '>', 0);
  };
  let q = tabWhere(base().select([...commentColumns, 'c.hold_reason', 'c.moderation_note', 'c.guest_contact', 'c.ip']), opts.tab);
  if (opts.cursor) {
    const k = decodeCursor(opts.cursor);
    q = q.where(sql<boolean>`(c.created_at, c.id) < (${k.at}, ${k.id})`);
  }
  const rows = (await q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(limit + 1).execute()) as Array<
    Row & { hold_reason: HoldReason | null; moderation_note: string | null; guest_contact: string | null; ip: string | null }
  >;
  const page = rows.slice(0, limit);
  const counts = {} as Record<QueueTab, number>;
  for (const tab of ['pending', 'reported', 'hidden'] as QueueTab[]) {
    const r = await tabWhere(base().select((eb) => eb.fn.countAll<string>().as('n')), tab).executeTakeFirstOrThrow();
    counts[tab] = Number((r as { n: string }).n);
  }
  const agencies = await agencyMap(db, page);
  const ids = page.map((r) => Number(r.id));
  const reportRows = ids.length
    ? await db
        .selectFrom('comment_reports')
        .select(['comment_id', 'reason', (eb) => eb.fn.countAll<string>().as('n')])
        .where('comment_id', 'in', ids)
        .groupBy(['comment_id', 'reason'])
        .execute()
    : [];
  const authorIds = [...new Set(page.map((r) => r.author_id).filter((x) => x != null).map(Number))];
  const blocked = authorIds.length
    ? new Set((await db.selectFrom('comment_blocks').select('user_id').where('user_id', 'in', authorIds).execute()).map((r) => Number(r.user_id)))
    : new Set<number>();
  const titles = new Map<string, string>();
  const items: QueueItem[] = [];
  for (const r of page) {
    const key = `${r.target_type}:${r.target_id}`;
    const def = commentTarget(r.target_type);
    if (!titles.has(key)) titles.set(key, (def ? await def.title(db, Number(r.target_id)) : null) ?? key);
    items.push({
      ...toView(r, agencies, principal, new Set()),
      holdReason: r.hold_reason,
      moderationNote: r.moderation_note,
      guestContact: r.guest_contact,
      ip: r.ip,
      targetTitle: titles.get(key)!,
      targetLink: def ? `${def.link(Number(r.target_id))}#binh-luan-${r.parent_id ?? r.id}` : '#',
      reports: reportRows.filter((x) => Number(x.comment_id) === Number(r.id)).map((x) => ({ reason: x.reason, count: Number(x.n) })),
      authorBlocked: r.author_id != null && blocked.has(Number(r.author_id)),
    });
  }
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at), Number(last.id)) : null, counts };
}

// ───────────────────────────── blocking ─────────────────────────────

/** Blocks the author of a comment from commenting (a moderator of that comment, with a reason). */
export async function blockAuthor(
  ctx: AppContext,
  principal: Principal | null,
  commentId: number,
  raw: { reason?: string | null },
  meta: { ip: string | null } = { ip: null },
): Promise<void> {
  if (!principal) throw unauthorized();
  const { reason } = parse(moderationInput, { reason: raw.reason ?? '' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom('comments').select(['id', 'author_id', 'author_name', 'target_type', 'target_id']).where('id', '=', commentId).executeTakeFirst();
    if (!c) throw notFound('comments.error.noComment');
    if (!(await canModerateComment(tx, principal, c))) throw forbidden();
    if (c.author_id == null) throw new HttpError(409, 'comments.error.blockGuest');
    if (Number(c.author_id) === principal.id) throw new HttpError(409, 'comments.error.blockSelf');
    const ins = await tx
      .insertInto('comment_blocks')
      .values({ user_id: Number(c.author_id), user_name: c.author_name, reason, blocked_by: principal.id, created_at: now })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .executeTakeFirst();
    if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) throw new HttpError(409, 'comments.error.alreadyBlocked');
    await audit(tx, { actor: actorOf(principal), action: 'comment.blockUser', entityType: 'user', entityId: Number(c.author_id), after: { reason, commentId }, ip: meta.ip, at: now });
  });
}

/** Blocks a user by id (administrators). */
export async function blockUser(
  ctx: AppContext,
  principal: Principal | null,
  userId: number,
  raw: { userName: string; reason?: string | null },
  meta: { ip: string | null } = { ip: null },
): Promise<void> {
  if (!isAdmin(principal)) throw forbidden();
  const { reason } = parse(moderationInput, { reason: raw.reason ?? '' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('comment_blocks')
      .values({ user_id: userId, user_name: raw.userName, reason, blocked_by: principal!.id, created_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ reason, blocked_by: principal!.id, created_at: now }))
      .execute();
    await audit(tx, { actor: actorOf(principal), action: 'comment.blockUser', entityType: 'user', entityId: userId, after: { reason }, ip: meta.ip, at: now });
  });
}

export async function unblockUser(ctx: AppContext, principal: Principal | null, userId: number, meta: { ip: string | null } = { ip: null }): Promise<void> {
  if (!principal) throw unauthorized();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const b = await tx.selectFrom('comment_blocks').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!b) throw notFound('comments.error.notBlocked');
    if (!isAdmin(principal) && Number(b.blocked_by) !== principal.id) throw forbidden();
    await tx.deleteFrom('comment_blocks').where('user_id', '=', userId).execute();
    await audit(tx, { actor: actorOf(principal), action: 'comment.unblockUser', entityType: 'user', entityId: userId, before: { reason: b.reason }, ip: meta.ip, at: now });
  });
}

export async function listBlocks(db: Executor): Promise<Array<{ userId: number; userName: string; reason: string; blockedBy: number | null; createdAt: Date }>> {
  const rows = await db.selectFrom('comment_blocks').selectAll().orderBy('created_at', 'desc').limit(500).execute();
  return rows.map((r) => ({ userId: Number(r.user_id), userName: r.user_name, reason: r.reason, blockedBy: r.blocked_by == null ? null : Number(r.blocked_by), createdAt: new Date(r.created_at) }));
}

// ───────────────────────────── word list ─────────────────────────────

export async function listWords(db: Executor): Promise<Array<{ id: number; word: string; createdAt: Date }>> {
  const rows = await db.selectFrom('moderation_words').select(['id', 'word', 'created_at']).orderBy('word').execute();
  return rows.map((r) => ({ id: r.id, word: r.word, createdAt: new Date(r.created_at) }));
}

/** Adds a word or phrase to the list that holds comments for review (administrators). */
export async function addWord(ctx: AppContext, principal: Principal | null, raw: { word: string }, meta: { ip: string | null } = { ip: null }): Promise<void> {
  if (!isAdmin(principal)) throw forbidden();
  const { word } = parse(wordInput, raw);
  const folded = fold(word).replace(/\s+/g, ' ');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const ins = await tx
      .insertInto('moderation_words')
      .values({ word, folded, created_by: principal!.id, created_at: now })
      .onConflict((oc) => oc.column('folded').doNothing())
      .executeTakeFirst();
    if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) throw new ValidationError({ word: 'comments.error.wordExists' });
    await audit(tx, { actor: actorOf(principal), action: 'comment.word.add', entityType: 'moderation_word', entityId: folded, after: { word }, ip: meta.ip, at: now });
  });
}

export async function removeWord(ctx: AppContext, principal: Principal | null, id: number, meta: { ip: string | null } = { ip: null }): Promise<void> {
  if (!isAdmin(principal)) throw forbidden();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const w = await tx.selectFrom('moderation_words').select(['word', 'folded']).where('id', '=', id).executeTakeFirst();
    if (!w) throw notFound();
    await tx.deleteFrom('moderation_words').where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(principal), action: 'comment.word.remove', entityType: 'moderation_word', entityId: w.folded, before: { word: w.word }, ip: meta.ip, at: now });
  });
}

// ───────────────────────────── per-unit settings ─────────────────────────────

export async function listUnitOverrides(db: Executor) {
  return db.selectFrom('comment_unit_settings').selectAll().orderBy('unit_code').execute();
}

/** Overrides guests' rights for one unit (null: follow the setting). Administrators. */
export async function setUnitOverride(
  ctx: AppContext,
  principal: Principal | null,
  unitCode: string,
  value: { guestAllowed: boolean | null; guestModeration: boolean | null },
  meta: { ip: string | null } = { ip: null },
): Promise<void> {
  if (!isAdmin(principal)) throw forbidden();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('comment_unit_settings').selectAll().where('unit_code', '=', unitCode).executeTakeFirst();
    if (value.guestAllowed === null && value.guestModeration === null) {
      await tx.deleteFrom('comment_unit_settings').where('unit_code', '=', unitCode).execute();
    } else {
      await tx
        .insertInto('comment_unit_settings')
        .values({ unit_code: unitCode, guest_allowed: value.guestAllowed, guest_moderation: value.guestModeration, updated_at: now })
        .onConflict((oc) => oc.column('unit_code').doUpdateSet({ guest_allowed: value.guestAllowed, guest_moderation: value.guestModeration, updated_at: now }))
        .execute();
    }
    await audit(tx, {
      actor: actorOf(principal),
      action: 'comment.unitSettings',
      entityType: 'unit',
      entityId: unitCode,
      before: before ? { guestAllowed: before.guest_allowed, guestModeration: before.guest_moderation } : null,
      after: value,
      ip: meta.ip,
      at: now,
    });
  });
}

/** Agencies the principal may answer as (any role held there). */
export async function replyAgencies(db: Executor, p: Principal | null): Promise<Array<{ id: number; name: string }>> {
  if (!p || !p.roles.length) return [];
  const m = await getAgencies(db, [...new Set(p.roles.map((g) => g.agencyId))]);
  return [...m.values()].map((a) => ({ id: a.id, name: a.name }));
}


// ───────────────────────────── demo content ─────────────────────────────

/**
 * Adds a published comment to demo content (any module's seed): the length rules apply, moderation
 * does not (the demo's comments are as if approved). Returns the comment's id.
 */
export async function seedComment(
  ctx: AppContext,
  input: {
    targetType: string;
    targetId: number;
    body: string;
    authorName: string;
    authorId?: number | null;
    guestContact?: string | null;
    parentId?: number | null;
    asAgencyId?: number | null;
    section?: string | null;
    at: Date;
  },
): Promise<number> {
  const limits = await commentLimits(ctx.db);
  const be = bodyError(input.body, limits);
  if (be) throw be;
  const body = checkComment(input.body, limits).text;
  return ctx.db.transaction().execute(async (tx) => {
    await ensureTarget(tx, input.targetType, input.targetId, input.at);
    const r = await tx
      .insertInto('comments')
      .values({
        target_type: input.targetType,
        target_id: input.targetId,
        section: input.section ?? null,
        parent_id: input.parentId ?? null,
        author_id: input.authorId ?? null,
        author_name: input.authorName,
        guest_contact: input.authorId ? null : (input.guestContact ?? 'demo@example.com'),
        as_agency_id: input.asAgencyId ?? null,
        body,
        status: 'visible',
        hold_reason: null,
        moderation_note: null,
        decision: null,
        explanation: null,
        decided_at: null,
        decided_by: null,
        ip: null,
        created_at: input.at,
        updated_at: input.at,
      })
      .returning(['id', 'target_type', 'target_id', 'parent_id'])
      .executeTakeFirstOrThrow();
    await bumpCounts(tx, r, +1, input.at);
    await audit(tx, { actor: { id: null, label: 'demo' }, action: 'comment.create', entityType: 'comment', entityId: Number(r.id), after: { targetType: input.targetType, targetId: input.targetId, status: 'visible' }, at: input.at });
    return Number(r.id);
  });
}
