import { ValidationError } from '../../../../platform/http/errors';
import { getAgency } from '../../../directory/service';
import { follow } from '../../../notifications/service';
import { stepDeadline } from '../deadlines';
import { agencyStaff, ENTITY } from '../notify';
import type { EffectOf } from './step';

/** Thụ lý: the agency accepts it; the reply deadline starts (legal track) or stays as set at submission. */
export const receive: EffectOf = async ({ ctx, s, row, data, now }) => {
  const replyDue = row.track === 'legal' ? await stepDeadline(ctx, s, row.kind, 'reply', now) : (row.reply_due ?? (await stepDeadline(ctx, s, row.kind, 'reply', now)));
  return {
    set: { received_at: now, ...(data.receiptNo ? { receipt_no: data.receiptNo } : {}), reply_due: replyDue },
    stepDue: replyDue,
    event: { receiptNo: data.receiptNo ?? null },
  };
};

/** Hướng dẫn: not competent; the citizen is directed to the competent body, which counts as the answer. */
export const direct: EffectOf = async ({ tx, row, data, now, today }) => {
  let directedAgencyName: string | null = null;
  const set: Record<string, unknown> = {};
  if (data.directedAgencyId) {
    const a = await getAgency(tx, data.directedAgencyId);
    if (!a) throw new ValidationError({ directedAgencyId: 'petitions.error.agency' });
    set.directed_agency_id = a.id;
    directedAgencyName = a.name;
  }
  Object.assign(set, { directed_to: data.directedTo, answered_at: now, answered_on_time: row.reply_due ? today <= row.reply_due : true });
  return {
    set,
    stepDue: null,
    event: {
      ...(data.docNo ? { docNo: data.docNo } : {}),
      directedTo: data.directedTo,
      directedAgencyId: data.directedAgencyId ?? null,
      directedAgencyName,
    },
    params: { directedTo: data.directedTo! },
  };
};

/** Chuyển đơn: to another active agency, whose staff are told; intake starts again there. */
export const forward: EffectOf = async ({ tx, ctx, s, row, data, now, agency }) => {
  const target = await getAgency(tx, data.targetAgencyId!);
  if (!target || !target.active) throw new ValidationError({ targetAgencyId: 'petitions.error.agency' });
  if (target.id === row.agency_id) throw new ValidationError({ targetAgencyId: 'petitions.error.sameAgency' });
  const stepDue = await stepDeadline(ctx, s, row.kind, 'intake', now);
  const replyDue = row.track === 'general' ? await stepDeadline(ctx, s, row.kind, 'reply', now) : null;
  return {
    set: { agency_id: target.id, reply_due: replyDue, received_at: null },
    stepDue,
    event: {
      agencyId: target.id,
      agencyName: target.name,
      fromAgencyId: row.agency_id,
      fromAgencyName: agency?.name ?? null,
      toAgencyId: target.id,
      toAgencyName: target.name,
      ...(data.docNo ? { docNo: data.docNo } : {}),
    },
    params: { target: target.name },
    recipients: await agencyStaff(tx, target.id, ['officer', 'head']),
  };
};

/** Giao xử lý: to an officer of the agency, who follows it and is told (the petitioner sees "assigned"). */
export const assign: EffectOf = async ({ tx, row, data, now }) => {
  const assignee = data.assigneeId!;
  const staff = await agencyStaff(tx, row.agency_id, ['officer', 'head']);
  if (!staff.includes(assignee)) throw new ValidationError({ assigneeId: 'petitions.error.assigneeNotInAgency' });
  await follow(tx, assignee, ENTITY, row.id);
  const reopened = row.status === 'reopened';
  return {
    set: { assignee_id: assignee, ...(reopened ? { received_at: now } : {}) },
    ...(reopened ? { stepDue: row.reply_due } : {}),
    event: { assigneeId: assignee },
    recipients: [assignee],
  };
};
