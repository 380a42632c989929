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

/** How many times each term occurs (the title's terms counting titleWeight times): whole numbers. */
export function termCounts(d: SimilarityDoc, o: VectorOptions): Map<string, number> {
  const tf = new Map<string, number>();
  const add = (t: string, w: number) => tf.set(t, (tf.get(t) ?? 0) + w);
  const split = o.kind === 'trigrams' ? trigramsOf : (s: string) => termsOf(s, { bigrams: o.bigrams });
  for (const t of split(d.title)) add(t, o.titleWeight);
  for (const t of split(d.content)) add(t, 1);
  return tf;
}

/** Sublinear term frequency: a word said five times is not five times the evidence. */
const sublinear = (n: number) => 1 + Math.log(n);

export function rawTerms(d: SimilarityDoc, o: VectorOptions): Map<string, number> {
  const tf = termCounts(d, o);
  for (const [t, n] of tf) tf.set(t, sublinear(n));
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
    return withSignals(v, signalsOf(docs[i], o), o);
  });
  return { vectors, idf: weights };
}

/** The place and field pseudo-terms of a document (their keys). */
interface Signals {
  unit: string | null;
  address: string | null;
  field: string | null;
}

function signalsOf(d: Pick<SimilarityDoc, 'unitCode' | 'address' | 'categoryId'>, o: VectorOptions): Signals {
  return {
    unit: o.placeWeight > 0 ? `#u:${d.unitCode}` : null,
    address: o.placeWeight > 0 && d.address ? `#a:${fold(d.address)}` : null,
    field: o.fieldWeight > 0 && d.categoryId !== null ? `#c:${d.categoryId}` : null,
  };
}

/** The text's weighted terms normalised, the pseudo-terms appended, normalised again. */
function withSignals(v: Vector, g: Signals, o: VectorOptions): Vector {
  normalise(v);
  if (g.unit) v.set(g.unit, o.placeWeight * 0.7);
  if (g.address) v.set(g.address, o.placeWeight * 0.7);
  if (g.field) v.set(g.field, o.fieldWeight);
  return normalise(v);
}

/** One document as a TermTable keeps it: where its terms are in the table's pools, and its pseudo-terms. */
export interface CompactDoc {
  start: number;
  length: number;
  signals: Signals;
}

/**
 * The terms of many documents counted one at a time, for a scope too large to hold its texts: each document is kept
 * as the numbers of its terms and their counts, in two pools shared by all documents (six bytes a term); its text
 * is not kept. The inverse frequencies and the vectors are those streamingIdf and vectorize give for the same
 * documents, to the last bit.
 */
export class TermTable {
  private ids = new Map<string, number>();
  private names: string[] = [];
  private df: number[] = [];
  private terms = new Int32Array(1 << 16);
  /** A term's count in a document; a petition's text is far too short to count one 65,535 times. */
  private counts = new Uint16Array(1 << 16);
  private used = 0;
  /** Pseudo-term keys, one string per distinct key. */
  private keys = new Map<string, string>();
  docs = 0;
  constructor(readonly o: VectorOptions = DEFAULT_VECTOR_OPTIONS) {
    // Counts are kept as whole numbers.
    if (!Number.isInteger(o.titleWeight)) throw new Error('TermTable: the title weight must be a whole number');
  }

  add(d: SimilarityDoc): CompactDoc {
    this.docs++;
    const tf = termCounts(d, this.o);
    if (this.used + tf.size > this.terms.length) {
      const size = Math.max(this.terms.length * 2, this.used + tf.size);
      const terms = new Int32Array(size);
      terms.set(this.terms.subarray(0, this.used));
      const counts = new Uint16Array(size);
      counts.set(this.counts.subarray(0, this.used));
      [this.terms, this.counts] = [terms, counts];
    }
    const start = this.used;
    for (const [t, n] of tf) {
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(t, id);
        this.names.push(t);
        this.df.push(0);
      }
      this.df[id]++;
      this.terms[this.used] = id;
      this.counts[this.used++] = Math.min(n, 65_535);
    }
    const g = signalsOf(d, this.o);
    const key = (k: string | null) => {
      if (k === null) return null;
      const got = this.keys.get(k);
      if (got !== undefined) return got;
      this.keys.set(k, k);
      return k;
    };
    return { start, length: tf.size, signals: { unit: key(g.unit), address: key(g.address), field: key(g.field) } };
  }

  /** The inverse document frequencies of the documents added, by term number (streamingIdf's figures). */
  weights(): Float64Array {
    const n = this.docs;
    return Float64Array.from(this.df, (k) => Math.log((n + 1) / (k + 0.5)));
  }

  /** The same as a map, terms in the order first seen (as streamingIdf gives it). */
  idf(weights = this.weights()): Map<string, number> {
    return new Map(this.names.map((t, id) => [t, weights[id]]));
  }

  /** A document's vector with the table's weights (as vectorize with that idf). */
  vector(c: CompactDoc, weights: Float64Array): Vector {
    const v: Vector = new Map();
    for (let i = c.start; i < c.start + c.length; i++) v.set(this.names[this.terms[i]], sublinear(this.counts[i]) * weights[this.terms[i]]);
    return withSignals(v, c.signals, this.o);
  }
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
