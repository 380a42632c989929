import type { AppContext } from '../../../platform/context';
import type { InsertObject } from 'kysely';
import type { Database, Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit, auditAll, type AuditEntry } from '../../../platform/audit/audit';
import { HttpError, unauthorized, ValidationError } from '../../../platform/http/errors';
import { storeUpload } from '../../../platform/files/files';
import { followAll, notifyAll } from '../../notifications/service';
import { CODE_PREFIX, type Channel, type Petition, type PetitionSource } from '../model';
import { petitionSettings } from '../settings';
import { attachFiles, type Upload } from './attachments';
import { addEvents, nextCode, PETITION_COLUMNS, toPetition, todayVN, type EventInput, type PetitionRow } from './common';
import { prepareCreate, prepareUnflagged, withFlags, type Prepared, type Unflagged } from './create-prepare';
import { dueStateOf, stepDeadline } from './deadlines';
import { agencyStaff, ENTITY, petitionNotice } from './notify';

export type { Upload } from './attachments';

export interface CreateOptions {
  /** The entry point when the citizen submits it themselves: 'web' (pages), 'api', 'open311'. Staff entry uses the input's channel. */
  channel?: Channel;
  ip?: string | null;
  /** Files sent with the form; stored (type checked by content, images re-encoded) in the same transaction. */
  uploads?: Upload[];
  /** `Idempotency-Key` of an API request and the hash of its body: a retry returns the same petition. */
  idempotency?: { key: string; requestHash: string };
  /** Demo seed only. */
  source?: PetitionSource;
  /** Demo seed only: when it was submitted (defaults to the clock). */
  at?: Date;
  skipRateLimit?: boolean;
  /**
   * Passed up by the unit's own body (a conference question for the level above): the officer may name a
   * provincial agency of their province, as routing up would. Set by other modules' services, never from a request.
   */
  passedUp?: boolean;
  /** Demo seed only: no notifications (the story is in the past). */
  silent?: boolean;
}

export interface CreateResult {
  petition: Petition;
  /** Its row as committed (to present it without reading it again). */
  row: PetitionRow;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/** Writes a prepared petition in the caller's transaction (an Idempotency-Key already used: the petition it made). */
async function insertPetition(ctx: AppContext, tx: Executor, prep: Prepared, opts: CreateOptions): Promise<CreateResult> {
  const { principal } = prep;
  if (opts.idempotency) {
    const replay = await claimIdempotencyKey(tx, principal, opts.idempotency, prep.now);
    if (replay) return replay;
  }
  const row = await tx.insertInto('petitions').values(await rowValues(ctx, prep, opts)).returning(PETITION_COLUMNS).executeTakeFirstOrThrow();
  const petition = toPetition(row);
  const attachments = await attachmentsOf(tx, prep, petition.id);
  await addEvents(tx, submissionEvents(prep, petition.id, attachments.length));
  await followAll(tx, followsOf(prep, petition.id));
  if (!opts.silent) await notifyAll(tx, noticesOf(prep, petition, await agencyStaff(tx, prep.agency.id, ['officer', 'head'])));
  if (opts.idempotency) await completeIdempotencyKey(tx, principal, opts.idempotency.key, petition.id);
  // Last: the audit chain's lock is held from here to commit.
  await audit(tx, auditEntry(prep, petition, attachments, opts));
  return { petition, row, replayed: false };
}

/** How many inputs of a batch are checked at once (each a few reads of the pool). */
const PREPARE_AT_ONCE = 4;

/** How many petitions of a batch are written per statement (a petition row has some sixty parameters). */
const BATCH_ROWS = 500;

/**
 * Writes prepared petitions in the caller's transaction, in order, a chunk at a time: each gets exactly what
 * insertPetition gives one (row and code, attachments, timeline, follows, notices, audit entry), in a few
 * statements per chunk instead of some ten per petition. The agency's staff are read once per agency.
 */
async function insertPetitions(ctx: AppContext, tx: Executor, items: Array<{ prep: Prepared; opts: CreateOptions }>): Promise<CreateResult[]> {
  // An idempotency key is claimed and completed around its own petition: such a batch is written one by one.
  if (items.some((x) => x.opts.idempotency)) {
    const out: CreateResult[] = [];
    for (const { prep, opts } of items) out.push(await insertPetition(ctx, tx, prep, opts));
    return out;
  }
  const staffOf = new Map<number, Promise<number[]>>();
  const staff = (agencyId: number) => {
    let p = staffOf.get(agencyId);
    if (!p) staffOf.set(agencyId, (p = agencyStaff(tx, agencyId, ['officer', 'head'])));
    return p;
  };
  const out: CreateResult[] = [];
  for (let k = 0; k < items.length; k += BATCH_ROWS) {
    const chunk = items.slice(k, k + BATCH_ROWS);
    const values = [];
    for (const { prep, opts } of chunk) values.push(await rowValues(ctx, prep, opts));
    // The rows of one VALUES list are inserted (ids and codes taken) in its order.
    const rows = (await tx.insertInto('petitions').values(values).returning(PETITION_COLUMNS).execute()).sort((a, b) => a.id - b.id);
    if (rows.length !== chunk.length) throw new Error('insertPetitions: rows returned do not match the batch');
    const petitions = rows.map(toPetition);
    const attachments: string[][] = [];
    for (const [i, { prep }] of chunk.entries()) attachments.push(await attachmentsOf(tx, prep, petitions[i].id));
    await addEvents(tx, chunk.flatMap(({ prep }, i) => submissionEvents(prep, petitions[i].id, attachments[i].length)));
    await followAll(tx, chunk.flatMap(({ prep }, i) => followsOf(prep, petitions[i].id)));
    await notifyChunk(tx, chunk, petitions, staff);
    await auditAll(tx, chunk.map(({ prep, opts }, i) => auditEntry(prep, petitions[i], attachments[i], opts)));
    out.push(...rows.map((row, i) => ({ petition: petitions[i], row, replayed: false })));
  }
  return out;
}

/** The notices of a chunk's petitions (not of silent ones), a few thousand recipients per statement (at most 65,535 parameters). */
async function notifyChunk(tx: Executor, chunk: Array<{ prep: Prepared; opts: CreateOptions }>, petitions: Petition[], staff: (agencyId: number) => Promise<number[]>): Promise<void> {
  let notices: NonNullable<ReturnType<typeof noticesOf>[number]>[] = [];
  let recipients = 0;
  for (const [i, { prep, opts }] of chunk.entries()) {
    if (opts.silent) continue;
    for (const n of noticesOf(prep, petitions[i], await staff(prep.agency.id))) {
      notices.push(n);
      recipients += n.recipients.length;
    }
    if (recipients >= 2000) {
      await notifyAll(tx, notices);
      notices = [];
      recipients = 0;
    }
  }
  await notifyAll(tx, notices);
}

/** Attachments: files uploaded beforehand by this caller, and files sent with this request. */
function attachmentsOf(tx: Executor, prep: Prepared, petitionId: number): Promise<string[]> | string[] {
  const { principal, s, now, uploads, fileIds } = prep;
  if (!uploads.length && !fileIds.length) return [];
  const rules = { allowed: ['image', 'pdf'] as const, earlierOfAllowedKind: true, maxMb: s['petitions.attachments.maxMb'] };
  return attachFiles(tx, { petitionId, answerId: null }, principal, { fileIds, uploads }, rules, now);
}

function auditEntry(prep: Prepared, petition: Petition, attachments: string[], opts: CreateOptions): AuditEntry {
  return {
    actor: actorOf(prep.principal),
    action: 'petition.create',
    entityType: ENTITY,
    entityId: petition.id,
    after: { ...petition, attachments },
    ip: opts.ip ?? null,
    at: prep.now,
  };
}

const IDEMPOTENCY_SCOPE = 'petitions.create';

/**
 * Takes the request's Idempotency-Key for this caller; null when it is new. A key already taken: the petition it
 * created (replayed), 422 when the body differs, 409 while the first request is still running.
 */
async function claimIdempotencyKey(tx: Executor, principal: Principal, idem: { key: string; requestHash: string }, now: Date): Promise<CreateResult | null> {
  const inserted = await tx
    .insertInto('idempotency_keys')
    .values({ key: idem.key, scope: IDEMPOTENCY_SCOPE, principal: String(principal.id), request_hash: idem.requestHash, status: 0, response: null, created_at: now })
    .onConflict((oc) => oc.columns(['scope', 'principal', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return null;
  const row = await tx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', IDEMPOTENCY_SCOPE)
    .where('principal', '=', String(principal.id))
    .where('key', '=', idem.key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== idem.requestHash) throw new HttpError(422, 'petitions.error.idempotencyMismatch');
  const pid = (row.response as { petitionId?: number } | null)?.petitionId;
  const existing = pid ? await tx.selectFrom('petitions').select(PETITION_COLUMNS).where('id', '=', pid).executeTakeFirst() : undefined;
  if (!existing) throw new HttpError(409, 'petitions.error.idempotencyInProgress');
  return { petition: toPetition(existing), row: existing, replayed: true };
}

async function completeIdempotencyKey(tx: Executor, principal: Principal, key: string, petitionId: number): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({ status: 201, response: JSON.stringify({ petitionId }) })
    .where('scope', '=', IDEMPOTENCY_SCOPE)
    .where('principal', '=', String(principal.id))
    .where('key', '=', key)
    .execute();
}

const YEAR_IN_VIETNAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' });

/** The petition's row: tracking code, routing, deadlines of the intake (and reply, general track), flags. */
async function rowValues(ctx: AppContext, prep: Prepared, opts: CreateOptions): Promise<InsertObject<Database, 'petitions'>> {
  const { principal, data, now, s, staff, enteredAgencyId, channel, unit, track, agency, petitioner, flags } = prep;
  const stepDue = await stepDeadline(ctx, s, data.kind, 'intake', now);
  const replyDue = track === 'general' ? await stepDeadline(ctx, s, data.kind, 'reply', now) : null;
  const dueState = await dueStateOf(ctx, todayVN(ctx), stepDue, s['petitions.dueSoonDays']);
  const year = Number(YEAR_IN_VIETNAM.format(now));
  return {
      code: nextCode(CODE_PREFIX[track], year),
      kind: data.kind,
      track,
      title: data.title,
      content: data.content,
      category_id: data.categoryId ?? null,
      unit_code: unit.code,
      province_code: unit.provinceCode,
      address: data.address ?? unit.villageName ?? null,
      lon: data.lon ?? null,
      lat: data.lat ?? null,
      people_count: data.peopleCount,
      channel,
      source: opts.source ?? 'live',
      visibility: track === 'legal' ? 'private' : data.visibility,
      confidential: data.kind === 'to_cao',
      petitioner_id: petitioner.id,
      petitioner_name: petitioner.name,
      petitioner_phone: petitioner.phone,
      petitioner_email: petitioner.email,
      petitioner_address: petitioner.address,
      petitioner_id_no: petitioner.idNo,
      entered_by: staff ? principal.id : null,
      entered_agency_id: enteredAgencyId,
      entered_place: staff ? (data.enteredPlace ?? null) : null,
      submitted_ip: staff ? null : (opts.ip ?? null),
      status: 'submitted',
      agency_id: agency.id,
      assignee_id: null,
      reply_due: replyDue,
      step_due: stepDue,
      due_state: dueState,
      escalation_level: 0,
      keo_dai: flags.keoDai,
      vuot_cap: flags.vuotCap,
      related_id: flags.relatedId,
      merged_into_id: null,
      receipt_no: null,
      directed_to: null,
      directed_agency_id: null,
      answer_text: null,
      answered_at: null,
      answered_on_time: null,
      published_at: null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      topic_id: data.topicId ?? null,
      conference_id: data.conferenceId ?? null,
      submitted_at: now,
      received_at: null,
      closed_at: null,
      created_by: principal.id,
      created_at: now,
      updated_at: now,
    };
}

/** The timeline: "submitted" (public), and the vượt cấp / kéo dài flags (officials only, by the system). */
function submissionEvents(prep: Prepared, petitionId: number, attachments: number): EventInput[] {
  const { principal, now, channel, agency, staff, flags } = prep;
  const system = { id: null, label: 'system' };
  const { relatedId, repeats } = flags;
  return [
    {
      petitionId,
      type: 'submitted',
      from: null,
      to: 'submitted',
      actor: actorOf(principal),
      public: true,
      data: { channel, agencyId: agency.id, agencyName: agency.name, staffEntry: staff, attachments },
      at: now,
    },
    ...(flags.vuotCap ? [{ petitionId, type: 'flag_vuot_cap', from: null, to: null, actor: system, public: false, data: { relatedId }, at: now }] : []),
    ...(flags.keoDai ? [{ petitionId, type: 'flag_keo_dai', from: null, to: null, actor: system, public: false, data: { relatedId, repeats }, at: now }] : []),
  ];
}

/** The petitioner (and a Front officer entering at a gathering) follow it. */
function followsOf(prep: Prepared, petitionId: number): Array<{ userId: number; entityType: string; entityId: number }> {
  const { principal, staff, channel, petitioner } = prep;
  return [
    ...(petitioner.id ? [{ userId: petitioner.id, entityType: ENTITY, entityId: petitionId }] : []),
    ...(staff && channel === 'front_gathering' ? [{ userId: principal.id, entityType: ENTITY, entityId: petitionId }] : []),
  ];
}

/** The agency's staff (officers and heads) and the petitioner are told. */
function noticesOf(prep: Prepared, petition: Petition, agencyStaffIds: number[]) {
  const { principal, now, agency, petitioner } = prep;
  const params = { agency: agency.name };
  return [
    petitionNotice(petition, 'new', agencyStaffIds, { actorId: principal.id, params, at: now }),
    petitioner.id ? petitionNotice(petition, 'submitted', [petitioner.id], { params, at: now }) : null,
  ].filter((n) => n !== null);
}

/**
 * Creates a petition from any channel, in one transaction: validation, unit from the pin, routing to the
 * competent agency, tracking code, deadlines, vượt cấp / kéo dài detection, attachments, timeline, audit,
 * follows and notifications.
 *
 * - A citizen submitting for themselves (web, API, Open311): they become the petitioner and follow it.
 * - Staff entry (input.petitioner given, or a staff channel): an officer / head / Front officer enters it for a
 *   citizen who may have no account; `entered_by` and the agency/place are recorded.
 */
export async function createPetition(ctx: AppContext, principal: Principal | null, input: unknown, opts: CreateOptions = {}): Promise<CreateResult> {
  const prep = await prepareCreate(ctx, principal, input, opts);
  return ctx.db.transaction().execute((tx) => insertPetition(ctx, tx, prep, opts));
}

/** The rows of a batch that could not be created, each with its field messages (index in the batch). */
export class BatchValidationError extends Error {
  constructor(readonly rows: Array<{ index: number; errors: Record<string, string>; params?: Record<string, Record<string, string | number>> }>) {
    super('batch validation');
  }
}

/**
 * Creates several petitions all or nothing (a gathering's opinions, an imported file): every input is checked
 * first — a BatchValidationError lists every bad one — then all are written in one transaction, and `within`
 * (the caller's own rows: the meeting, the import) runs in that transaction too. The options are the same for
 * every input, or given per input (`(index) => options`: a conference's questions, each its idempotency key).
 */
export async function createPetitions<T>(
  ctx: AppContext,
  principal: Principal | null,
  inputs: unknown[],
  options: CreateOptions | ((index: number) => CreateOptions),
  within: (tx: Executor, created: CreateResult[]) => Promise<T>,
): Promise<{ created: CreateResult[]; result: T }> {
  const optsOf = typeof options === 'function' ? options : () => options;
  // Each input is checked as createPetition checks it (its reads a few inputs at a time, over the pool), in the
  // batch's order; then the flags of all, from the same people's committed petitions, in a few statements.
  type Checked = { prep: Unflagged; opts: CreateOptions } | BatchValidationError['rows'][number];
  const checked = new Array<Checked>(inputs.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < inputs.length && !failed) {
      const index = next++;
      const opts = optsOf(index);
      try {
        checked[index] = { prep: await prepareUnflagged(ctx, principal, inputs[index], opts), opts };
      } catch (e) {
        if (!(e instanceof ValidationError)) {
          failed = true;
          throw e;
        }
        checked[index] = { index, errors: e.errors, params: e.params };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREPARE_AT_ONCE, inputs.length) }, worker));
  const bad = checked.filter((c): c is BatchValidationError['rows'][number] => 'index' in c);
  if (bad.length) throw new BatchValidationError(bad);
  const unflagged = checked as Array<{ prep: Unflagged; opts: CreateOptions }>;
  const flagged = await withFlags(ctx, unflagged.map((c) => c.prep));
  const prepared = unflagged.map((c, i) => ({ prep: flagged[i], opts: c.opts }));
  return ctx.db.transaction().execute(async (tx) => {
    const created = await insertPetitions(ctx, tx, prepared);
    return { created, result: await within(tx, created) };
  });
}

/**
 * Stores files for a petition not yet sent (API clients: upload, then create with `attachmentIds`). Images and
 * PDF only, checked by content (415), size and count limits from the settings (413); one transaction.
 */
export async function uploadAttachments(ctx: AppContext, principal: Principal | null, uploads: Upload[], opts: { oversized?: string[] } = {}) {
  if (!principal) throw unauthorized();
  const s = await petitionSettings(ctx.db);
  const max = s['petitions.attachments.maxMb'] * 1024 * 1024;
  if (opts.oversized?.length) throw new HttpError(413, 'files.error.tooLarge', { name: opts.oversized[0], max: `${s['petitions.attachments.maxMb']} MB` });
  if (!uploads.length) throw new ValidationError({ files: 'validation.required' });
  if (uploads.length > s['petitions.attachments.maxCount']) throw new HttpError(413, 'petitions.error.tooManyFiles', { max: s['petitions.attachments.maxCount'] });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const out = [];
    for (const u of uploads) {
      out.push(await storeUpload(tx, { filename: u.filename, data: u.data, declaredType: u.declaredType, allowed: ['image', 'pdf'], maxBytes: max, createdBy: principal.id, at: now }));
    }
    return out;
  });
}
