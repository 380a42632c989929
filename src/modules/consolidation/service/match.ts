import type { AppContext } from '../../../platform/context';
import { ReadCache } from '../../../platform/cache';
import { afterCommit } from '../../../platform/db/after-commit';
import type { Executor } from '../../../platform/db/types';
import { listForConsolidation, type ConsolidationPetition } from '../../petitions/service';
import { asVector, cosine, docOf, vectorize, type Vector } from '../similarity';
import { consolidationSettings } from '../settings';

/** A unit's active topics with their centroids, and its stored term frequencies: read on every match, changed rarely. */
const topicVectors = new ReadCache<{ items: Array<{ id: number; v: Vector }> }>('consolidation.topicVectors', { max: 500, ttlMs: 10 * 60_000 });
const vocabularies = new ReadCache<{ idf: Vector | null }>('consolidation.vocabulary', { max: 500, ttlMs: 10 * 60_000 });

async function unitTopics(db: Executor, unitCode: string) {
  const r = await topicVectors.get(db, unitCode, async () => ({
    items: (await db.selectFrom('consolidation_topics').select(['id', 'vector']).where('status', '=', 'active').where('unit_code', '=', unitCode).execute()).map((t) => ({ id: t.id, v: asVector(t.vector) })),
  }));
  return r!.items;
}

async function unitVocabulary(db: Executor, unitCode: string): Promise<Vector | null> {
  const r = await vocabularies.get(db, unitCode, async () => {
    const row = await db.selectFrom('consolidation_vocab').select('idf').where('unit_code', '=', unitCode).executeTakeFirst();
    return { idf: row ? asVector(row.idf) : null };
  });
  return r!.idf;
}

/** After a topic's centroid or state, or a unit's vocabulary, changed: once the change is committed, matching reads it. */
export function forgetMatching(db: Executor): Promise<void> {
  return afterCommit(db, () => {
    topicVectors.forget();
    vocabularies.forget();
  });
}

/**
 * The existing topics a petition matches (same unit, or its province's topics), best first, with the cosine of
 * its term vector to each topic's centroid. Reads the topics' stored centroids and the unit's vocabulary (cached):
 * the cost depends on the number of topics, not of petitions. Given the petition as the petitions module lists it
 * for consolidation (a caller that has read it already), it is not read again.
 */
export async function matchPetition(ctx: Pick<AppContext, 'db'>, petition: number | ConsolidationPetition, limit = 3): Promise<Array<{ topicId: number; score: number }>> {
  const p = typeof petition === 'number' ? (await listForConsolidation(ctx.db, { ids: [petition] }))[0] : petition;
  if (!p) return [];
  const s = await consolidationSettings(ctx.db);
  const idf = await unitVocabulary(ctx.db, p.unitCode);
  const { vectors } = vectorize([docOf(p)], undefined, idf ?? undefined);
  const topics = [...(await unitTopics(ctx.db, p.unitCode)), ...(p.provinceCode !== p.unitCode ? await unitTopics(ctx.db, p.provinceCode) : [])];
  return topics
    .map((t) => ({ topicId: t.id, score: cosine(vectors[0], t.v) }))
    .filter((m) => m.score >= s.threshold)
    .sort((a, b) => b.score - a.score || a.topicId - b.topicId)
    .slice(0, limit);
}
