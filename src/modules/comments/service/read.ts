// Reading a target's comments: counts, pages (keyset), everything for a report.
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { getSettings } from '../../../platform/settings/settings';
import { HttpError } from '../../../platform/http/errors';
import type { CommentPage, CommentView } from '../model';
import { commentColumns, type Row, toView, agencyMap } from './rows';

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
