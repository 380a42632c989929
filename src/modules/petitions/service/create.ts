import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { HttpError, unauthorized, forbidden, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { findCommuneByPoint } from '../../../platform/geo';
import { fold } from '../../../platform/text/text';
import { attachFile, getFilesMeta, storeUpload } from '../../../platform/files/files';
import { getAgencies, getAgency, getCategory, getUnit } from '../../directory/service';
import { follow, notifyAll } from '../../notifications/service';
import {
  CODE_PREFIX,
  OPEN_STATES,
  STAFF_CHANNELS,
  trackOf,
  type Channel,
  type Petition,
  type PetitionSource,
} from '../model';
import { createPetitionSchema, type CreatePetitionData } from '../schema';
import { petitionSettings, type PetitionSettings } from '../settings';
import { addEvents, nextCode, PETITION_COLUMNS, toPetition, todayVN, type PetitionRow } from './common';
import { dueStateOf, stepDeadline } from './deadlines';
import { agencyStaff, ENTITY, petitionNotice } from './notify';
import { resolveAgency } from './routing';
import { staffEntryGrants, staffEntryRefusal } from '../policy';

export interface Upload {
  filename: string;
  data: Buffer | Uint8Array;
  declaredType?: string;
}

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

/** Resolves the unit from the chosen code or from the map pin (point in the commune boundaries). */
async function resolveUnit(db: Executor, data: CreatePetitionData): Promise<{ code: string; provinceCode: string; villageName: string | null }> {
  let code = data.unitCode;
  if (data.lon !== undefined && data.lat !== undefined) {
    const found = findCommuneByPoint(data.lon, data.lat);
    if (!found) throw new ValidationError({ lat: 'petitions.error.outsideProvince' });
    code ??= found.code;
  }
  if (!code) throw new ValidationError({ unitCode: 'petitions.error.unitRequired' });
  const unit = await getUnit(db, code);
  if (!unit) throw new ValidationError({ unitCode: 'petitions.error.unit' });
  if (unit.level === 'village') {
    const parent = unit.parentCode ? await getUnit(db, unit.parentCode) : undefined;
    if (!parent) throw new ValidationError({ unitCode: 'petitions.error.unit' });
    return { code: parent.code, provinceCode: parent.provinceCode, villageName: unit.fullName };
  }
  return { code: unit.code, provinceCode: unit.provinceCode, villageName: null };
}

/** Earlier petitions of the same person on a similar topic (trigram similarity on the folded text). */
/** How many of a person's latest petitions a new one is compared with (kéo dài, vượt cấp). */
const SAME_PERSON_RECENT = 50;

async function similarEarlier(
  db: Executor,
  who: { petitionerId: number | null; phone: string | null; email: string | null },
  text: { title: string; content: string },
  opts: { thresholdPct: number; since: Date; openOnly?: boolean },
): Promise<Array<{ id: number; status: string; reopen_count: number; agency_id: number; submitted_at: Date }>> {
  // The same person: their account, or (staff entry) their phone or e-mail; each condition through its own index.
  const people = [];
  if (who.petitionerId) people.push(sql`select id from petitions where petitioner_id = ${who.petitionerId} order by id desc limit ${SAME_PERSON_RECENT}`);
  if (who.phone) people.push(sql`select id from petitions where petitioner_phone = ${who.phone} order by id desc limit ${SAME_PERSON_RECENT}`);
  if (who.email) people.push(sql`select id from petitions where petitioner_email = ${who.email} order by id desc limit ${SAME_PERSON_RECENT}`);
  if (!people.length) return [];
  const ft = fold(text.title);
  const probe = fold(`${text.title} ${text.content}`).slice(0, 400);
  const threshold = opts.thresholdPct / 100;
  // The person's latest petitions (by any of the identities) are compared: a bound on the work per submission.
  const r = await sql<{ id: number; status: string; reopen_count: number; agency_id: number; submitted_at: Date }>`
    select p.id, p.status, p.reopen_count, p.agency_id, p.submitted_at
    from petitions p
    where p.id in (select id from (${sql.join(people.map((q) => sql`(${q})`), sql` union `)}) x order by id desc limit ${SAME_PERSON_RECENT})
      and p.submitted_at >= ${opts.since}
      and p.status not in ('withdrawn', 'merged')
      ${opts.openOnly ? sql`and p.status in (${sql.join(OPEN_STATES.map((s) => sql`${s}`))})` : sql``}
      and (similarity(f_fold(p.title), ${ft}) >= ${threshold}
        -- The longer comparison only where the titles alone are not alike (OR stops at the first true).
        or similarity(f_fold(left(p.title || ' ' || p.content, 400)), ${probe}) >= ${threshold})
    order by p.submitted_at desc, p.id desc
    limit 20`.execute(db);
  return r.rows;
}

async function rateLimit(db: Executor, s: PetitionSettings, principal: Principal, ip: string | null | undefined, now: Date): Promise<void> {
  const since = new Date(now.getTime() - 3600_000);
  const perAccount = s['petitions.rateLimit.perAccountPerHour'];
  const perIp = s['petitions.rateLimit.perIpPerHour'];
  // Counted only up to the limit (the work stays small however many a busy account or address has sent); one statement.
  const upTo = (where: ReturnType<typeof sql>, max: number) =>
    sql`(select count(*)::int from (select 1 from petitions where ${where} and created_at >= ${since} limit ${max}) x)`;
  const r = await sql<{ account: number; ip: number }>`select ${upTo(sql`petitioner_id = ${principal.id} and created_by = ${principal.id}`, perAccount)} as account,
      ${ip ? upTo(sql`submitted_ip = ${ip}`, perIp) : sql`0`} as ip`.execute(db);
  const { account, ip: fromIp } = r.rows[0];
  if (Number(account) >= perAccount || (ip && Number(fromIp) >= perIp)) throw new HttpError(429, 'petitions.error.rateLimited');
}

/** Everything a creation needs, read and checked before its transaction opens (no pooled read inside it). */
async function prepareCreate(ctx: AppContext, principal: Principal | null, input: unknown, opts: CreateOptions) {
  if (!principal) throw unauthorized();
  const data = parse(createPetitionSchema, input);
  const now = opts.at ?? ctx.clock.now();
  const s = await petitionSettings(ctx.db);

  const staffGrants = staffEntryGrants(principal);
  const staff = !!data.petitioner || (!!data.channel && STAFF_CHANNELS.includes(data.channel));
  let enteredAgencyId: number | null = null;
  let channel: Channel;
  if (staff) {
    if (!staffGrants.length) throw forbidden('petitions.error.staffOnly');
    if (!data.petitioner) throw new ValidationError({ 'petitioner.name': 'petitions.error.petitionerName' });
    if (data.enteredAgencyId) {
      if (!staffGrants.some((g) => g.agencyId === data.enteredAgencyId)) throw new ValidationError({ enteredAgencyId: 'petitions.error.agency' });
      enteredAgencyId = data.enteredAgencyId;
    } else enteredAgencyId = staffGrants[0].agencyId;
    const isFront = staffGrants.find((g) => g.agencyId === enteredAgencyId)?.role === 'front_officer';
    channel = data.channel ?? opts.channel ?? (isFront ? 'front_gathering' : 'reception_desk');
    if (channel === 'web') channel = isFront ? 'front_gathering' : 'reception_desk';
  } else {
    channel = opts.channel ?? 'web';
    if (data.agencyId) throw new ValidationError({ agencyId: 'petitions.error.staffOnly' });
  }

  const uploads = opts.uploads ?? [];
  const fileIds = data.attachmentIds ?? [];
  if (uploads.length + fileIds.length > s['petitions.attachments.maxCount']) {
    throw new HttpError(413, 'petitions.error.tooManyFiles', { max: s['petitions.attachments.maxCount'] });
  }
  if (!opts.skipRateLimit && !staff) await rateLimit(ctx.db, s, principal, opts.ip, now);

  // The directory and the routing rules, read through their caches before the transaction opens.
  const unit = await resolveUnit(ctx.db, data);
  if (data.categoryId) {
    const cat = await getCategory(ctx.db, data.categoryId);
    if (!cat || !cat.active) throw new ValidationError({ categoryId: 'petitions.error.category' });
  }
  const track = trackOf(data.kind);
  // A provincial agency's staff enter into their own agency unless they name one (and may name only their own).
  const entryGrant = staff ? staffGrants.find((g) => g.agencyId === enteredAgencyId)! : null;
  const chosenAgencyId = data.agencyId ?? (entryGrant?.unitLevel === 'province' ? entryGrant.agencyId : undefined);
  const agency = chosenAgencyId
    ? await getAgency(ctx.db, chosenAgencyId)
    : await resolveAgency(ctx.db, { unitCode: unit.code, categoryId: data.categoryId ?? null, kind: data.kind });
  if (!agency || !agency.active) throw new ValidationError({ [data.agencyId ? 'agencyId' : 'unitCode']: 'petitions.error.noAgency' });
  // Authorised here, before the transaction opens: a refusal writes nothing (no petition, no idempotency key).
  if (entryGrant) {
    const refusal = staffEntryRefusal(entryGrant, unit, agency, !!data.agencyId && !opts.passedUp);
    if (refusal) throw new ValidationError({ [refusal.field]: refusal.key });
  }

  const petitioner = staff
    ? {
        id: null,
        name: data.petitioner!.name,
        phone: data.petitioner!.phone ?? null,
        email: data.petitioner!.email ?? null,
        address: data.petitioner!.address ?? null,
        idNo: data.petitioner!.idNo ?? null,
      }
    : { id: principal.id, name: principal.name, phone: principal.phone, email: principal.email, address: null, idNo: null };

  // Flags: vượt cấp (to the province while the same case is open at the commune) and kéo dài (repeated), from the
  // petitions already committed: read before the transaction, with the directory's cache.
  let vuotCap = false;
  let keoDai = false;
  let relatedId: number | null = null;
  const who = { petitionerId: petitioner.id, phone: petitioner.phone, email: petitioner.email };
  const lookback = new Date(now.getTime() - s['petitions.keoDai.lookbackDays'] * 86_400_000);
  if (agency.unitLevel === 'province') {
    const open = await similarEarlier(ctx.db, who, data, { thresholdPct: s['petitions.vuotCap.similarityPct'], since: lookback, openOnly: true });
    // Each earlier petition's agency level from the directory's cache: no join to plan on every submission.
    const agencies = await getAgencies(ctx.db, open.map((r) => r.agency_id));
    const atCommune = open.find((r) => agencies.get(r.agency_id)?.unitLevel === 'commune');
    if (atCommune) {
      vuotCap = true;
      relatedId = atCommune.id;
    }
  }
  const earlier = await similarEarlier(ctx.db, who, data, { thresholdPct: s['petitions.keoDai.similarityPct'], since: lookback });
  const repeats = earlier.length + earlier.reduce((n, r) => n + Number(r.reopen_count), 0);
  if (earlier.length && repeats >= s['petitions.keoDai.repeatCount']) {
    keoDai = true;
    relatedId ??= earlier[0].id;
  }

  return { principal, data, now, s, staff, enteredAgencyId, channel, uploads, fileIds, unit, track, agency, petitioner, vuotCap, keoDai, relatedId, repeats };
}

type Prepared = Awaited<ReturnType<typeof prepareCreate>>;

/** Writes a prepared petition in the caller's transaction. */
async function insertPetition(ctx: AppContext, tx: Executor, prep: Prepared, opts: CreateOptions): Promise<CreateResult> {
  const { principal, data, now, s, staff, enteredAgencyId, channel, uploads, fileIds, unit, track, agency, petitioner, vuotCap, keoDai, relatedId, repeats } = prep;
  if (opts.idempotency) {
    const inserted = await tx
      .insertInto('idempotency_keys')
      .values({
        key: opts.idempotency.key,
        scope: 'petitions.create',
        principal: String(principal.id),
        request_hash: opts.idempotency.requestHash,
        status: 0,
        response: null,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['scope', 'principal', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!inserted) {
      const row = await tx
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('scope', '=', 'petitions.create')
        .where('principal', '=', String(principal.id))
        .where('key', '=', opts.idempotency.key)
        .executeTakeFirstOrThrow();
      if (row.request_hash !== opts.idempotency.requestHash) throw new HttpError(422, 'petitions.error.idempotencyMismatch');
      const pid = (row.response as { petitionId?: number } | null)?.petitionId;
      const existing = pid ? await tx.selectFrom('petitions').select(PETITION_COLUMNS).where('id', '=', pid).executeTakeFirst() : undefined;
      if (!existing) throw new HttpError(409, 'petitions.error.idempotencyInProgress');
      return { petition: toPetition(existing), row: existing, replayed: true };
    }
  }

  const stepDue = await stepDeadline(ctx, s, data.kind, 'intake', now);
  const replyDue = track === 'general' ? await stepDeadline(ctx, s, data.kind, 'reply', now) : null;
  const dueState = await dueStateOf(ctx, todayVN(ctx), stepDue, s['petitions.dueSoonDays']);
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now));
  const address = data.address ?? unit.villageName ?? null;

  const row = await tx
    .insertInto('petitions')
    .values({
      code: nextCode(CODE_PREFIX[track], year),
      kind: data.kind,
      track,
      title: data.title,
      content: data.content,
      category_id: data.categoryId ?? null,
      unit_code: unit.code,
      province_code: unit.provinceCode,
      address,
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
      keo_dai: keoDai,
      vuot_cap: vuotCap,
      related_id: relatedId,
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
    })
    .returning(PETITION_COLUMNS)
    .executeTakeFirstOrThrow();
  const petition = toPetition(row);
  const actor = actorOf(principal);

  // Attachments: files uploaded beforehand by this caller, and files sent with this request.
  const attachments: Array<{ id: string; filename: string; kind: string; size: number }> = [];
  if (fileIds.length) {
    const metas = await getFilesMeta(tx, fileIds);
    for (const id of fileIds) {
      const m = metas.find((x) => x.id === id);
      if (!m || m.createdBy !== principal.id || m.entityType !== null) throw new ValidationError({ attachmentIds: 'petitions.error.attachment' });
      if (m.kind !== 'image' && m.kind !== 'pdf') throw new HttpError(415, 'petitions.error.attachmentType');
      attachments.push({ id: m.id, filename: m.filename, kind: m.kind, size: m.size });
    }
  }
  for (const u of uploads) {
    const f = await storeUpload(tx, {
      filename: u.filename,
      data: u.data,
      declaredType: u.declaredType,
      allowed: ['image', 'pdf'],
      maxBytes: s['petitions.attachments.maxMb'] * 1024 * 1024,
      createdBy: principal.id,
      at: now,
    });
    attachments.push({ id: f.id, filename: f.filename, kind: f.kind, size: f.size });
  }
  for (const a of attachments) {
    await attachFile(tx, a.id, ENTITY, petition.id);
    await tx
      .insertInto('petition_attachments')
      .values({ petition_id: petition.id, answer_id: null, file_id: a.id, filename: a.filename, kind: a.kind, size: a.size, added_by: principal.id, added_at: now })
      .execute();
  }

  const system = { id: null, label: 'system' };
  await addEvents(tx, [
    {
      petitionId: petition.id,
      type: 'submitted',
      from: null,
      to: 'submitted',
      actor,
      public: true,
      data: { channel, agencyId: agency.id, agencyName: agency.name, staffEntry: staff, attachments: attachments.length },
      at: now,
    },
    ...(vuotCap ? [{ petitionId: petition.id, type: 'flag_vuot_cap', from: null, to: null, actor: system, public: false, data: { relatedId }, at: now }] : []),
    ...(keoDai ? [{ petitionId: petition.id, type: 'flag_keo_dai', from: null, to: null, actor: system, public: false, data: { relatedId, repeats }, at: now }] : []),
  ]);

  if (petitioner.id) await follow(tx, petitioner.id, ENTITY, petition.id);
  if (staff && channel === 'front_gathering') await follow(tx, principal.id, ENTITY, petition.id);
  if (!opts.silent) {
    // The agency's staff learn of a new petition; the petitioner that it was sent.
    const params = { agency: agency.name };
    await notifyAll(
      tx,
      [
        petitionNotice(petition, 'new', await agencyStaff(tx, agency.id, ['officer', 'head']), { actorId: principal.id, params, at: now }),
        petitioner.id ? petitionNotice(petition, 'submitted', [petitioner.id], { params, at: now }) : null,
      ].filter((n) => n !== null),
    );
  }

  if (opts.idempotency) {
    await tx
      .updateTable('idempotency_keys')
      .set({ status: 201, response: JSON.stringify({ petitionId: petition.id }) })
      .where('scope', '=', 'petitions.create')
      .where('principal', '=', String(principal.id))
      .where('key', '=', opts.idempotency.key)
      .execute();
  }
  // Last: the audit chain's lock is held from here to commit.
  await audit(tx, {
    actor,
    action: 'petition.create',
    entityType: ENTITY,
    entityId: petition.id,
    after: { ...petition, attachments: attachments.map((a) => a.id) },
    ip: opts.ip ?? null,
    at: now,
  });
  return { petition, row, replayed: false };
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
 * (the caller's own rows: the meeting, the import) runs in that transaction too.
 */
export async function createPetitions<T>(
  ctx: AppContext,
  principal: Principal | null,
  inputs: unknown[],
  opts: CreateOptions,
  within: (tx: Executor, created: CreateResult[]) => Promise<T>,
): Promise<{ created: CreateResult[]; result: T }> {
  const prepared: Prepared[] = [];
  const bad: BatchValidationError['rows'] = [];
  for (const [index, input] of inputs.entries()) {
    try {
      prepared.push(await prepareCreate(ctx, principal, input, opts));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      bad.push({ index, errors: e.errors, params: e.params });
    }
  }
  if (bad.length) throw new BatchValidationError(bad);
  return ctx.db.transaction().execute(async (tx) => {
    const created: CreateResult[] = [];
    for (const prep of prepared) created.push(await insertPetition(ctx, tx, prep, opts));
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
