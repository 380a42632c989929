import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit, type AuditActor } from '../../../platform/audit/audit';
import { conflict, forbidden, HttpError, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { attachFile, setFilePublic, storeUpload } from '../../../platform/files/files';
import { getAgency, listAgencies } from '../../directory/service';
import { followers } from '../../notifications/service';
import type { Commitment, CommitmentState } from '../model';
import { actorRoles } from '../policy';
import { canTransition, nextState, TRANSITIONS, type ActionName } from '../state-machine';
import { cancelSchema, extendSchema, findingSchema, progressSchema, transferSchema } from '../schema';
import { commitmentSettings } from '../settings';
import { addEvent, loadCommitment } from './common';
import { forgetLists } from './cache';
import { agencyStaff, ENTITY, notifyCommitment } from './notify';

export interface Upload {
  filename: string;
  data: Buffer | Uint8Array;
  declaredType?: string;
}

export interface ActOptions {
  /** Evidence (photos, documents): checked by content, size and count limits from the settings. */
  uploads?: Upload[];
  /** Demo seed only. */
  at?: Date;
  silent?: boolean;
}

interface Step {
  tx: Executor;
  c: Commitment;
  to: CommitmentState;
  who: AuditActor;
  now: Date;
}

/**
 * The frame of every change: the row locked, the action allowed in its state (409) and to the caller (403), the
 * change, an event on the timeline, the audit entry, in one transaction.
 */
async function act<T>(
  ctx: AppContext,
  actor: Principal | null,
  code: string | number,
  action: ActionName,
  opts: ActOptions,
  fn: (s: Step) => Promise<{ update?: Record<string, unknown>; after?: Record<string, unknown>; result?: T }>,
): Promise<Commitment> {
  if (!actor) throw unauthorized();
  const now = opts.at ?? ctx.clock.now();
  const changed = await ctx.db.transaction().execute(async (tx) => {
    const c = await loadCommitment(tx, ctx, code, true);
    const roles = actorRoles(actor, c);
    if (!TRANSITIONS[action].by.some((r) => roles.includes(r))) throw forbidden(`commitments.error.forbidden.${action}`);
    if (!canTransition(c.state, action)) throw conflict(action === 'verify_kept' || action === 'verify_not_kept' ? 'commitments.error.notDone' : 'commitments.error.state', { stateKey: `commitments.state.${c.state}` });
    const to = nextState(c.state, action);
    const who = actorOf(actor);
    const out = await fn({ tx, c, to, who, now });
    await tx.updateTable('commitments').set({ state: to, updated_at: now, ...(out.update ?? {}) }).where('id', '=', c.id).execute();
    await audit(tx, { actor: who, action: `commitment.${action}`, entityType: ENTITY, entityId: c.id, before: { state: c.state }, after: { state: to, ...(out.after ?? {}) }, at: now });
    return loadCommitment(tx, ctx, c.id);
  });
  forgetLists();
  return changed;
}

async function storeEvidence(ctx: AppContext, tx: Executor, actor: Principal, uploads: Upload[] | undefined, entity: string, id: number, now: Date, isPublic: boolean): Promise<string[]> {
  if (!uploads?.length) return [];
  const s = await commitmentSettings(tx);
  if (uploads.length > s['commitments.evidence.maxCount']) throw new HttpError(413, 'commitments.error.tooManyFiles', { max: s['commitments.evidence.maxCount'] });
  const ids: string[] = [];
  for (const u of uploads) {
    const f = await storeUpload(tx, { filename: u.filename, data: u.data, declaredType: u.declaredType, allowed: ['image', 'pdf', 'docx', 'xlsx'], maxBytes: s['commitments.evidence.maxMb'] * 1024 * 1024, createdBy: actor.id, at: now });
    await attachFile(tx, f.id, entity, id);
    if (isPublic) await setFilePublic(tx, f.id, true);
    ids.push(f.id);
  }
  return ids;
}

/**
 * A progress update by the responsible agency: a note, a percentage or a milestone, evidence; `done` reports it
 * done (awaiting the Front's verification). The citizens it answers and its followers are told; it is on the
 * public timeline.
 */
export async function updateProgress(ctx: AppContext, actor: Principal | null, code: string | number, input: unknown, opts: ActOptions = {}): Promise<Commitment> {
  const d = parse(progressSchema, input);
  const action: ActionName = d.done ? 'report_done' : 'progress';
  return act(ctx, actor, code, action, opts, async ({ tx, c, to, who, now }) => {
    const pct = d.done ? 100 : (d.pct ?? c.progressPct);
    const eventId = await addEvent(tx, { commitmentId: c.id, type: d.done ? 'report_done' : 'progress', from: c.state, to, public: true, actor: who, note: d.note, pct, milestone: d.milestone ?? null, at: now });
    const files = await storeEvidence(ctx, tx, actor!, opts.uploads, 'commitment_event', eventId, now, true);
    if (!opts.silent) {
      await notifyCommitment(tx, { ...c, state: to }, d.done ? 'done' : 'progress', { at: now, actorId: actor!.id, params: { pct, note: d.note } });
      if (d.done) await notifyCommitment(tx, { ...c, state: to }, 'toVerify', { at: now, recipients: await frontOfUnit(tx, c.unitCode) });
    }
    return { update: { progress_pct: pct }, after: { pct, milestone: d.milestone ?? null, files } };
  });
}

/** The Front officers of the unit (MTTQ and Ban TTND grants), told when a commitment awaits their verdict. */
async function frontOfUnit(tx: Executor, unitCode: string): Promise<number[]> {
  const ids: number[] = [];
  for (const kind of FRONT_KINDS) for (const a of await listAgencies(tx, { unitCode, kind })) ids.push(...(await agencyStaff(tx, a.id, ['front_officer'])));
  return ids;
}

/**
 * A Front supervision finding (date, method, what was found, evidence), with a verdict when the agency reported
 * it done: kept closes it; not kept reopens it with the finding attached. A verdict on a commitment not reported
 * done is refused (409).
 */
export async function recordFinding(ctx: AppContext, actor: Principal | null, code: string | number, input: unknown, opts: ActOptions = {}): Promise<Commitment> {
  const d = parse(findingSchema, input);
  const action: ActionName = d.verdict === 'kept' ? 'verify_kept' : d.verdict === 'not_kept' ? 'verify_not_kept' : 'finding';
  return act(ctx, actor, code, action, opts, async ({ tx, c, to, who, now }) => {
    const agencyId = actor!.roles.find((g) => g.role === 'front_officer' && g.unitCode === c.unitCode)!.agencyId;
    const f = await tx
      .insertInto('commitment_findings')
      .values({ commitment_id: c.id, on_date: d.onDate, method: d.method, finding: d.finding, verdict: d.verdict ?? null, agency_id: agencyId, by_id: actor!.id, by_label: who.label, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const files = await storeEvidence(ctx, tx, actor!, opts.uploads, 'commitment_finding', f.id, now, true);
    await addEvent(tx, { commitmentId: c.id, type: d.verdict ? (d.verdict === 'kept' ? 'verify_kept' : 'verify_not_kept') : 'finding', from: c.state, to, public: true, actor: who, note: d.finding, data: { findingId: f.id, method: d.method, onDate: d.onDate }, at: now });
    if (d.verdict && !opts.silent) {
      const event = d.verdict === 'kept' ? 'kept' : 'notKept';
      const staff = await agencyStaff(tx, c.agencyId, ['officer', 'head']);
      await notifyCommitment(tx, { ...c, state: to }, event, { at: now, actorId: actor!.id, recipients: [...c.citizenIds, ...staff, ...(await followersOf(tx, c.id))] });
    }
    const update = d.verdict === 'not_kept' ? { progress_pct: Math.min(c.progressPct, 90) } : {};
    return { update, after: { findingId: f.id, method: d.method, verdict: d.verdict ?? null, files } };
  });
}

const followersOf = (tx: Executor, id: number) => followers(tx, ENTITY, id);
const FRONT_KINDS = ['front', 'inspection_board'] as const;

/** The head extends the deadline, with a reason: the extension is recorded, counted and shown. */
export async function extendCommitment(ctx: AppContext, actor: Principal | null, code: string | number, input: unknown, opts: ActOptions = {}): Promise<Commitment> {
  const d = parse(extendSchema, input);
  return act(ctx, actor, code, 'extend', opts, async ({ tx, c, to, who, now }) => {
    if (d.deadline <= c.deadline) throw new ValidationError({ deadline: 'commitments.error.extendEarlier' });
    await addEvent(tx, { commitmentId: c.id, type: 'extend', from: c.state, to, public: true, actor: who, note: d.reason, data: { from: c.deadline, to: d.deadline, count: c.extensionCount + 1 }, at: now });
    if (!opts.silent) await notifyCommitment(tx, { ...c, deadline: d.deadline }, 'extended', { at: now, actorId: actor!.id, params: { reason: d.reason } });
    return { update: { deadline: d.deadline, extension_count: c.extensionCount + 1, due_state: 'ok', escalation_level: 0 }, after: { deadline: d.deadline, reason: d.reason, extensionCount: c.extensionCount + 1 } };
  });
}

/** The head transfers it to another agency, with a reason: it starts again there (open), the transfer counted. */
export async function transferCommitment(ctx: AppContext, actor: Principal | null, code: string | number, input: unknown, opts: ActOptions = {}): Promise<Commitment> {
  const d = parse(transferSchema, input);
  return act(ctx, actor, code, 'transfer', opts, async ({ tx, c, to, who, now }) => {
    const target = await getAgency(tx, d.agencyId);
    if (!target?.active || target.id === c.agencyId) throw new ValidationError({ agencyId: 'commitments.error.transferTarget' });
    await addEvent(tx, { commitmentId: c.id, type: 'transfer', from: c.state, to, public: true, actor: who, note: d.reason, data: { fromAgencyId: c.agencyId, toAgencyId: target.id, toAgency: target.name }, at: now });
    if (!opts.silent) {
      const staff = await agencyStaff(tx, target.id, ['officer', 'head']);
      await notifyCommitment(tx, { ...c, state: to }, 'transferred', { at: now, actorId: actor!.id, recipients: [...c.citizenIds, ...staff], params: { agency: target.name } });
    }
    return { update: { agency_id: target.id, officer_id: null, transferred_to_id: target.id, transfer_count: c.transferCount + 1 }, after: { agencyId: target.id, reason: d.reason } };
  });
}

/** Only a head cancels, and only with a reason (shown on the public page). */
export async function cancelCommitment(ctx: AppContext, actor: Principal | null, code: string | number, input: unknown, opts: ActOptions = {}): Promise<Commitment> {
  const d = parse(cancelSchema, input);
  return act(ctx, actor, code, 'cancel', opts, async ({ tx, c, to, who, now }) => {
    await addEvent(tx, { commitmentId: c.id, type: 'cancel', from: c.state, to, public: true, actor: who, note: d.reason, at: now });
    if (!opts.silent) await notifyCommitment(tx, { ...c, state: to }, 'cancelled', { at: now, actorId: actor!.id, params: { reason: d.reason } });
    return { update: { cancel_reason: d.reason }, after: { reason: d.reason } };
  });
}

/** Marks the commitment started (open → in progress) without a note. */
export async function startCommitment(ctx: AppContext, actor: Principal | null, code: string | number, opts: ActOptions = {}): Promise<Commitment> {
  return act(ctx, actor, code, 'start', opts, async ({ tx, c, to, who, now }) => {
    await addEvent(tx, { commitmentId: c.id, type: 'start', from: c.state, to, public: true, actor: who, at: now });
    return {};
  });
}

export { act as runCommitmentAction };
