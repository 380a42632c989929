// Demo content.
import type { AppContext } from '../../../platform/context';
import { audit } from '../../../platform/audit/audit';
import { checkComment } from '../rules';
import { commentLimits, bodyError } from './checks';
import { ensureTarget, bumpCounts } from './target-rows';

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
