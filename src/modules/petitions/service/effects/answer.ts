import type { Executor } from '../../../../platform/db/types';
import type { Principal } from '../../../../platform/access/principal';
import { HttpError } from '../../../../platform/http/errors';
import { attachFiles } from '../attachments';
import { agencyStaff } from '../notify';
import type { EffectOf } from './step';

type AnswerStatus = 'draft' | 'changes_requested' | 'approved' | 'published';

async function latestAnswer(tx: Executor, petitionId: number, statuses: AnswerStatus[]) {
  return tx
    .selectFrom('petition_answers')
    .selectAll()
    .where('petition_id', '=', petitionId)
    .where('status', 'in', statuses)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A new draft replaces the earlier unpublished ones, with its files; the agency's heads are told to review it. */
export const draftAnswer: EffectOf = async ({ tx, caller, row, data, opts, s, now, actorId }) => {
  await tx
    .updateTable('petition_answers')
    .set({ status: 'superseded' })
    .where('petition_id', '=', row.id)
    .where('status', 'in', ['draft', 'changes_requested', 'approved'])
    .execute();
  const answer = await tx
    .insertInto('petition_answers')
    .values({
      petition_id: row.id,
      text: data.answerText!,
      drafted_by: actorId,
      drafted_at: now,
      doc_no: data.docNo ?? null,
      status: 'draft',
      review_note: null,
      approved_by: null,
      approved_at: null,
      published_by: null,
      published_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const fileIds = data.attachmentIds ?? [];
  const uploads = opts.uploads ?? [];
  const max = s['petitions.attachments.maxCount'];
  if (fileIds.length + uploads.length > max) throw new HttpError(413, 'petitions.error.tooManyFiles', { max });
  const rules = { allowed: ['image', 'pdf', 'docx'] as const, earlierOfAllowedKind: false, maxMb: s['petitions.attachments.maxMb'] };
  await attachFiles(tx, { petitionId: row.id, answerId: answer.id }, caller as Principal, { fileIds, uploads }, rules, now);
  return {
    event: { answerId: answer.id, ...(data.templateId ? { templateId: data.templateId } : {}) },
    dropNote: true,
    notify: 'draft_answer',
    recipients: await agencyStaff(tx, row.agency_id, ['head']),
  };
};

/** The head sends the draft (or the approved answer) back to its author with a note. */
export const requestChanges: EffectOf = async ({ tx, row, data }) => {
  const answer = await latestAnswer(tx, row.id, ['draft', 'approved']);
  if (!answer) throw new HttpError(422, 'petitions.error.noDraft');
  await tx.updateTable('petition_answers').set({ status: 'changes_requested', review_note: data.reason ?? null }).where('id', '=', answer.id).execute();
  return { event: { answerId: answer.id }, notify: 'request_changes', recipients: authors(answer.drafted_by, row.assignee_id) };
};

/** The head approves the draft; its author and the assignee are told. */
export const approve: EffectOf = async ({ tx, row, now, actorId }) => {
  const answer = await latestAnswer(tx, row.id, ['draft']);
  if (!answer) throw new HttpError(422, 'petitions.error.noDraft');
  await tx.updateTable('petition_answers').set({ status: 'approved', approved_by: actorId, approved_at: now }).where('id', '=', answer.id).execute();
  return { event: { answerId: answer.id }, notify: 'approve', recipients: authors(answer.drafted_by, row.assignee_id) };
};

/** The approved answer becomes the petition's answer (on time or not); a general petition becomes public. */
export const publish: EffectOf = async ({ tx, row, now, today, actorId }) => {
  const answer = await latestAnswer(tx, row.id, ['approved']);
  if (!answer) throw new HttpError(422, 'petitions.error.noApprovedAnswer');
  await tx.updateTable('petition_answers').set({ status: 'published', published_by: actorId, published_at: now }).where('id', '=', answer.id).execute();
  const onTime = row.reply_due ? today <= row.reply_due : true;
  return {
    set: { answer_text: answer.text, answered_at: now, answered_on_time: onTime, ...(row.track === 'general' ? { published_at: now } : {}) },
    stepDue: null,
    event: { answerId: answer.id, onTime, ...(answer.doc_no ? { docNo: answer.doc_no } : {}) },
  };
};

function authors(draftedBy: number | null, assigneeId: number | null): number[] {
  return [draftedBy, assigneeId].filter((id): id is number => !!id);
}
