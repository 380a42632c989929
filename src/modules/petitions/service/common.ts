import { sql, type Expression, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Database, Executor } from '../../../platform/db/types';
import { todayInVietnam, type IsoDate } from '../../../platform/calendar';
import { ValidationError } from '../../../platform/http/errors';
import type { Principal } from '../../../platform/access/principal';
import { agencyIdsAt } from '../../directory/service';
import { CODE_PATTERN, type Petition, type PetitionEvent } from '../model';
import { officialScopeSql, scopeAgencyUnits } from '../policy';

/** A petition row without its search columns (large, never needed when reading one). */
export type PetitionRow = Omit<Selectable<Database['petitions']>, 'search_tsv'>;

export const PETITION_COLUMNS = [
  'id', 'code', 'kind', 'track', 'title', 'content', 'category_id', 'unit_code', 'province_code', 'address', 'lon', 'lat',
  'people_count', 'channel', 'source', 'visibility', 'confidential', 'petitioner_id', 'petitioner_name', 'petitioner_phone',
  'petitioner_email', 'petitioner_address', 'petitioner_id_no', 'entered_by', 'entered_agency_id', 'entered_place', 'submitted_ip',
  'status', 'agency_id', 'assignee_id', 'reply_due', 'step_due', 'due_state', 'escalation_level', 'keo_dai', 'vuot_cap', 'related_id',
  'forward_count', 'extension_count', 'reopen_count', 'merged_into_id', 'receipt_no', 'directed_to', 'directed_agency_id', 'answer_text',
  'answered_at', 'answered_on_time', 'published_at', 'rating', 'rating_comment', 'rated_at', 'topic_id', 'conference_id', 'submitted_at',
  'received_at', 'closed_at', 'created_by', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof PetitionRow>;

/** The same columns for raw SQL over alias p. */
export const PETITION_COLUMNS_SQL = PETITION_COLUMNS.map((c) => `p.${c}`).join(', ');

/** "An official caller may see this petition" over alias p, with the agencies of the caller's units from the directory (one look-up). */
export async function officialScope(db: Executor, principal: Principal | null): Promise<Expression<SqlBool>> {
  return officialScopeSql(principal, await agencyIdsAt(db, scopeAgencyUnits(principal)));
}

/** Where a petition lives in the product (detail page for every viewer; the page filters by role). */
export function petitionPath(code: string): string {
  return `/kien-nghi/${encodeURIComponent(code)}`;
}

export function todayVN(ctx: Pick<AppContext, 'clock'>): IsoDate {
  return todayInVietnam(ctx.clock.now());
}

export function toPetition(r: PetitionRow): Petition {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    track: r.track,
    title: r.title,
    content: r.content,
    categoryId: r.category_id,
    unitCode: r.unit_code,
    provinceCode: r.province_code,
    address: r.address,
    lon: r.lon === null ? null : Number(r.lon),
    lat: r.lat === null ? null : Number(r.lat),
    peopleCount: r.people_count,
    channel: r.channel,
    source: r.source,
    visibility: r.visibility,
    confidential: r.confidential,
    petitionerId: r.petitioner_id,
    petitionerName: r.petitioner_name,
    petitionerPhone: r.petitioner_phone,
    petitionerEmail: r.petitioner_email,
    petitionerAddress: r.petitioner_address,
    petitionerIdNo: r.petitioner_id_no,
    enteredBy: r.entered_by,
    enteredAgencyId: r.entered_agency_id,
    enteredPlace: r.entered_place,
    status: r.status,
    agencyId: r.agency_id,
    assigneeId: r.assignee_id,
    replyDue: r.reply_due,
    stepDue: r.step_due,
    dueState: r.due_state,
    escalationLevel: r.escalation_level,
    keoDai: r.keo_dai,
    vuotCap: r.vuot_cap,
    relatedId: r.related_id,
    forwardCount: r.forward_count,
    extensionCount: r.extension_count,
    reopenCount: r.reopen_count,
    mergedIntoId: r.merged_into_id,
    receiptNo: r.receipt_no,
    directedTo: r.directed_to,
    directedAgencyId: r.directed_agency_id,
    answerText: r.answer_text,
    answeredAt: r.answered_at,
    answeredOnTime: r.answered_on_time,
    publishedAt: r.published_at,
    rating: r.rating,
    ratingComment: r.rating_comment,
    ratedAt: r.rated_at,
    topicId: r.topic_id,
    conferenceId: r.conference_id,
    submittedAt: r.submitted_at,
    receivedAt: r.received_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** How a petition is looked up from an id or a tracking code (undefined: neither, nothing to look for). */
export function petitionKey(idOrCode: number | string): { column: 'id'; value: number } | { column: 'code'; value: string } | undefined {
  if (typeof idOrCode === 'number' || /^\d+$/.test(String(idOrCode))) {
    const id = Number(idOrCode);
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2147483647) return undefined;
    return { column: 'id', value: id };
  }
  const code = String(idOrCode).trim().toUpperCase();
  return CODE_PATTERN.test(code) ? { column: 'code', value: code } : undefined;
}

/** A petition row by id or tracking code (case-insensitive code), optionally locked for the transaction. */
export async function findRow(db: Executor, idOrCode: number | string, opts: { forUpdate?: boolean } = {}): Promise<PetitionRow | undefined> {
  const key = petitionKey(idOrCode);
  if (!key) return undefined;
  let q = db.selectFrom('petitions').select(PETITION_COLUMNS);
  q = key.column === 'id' ? q.where('id', '=', key.value) : q.where('code', '=', key.value);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface EventInput {
  petitionId: number;
  type: string;
  from: Petition['status'] | null;
  to: Petition['status'] | null;
  actor: { id: number | null; label: string };
  public: boolean;
  note?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

export async function addEvent(tx: Executor, e: EventInput): Promise<void> {
  await addEvents(tx, [e]);
}

/** Several timeline events in one statement, in the order given. */
export async function addEvents(tx: Executor, events: EventInput[]): Promise<void> {
  if (!events.length) return;
  await tx
    .insertInto('petition_events')
    .values(
      events.map((e) => ({
        petition_id: e.petitionId,
        type: e.type,
        from_state: e.from,
        to_state: e.to,
        actor_id: e.actor.id,
        actor_label: e.actor.label,
        public: e.public,
        note: e.note ?? null,
        data: JSON.stringify(e.data ?? {}),
        at: e.at,
      })),
    )
    .execute();
}

export function toEvent(r: Selectable<Database['petition_events']>): PetitionEvent {
  return {
    id: Number(r.id),
    petitionId: r.petition_id,
    type: r.type,
    fromState: r.from_state,
    toState: r.to_state,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    public: r.public,
    note: r.note,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : (r.data ?? {})) as Record<string, unknown>,
    at: r.at,
  };
}

/** The sequence of tracking codes of a prefix in a year, e.g. petition_code_kn_2026. */
export function codeSequence(prefix: string, year: number): string {
  if (!/^[A-Z]{1,8}$/.test(prefix) || !Number.isInteger(year) || year < 2000 || year > 2999) throw new Error(`bad code sequence ${prefix}-${year}`);
  return `petition_code_${prefix.toLowerCase()}_${year}`;
}

/** Creates the year's code sequences if missing (at start and by the deadline job, ahead of New Year). */
export async function ensureCodeSequences(db: Executor, prefixes: string[], years: number[]): Promise<void> {
  for (const p of prefixes) for (const y of years) await sql.raw(`create sequence if not exists ${codeSequence(p, y)}`).execute(db);
}

/**
 * The next tracking code of a prefix in a year, from a PostgreSQL sequence per (prefix, year): unique, and taken
 * without holding a lock until commit, so concurrent submissions do not queue behind each other (a rolled-back
 * submission leaves a gap in the numbers).
 */
export function nextCode(prefix: string, year: number): RawBuilder<string> {
  const name = codeSequence(prefix, year);
  // An expression, so that the row's insert takes its number in the same statement.
  return sql<string>`(select ${`${prefix}-${year}-`} || case when length(n) < 6 then lpad(n, 6, '0') else n end
    from (select petition_code_next(${name})::text as n) x)`;
}

/** Reserves `count` consecutive codes (bulk generator): returns the first number. */
export async function reserveCodes(db: Executor, prefix: string, year: number, count: number): Promise<number> {
  const name = codeSequence(prefix, year);
  await sql.raw(`create sequence if not exists ${name}`).execute(db);
  const first = await sql<{ n: number }>`select nextval(${name}::regclass)::int as n`.execute(db);
  const n = Number(first.rows[0].n);
  if (count > 1) await sql`select setval(${name}::regclass, ${n + count - 1})`.execute(db);
  return n;
}

/** The summary of a text for lists: the first ~n characters at a word boundary. */
export function excerpt(text: string, n = 220): string {
  // Lists show many excerpts of long texts: whitespace is collapsed only in a beginning long enough to hold n
  // characters after it (doubled until it does), not in the whole text.
  for (let size = 2 * n + 2; ; size *= 2) {
    const whole = size >= text.length;
    const s = (whole ? text : text.slice(0, size)).replace(/\s+/g, ' ').trim();
    if (s.length <= n && whole) return s;
    if (s.length > n) {
      const cut = s.slice(0, n);
      const sp = cut.lastIndexOf(' ');
      return (sp > n * 0.6 ? cut.slice(0, sp) : cut) + '…';
    }
  }
}

/** Opaque keyset cursors: base64url JSON. A malformed cursor is a 422 on the `cursor` field. */
export function encodeCursor(v: unknown[]): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
export function decodeCursor(c: string | undefined | null): unknown[] | null {
  if (!c) return null;
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  throw new ValidationError({ cursor: 'petitions.error.cursor' });
}
