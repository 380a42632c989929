// Consultations: how the agency took a comment into account.
import type { Executor } from '../../../platform/db/types';
import { audit, type AuditActor } from '../../../platform/audit/audit';
import { ValidationError, notFound } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { markInput } from '../schema';
import type { Decision } from '../model';
import { touchTarget } from './target-rows';

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
