import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { forbidden, notFound, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { getAgency, getCategory } from '../../directory/service';
import { listForConsolidation, setPetitionTopic } from '../../petitions/service';
import type { MemberHow } from '../model';
import { canEditTopics } from '../policy';
import { createTopicSchema, mergeSchema, moveSchema, removeSchema, splitSchema, topicFieldsSchema } from '../schema';
import { forgetMatching } from './match';
import { asVector, centroid, docOf, vectorize } from '../similarity';
import { unitTarget } from './read';

export const ENTITY = 'consolidation_topic';

export interface TopicRef {
  id: number;
  unit_code: string;
  province_code: string;
  period: string;
  status: string;
}

/** The topic (404), after checking the caller may edit its unit's topics (403). */
export async function editableTopic(db: Executor, principal: Principal | null, id: number): Promise<TopicRef> {
  if (!principal) throw unauthorized();
  const t = await db.selectFrom('consolidation_topics').select(['id', 'unit_code', 'province_code', 'period', 'status']).where('id', '=', id).executeTakeFirst();
  if (!t || t.status !== 'active') throw notFound();
  if (!canEditTopics(principal, { unitCode: t.unit_code, provinceCode: t.province_code })) throw forbidden();
  return t;
}

/** Checks what a topic refers to exists (field, agency) before the transaction. */
async function checkRefs(db: Executor, data: { categoryId?: number; agencyId?: number }) {
  if (data.categoryId && !(await getCategory(db, data.categoryId))) throw new ValidationError({ categoryId: 'consolidation.error.category' });
  if (data.agencyId && !(await getAgency(db, data.agencyId))) throw new ValidationError({ agencyId: 'consolidation.error.agency' });
}

/** Petitions that may join a topic of the unit: general track, about that unit (or its communes for a province). */
async function checkPetitions(db: Executor, topic: { unit_code: string; province_code: string }, ids: number[]) {
  const rows = await listForConsolidation(db, { ids });
  if (rows.length !== new Set(ids).size) throw new ValidationError({ petitionIds: 'consolidation.error.petition' });
  const provinceTopic = topic.unit_code === topic.province_code;
  for (const r of rows) {
    if (provinceTopic ? r.provinceCode !== topic.province_code : r.unitCode !== topic.unit_code) throw new ValidationError({ petitionIds: 'consolidation.error.petitionUnit' });
  }
  return rows;
}

/** Recomputes a topic's centroid from its members (terms weighted by the unit's stored frequencies). */
export async function refreshVector(tx: Executor, topicId: number): Promise<void> {
  const t = await tx.selectFrom('consolidation_topics').select(['unit_code']).where('id', '=', topicId).executeTakeFirstOrThrow();
  const ids = (await tx.selectFrom('consolidation_members').select('petition_id').where('topic_id', '=', topicId).execute()).map((m) => m.petition_id);
  const rows = await listForConsolidation(tx, { ids });
  const vocab = await tx.selectFrom('consolidation_vocab').select('idf').where('unit_code', '=', t.unit_code).executeTakeFirst();
  const { vectors } = vectorize(rows.map((r) => docOf(r)), undefined, vocab ? asVector(vocab.idf) : undefined);
  await tx.updateTable('consolidation_topics').set({ vector: JSON.stringify(centroid(vectors)) as any }).where('id', '=', topicId).execute();
  await forgetMatching(tx);
}

/**
 * Puts petitions into a topic (out of any other), in the caller's transaction: the members table, the petition's
 * topic_id through the petitions service, the centroids of every topic touched.
 */
export async function attach(tx: Executor, topicId: number, petitionIds: number[], how: MemberHow, actorId: number | null, at: Date): Promise<number[]> {
  if (!petitionIds.length) return [];
  const before = await tx.selectFrom('consolidation_members').select('topic_id').where('petition_id', 'in', petitionIds).execute();
  await tx.deleteFrom('consolidation_members').where('petition_id', 'in', petitionIds).execute();
  await tx.insertInto('consolidation_members').values(petitionIds.map((p) => ({ topic_id: topicId, petition_id: p, how, added_by: actorId, added_at: at }))).execute();
  await setPetitionTopic(tx, petitionIds, topicId);
  const touched = [...new Set([topicId, ...before.map((b) => b.topic_id)])];
  for (const t of touched) await refreshVector(tx, t);
  await tx.updateTable('consolidation_topics').set({ updated_at: at }).where('id', 'in', touched).execute();
  return touched;
}

export async function createTopic(ctx: AppContext, principal: Principal | null, input: unknown, how: MemberHow = 'added'): Promise<{ id: number }> {
  if (!principal) throw unauthorized();
  const data = parse(createTopicSchema, input);
  const { unit, target } = await unitTarget(ctx.db, data.unitCode);
  if (!canEditTopics(principal, target)) throw forbidden();
  await checkRefs(ctx.db, data);
  await checkPetitions(ctx.db, { unit_code: unit.code, province_code: unit.provinceCode }, data.petitionIds);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('consolidation_topics')
      .values({
        unit_code: unit.code,
        province_code: unit.provinceCode,
        period: data.period,
        title: data.title,
        summary: data.summary,
        category_id: data.categoryId ?? null,
        agency_id: data.agencyId ?? null,
        merged_into_id: null,
        created_by: principal.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await attach(tx, row.id, data.petitionIds, how, principal.id, now);
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.topic.create', entityType: ENTITY, entityId: row.id, after: data, at: now });
    return { id: row.id };
  });
}

export async function updateTopic(ctx: AppContext, principal: Principal | null, id: number, input: unknown): Promise<void> {
  const t = await editableTopic(ctx.db, principal, id);
  const data = parse(topicFieldsSchema, input);
  await checkRefs(ctx.db, data);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('consolidation_topics').select(['title', 'summary', 'category_id', 'agency_id']).where('id', '=', t.id).executeTakeFirstOrThrow();
    await tx
      .updateTable('consolidation_topics')
      .set({ title: data.title, summary: data.summary, category_id: data.categoryId ?? null, agency_id: data.agencyId ?? null, updated_at: now })
      .where('id', '=', t.id)
      .execute();
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.topic.update', entityType: ENTITY, entityId: t.id, before, after: data, at: now });
  });
}

/** Moves petitions (from another topic or ungrouped) into the topic. */
export async function moveItems(ctx: AppContext, principal: Principal | null, input: unknown): Promise<void> {
  const data = parse(moveSchema, input);
  const t = await editableTopic(ctx.db, principal, data.topicId);
  await checkPetitions(ctx.db, t, data.petitionIds);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const touched = await attach(tx, t.id, data.petitionIds, 'moved', principal!.id, now);
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.topic.move', entityType: ENTITY, entityId: t.id, after: { ...data, from: touched.filter((x) => x !== t.id) }, at: now });
  });
}

/** Takes petitions out of a topic; the next proposal run will not put them back into it. */
export async function removeItems(ctx: AppContext, principal: Principal | null, topicId: number, input: unknown): Promise<void> {
  const t = await editableTopic(ctx.db, principal, topicId);
  const data = parse(removeSchema, input);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('consolidation_members').select('petition_id').where('topic_id', '=', t.id).where('petition_id', 'in', data.petitionIds).execute();
    const ids = rows.map((r) => r.petition_id);
    if (!ids.length) throw new ValidationError({ petitionIds: 'consolidation.error.notMember' });
    await tx.deleteFrom('consolidation_members').where('topic_id', '=', t.id).where('petition_id', 'in', ids).execute();
    await setPetitionTopic(tx, ids, null);
    await tx
      .insertInto('consolidation_decisions')
      .values(ids.map((p) => ({ unit_code: t.unit_code, period: t.period, kind: 'removed' as const, petition_id: p, topic_id: t.id, decided_by: principal!.id, decided_at: now })))
      .execute();
    await refreshVector(tx, t.id);
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.topic.remove', entityType: ENTITY, entityId: t.id, after: { petitionIds: ids }, at: now });
  });
}

/** Merges the source topic into this one: its members move, it is kept as 'merged' (pointing here). */
export async function mergeTopics(ctx: AppContext, principal: Principal | null, targetId: number, input: unknown): Promise<void> {
  const data = parse(mergeSchema, input);
  const target = await editableTopic(ctx.db, principal, targetId);
  const source = await editableTopic(ctx.db, principal, data.sourceId);
  if (source.id === target.id || source.unit_code !== target.unit_code || source.period !== target.period) throw new ValidationError({ sourceId: 'consolidation.error.mergeTarget' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const ids = (await tx.selectFrom('consolidation_members').select('petition_id').where('topic_id', '=', source.id).execute()).map((m) => m.petition_id);
    await attach(tx, target.id, ids, 'merged', principal!.id, now);
    await tx.updateTable('consolidation_topics').set({ status: 'merged', merged_into_id: target.id, updated_at: now }).where('id', '=', source.id).execute();
    await forgetMatching(tx);
    await tx.updateTable('consolidation_raised').set({ topic_id: target.id }).where('topic_id', '=', source.id).where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('consolidation_raised as r2').select('r2.topic_id').where('r2.topic_id', '=', target.id).whereRef('r2.conference_id', '=', 'consolidation_raised.conference_id'))),
    ).execute();
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.topic.merge', entityType: ENTITY, entityId: target.id, after: { sourceId: source.id, petitionIds: ids }, at: now });
  });
}

/** Splits some members off into a new topic of the same unit and period. */
export async function splitTopic(ctx: AppContext, principal: Principal | null, topicId: number, input: unknown): Promise<{ id: number }> {
  const t = await editableTopic(ctx.db, principal, topicId);
  const data = parse(splitSchema, input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('consolidation_members').select('petition_id').where('topic_id', '=', t.id).where('petition_id', 'in', data.petitionIds).execute();
    const ids = rows.map((r) => r.petition_id);
    const all = await tx.selectFrom('consolidation_members').select(({ fn }) => fn.countAll<number>().as('n')).where('topic_id', '=', t.id).executeTakeFirstOrThrow();
    if (!ids.length || ids.length >= Number(all.n)) throw new ValidationError({ petitionIds: 'consolidation.error.splitAll' });
    const src = await tx.selectFrom('consolidation_topics').select(['title', 'category_id', 'agency_id']).where('id', '=', t.id).executeTakeFirstOrThrow();
    const first = (await listForConsolidation(tx, { ids: [ids[0]] }))[0];
    const row = await tx
      .insertInto('consolidation_topics')
      .values({
        unit_code: t.unit_code,
        province_code: t.province_code,
        period: t.period,
        title: data.title ?? first?.title ?? src.title,
        summary: '',
        category_id: src.category_id,
        agency_id: src.agency_id,
        merged_into_id: null,
        created_by: principal!.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await attach(tx, row.id, ids, 'split', principal!.id, now);
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.topic.split', entityType: ENTITY, entityId: t.id, after: { newTopicId: row.id, petitionIds: ids }, at: now });
    return { id: row.id };
  });
}

