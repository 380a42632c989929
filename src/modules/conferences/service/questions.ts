import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { HttpError, ValidationError, conflict, forbidden, notFound, unauthorized } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { formatDateTime } from '../../../platform/i18n/i18n';
import { getAgency } from '../../directory/service';
import { getPetitionForViewer } from '../../petitions/service';
import { createCommitment } from '../../commitments/service';
import { todayInVietnam } from '../../../platform/calendar/dates';
import type { Conference, Question } from '../model';
import { canAsk, canManage } from '../policy';
import { answerSchema, floorQuestionSchema, mergeSchema, organiseSchema, questionSchema } from '../schema';
import { actor, emitLive, lockConference, toQuestion } from './common';
import { notifyAgencies } from './notify';

async function nextPosition(tx: Executor, conferenceId: number): Promise<number> {
  const r = await tx.selectFrom('conference_questions').select(sql<number>`coalesce(max(position), 0)::int`.as('n')).where('conference_id', '=', conferenceId).executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}

async function lockQuestion(tx: Executor, id: number): Promise<{ q: Question; c: Conference }> {
  const row = await tx.selectFrom('conference_questions').select('conference_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const c = await lockConference(tx, row.conference_id);
  const q = await tx.selectFrom('conference_questions').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  return { q: toQuestion(q), c };
}

/** What the public live page shows of a question: no account ids, no phone numbers. */
export function publicQuestion(q: Question) {
  return {
    id: q.id,
    askerName: q.askerName,
    askerVillage: q.askerVillage,
    content: q.content,
    status: q.status,
    answeredByName: q.answeredByName,
    answeredByTitle: q.answeredByTitle,
    answer: q.answer,
    commitmentText: q.commitmentText,
    commitmentDeadline: q.commitmentDeadline,
  };
}

/**
 * A question sent in advance by a signed-in person for themselves, optionally linked to one of their own petitions;
 * refused after the questions' deadline, with the date.
 */
export async function askQuestion(ctx: AppContext, p: Principal | null, conferenceId: number, input: unknown): Promise<Question> {
  if (!canAsk(p) || !p) throw unauthorized();
  const data = parse(questionSchema, input);
  if (data.petitionId) {
    const own = await getPetitionForViewer(ctx, p, data.petitionId).catch(() => null);
    if (!own || own.relation !== 'owner') throw new ValidationError({ petitionId: 'conferences.error.petition' });
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (c.status !== 'announced') throw conflict('conferences.error.notOpen');
    if (now >= c.questionsCloseAt) throw conflict('conferences.error.questionsClosed', { at: formatDateTime(c.questionsCloseAt) });
    const row = await tx
      .insertInto('conference_questions')
      .values({
        conference_id: conferenceId,
        origin: 'advance',
        user_id: p.id,
        asker_name: p.name,
        asker_village: data.askerVillage ?? null,
        content: data.content,
        petition_id: data.petitionId ?? null,
        topic_id: null,
        agenda_item_id: null,
        position: await nextPosition(tx, conferenceId),
        level: 'here',
        assigned_agency_id: null,
        prepared_answer: null,
        merged_into: null,
        status: 'pending',
        answered_by_name: null,
        answered_by_title: null,
        answer: null,
        answered_at: null,
        commitment_text: null,
        commitment_agency_id: null,
        commitment_deadline: null,
        commitment_id: null,
        created_petition_id: null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, { actor: actor(p), action: 'conference.question.ask', entityType: 'conference_question', entityId: row.id, after: { conferenceId, petitionId: data.petitionId ?? null }, at: now });
    return toQuestion(row);
  });
}

/** A question from the floor, typed in by the secretary as it comes (who asked, their village): it joins the queue. */
export async function floorQuestion(ctx: AppContext, p: Principal | null, conferenceId: number, input: unknown): Promise<Question> {
  const data = parse(floorQuestionSchema, input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!canManage(p, c)) throw forbidden();
    if (!['announced', 'in_session'].includes(c.status)) throw conflict('conferences.error.notInSession');
    const row = await tx
      .insertInto('conference_questions')
      .values({
        conference_id: conferenceId,
        origin: 'floor',
        user_id: null,
        asker_name: data.askerName,
        asker_village: data.askerVillage ?? null,
        content: data.content,
        petition_id: null,
        topic_id: null,
        agenda_item_id: c.currentAgendaItemId,
        position: await nextPosition(tx, conferenceId),
        level: 'here',
        assigned_agency_id: null,
        prepared_answer: null,
        merged_into: null,
        status: 'queued',
        answered_by_name: null,
        answered_by_title: null,
        answer: null,
        answered_at: null,
        commitment_text: null,
        commitment_agency_id: null,
        commitment_deadline: null,
        commitment_id: null,
        created_petition_id: null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const q = toQuestion(row);
    await audit(tx, { actor: actor(p), action: 'conference.question.floor', entityType: 'conference_question', entityId: q.id, after: publicQuestion(q), at: now });
    await emitLive(ctx, tx, conferenceId, 'queued', { question: publicQuestion(q) });
    return q;
  });
}

/**
 * Sorts a question into the agenda, assigns the agency that prepares the written answer, and splits by level:
 * a question for the level above is passed up (and tracked there).
 */
export async function organiseQuestion(ctx: AppContext, p: Principal | null, questionId: number, input: unknown): Promise<Question> {
  const data = parse(organiseSchema, input);
  if (data.assignedAgencyId && !(await getAgency(ctx.db, data.assignedAgencyId))) throw new ValidationError({ assignedAgencyId: 'conferences.error.agency' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { q, c } = await lockQuestion(tx, questionId);
    if (!canManage(p, c)) throw forbidden();
    if (data.agendaItemId) {
      const item = await tx.selectFrom('conference_agenda_items').select('id').where('id', '=', data.agendaItemId).where('conference_id', '=', c.id).executeTakeFirst();
      if (!item) throw new ValidationError({ agendaItemId: 'conferences.error.agendaItem' });
    }
    const level = data.level ?? q.level;
    let status = q.status;
    if (level === 'above' && ['pending', 'queued', 'deferred'].includes(status)) status = 'passed_up';
    else if (level === 'here' && (status === 'pending' || status === 'passed_up')) status = 'queued';
    const row = await tx
      .updateTable('conference_questions')
      .set({
        agenda_item_id: data.agendaItemId ?? q.agendaItemId,
        position: data.position ?? q.position,
        level,
        status,
        assigned_agency_id: data.assignedAgencyId ?? q.assignedAgencyId,
        prepared_answer: data.preparedAnswer ?? q.preparedAnswer,
      })
      .where('id', '=', questionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toQuestion(row);
    await audit(tx, { actor: actor(p), action: 'conference.question.organise', entityType: 'conference_question', entityId: questionId, before: q, after, at: now });
    if (after.assignedAgencyId && after.assignedAgencyId !== q.assignedAgencyId) await notifyAgencies(ctx, tx, c, [after.assignedAgencyId], 'assigned');
    if (c.status === 'in_session') await emitLive(ctx, tx, c.id, 'queue', {});
    return after;
  });
}

/** Merges a duplicate into another question of the same conference (the duplicate is answered with it). */
export async function mergeQuestion(ctx: AppContext, p: Principal | null, questionId: number, input: unknown): Promise<Question> {
  const { into } = parse(mergeSchema, input);
  if (into === questionId) throw new ValidationError({ into: 'conferences.error.mergeTarget' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { q, c } = await lockQuestion(tx, questionId);
    if (!canManage(p, c)) throw forbidden();
    const target = await tx.selectFrom('conference_questions').select(['id', 'status']).where('id', '=', into).where('conference_id', '=', c.id).executeTakeFirst();
    if (!target || target.status === 'merged') throw new ValidationError({ into: 'conferences.error.mergeTarget' });
    const row = await tx.updateTable('conference_questions').set({ status: 'merged', merged_into: into }).where('id', '=', questionId).returningAll().executeTakeFirstOrThrow();
    await audit(tx, { actor: actor(p), action: 'conference.question.merge', entityType: 'conference_question', entityId: questionId, before: { status: q.status }, after: { status: 'merged', into }, at: now });
    return toQuestion(row);
  });
}

/** The secretary puts a question on the floor: the previous current one (unanswered) goes back to the queue. */
export async function setCurrentQuestion(ctx: AppContext, p: Principal | null, questionId: number): Promise<Question> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { q, c } = await lockQuestion(tx, questionId);
    if (!canManage(p, c)) throw forbidden();
    if (c.status !== 'in_session') throw conflict('conferences.error.notInSession');
    if (!['pending', 'queued', 'deferred', 'current'].includes(q.status)) throw conflict('conferences.error.questionState');
    await tx.updateTable('conference_questions').set({ status: 'queued' }).where('conference_id', '=', c.id).where('status', '=', 'current').execute();
    const row = await tx.updateTable('conference_questions').set({ status: 'current' }).where('id', '=', questionId).returningAll().executeTakeFirstOrThrow();
    await tx.updateTable('conferences').set({ current_question_id: questionId, current_agenda_item_id: q.agendaItemId ?? c.currentAgendaItemId }).where('id', '=', c.id).execute();
    const cur = toQuestion(row);
    await audit(tx, { actor: actor(p), action: 'conference.question.current', entityType: 'conference_question', entityId: questionId, at: now });
    await emitLive(ctx, tx, c.id, 'current', { question: publicQuestion(cur) });
    return cur;
  });
}

/** The secretary moves the session to an agenda item. */
export async function setCurrentItem(ctx: AppContext, p: Principal | null, conferenceId: number, itemId: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!canManage(p, c)) throw forbidden();
    if (c.status !== 'in_session') throw conflict('conferences.error.notInSession');
    const item = await tx.selectFrom('conference_agenda_items').selectAll().where('id', '=', itemId).where('conference_id', '=', conferenceId).executeTakeFirst();
    if (!item) throw new ValidationError({ itemId: 'conferences.error.agendaItem' });
    await tx.updateTable('conferences').set({ current_agenda_item_id: itemId }).where('id', '=', conferenceId).execute();
    await audit(tx, { actor: actor(p), action: 'conference.item.current', entityType: 'conference', entityId: conferenceId, after: { itemId }, at: now });
    await emitLive(ctx, tx, conferenceId, 'item', { item: { id: item.id, position: item.position, title: item.title, minutes: item.minutes } });
  });
}

/**
 * Records who answered (an official by name and title), the answer and, when one was made, the commitment (what,
 * the responsible agency, the deadline). Questions merged into it are answered with it.
 */
export async function answerQuestion(ctx: AppContext, p: Principal | null, questionId: number, input: unknown): Promise<Question> {
  const data = parse(answerSchema, input);
  if (data.commitmentAgencyId && !(await getAgency(ctx.db, data.commitmentAgencyId))) throw new ValidationError({ commitmentAgencyId: 'conferences.error.agency' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { q, c } = await lockQuestion(tx, questionId);
    if (!canManage(p, c)) throw forbidden();
    if (!['in_session', 'held'].includes(c.status)) throw conflict('conferences.error.notInSession');
    if (['merged', 'petition'].includes(q.status)) throw conflict('conferences.error.questionState');
    if (data.commitmentDeadline && data.commitmentDeadline < todayInVietnam(now)) throw new ValidationError({ commitmentDeadline: 'conferences.error.deadlinePast' });
    const set = {
      status: 'answered' as const,
      answered_by_name: data.answeredByName,
      answered_by_title: data.answeredByTitle,
      answer: data.answer,
      answered_at: now,
      commitment_text: data.commitmentText ?? null,
      commitment_agency_id: data.commitmentText ? (data.commitmentAgencyId ?? null) : null,
      commitment_deadline: data.commitmentText ? (data.commitmentDeadline ?? null) : null,
    };
    let row = await tx.updateTable('conference_questions').set(set).where('id', '=', questionId).returningAll().executeTakeFirstOrThrow();
    await tx.updateTable('conference_questions').set(set).where('merged_into', '=', questionId).execute();
    // The commitment goes to the commitments register (supervised there), linked both ways: its source is this
    // question, the question keeps its id. A changed answer keeps the commitment already recorded.
    if (data.commitmentText && data.commitmentAgencyId && data.commitmentDeadline && !q.commitmentId) {
      const promisedOn = todayInVietnam(now);
      const merged = await tx.selectFrom('conference_questions').select(['user_id', 'petition_id']).where('merged_into', '=', questionId).execute();
      const created = await createCommitment(
        { ...ctx, db: tx },
        p,
        {
          source: { kind: 'conference_question', refId: String(questionId), href: `/hoi-nghi/${c.id}#q-${questionId}`, label: c.title },
          unitCode: c.unitCode,
          promisedBy: { name: data.answeredByName, title: data.answeredByTitle },
          promisedOn,
          agencyId: data.commitmentAgencyId,
          deadline: data.commitmentDeadline,
          text: data.commitmentText,
          topicId: q.topicId ?? undefined,
          citizenIds: [q.userId, ...merged.map((m) => m.user_id)].filter((x): x is number => x !== null).map(Number),
          petitionIds: [q.petitionId, ...merged.map((m) => m.petition_id)].filter((x): x is number => x !== null),
        },
        tx,
        { at: now },
      );
      row = await tx.updateTable('conference_questions').set({ commitment_id: created.id }).where('id', '=', questionId).returningAll().executeTakeFirstOrThrow();
    }
    if (c.currentQuestionId === questionId) await tx.updateTable('conferences').set({ current_question_id: null }).where('id', '=', c.id).execute();
    const a = toQuestion(row);
    await audit(tx, { actor: actor(p), action: 'conference.question.answer', entityType: 'conference_question', entityId: questionId, before: { status: q.status, answer: q.answer }, after: publicQuestion(a), at: now });
    if (a.commitmentAgencyId) await notifyAgencies(ctx, tx, c, [a.commitmentAgencyId], 'commitment', { deadline: a.commitmentDeadline ?? '' });
    await emitLive(ctx, tx, c.id, 'answered', { question: publicQuestion(a) });
    return a;
  });
}

/** Not answered on the floor: kept for a written answer (it becomes a petition of the competent agency after the day). */
export async function deferQuestion(ctx: AppContext, p: Principal | null, questionId: number): Promise<Question> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { q, c } = await lockQuestion(tx, questionId);
    if (!canManage(p, c)) throw forbidden();
    if (!['pending', 'queued', 'current'].includes(q.status)) throw conflict('conferences.error.questionState');
    const row = await tx.updateTable('conference_questions').set({ status: 'deferred' }).where('id', '=', questionId).returningAll().executeTakeFirstOrThrow();
    if (c.currentQuestionId === questionId) await tx.updateTable('conferences').set({ current_question_id: null }).where('id', '=', c.id).execute();
    await audit(tx, { actor: actor(p), action: 'conference.question.defer', entityType: 'conference_question', entityId: questionId, before: { status: q.status }, after: { status: 'deferred' }, at: now });
    await emitLive(ctx, tx, c.id, 'deferred', { question: publicQuestion(toQuestion(row)) });
    return toQuestion(row);
  });
}

export async function getQuestion(db: Executor, id: number): Promise<Question> {
  const r = await db.selectFrom('conference_questions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new HttpError(404, 'error.notFound');
  return toQuestion(r);
}

export async function myQuestions(ctx: AppContext, p: Principal): Promise<Array<Question & { title: string }>> {
  const rows = await ctx.db
    .selectFrom('conference_questions as q')
    .innerJoin('conferences as c', 'c.id', 'q.conference_id')
    .selectAll('q')
    .select('c.title as ctitle')
    .where('q.user_id', '=', p.id)
    .orderBy('q.id', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...toQuestion(r), title: r.ctitle }));
}
