import { sql, type Selectable } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Database, Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { actorOf } from '../../../platform/access/principal';
import { notFound } from '../../../platform/http/errors';
import { todayInVietnam } from '../../../platform/calendar/dates';
import { fold } from '../../../platform/text/text';
import type { AgendaItem, Chair, Conference, Question, Registration } from '../model';
import { forgetPublicReadsAfterCommit } from './cache';

export const ENTITY = 'conference';
/** The channel of the live sessions' events (payload: `{ c: conferenceId, s: seq }`). */
export const LIVE_CHANNEL = 'conference_live';

type Row = Selectable<Database['conferences']>;

const ids = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number).filter(Number.isFinite) : []);

export function toConference(r: Row): Conference {
  return {
    id: r.id,
    unitCode: r.unit_code,
    provinceCode: r.province_code,
    agencyId: r.agency_id,
    kind: r.kind,
    reason: r.reason,
    reasonText: r.reason_text,
    title: r.title,
    description: r.description,
    convening: ids(r.convening),
    chairs: (Array.isArray(r.chairs) ? r.chairs : []) as Chair[],
    agencies: ids(r.agencies),
    invited: r.invited,
    venue: r.venue,
    onlineUrl: r.online_url,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    capacity: r.capacity,
    registrationClosesAt: r.registration_closes_at,
    questionsCloseAt: r.questions_close_at,
    status: r.status,
    statusReason: r.status_reason,
    shortNoticeReason: r.short_notice_reason,
    announcedAt: r.announced_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    resultsPublishedAt: r.results_published_at,
    secretary: r.secretary,
    attendeesCount: r.attendees_count,
    attendeeGroups: r.attendee_groups,
    sequence: r.sequence,
    eventSeq: r.event_seq,
    currentQuestionId: r.current_question_id,
    currentAgendaItemId: r.current_agenda_item_id,
    topicIds: ids(r.topic_ids),
    planItemId: r.plan_item_id,
    reportSentAt: r.report_sent_at,
    reportAckAt: r.report_ack_at,
    reportAckBy: r.report_ack_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toRegistration(r: Selectable<Database['conference_registrations']>): Registration {
  return {
    id: r.id,
    conferenceId: r.conference_id,
    code: r.code,
    userId: r.user_id,
    name: r.name,
    phone: r.phone,
    village: r.village,
    status: r.status,
    checkedInAt: r.checked_in_at,
    createdAt: r.created_at,
  };
}

export function toQuestion(r: Selectable<Database['conference_questions']>): Question {
  return {
    id: r.id,
    conferenceId: r.conference_id,
    origin: r.origin,
    userId: r.user_id,
    askerName: r.asker_name,
    askerVillage: r.asker_village,
    content: r.content,
    petitionId: r.petition_id,
    topicId: r.topic_id,
    agendaItemId: r.agenda_item_id,
    position: r.position,
    level: r.level,
    assignedAgencyId: r.assigned_agency_id,
    preparedAnswer: r.prepared_answer,
    mergedInto: r.merged_into,
    status: r.status,
    answeredByName: r.answered_by_name,
    answeredByTitle: r.answered_by_title,
    answer: r.answer,
    answeredAt: r.answered_at,
    commitmentText: r.commitment_text,
    commitmentAgencyId: r.commitment_agency_id,
    commitmentDeadline: r.commitment_deadline,
    commitmentId: r.commitment_id,
    createdPetitionId: r.created_petition_id,
    createdAt: r.created_at,
  };
}

export async function findConference(db: Executor, id: number): Promise<Conference | undefined> {
  const r = await db.selectFrom('conferences').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toConference(r) : undefined;
}

export async function getConference(db: Executor, id: number): Promise<Conference> {
  const c = await findConference(db, id);
  if (!c) throw notFound();
  return c;
}

/**
 * Reads the conference and holds its row until the transaction ends: its changes and events are serialised. Every
 * change to a conference starts here, so the public reads are forgotten once it commits.
 */
export async function lockConference(tx: Executor, id: number): Promise<Conference> {
  const r = await tx.selectFrom('conferences').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw notFound();
  await forgetPublicReadsAfterCommit(tx);
  return toConference(r);
}

export async function agendaOf(db: Executor, conferenceId: number): Promise<AgendaItem[]> {
  const rows = await db.selectFrom('conference_agenda_items').selectAll().where('conference_id', '=', conferenceId).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, position: r.position, title: r.title, minutes: r.minutes, topicId: r.topic_id }));
}

export async function questionsOf(db: Executor, conferenceId: number): Promise<Question[]> {
  const rows = await db.selectFrom('conference_questions').selectAll().where('conference_id', '=', conferenceId).orderBy('position').orderBy('id').execute();
  return rows.map(toQuestion);
}

/**
 * Appends an event to the conference's live stream (its next number, under the row lock the caller holds) and
 * announces it to every process once the transaction commits.
 */
export async function emitLive(ctx: AppContext, tx: Executor, conferenceId: number, kind: string, payload: Record<string, unknown>): Promise<number> {
  const r = await tx
    .updateTable('conferences')
    .set({ event_seq: sql`event_seq + 1` })
    .where('id', '=', conferenceId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('conference_events')
    .values({ conference_id: conferenceId, seq: r.event_seq, kind, payload: JSON.stringify(payload), created_at: ctx.clock.now() })
    .execute();
  await ctx.events.publish(tx, LIVE_CHANNEL, JSON.stringify({ c: conferenceId, s: r.event_seq }));
  return r.event_seq;
}

export const actor = (p: Principal | null) => actorOf(p);

/** A local date and time in Việt Nam (UTC+7, no daylight saving) as an instant. */
export function vnInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+07:00`);
}

/** The local date and HH:MM of an instant in Việt Nam. */
export function vnParts(d: Date): { date: string; time: string } {
  // Minutes since local midnight, by arithmetic: lists format two of these per row, toISOString() costs ten times more.
  const m = ((Math.floor((d.getTime() + 7 * 3600_000) / 60_000) % 1440) + 1440) % 1440;
  const hh = Math.floor(m / 60);
  const mm = m % 60;
  return { date: todayInVietnam(d), time: `${hh < 10 ? '0' : ''}${hh}:${mm < 10 ? '0' : ''}${mm}` };
}

export function searchText(title: string, venue: string | null, unitName: string): string {
  return fold(`${title} ${venue ?? ''} ${unitName}`);
}

export function conferencePath(id: number): string {
  return `/hoi-nghi/${id}`;
}
