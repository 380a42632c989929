import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit, SYSTEM_ACTOR } from '../../../platform/audit/audit';
import { forbidden, HttpError, notFound, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { getAgency } from '../../directory/service';
import { followers } from '../../notifications/service';
import type { Petition, PetitionState } from '../model';
import { relationOf } from '../policy';
import { bulkAssignSchema, transitionSchema, type TransitionData } from '../schema';
import { petitionSettings, type PetitionSettings } from '../settings';
import { actorRoles, apply, availableActions, canTransition, missingFields, type ActionName, type GuardValues } from '../state-machine';
import { addEvent, findRow, PETITION_COLUMNS, toPetition, todayVN, type PetitionRow } from './common';
import { dueStateOf } from './deadlines';
import { EFFECTS, type Caller, type Effect, type TransitionOptions, type TransitionStep } from './effects';
import { ENTITY, notifyPetition } from './notify';
import { refOf } from './petition-ref';
import { forgetPublicResults } from './public-cache';

export type { Caller, TransitionOptions } from './effects';
export { refOf, supervisingAgencies } from './petition-ref';

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
 * Runs one transition of the table on a locked row, inside the caller's transaction: checks, the action's own
 * effect (EFFECTS: deadlines, answer rows, agency, follows), state change, timeline event, notifications, audit.
 */
export async function runTransition(
  tx: Executor,
  ctx: AppContext,
  caller: Caller,
  row: PetitionRow,
  data: TransitionData,
  opts: TransitionOptions = {},
): Promise<Petition> {
  const step = await allowedStep(tx, ctx, caller, row, data, opts);
  const effect = await EFFECTS[data.action](step);
  const { rule, patch, actor, now } = step;
  const eventData = { agencyId: row.agency_id, agencyName: step.agency?.name ?? null, ...effect.event };
  const note = effect.dropNote ? null : (data.reason ?? data.note ?? null);
  const updated = await tx
    .updateTable('petitions')
    .set((await columnsOf(step, effect)) as any)
    .where('id', '=', row.id)
    .returning(PETITION_COLUMNS)
    .executeTakeFirstOrThrow();
  const before = toPetition(row);
  const after = toPetition(updated);
  await addEvent(tx, { petitionId: row.id, type: data.action, from: row.status, to: patch.status, actor, public: rule.public, note, data: eventData, at: now });
  await notifyOf(step, effect, after);
  // Last: the audit chain's lock is held from here to commit.
  await audit(tx, {
    actor,
    action: `petition.${data.action}`,
    entityType: ENTITY,
    entityId: row.id,
    before: diff(before, after, 'before'),
    after: { ...diff(before, after, 'after'), note, data: eventData },
    ip: opts.ip ?? null,
    at: now,
  });
  return after;
}

/** The caller may see the petition, the table allows the action now, its fields are given: what the effect reads. */
async function allowedStep(tx: Executor, ctx: AppContext, caller: Caller, row: PetitionRow, data: TransitionData, opts: TransitionOptions): Promise<TransitionStep> {
  const now = ctx.clock.now();
  const s = await petitionSettings(tx);
  const ref = await refOf(tx, row);
  if (caller !== 'system') {
    if (!caller) throw unauthorized();
    if (!relationOf(caller, ref)) throw notFound();
  }
  const decision = canTransition(ref, actorRoles(ref, caller), data.action, { ...guardsFor(row, s, now), ...ratingGuards(data.score, s) });
  if (!decision.ok) refuse(decision, data.action, row.status);
  const missing = missingFields(decision.rule, data);
  if (missing.length) throw new ValidationError(Object.fromEntries(missing.map((f) => [f, 'validation.required'])));
  return {
    tx,
    ctx,
    caller,
    row,
    data,
    opts,
    s,
    now,
    today: todayVN(ctx),
    rule: decision.rule,
    patch: apply(ref, data.action, decision.to),
    agency: await getAgency(tx, row.agency_id),
    actor: caller === 'system' ? SYSTEM_ACTOR : actorOf(caller!),
    actorId: caller === 'system' ? null : caller!.id,
  };
}

/** The row's new columns: state and counters from the table's patch, the effect's own, and the step deadline. */
async function columnsOf({ ctx, row, patch, s, now, today }: TransitionStep, effect: Effect): Promise<Record<string, unknown>> {
  const set: Record<string, unknown> = { status: patch.status, updated_at: now };
  if (patch.forwardCountDelta) set.forward_count = row.forward_count + patch.forwardCountDelta;
  if (patch.extensionCountDelta) set.extension_count = row.extension_count + patch.extensionCountDelta;
  if (patch.reopenCountDelta) set.reopen_count = row.reopen_count + patch.reopenCountDelta;
  if (patch.clearAssignee) set.assignee_id = null;
  Object.assign(set, effect.set);
  const stepDue = patch.stopsDeadline ? null : effect.stepDue;
  if (stepDue !== undefined) {
    Object.assign(set, { step_due: stepDue, escalation_level: 0, due_state: await dueStateOf(ctx, today, stepDue, s['petitions.dueSoonDays']) });
  }
  return set;
}

/** The followers (public actions) and the effect's recipients are told, unless the effect says nothing is sent. */
async function notifyOf({ tx, row, data, rule, opts, agency, actorId, now }: TransitionStep, effect: Effect, after: Petition): Promise<void> {
  const event = effect.notify !== undefined ? effect.notify : rule.public ? data.action : null;
  if (!event || opts.silent) return;
  const recipients = new Set<number>(effect.recipients ?? []);
  if (rule.public) for (const uid of await followers(tx, ENTITY, row.id)) recipients.add(uid);
  const params = { agency: agency?.name ?? '', ...(data.reason ? { reason: data.reason } : {}), ...effect.params };
  await notifyPetition(tx, after, event, [...recipients], { actorId, params, at: now });
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
