// Reports by readers; enough of them hide a comment.
import type { AppContext } from '../../../platform/context';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { getSetting } from '../../../platform/settings/settings';
import { HttpError, notFound, unauthorized } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { reportInput } from '../schema';
import type { ReportReason } from '../model';
import { bumpCounts } from './target-rows';

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
