import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit, SYSTEM_ACTOR, type AuditActor } from '../../../platform/audit/audit';
import { forbidden, HttpError, notFound, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { attachFile, getFilesMeta, storeUpload } from '../../../platform/files/files';
import { getAgency } from '../../directory/service';
import { follow, followers } from '../../notifications/service';
import type { Petition, PetitionState } from '../model';
import { relationOf, type VisibilityRef } from '../policy';
import { bulkAssignSchema, transitionSchema, type TransitionData } from '../schema';
import { petitionSettings, type PetitionSettings } from '../settings';
import {
  actorRoles,
  apply,
  availableActions,
  canTransition,
  missingFields,
  type ActionName,
  type ActorRole,
  type GuardValues,
  type PetitionRef,
} from '../state-machine';
import { addEvent, findRow, PETITION_COLUMNS, toPetition, todayVN, type PetitionRow } from './common';
import { dueStateOf, stepDeadline } from './deadlines';
import { agencyStaff, ENTITY, notifyPetition } from './notify';
import type { Upload } from './create';
import { forgetPublicResults } from './public-cache';

export type Caller = Principal | null | 'system';

export interface TransitionOptions {
  ip?: string | null;
  /** Files for an answer draft (images, PDF). */
  uploads?: Upload[];
  /** Demo seed only: no notifications (the story is in the past). */
  silent?: boolean;
}

/** The agencies above one (parent, grandparent…), read through the directory's cache; a cycle ends the walk. */
export async function supervisingAgencies(db: Executor, agency: { parentId: number | null } | undefined): Promise<number[]> {
  const out: number[] = [];
  let next = agency?.parentId ?? null;
  while (next !== null && !out.includes(next) && out.length < 10) {
    out.push(next);
    next = (await getAgency(db, next))?.parentId ?? null;
  }
  return out;
}

/** What the state machine and the visibility rules need of a petition row. */
export async function refOf(db: Executor, row: PetitionRow): Promise<PetitionRef & VisibilityRef> {
  const agency = await getAgency(db, row.agency_id);
  const agencyUnit = agency ? { code: agency.unitCode, provinceCode: agency.provinceCode } : { code: row.unit_code, provinceCode: row.province_code };
  return {
    enteredAgencyId: row.entered_agency_id,
    supervisingAgencies: await supervisingAgencies(db, agency),
    status: row.status,
    track: row.track,
    agencyId: row.agency_id,
    petitionerId: row.petitioner_id,
    agencyUnit,
    visibility: row.visibility,
    publishedAt: row.published_at,
    confidential: row.confidential,
    unit: { code: row.unit_code, provinceCode: row.province_code },
  };
}

/** Time windows and limits of the transition table, evaluated now. */
export function guardsFor(row: PetitionRow, s: PetitionSettings, now: Date): GuardValues {
  const base = row.answered_at ?? row.closed_at;
  const windowEnd = base ? base.getTime() + s['petitions.reopenWindowDays'] * 86_400_000 : 0;
  return {
    reopenWindowOpen: !!base && now.getTime() <= windowEnd,
    extensionsLeft: row.extension_count < s['petitions.maxExtensions'],
    notRated: row.rating === null,
  };
}

/** Whether a rating counts as satisfied (above the setting's "dissatisfied at most" score); nothing without a score. */
export function ratingGuards(score: number | undefined, s: PetitionSettings): GuardValues {
  if (score === undefined) return {};
  const satisfied = score > s['petitions.rating.dissatisfiedAtMost'];
  return { satisfied, dissatisfied: !satisfied };
}

/** The actions the caller may run on the petition now (for pages: which buttons to show). */
export async function actionsFor(db: Executor, caller: Caller, row: PetitionRow, now: Date): Promise<ActionName[]> {
  const ref = await refOf(db, row);
  const s = await petitionSettings(db);
  return availableActions(ref, actorRoles(ref, caller), guardsFor(row, s, now));
}

function refuse(decision: Exclude<ReturnType<typeof canTransition>, { ok: true }>, action: ActionName, status: PetitionState): never {
  switch (decision.reason) {
    case 'state':
      throw new HttpError(422, 'petitions.error.actionNotAllowed', { action: `petitions.action.${action}`, status: `petitions.status.${status}` }, { allowedActions: decision.allowed });
    case 'role':
      throw forbidden('petitions.error.roleNotAllowed');
    case 'guard':
      throw new HttpError(422, `petitions.error.guard.${decision.guard}`);
    case 'track':
      throw new HttpError(422, 'petitions.error.trackNotAllowed');
  }
}

/**
 * Runs one transition of the table on a locked row, inside the caller's transaction: checks, state change,
 * deadlines, answer rows, timeline event, audit, follows and notifications.
 */
export async function runTransition(
  tx: Executor,
  ctx: AppContext,
  caller: Caller,
  row: PetitionRow,
  data: TransitionData,
  opts: TransitionOptions = {},
): Promise<Petition> {
  const now = ctx.clock.now();
  const today = todayVN(ctx);
  const s = await petitionSettings(tx);
  const ref = await refOf(tx, row);
  if (caller !== 'system') {
    if (!caller) throw unauthorized();
    if (!relationOf(caller, ref)) throw notFound();
  }
  const roles: Set<ActorRole> = actorRoles(ref, caller);
  const action = data.action;
  const decision = canTransition(ref, roles, action, { ...guardsFor(row, s, now), ...ratingGuards(data.score, s) });
  if (!decision.ok) refuse(decision, action, row.status);
  const missing = missingFields(decision.rule, data);
  if (missing.length) throw new ValidationError(Object.fromEntries(missing.map((f) => [f, 'validation.required'])));

  const actor: AuditActor = caller === 'system' ? SYSTEM_ACTOR : actorOf(caller);
  const actorId = caller === 'system' ? null : caller!.id;
  const patch = apply(ref, action, decision.to);
  const before = toPetition(row);
  const agency = await getAgency(tx, row.agency_id);
  const set: Record<string, unknown> = { status: patch.status, updated_at: now };
  const eventData: Record<string, unknown> = { agencyId: row.agency_id, agencyName: agency?.name ?? null };
  let note: string | null = data.reason ?? data.note ?? null;
  let notifyEvent: string | null = decision.rule.public ? action : null;
  const extraRecipients: number[] = [];
  const params: Record<string, string | number> = { agency: agency?.name ?? '' };
  if (data.reason) params.reason = data.reason;

  if (patch.forwardCountDelta) set.forward_count = row.forward_count + patch.forwardCountDelta;
  if (patch.extensionCountDelta) set.extension_count = row.extension_count + patch.extensionCountDelta;
  if (patch.reopenCountDelta) set.reopen_count = row.reopen_count + patch.reopenCountDelta;
  if (patch.clearAssignee) set.assignee_id = null;

  let newStepDue: string | null | undefined; // undefined: unchanged
  const heads = () => agencyStaff(tx, row.agency_id, ['head']);

  switch (action) {
    case 'receive': {
      set.received_at = now;
      if (data.receiptNo) set.receipt_no = data.receiptNo;
      if (row.track === 'legal') {
        const resolve = await stepDeadline(ctx, s, row.kind, 'reply', now);
        set.reply_due = resolve;
        newStepDue = resolve;
      } else {
        newStepDue = row.reply_due ?? (await stepDeadline(ctx, s, row.kind, 'reply', now));
        set.reply_due = newStepDue;
      }
      eventData.receiptNo = data.receiptNo ?? null;
      break;
    }
    case 'direct': {
      let directedAgencyName: string | null = null;
      if (data.directedAgencyId) {
        const a = await getAgency(tx, data.directedAgencyId);
        if (!a) throw new ValidationError({ directedAgencyId: 'petitions.error.agency' });
        set.directed_agency_id = a.id;
        directedAgencyName = a.name;
      }
      set.directed_to = data.directedTo;
      set.answered_at = now;
      set.answered_on_time = row.reply_due ? today <= row.reply_due : true;
      newStepDue = null;
      if (data.docNo) eventData.docNo = data.docNo;
      eventData.directedTo = data.directedTo;
      eventData.directedAgencyId = data.directedAgencyId ?? null;
      eventData.directedAgencyName = directedAgencyName;
      params.directedTo = data.directedTo!;
      break;
    }
    case 'forward': {
      const target = await getAgency(tx, data.targetAgencyId!);
      if (!target || !target.active) throw new ValidationError({ targetAgencyId: 'petitions.error.agency' });
      if (target.id === row.agency_id) throw new ValidationError({ targetAgencyId: 'petitions.error.sameAgency' });
      set.agency_id = target.id;
      newStepDue = await stepDeadline(ctx, s, row.kind, 'intake', now);
      set.reply_due = row.track === 'general' ? await stepDeadline(ctx, s, row.kind, 'reply', now) : null;
      set.received_at = null;
      eventData.fromAgencyId = row.agency_id;
      eventData.fromAgencyName = agency?.name ?? null;
      eventData.toAgencyId = target.id;
      eventData.toAgencyName = target.name;
      eventData.agencyId = target.id;
      eventData.agencyName = target.name;
      if (data.docNo) eventData.docNo = data.docNo;
      params.target = target.name;
      extraRecipients.push(...(await agencyStaff(tx, target.id, ['officer', 'head'])));
      break;
    }
    case 'assign': {
      const assignee = data.assigneeId!;
      const staff = await agencyStaff(tx, row.agency_id, ['officer', 'head']);
      if (!staff.includes(assignee)) throw new ValidationError({ assigneeId: 'petitions.error.assigneeNotInAgency' });
      set.assignee_id = assignee;
      if (row.status === 'reopened') {
        set.received_at = now;
        newStepDue = row.reply_due;
      }
      eventData.assigneeId = assignee;
      await follow(tx, assignee, ENTITY, row.id);
      // The assignee gets their own notification; the petitioner sees "assigned to a handling officer".
      extraRecipients.push(assignee);
      break;
    }
    case 'draft_answer': {
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
      await attachToAnswer(tx, ctx, row.id, answer.id, caller as Principal, data.attachmentIds ?? [], opts.uploads ?? [], s, now);
      eventData.answerId = answer.id;
      if (data.templateId) eventData.templateId = data.templateId;
      note = null;
      notifyEvent = 'draft_answer';
      extraRecipients.push(...(await heads()));
      break;
    }
    case 'request_changes': {
      const answer = await latestAnswer(tx, row.id, ['draft', 'approved']);
      if (!answer) throw new HttpError(422, 'petitions.error.noDraft');
      await tx.updateTable('petition_answers').set({ status: 'changes_requested', review_note: data.reason ?? null }).where('id', '=', answer.id).execute();
      eventData.answerId = answer.id;
      notifyEvent = 'request_changes';
      if (answer.drafted_by) extraRecipients.push(answer.drafted_by);
      if (row.assignee_id) extraRecipients.push(row.assignee_id);
      break;
    }
    case 'approve': {
      const answer = await latestAnswer(tx, row.id, ['draft']);
      if (!answer) throw new HttpError(422, 'petitions.error.noDraft');
      await tx.updateTable('petition_answers').set({ status: 'approved', approved_by: actorId, approved_at: now }).where('id', '=', answer.id).execute();
      eventData.answerId = answer.id;
      notifyEvent = 'approve';
      if (answer.drafted_by) extraRecipients.push(answer.drafted_by);
      if (row.assignee_id) extraRecipients.push(row.assignee_id);
      break;
    }
    case 'publish': {
      const answer = await latestAnswer(tx, row.id, ['approved']);
      if (!answer) throw new HttpError(422, 'petitions.error.noApprovedAnswer');
      await tx.updateTable('petition_answers').set({ status: 'published', published_by: actorId, published_at: now }).where('id', '=', answer.id).execute();
      set.answer_text = answer.text;
      set.answered_at = now;
      set.answered_on_time = row.reply_due ? today <= row.reply_due : true;
      if (row.track === 'general') set.published_at = now;
      newStepDue = null;
      eventData.answerId = answer.id;
      eventData.onTime = set.answered_on_time;
      if (answer.doc_no) eventData.docNo = answer.doc_no;
      break;
    }
    case 'rate': {
      set.rating = data.score;
      set.rating_comment = data.comment ?? null;
      set.rated_at = now;
      if (patch.status === 'closed') set.closed_at = now;
      eventData.score = data.score;
      params.score = data.score!;
      note = null;
      if (row.assignee_id) extraRecipients.push(row.assignee_id);
      extraRecipients.push(...(await heads()));
      break;
    }
    case 'close': {
      set.closed_at = now;
      eventData.automatic = caller === 'system';
      break;
    }
    case 'reopen': {
      set.reply_due = await stepDeadline(ctx, s, row.kind, 'reply', now);
      newStepDue = await stepDeadline(ctx, s, row.kind, 'intake', now);
      set.received_at = null;
      set.closed_at = null;
      set.rating = null;
      set.rating_comment = null;
      set.rated_at = null;
      set.answered_on_time = null;
      eventData.previousRating = row.rating;
      if (row.reopen_count + 1 >= s['petitions.keoDai.repeatCount'] && !row.keo_dai) {
        set.keo_dai = true;
        eventData.keoDai = true;
      }
      if (row.assignee_id) extraRecipients.push(row.assignee_id);
      extraRecipients.push(...(await agencyStaff(tx, row.agency_id, ['officer', 'head'])));
      break;
    }
    case 'merge': {
      const target = await findRow(tx, data.targetPetitionId!, { forUpdate: true });
      if (!target || target.id === row.id) throw new ValidationError({ targetPetitionId: 'petitions.error.mergeTarget' });
      if (['merged', 'withdrawn'].includes(target.status) || target.track !== row.track) {
        throw new ValidationError({ targetPetitionId: 'petitions.error.mergeTarget' });
      }
      if (caller !== 'system' && !relationOf(caller, await refOf(tx, target))) throw new ValidationError({ targetPetitionId: 'petitions.error.mergeTarget' });
      set.merged_into_id = target.id;
      set.closed_at = now;
      newStepDue = null;
      eventData.targetId = target.id;
      eventData.targetCode = target.code;
      params.target = target.code;
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
      break;
    }
    case 'withdraw': {
      set.closed_at = now;
      newStepDue = null;
      if (row.assignee_id) extraRecipients.push(row.assignee_id);
      extraRecipients.push(...(await agencyStaff(tx, row.agency_id, ['officer', 'head'])));
      break;
    }
    case 'extend': {
      const days = data.days ?? Number(s[`petitions.due.extend.${row.track === 'legal' ? row.kind : 'general'}`]);
      const from = row.reply_due ?? today;
      const newReply = await stepDeadline(ctx, s, row.kind, 'extend', from, days);
      set.reply_due = newReply;
      newStepDue = row.step_due && row.reply_due && row.step_due < row.reply_due ? row.step_due : newReply;
      eventData.days = days;
      eventData.previousDue = row.reply_due;
      eventData.newDue = newReply;
      params.due = newReply.split('-').reverse().join('/');
      break;
    }
    case 'note': {
      notifyEvent = null;
      break;
    }
  }

  if (patch.stopsDeadline) newStepDue = null;
  if (newStepDue !== undefined) {
    set.step_due = newStepDue;
    set.escalation_level = 0;
    set.due_state = await dueStateOf(ctx, today, newStepDue, s['petitions.dueSoonDays']);
  }

  const updated = await tx.updateTable('petitions').set(set as any).where('id', '=', row.id).returning(PETITION_COLUMNS).executeTakeFirstOrThrow();
  const after = toPetition(updated);
  await addEvent(tx, {
    petitionId: row.id,
    type: action,
    from: row.status,
    to: patch.status,
    actor,
    public: decision.rule.public,
    note,
    data: eventData,
    at: now,
  });

  const recipients = new Set<number>(extraRecipients);
  if (decision.rule.public && !opts.silent) for (const uid of await followers(tx, ENTITY, row.id)) recipients.add(uid);
  if (notifyEvent && !opts.silent) {
    await notifyPetition(tx, after, notifyEvent, [...recipients], { actorId, params, at: now });
  }
  // Last: the audit chain's lock is held from here to commit.
  await audit(tx, {
    actor,
    action: `petition.${action}`,
    entityType: ENTITY,
    entityId: row.id,
    before: diff(before, after, 'before'),
    after: { ...diff(before, after, 'after'), note, data: eventData },
    ip: opts.ip ?? null,
    at: now,
  });
  return after;
}

/** The fields that changed, for the audit trail. */
function diff(a: Petition, b: Petition, side: 'before' | 'after'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(b) as (keyof Petition)[]) {
    if (k === 'updatedAt') continue;
    const x = a[k] instanceof Date ? (a[k] as Date).toISOString() : a[k];
    const y = b[k] instanceof Date ? (b[k] as Date).toISOString() : b[k];
    if (x !== y) out[k] = side === 'before' ? a[k] : b[k];
  }
  return out;
}

async function latestAnswer(tx: Executor, petitionId: number, statuses: Array<'draft' | 'changes_requested' | 'approved' | 'published'>) {
  return tx
    .selectFrom('petition_answers')
    .selectAll()
    .where('petition_id', '=', petitionId)
    .where('status', 'in', statuses)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function attachToAnswer(
  tx: Executor,
  _ctx: AppContext,
  petitionId: number,
  answerId: number,
  principal: Principal,
  fileIds: string[],
  uploads: Upload[],
  s: PetitionSettings,
  now: Date,
): Promise<void> {
  if (fileIds.length + uploads.length > s['petitions.attachments.maxCount']) {
    throw new HttpError(413, 'petitions.error.tooManyFiles', { max: s['petitions.attachments.maxCount'] });
  }
  const files: Array<{ id: string; filename: string; kind: string; size: number }> = [];
  if (fileIds.length) {
    const metas = await getFilesMeta(tx, fileIds);
    for (const id of fileIds) {
      const m = metas.find((x) => x.id === id);
      if (!m || m.createdBy !== principal.id || m.entityType !== null) throw new ValidationError({ attachmentIds: 'petitions.error.attachment' });
      files.push({ id: m.id, filename: m.filename, kind: m.kind, size: m.size });
    }
  }
  for (const u of uploads) {
    const f = await storeUpload(tx, {
      filename: u.filename,
      data: u.data,
      declaredType: u.declaredType,
      allowed: ['image', 'pdf', 'docx'],
      maxBytes: s['petitions.attachments.maxMb'] * 1024 * 1024,
      createdBy: principal.id,
      at: now,
    });
    files.push({ id: f.id, filename: f.filename, kind: f.kind, size: f.size });
  }
  for (const f of files) {
    await attachFile(tx, f.id, ENTITY, petitionId);
    await tx
      .insertInto('petition_attachments')
      .values({ petition_id: petitionId, answer_id: answerId, file_id: f.id, filename: f.filename, kind: f.kind, size: f.size, added_by: principal.id, added_at: now })
      .execute();
  }
}

/**
 * Runs an action of the transition table on a petition (by id or tracking code), in one transaction.
 * `input` is `{ action, ...fields }` (transitionSchema). Refusals: 404 when the caller may not see it;
 * 403 when their role may not; 422 with `allowedActions` when the state does not allow it, or a field is missing.
 */
export async function transition(ctx: AppContext, caller: Caller, idOrCode: number | string, input: unknown, opts: TransitionOptions = {}): Promise<Petition> {
  const data = parse(transitionSchema, input);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const row = await findRow(tx, idOrCode, { forUpdate: true });
      if (!row) throw notFound();
      return runTransition(tx, ctx, caller, row, data, opts);
    });
  } finally {
    forgetPublicResults();
  }
}

type Fields<A extends ActionName> = Omit<TransitionData, 'action'> & { action?: A };
const run =
  <A extends ActionName>(action: A) =>
  (ctx: AppContext, caller: Caller, idOrCode: number | string, fields: Partial<Fields<A>> = {}, opts: TransitionOptions = {}) =>
    transition(ctx, caller, idOrCode, { ...fields, action }, opts);

/** Named shortcuts of `transition` (same rules, same refusals). */
export const receivePetition = run('receive');
export const directPetition = run('direct');
export const forwardPetition = run('forward');
export const assignPetition = run('assign');
export const draftAnswer = run('draft_answer');
export const requestChanges = run('request_changes');
export const approveAnswer = run('approve');
export const publishAnswer = run('publish');
export const closePetition = run('close');
export const reopenPetition = run('reopen');
export const mergePetition = run('merge');
export const withdrawPetition = run('withdraw');
export const extendDeadline = run('extend');
export const addNote = run('note');

/** Rating 1–5 with a comment: only the petitioner, only when answered (closes the petition). */
export function ratePetition(ctx: AppContext, caller: Caller, idOrCode: number | string, input: { score: unknown; comment?: unknown }, opts: TransitionOptions = {}) {
  return transition(ctx, caller, idOrCode, { action: 'rate', score: input.score, comment: input.comment }, opts);
}

export interface BulkResult {
  done: Array<{ id: number; code: string }>;
  failed: Array<{ id: number; messageKey: string; status: number }>;
}

/** Assigns several petitions to one officer: each in its own transaction, so one refusal does not undo the rest. */
export async function bulkAssign(ctx: AppContext, caller: Principal | null, input: unknown, opts: TransitionOptions = {}): Promise<BulkResult> {
  const data = parse(bulkAssignSchema, input);
  const out: BulkResult = { done: [], failed: [] };
  for (const id of [...new Set(data.ids)]) {
    try {
      const p = await transition(ctx, caller, id, { action: 'assign', assigneeId: data.assigneeId }, opts);
      out.done.push({ id: p.id, code: p.code });
    } catch (e) {
      if (e instanceof HttpError) out.failed.push({ id, messageKey: e.messageKey, status: e.status });
      else if (e instanceof ValidationError) out.failed.push({ id, messageKey: Object.values(e.errors)[0] ?? 'error.validation', status: 422 });
      else throw e;
    }
  }
  return out;
}
