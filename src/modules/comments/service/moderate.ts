// Moderation of one comment: approve, hide, restore.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { HttpError, forbidden, notFound, unauthorized } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { mayModerateAt, moderatedAgencies } from '../policy';
import { moderationInput } from '../schema';
import { nextState, canTransition, type CommentStatus, type ModerationAction } from '../model';
import { bumpCounts } from './target-rows';

export async function canModerateComment(db: Executor, p: Principal | null, c: { target_type: string; target_id: number | string }): Promise<boolean> {
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
