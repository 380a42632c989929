import type { Executor } from '../../../../platform/db/types';
import { ValidationError } from '../../../../platform/http/errors';
import { follow, followers } from '../../../notifications/service';
import { relationOf } from '../../policy';
import { addEvent, findRow } from '../common';
import { stepDeadline } from '../deadlines';
import { agencyStaff, ENTITY } from '../notify';
import { refOf } from '../petition-ref';
import type { EffectOf } from './step';

const handlers = (tx: Executor, agencyId: number) => agencyStaff(tx, agencyId, ['officer', 'head']);
const assigneeOf = (assigneeId: number | null) => (assigneeId ? [assigneeId] : []);

/** The petitioner's score and comment; a satisfied score closes the petition (the table decides). */
export const rate: EffectOf = async ({ tx, row, data, now, patch }) => ({
  set: { rating: data.score, rating_comment: data.comment ?? null, rated_at: now, ...(patch.status === 'closed' ? { closed_at: now } : {}) },
  event: { score: data.score },
  params: { score: data.score! },
  dropNote: true,
  recipients: [...assigneeOf(row.assignee_id), ...(await agencyStaff(tx, row.agency_id, ['head']))],
});

export const close: EffectOf = async ({ caller, now }) => ({
  set: { closed_at: now },
  event: { automatic: caller === 'system' },
});

/** Mở lại: intake and the reply period start anew, the rating is cleared; repeated often, it is kéo dài. */
export const reopen: EffectOf = async ({ tx, ctx, s, row, now }) => {
  const replyDue = await stepDeadline(ctx, s, row.kind, 'reply', now);
  const stepDue = await stepDeadline(ctx, s, row.kind, 'intake', now);
  const keoDai = row.reopen_count + 1 >= s['petitions.keoDai.repeatCount'] && !row.keo_dai;
  return {
    set: {
      reply_due: replyDue,
      received_at: null,
      closed_at: null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      answered_on_time: null,
      ...(keoDai ? { keo_dai: true } : {}),
    },
    stepDue,
    event: { previousRating: row.rating, ...(keoDai ? { keoDai: true } : {}) },
    recipients: [...assigneeOf(row.assignee_id), ...(await handlers(tx, row.agency_id))],
  };
};

/** Gộp đơn: into a petition the caller may see on the same track; its followers and people count go along. */
export const merge: EffectOf = async ({ tx, caller, row, data, now, actor, agency }) => {
  const target = await findRow(tx, data.targetPetitionId!, { forUpdate: true });
  const refused = () => new ValidationError({ targetPetitionId: 'petitions.error.mergeTarget' });
  if (!target || target.id === row.id) throw refused();
  if (['merged', 'withdrawn'].includes(target.status) || target.track !== row.track) throw refused();
  if (caller !== 'system' && !relationOf(caller, await refOf(tx, target))) throw refused();
  // The duplicate's followers (its petitioner first) follow the petition that goes on; its people count joins.
  for (const uid of await followers(tx, ENTITY, row.id)) await follow(tx, uid, ENTITY, target.id);
  if (row.petitioner_id) await follow(tx, row.petitioner_id, ENTITY, target.id);
  await tx
    .updateTable('petitions')
    .set({ people_count: target.people_count + row.people_count, updated_at: now })
    .where('id', '=', target.id)
    .execute();
  await addEvent(tx, {
    petitionId: target.id,
    type: 'merged_from',
    from: target.status,
    to: target.status,
    actor,
    public: true,
    data: { sourceId: row.id, sourceCode: row.code, agencyName: agency?.name ?? null },
    at: now,
  });
  return {
    set: { merged_into_id: target.id, closed_at: now },
    stepDue: null,
    event: { targetId: target.id, targetCode: target.code },
    params: { target: target.code },
  };
};

export const withdraw: EffectOf = async ({ tx, row, now }) => ({
  set: { closed_at: now },
  stepDue: null,
  recipients: [...assigneeOf(row.assignee_id), ...(await handlers(tx, row.agency_id))],
});

/** Gia hạn: the reply deadline moves by the given days (default from the settings); an earlier step deadline stays. */
export const extend: EffectOf = async ({ ctx, s, row, data, today }) => {
  const days = data.days ?? Number(s[`petitions.due.extend.${row.track === 'legal' ? row.kind : 'general'}`]);
  const newReply = await stepDeadline(ctx, s, row.kind, 'extend', row.reply_due ?? today, days);
  return {
    set: { reply_due: newReply },
    stepDue: row.step_due && row.reply_due && row.step_due < row.reply_due ? row.step_due : newReply,
    event: { days, previousDue: row.reply_due, newDue: newReply },
    params: { due: newReply.split('-').reverse().join('/') },
  };
};

/** An internal note: on the timeline for officials only, nobody notified. */
export const note: EffectOf = async () => ({ notify: null });
