import type { AppContext } from '../../../platform/context';
import { listForConsolidation } from '../../petitions/service';
import { asVector, cosine, docOf, vectorize } from '../similarity';
import { consolidationSettings } from '../settings';

/**
 * The existing topics a petition matches (same unit, or its province's topics), best first, with the cosine of
 * its term vector to each topic's centroid. Reads the topics' stored centroids and the unit's vocabulary: the
 * cost depends on the number of topics, not of petitions.
 */
export async function matchPetition(ctx: Pick<AppContext, 'db'>, petitionId: number, limit = 3): Promise<Array<{ topicId: number; score: number }>> {
  const [p] = await listForConsolidation(ctx.db, { ids: [petitionId] });
  if (!p) return [];
  const s = await consolidationSettings(ctx.db);
  const vocab = await ctx.db.selectFrom('consolidation_vocab').select('idf').where('unit_code', '=', p.unitCode).executeTakeFirst();
  const { vectors } = vectorize([docOf(p)], undefined, vocab ? asVector(vocab.idf) : undefined);
  const topics = await ctx.db
    .selectFrom('consolidation_topics')
    .select(['id', 'vector'])
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('unit_code', '=', p.unitCode), eb('unit_code', '=', p.provinceCode)]))
    .execute();
  return topics
    .map((t) => ({ topicId: t.id, score: cosine(vectors[0], asVector(t.vector)) }))
    .filter((m) => m.score >= s.threshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
