import type { Executor } from '../../../platform/db/types';
import { audit, SYSTEM_ACTOR } from '../../../platform/audit/audit';

/**
 * Records that a topic was on the agenda of a held conference (called by the conferences module in its own
 * transaction). Idempotent per (topic, conference); the "raised at an earlier conference and still unresolved"
 * pressing rule and the topic's kéo dài flag read it.
 */
export async function recordTopicRaised(tx: Executor, input: { topicId: number; conferenceId: number; heldOn: string; at?: Date }): Promise<void> {
  const at = input.at ?? new Date();
  const inserted = await tx
    .insertInto('consolidation_raised')
    .values({ topic_id: input.topicId, conference_id: input.conferenceId, held_on: input.heldOn, recorded_at: at })
    .onConflict((oc) => oc.columns(['topic_id', 'conference_id']).doUpdateSet({ held_on: input.heldOn }))
    .returning('topic_id')
    .executeTakeFirst();
  if (inserted) await audit(tx, { actor: SYSTEM_ACTOR, action: 'consolidation.topic.raised', entityType: 'consolidation_topic', entityId: input.topicId, after: input, at });
}
