import type { ConsolidationPetition } from '../../petitions/service';
import { cluster, DEFAULT_CLUSTER_OPTIONS } from './cluster';
import { cosine, DEFAULT_VECTOR_OPTIONS, idfOf, streamingIdf, TermTable, vectorize, type CompactDoc, type SimilarityDoc, type Vector } from './vectors';

export { cluster, cosine, vectorize, idfOf, streamingIdf, TermTable, type CompactDoc, type Vector };

export function docOf(p: Pick<ConsolidationPetition, 'id' | 'title' | 'content' | 'unitCode' | 'address' | 'categoryId'>, village?: string | null): SimilarityDoc {
  return { id: p.id, title: p.title, content: p.content, unitCode: p.unitCode, address: village ?? p.address, categoryId: p.categoryId };
}

const CENTROID_TERMS = 120;

/** The sum of vectors, term by term. */
export function sumOf(vectors: Vector[]): Vector {
  const sum: Vector = new Map();
  for (const v of vectors) for (const [t, x] of v) sum.set(t, (sum.get(t) ?? 0) + x);
  return sum;
}

/** The centroid of vectors, cut to its heaviest terms and of unit length (stored as the topic's vector). */
export function centroid(vectors: Vector[]): Record<string, number> {
  const sum = sumOf(vectors);
  const top = [...sum.entries()].sort((a, b) => b[1] - a[1]).slice(0, CENTROID_TERMS);
  const norm = Math.sqrt(top.reduce((s, [, x]) => s + x * x, 0)) || 1;
  return Object.fromEntries(top.map(([t, x]) => [t, Math.round((x / norm) * 1e5) / 1e5]));
}

export const asVector = (o: Record<string, number>): Vector => new Map(Object.entries(o));

/** Groups of similar items (indices), largest first; items alone are left out. */
export function groupSimilar(vectors: Vector[], threshold: number, onProgress?: (done: number, total: number) => void): number[][] {
  const labels = cluster(vectors, { ...DEFAULT_CLUSTER_OPTIONS, threshold }, onProgress);
  const groups = new Map<number, number[]>();
  labels.forEach((l, i) => {
    const g = groups.get(l);
    if (g) g.push(i);
    else groups.set(l, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length);
}

export { DEFAULT_VECTOR_OPTIONS, idfOf as inverseFrequencies };
