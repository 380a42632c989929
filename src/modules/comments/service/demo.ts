// Demo content.
import type { AppContext } from '../../../platform/context';
import { audit } from '../../../platform/audit/audit';
import { checkComment } from '../rules';
import { commentLimits, bodyError } from './checks';
import { ensureTarget, bumpCounts } from './target-rows';
import { newCommentRow } from './rows';

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
      .values(
        newCommentRow({
          targetType: input.targetType,
          targetId: input.targetId,
          section: input.section ?? null,
          parentId: input.parentId ?? null,
          authorId: input.authorId ?? null,
          authorName: input.authorName,
          guestContact: input.authorId ? null : (input.guestContact ?? 'demo@example.com'),
          asAgencyId: input.asAgencyId ?? null,
          body,
          status: 'visible',
          holdReason: null,
          ip: null,
          at: input.at,
        }),
      )
      .returning(['id', 'target_type', 'target_id', 'parent_id'])
      .executeTakeFirstOrThrow();
    await bumpCounts(tx, r, +1, input.at);
    await audit(tx, { actor: { id: null, label: 'demo' }, action: 'comment.create', entityType: 'comment', entityId: Number(r.id), after: { targetType: input.targetType, targetId: input.targetId, status: 'visible' }, at: input.at });
    return Number(r.id);
  });
}
