import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../platform/http/errors';
import { getSettings } from '../../platform/settings/settings';
import { COMMENT_SETTING_KEYS, commentLimits, getComment, guestPolicy, isBlocked, listComments, moderatedAgencies, replyAgencies } from './service';
import { commentTarget } from './targets';
import type { CommentFormState, CommentSectionData } from './views/comment-section';
import type { AppContext } from '../../platform/context';

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/**
 * Everything <CommentSection> shows for a target, read from the page's query:
 * ?order=newest|oldest, ?cursor=… (next pages), ?section=… (consultations), ?reply=ID (reply box).
 */
export async function loadCommentSection(
  req: FastifyRequest,
  targetType: string,
  targetId: number,
  query: Record<string, unknown> = {},
  form?: CommentFormState,
): Promise<CommentSectionData> {
  const ctx = commentsCtx(req);
  const def = commentTarget(targetType);
  if (!def) throw new Error(`Comment target ${targetType} is not registered`);
  const db = ctx.db;
  const viewer = req.principal ?? null;
  const order = query.order === 'oldest' ? 'oldest' : 'newest';
  const cursor = str(query.cursor);
  const sections = def.sections ? await def.sections(db, targetId) : null;
  const sectionQ = str(query.section);
  const section = sectionQ && sections?.some((s) => s.key === sectionQ) ? sectionQ : null;
  const scope = def.scope ? await def.scope(db, targetId) : { unitCode: null, agencyId: null };
  const settings = await getSettings(db, COMMENT_SETTING_KEYS);
  let page;
  try {
    page = await listComments(db, { targetType, targetId, order, cursor, section, viewer, settings });
  } catch (e) {
    // A mangled cursor in a shared link: show the first page rather than an error.
    if (e instanceof HttpError && e.messageKey === 'comments.error.cursor') page = await listComments(db, { targetType, targetId, order, section, viewer });
    else throw e;
  }
  let permission: true | string = true;
  if (viewer && (await isBlocked(db, viewer.id))) permission = 'comments.error.blocked';
  else {
    const can = await def.canComment(ctx, viewer, targetId);
    if (can !== true) permission = typeof can === 'string' ? can : 'comments.error.closed';
  }
  const replyId = Number(str(query.reply) ?? form?.values.parentId ?? NaN);
  let replyTo = null;
  if (Number.isInteger(replyId) && replyId > 0) {
    const c = await getComment(db, replyId);
    if (c && c.targetType === targetType && c.targetId === targetId && c.status === 'visible') replyTo = c;
  }
  const mods = moderatedAgencies(viewer);
  return {
    targetType,
    targetId,
    page,
    order,
    cursor,
    section,
    sections,
    limits: await commentLimits(db, settings),
    permission,
    guest: await guestPolicy(db, scope.unitCode, settings),
    agencies: await replyAgencies(db, viewer),
    replyTo,
    canModerate: mods === 'all' || (scope.agencyId != null && mods.includes(scope.agencyId)),
    // Links of the section stay on the page that shows it; after a refused post (the form page) they go to the target.
    basePath: req.method === 'GET' ? req.url.split('?')[0] : def.link(targetId),
    form,
  };
}

// The application context of each app, keyed by its HTTP server (shared by every route scope of one
// app; tests run several apps in one process).
const contexts = new WeakMap<object, AppContext>();
export function setCommentsCtx(server: object, ctx: AppContext): void {
  contexts.set(server, ctx);
}
export function commentsCtx(req: FastifyRequest): AppContext {
  const ctx = contexts.get(req.server.server);
  if (!ctx) throw new Error('comments module routes are not registered in this app');
  return ctx;
}
