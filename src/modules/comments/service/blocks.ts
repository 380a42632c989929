// Blocking authors from commenting.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, isAdmin, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { HttpError, forbidden, notFound, unauthorized } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { moderationInput } from '../schema';
import { canModerateComment } from './moderate';

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
