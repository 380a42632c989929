import { fold } from '../../../platform/text/text';
import { termsOf, trigramsOf } from './terms';

/** What the similarity of two petitions is computed from. */
export interface SimilarityDoc {
  id: number;
  title: string;
  content: string;
  unitCode: string;
  /** Village / address as entered. */
  address: string | null;
  /** Field (lĩnh vực). */
  categoryId: number | string | null;
}

export type Vector = Map<string, number>;

export interface VectorOptions {
  bigrams: boolean;
  /** The title counts this many times (it names the problem). */
  titleWeight: number;
  /** Weights of the extra signals, as pseudo-terms (0 = unused). */
  placeWeight: number;
  fieldWeight: number;
  /** 'terms' (syllables ± pairs, TF-IDF) or 'trigrams' (character trigrams, TF-IDF). */
  kind: 'terms' | 'trigrams';
}

export const DEFAULT_VECTOR_OPTIONS: VectorOptions = { bigrams: true, titleWeight: 2, placeWeight: 0.3, fieldWeight: 0.3, kind: 'terms' };

export function rawTerms(d: SimilarityDoc, o: VectorOptions): Map<string, number> {
  const tf = new Map<string, number>();
  const add = (t: string, w: number) => tf.set(t, (tf.get(t) ?? 0) + w);
  const split = o.kind === 'trigrams' ? trigramsOf : (s: string) => termsOf(s, { bigrams: o.bigrams });
  for (const t of split(d.title)) add(t, o.titleWeight);
  for (const t of split(d.content)) add(t, 1);
  // Sublinear term frequency: a word said five times is not five times the evidence.
  for (const [t, n] of tf) tf.set(t, 1 + Math.log(n));
  return tf;
}

/** Inverse document frequency over a set of documents (the unit and period being consolidated). */
export function idfOf(docs: Array<Map<string, number>>): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [t, k] of df) idf.set(t, Math.log((n + 1) / (k + 0.5)));
  return idf;
}

function normalise(v: Vector): Vector {
  let s = 0;
  for (const x of v.values()) s += x * x;
  const n = Math.sqrt(s) || 1;
  for (const [t, x] of v) v.set(t, x / n);
  return v;
}

/** Inverse document frequencies counted one document at a time (nothing per document is kept: any number of them). */
export function streamingIdf(docs: Iterable<SimilarityDoc>, o: VectorOptions = DEFAULT_VECTOR_OPTIONS): Map<string, number> {
  const df = new Map<string, number>();
  let n = 0;
  for (const d of docs) {
    n++;
    for (const t of rawTerms(d, o).keys()) df.set(t, (df.get(t) ?? 0) + 1);
  }
  for (const [t, k] of df) df.set(t, Math.log((n + 1) / (k + 0.5)));
  return df;
}

/** TF-IDF vectors of unit length, with the place and field appended as weighted pseudo-terms. */
export function vectorize(docs: SimilarityDoc[], o: VectorOptions = DEFAULT_VECTOR_OPTIONS, idf?: Map<string, number>): { vectors: Vector[]; idf: Map<string, number> } {
  const raw = docs.map((d) => rawTerms(d, o));
  const weights = idf ?? idfOf(raw);
  const fallback = Math.log(docs.length + 1);
  const vectors = raw.map((tf, i) => {
    const v: Vector = new Map();
    for (const [t, x] of tf) v.set(t, x * (weights.get(t) ?? fallback));
    normalise(v);
    const d = docs[i];
    if (o.placeWeight > 0) {
      v.set(`#u:${d.unitCode}`, o.placeWeight * 0.7);
      if (d.address) v.set(`#a:${fold(d.address)}`, o.placeWeight * 0.7);
    }
    if (o.fieldWeight > 0 && d.categoryId !== null) v.set(`#c:${d.categoryId}`, o.fieldWeight);
    return normalise(v);
  });
  return { vectors, idf: weights };
}

export function cosine(a: Vector, b: Vector): number {
  if (a.size > b.size) [a, b] = [b, a];
  let s = 0;
  for (const [t, x] of a) {
    const y = b.get(t);
    if (y !== undefined) s += x * y;
  }
  return s;
}
