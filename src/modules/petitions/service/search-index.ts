/**
 * An in-memory inverted index of the published public petitions, for the public search: every word of their
 * folded title, content and answer (the lexemes of petition_search.search_tsv) with the documents holding it,
 * newest last. A query walks the postings from the newest down and stops at the first `max` matches, so a question
 * costs microseconds however common its words; the database is asked only for the page's rows.
 *
 * Documents are numbered in the order they entered the index (loaded in publication order, then as published):
 * "newest" is the highest number. Removed documents stay in the postings as tombstones until the next rebuild.
 */

import { byRank, roundRank, wordScore } from '../../../platform/search/rank';

/** One document's searchable attributes: what the public filters read. */
export interface IndexedDoc {
  id: number;
  publishedAt: number;
  status: string;
  kind: string;
  channel: string;
  categoryId: number | null;
  unitCode: string;
  agencyId: number;
  /** The tsvector's text form: 'word':1A,4 'other':2B … */
  tsv: string;
}

export interface IndexFilters {
  status?: readonly string[];
  kind?: readonly string[];
  channel?: readonly string[];
  category?: number;
  unit?: string;
  agency?: number;
}

export interface IndexMatch {
  id: number;
  rank: number;
}

/** How many words a prefix may stand for: the most frequent are kept ("ng" alone names thousands). */
const PREFIX_WORDS = 200;
const TITLE_BIT = 0x80;
/** Union bitmaps kept (a prefix's words, a mistyped word's alternatives), until the next document is added. */
const UNIONS_KEPT = 64;

let nextPostingsUid = 1;

class Postings {
  /** Names the list in the key of a union bitmap (SearchIndex.bitsOfSet). */
  readonly uid = nextPostingsUid++;
  docs = new Int32Array(4);
  /** Per posting: TITLE_BIT when the word is in the title, and how often it occurs (capped at 127). */
  info = new Uint8Array(4);
  length = 0;
  /** A bitmap of the documents, for frequent words (kept by push once made). */
  dense: Int32Array | null = null;
  /** With the bitmap: how many postings come before each 256 documents (made when first needed, until the next push). */
  private before: Int32Array | null = null;

  push(doc: number, info: number): void {
    if (this.length === this.docs.length) {
      const docs = new Int32Array(this.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const inf = new Uint8Array(this.length * 2);
      inf.set(this.info);
      this.info = inf;
    }
    this.docs[this.length] = doc;
    this.info[this.length++] = info;
    if (this.dense) {
      this.dense[doc >>> 5] |= 1 << (doc & 31);
      this.before = null;
    }
  }

  /** Where a document of the bitmap is in the postings: the bits before it, counted. */
  position(doc: number): number {
    const bits = this.dense!;
    const before = (this.before ??= countsBefore(bits));
    const w = doc >>> 5;
    let k = before[w >>> 3];
    for (let i = w & ~7; i < w; i++) k += popcount(bits[i]);
    return k + popcount(bits[w] & ((1 << (doc & 31)) - 1));
  }

  /** The bitmap, grown to hold `words` 32-bit words. */
  grow(words: number): void {
    const bits = new Int32Array(words);
    bits.set(this.dense!);
    this.dense = bits;
    this.before = null;
  }

  trim(): void {
    this.docs = this.docs.slice(0, Math.max(this.length, 1));
    this.info = this.info.slice(0, Math.max(this.length, 1));
  }

}

/** A growable column of numbers. */
class Column<T extends Int32Array | Float64Array | Uint8Array | Uint16Array> {
  constructor(
    private make: (n: number) => T,
    public data: T = make(1024),
  ) {}
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const next = this.make(Math.max(this.data.length * 2, i + 1));
      next.set(this.data as never);
      this.data = next;
    }
    this.data[i] = v;
  }
}

/** Interns strings (status, unit codes …) as small numbers. */
class Dictionary {
  private ids = new Map<string, number>();
  id(s: string): number {
    let n = this.ids.get(s);
    if (n === undefined) this.ids.set(s, (n = this.ids.size + 1));
    return n;
  }
  find(s: string): number | undefined {
    return this.ids.get(s);
  }
}

/** Parses a tsvector's text form into each lexeme's weight information. */
export function parseTsvector(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    if (i >= n) break;
    let word = '';
    if (text[i] === "'") {
      i++;
      while (i < n) {
        const c = text[i];
        if (c === "'" && text[i + 1] === "'") {
          word += "'";
          i += 2;
        } else if (c === '\\' && i + 1 < n) {
          word += text[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          word += c;
          i++;
        }
      }
    } else {
      while (i < n && text[i] !== ' ' && text[i] !== ':') word += text[i++];
    }
    let count = 0;
    let title = false;
    if (text[i] === ':') {
      i++;
      while (i < n && text[i] !== ' ') {
        const start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9') i++;
        if (i > start) count++;
        if (text[i] === 'A') title = true;
        while (i < n && text[i] !== ',' && text[i] !== ' ') i++;
        if (text[i] === ',') i++;
      }
    }
    if (word) out.set(word, (title ? TITLE_BIT : 0) | Math.min(127, Math.max(1, count)));
  }
  return out;
}

export class SearchIndex {
  private words = new Map<string, Postings>();
  /** The documents of each unit (u:), category (c:) and agency (a:): filters join like words. */
  private attributes = new Map<string, Postings>();
  /** The words in order, for prefixes; rebuilt when a new word arrived. */
  private sorted: string[] | null = null;
  private docCount = 0;
  private deadCount = 0;
  private readonly ids = new Column((n) => new Int32Array(n));
  private readonly published = new Column((n) => new Float64Array(n));
  private readonly alive = new Column((n) => new Uint8Array(n));
  private readonly status = new Column((n) => new Uint16Array(n));
  private readonly kind = new Column((n) => new Uint16Array(n));
  private readonly channel = new Column((n) => new Uint16Array(n));
  private readonly unit = new Column((n) => new Uint16Array(n));
  private readonly category = new Column((n) => new Int32Array(n));
  private readonly agency = new Column((n) => new Int32Array(n));
  private readonly strings = new Dictionary();
  private readonly docOf = new Map<number, number>();
  /** A hash of each document's text (to know whether an update changed its words). */
  private readonly textHash = new Column((n) => new Int32Array(n));
  /** Documents added out of publication order (they count as newer than they are). */
  private disorder = 0;
  /** Bitmaps of frequent words, and their size in 32-bit words. */
  private denseLists: Postings[] = [];
  private bitCapacity = 0;
  /** The bitmaps of word groups by their lists' uids: the same prefix typed again joins one bitmap, not 200. */
  private unions = new Map<string, Int32Array>();

  /** `denseMin`: how many documents a word needs at least before it is also kept as a bitmap. */
  constructor(private readonly denseMin = 2048) {}

  get size(): number {
    return this.docOf.size;
  }

  /** Share of the numbered documents that are tombstones or out of order: time to rebuild when high. */
  get waste(): number {
    return this.docCount ? (this.deadCount + this.disorder) / this.docCount : 0;
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Adds or replaces a document (a changed text or publication date numbers it anew, as the newest). */
  upsert(d: IndexedDoc): void {
    const old = this.docOf.get(d.id);
    const hash = fnv1a(d.tsv);
    if (
      old !== undefined &&
      this.textHash.data[old] === hash &&
      this.published.data[old] === d.publishedAt &&
      this.unit.data[old] === this.strings.id(d.unitCode) &&
      this.category.data[old] === (d.categoryId ?? 0) &&
      this.agency.data[old] === d.agencyId
    ) {
      this.setAttributes(old, d);
      return;
    }
    if (old !== undefined) this.kill(old, d.id);
    this.unions.clear();
    const doc = this.docCount++;
    this.ensureBits(doc);
    if (doc > 0 && d.publishedAt < this.published.data[doc - 1]) this.disorder++;
    this.ids.set(doc, d.id);
    this.published.set(doc, d.publishedAt);
    this.alive.set(doc, 1);
    this.setAttributes(doc, d);
    this.docOf.set(d.id, doc);
    this.textHash.set(doc, hash);
    for (const [word, info] of parseTsvector(d.tsv)) {
      let p = this.words.get(word);
      if (!p) {
        this.words.set(word, (p = new Postings()));
        this.sorted = null;
      }
      p.push(doc, info);
    }
    for (const key of [`u:${d.unitCode}`, `c:${d.categoryId ?? 0}`, `a:${d.agencyId}`]) {
      let p = this.attributes.get(key);
      if (!p) {
        // Filters are always bitmaps: a unit holds few documents, and joins like a rare word would, slowly.
        this.attributes.set(key, (p = new Postings()));
        p.dense = new Int32Array(this.bitCapacity);
        this.denseLists.push(p);
      }
      p.push(doc, 1);
    }
  }

  /** Trims the postings to their length (after a bulk load). */
  compact(): void {
    for (const p of this.words.values()) p.trim();
    for (const p of this.attributes.values()) p.trim();
  }

  remove(id: number): void {
    const doc = this.docOf.get(id);
    if (doc !== undefined) this.kill(doc, id);
  }

  private kill(doc: number, id: number): void {
    this.alive.data[doc] = 0;
    this.deadCount++;
    this.docOf.delete(id);
  }

  private setAttributes(doc: number, d: IndexedDoc): void {
    this.status.set(doc, this.strings.id(d.status));
    this.kind.set(doc, this.strings.id(d.kind));
    this.channel.set(doc, this.strings.id(d.channel));
    this.unit.set(doc, this.strings.id(d.unitCode));
    this.category.set(doc, d.categoryId ?? 0);
    this.agency.set(doc, d.agencyId);
  }

  /** The postings a query group stands for: its words, and the words it begins when typed as a prefix. */
  private postingsOf(group: string[], prefix: boolean): Postings[] {
    const out = new Set<Postings>();
    for (const w of group) {
      const exact = this.words.get(w);
      if (exact) out.add(exact);
      if (prefix && w.length >= 2) {
        const sorted = (this.sorted ??= [...this.words.keys()].sort());
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (sorted[mid] < w) lo = mid + 1;
          else hi = mid;
        }
        const range: Postings[] = [];
        for (let i = lo; i < sorted.length && sorted[i].startsWith(w); i++) range.push(this.words.get(sorted[i])!);
        range.sort((a, b) => b.length - a.length);
        for (const p of range.slice(0, PREFIX_WORDS)) out.add(p);
      }
    }
    return [...out];
  }

  private filterOf(f: IndexFilters): (doc: number) => boolean {
    const codes = (xs: readonly string[] | undefined, col: Column<Uint16Array>) => {
      if (!xs?.length) return null;
      const set = new Set(xs.map((x) => this.strings.find(x) ?? -1));
      return (doc: number) => set.has(col.data[doc]);
    };
    // Unit, category and agency are joined as bitmaps (search), not tested here.
    const tests = [codes(f.status, this.status), codes(f.kind, this.kind), codes(f.channel, this.channel)].filter((t) => t !== null);
    return (doc) => this.alive.data[doc] === 1 && tests.every((t) => t(doc));
  }

  /**
   * The `max` newest documents holding every group (a group: alternatives; the last one's words also as prefixes
   * when `prefixLast`) — or any group when `any` — that pass the filters, ranked: each group scores its best
   * word's weight (title 1, body 0.4) times 1 + ln(occurrences); ties newest first.
   */
  search(groups: string[][], opts: { prefixLast?: boolean; any?: boolean; filters?: IndexFilters; max: number }): { matches: IndexMatch[]; total: number } {
    const words = groups.map((g, i) => this.postingsOf(g, !!opts.prefixLast && i === groups.length - 1));
    const f = opts.filters ?? {};
    const pass = this.filterOf(f);
    const scoped = [
      f.unit !== undefined ? this.attributeList(`u:${f.unit}`) : null,
      f.category !== undefined ? this.attributeList(`c:${f.category}`) : null,
      f.agency !== undefined ? this.attributeList(`a:${f.agency}`) : null,
    ].flatMap((p) => (p ? [[p]] : []));
    let docs: number[] = [];
    if (opts.any) {
      const some = words.filter((ps) => ps.length);
      if (some.length) docs = this.scanBits([some.flat(), ...scoped], pass, opts.max);
    } else if (words.length) {
      docs = this.intersect([...words, ...scoped], pass, opts.max);
    }
    const ranks = rankOf(words, docs);
    const matches = docs.map((doc, i) => ({ id: this.ids.data[doc], rank: roundRank(ranks[i]) })).sort(byRank);
    return { matches, total: matches.length };
  }

  /**
   * The newest documents (at most `max`, newest first) in every set (a set: alternatives). Frequent words are also
   * kept as bitmaps, and a set holding one is joined as one bitmap: when every set is, whole words of 32 documents
   * are joined at once; otherwise the smallest set is walked down and the others are asked (a bit, or a cursor that
   * only moves down).
   */
  private intersect(sets: Postings[][], pass: (doc: number) => boolean, max: number): number[] {
    const out: number[] = [];
    if (!sets.every((ps) => ps.length)) return out;
    const sized = sets.map((ps) => ({ ps, n: ps.reduce((a, p) => a + p.length, 0), dense: this.isDense(ps) })).sort((a, b) => a.n - b.n);
    if (sized.every((x) => x.dense)) return this.scanBits(sets, pass, max);
    const driver = sized[0].ps.length === 1 ? new PostingCursor(sized[0].ps[0]) : new UnionCursor(sized[0].ps);
    const testers = sized
      .slice(1)
      .sort((a, b) => Number(b.dense) - Number(a.dense))
      .map(({ ps, dense }) => {
        if (dense) return bitTest(this.bitsOfSet(ps));
        const parts = ps.map((p) => cursorTest(new PostingCursor(p)));
        return parts.length === 1 ? parts[0] : (doc: number) => parts.some((t) => t(doc));
      });
    for (let target = this.docCount - 1; out.length < max; ) {
      const doc = driver.seek(target);
      if (doc < 0) break;
      if (testers.every((t) => t(doc)) && pass(doc)) out.push(doc);
      target = doc - 1;
    }
    return out;
  }

  /**
   * The newest documents (at most `max`) in every set, through bitmaps, 32 documents at a time: a frequent word's
   * own, a rare word's made for the question.
   */
  private scanBits(sets: Postings[][], pass: (doc: number) => boolean, max: number): number[] {
    const out: number[] = [];
    // Sparsest first, so that a block nobody shares is left early.
    const bitmaps = sets
      .map((ps) => ({ b: this.bitsOfSet(ps), n: ps.reduce((a, p) => a + p.length, 0) }))
      .sort((a, b) => a.n - b.n)
      .map((x) => x.b);
    const first = bitmaps[0];
    for (let w = (this.docCount - 1) >>> 5; w >= 0 && out.length < max; w--) {
      let x = first[w];
      for (let j = 1; x !== 0 && j < bitmaps.length; j++) x &= bitmaps[j][w];
      while (x !== 0 && out.length < max) {
        const bit = 31 - Math.clz32(x);
        x ^= 1 << bit;
        const doc = (w << 5) | bit;
        if (doc < this.docCount && pass(doc)) out.push(doc);
      }
    }
    return out;
  }

  /** A set of alternatives is joined as a bitmap when one of its words is frequent (then so is the set). */
  private isDense(ps: Postings[]): boolean {
    let dense = false;
    for (const p of ps) if (this.denseOf(p)) dense = true;
    return dense;
  }

  /**
   * The bitmap of a set of alternatives: a frequent word's own; a rare word's made for the question; several words'
   * union, kept (UNIONS_KEPT) until a document is added, since the same prefix comes back in question after question.
   */
  private bitsOfSet(ps: Postings[]): Int32Array {
    if (ps.length === 1 && this.denseOf(ps[0])) return ps[0].dense!;
    const key = ps.length === 1 ? null : ps.map((p) => p.uid).sort((a, b) => a - b).join(',');
    const kept = key === null ? undefined : this.unions.get(key);
    if (kept) return kept;
    const bits = new Int32Array(this.bitCapacity);
    for (const p of ps) {
      if (p.dense) for (let i = 0; i < bits.length; i++) bits[i] |= p.dense[i];
      else for (let k = 0; k < p.length; k++) bits[p.docs[k] >>> 5] |= 1 << (p.docs[k] & 31);
    }
    if (key !== null) {
      if (this.unions.size >= UNIONS_KEPT) this.unions.delete(this.unions.keys().next().value!);
      this.unions.set(key, bits);
    }
    return bits;
  }

  /** A word's bitmap, made once it is frequent (at least 1 document in 256, and denseMin). */
  private denseOf(p: Postings): Int32Array | null {
    if (p.dense || p.length < Math.max(this.denseMin, this.docCount / 256)) return p.dense;
    const bits = new Int32Array(this.bitCapacity);
    for (let k = 0; k < p.length; k++) bits[p.docs[k] >>> 5] |= 1 << (p.docs[k] & 31);
    p.dense = bits;
    this.denseLists.push(p);
    return bits;
  }

  /** Room in every bitmap for document `doc`. */
  private ensureBits(doc: number): void {
    if (doc >>> 5 < this.bitCapacity) return;
    this.bitCapacity = Math.max(1024, this.bitCapacity * 2, (doc >>> 5) + 1);
    for (const p of this.denseLists) p.grow(this.bitCapacity);
  }

  private attributeList(key: string): Postings {
    return this.attributes.get(key) ?? EMPTY;
  }

}

const EMPTY = new Postings();

function bitTest(bits: Int32Array): (doc: number) => boolean {
  return (doc) => ((bits[doc >>> 5] >>> (doc & 31)) & 1) === 1;
}

function cursorTest(c: PostingCursor): (doc: number) => boolean {
  return (doc) => c.seek(doc) === doc;
}

/** A position in document lists walked from the newest down. */
interface Cursor {
  /** Moves to the highest document ≤ target and returns it (-1: none left). Targets only ever go down. */
  seek(target: number): number;
}

class PostingCursor implements Cursor {
  private k: number;
  constructor(private readonly p: Postings) {
    this.k = p.length - 1;
  }
  seek(target: number): number {
    const docs = this.p.docs;
    let k = this.k;
    if (k < 0) return -1;
    if (docs[k] > target) {
      // Gallop down, then search the last step's range.
      let step = 1;
      let lo = k - step;
      while (lo >= 0 && docs[lo] > target) {
        k = lo;
        step *= 2;
        lo = k - step;
      }
      let l = Math.max(lo, 0);
      let h = k - 1;
      k = -1;
      while (l <= h) {
        const mid = (l + h) >> 1;
        if (docs[mid] <= target) {
          k = mid;
          l = mid + 1;
        } else h = mid - 1;
      }
      this.k = k;
      if (k < 0) return -1;
    }
    return docs[k];
  }
  info(): number {
    return this.k >= 0 ? this.p.info[this.k] : 0;
  }
}

/** Several words as one (a mistyped word's alternatives, the words a prefix begins). */
class UnionCursor implements Cursor {
  private readonly parts: PostingCursor[];
  constructor(ps: Postings[]) {
    this.parts = ps.map((p) => new PostingCursor(p));
  }
  seek(target: number): number {
    let best = -1;
    for (const c of this.parts) {
      const d = c.seek(target);
      if (d > best) best = d;
    }
    return best;
  }
}

/**
 * The rank of each document found (`docs`, newest first): per group, the score of its best word in the document,
 * summed over the groups. A prefix stands for up to 200 words, most of them rare: each word is read where it is
 * cheaper, its own postings among the documents found when it has fewer there than documents were found, else each
 * document looked up in it (a bit first when the word has a bitmap).
 */
function rankOf(groups: Postings[][], docs: number[]): Float64Array {
  const ranks = new Float64Array(docs.length);
  if (!docs.length) return ranks;
  const best = new Float64Array(docs.length);
  for (const ps of groups) {
    best.fill(0);
    for (const p of ps) bestScores(p, docs, best);
    for (let i = 0; i < docs.length; i++) ranks[i] += best[i];
  }
  return ranks;
}

function bestScores(p: Postings, docs: number[], best: Float64Array): void {
  const top = lastAtMost(p.docs, p.length, docs[0]);
  const bottom = lastAtMost(p.docs, p.length, docs[docs.length - 1] - 1) + 1;
  if (top < bottom) return;
  if (top - bottom + 1 <= docs.length) {
    for (let k = top; k >= bottom; k--) {
      const i = indexInDescending(docs, p.docs[k]);
      if (i >= 0) best[i] = Math.max(best[i], SCORES[p.info[k]]);
    }
    return;
  }
  const bits = p.dense;
  if (bits) {
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i];
      if ((bits[doc >>> 5] >>> (doc & 31)) & 1) best[i] = Math.max(best[i], SCORES[p.info[p.position(doc)]]);
    }
    return;
  }
  const c = new PostingCursor(p);
  for (let i = 0; i < docs.length; i++) {
    if (c.seek(docs[i]) === docs[i]) best[i] = Math.max(best[i], SCORES[c.info()]);
  }
}

/** How many bits are set before each 256 bits (8 words) of a bitmap. */
function countsBefore(bits: Int32Array): Int32Array {
  const out = new Int32Array((bits.length >>> 3) + 1);
  let n = 0;
  for (let w = 0; w < bits.length; w++) {
    if ((w & 7) === 0) out[w >>> 3] = n;
    n += popcount(bits[w]);
  }
  return out;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The position of the last of the first `n` (ascending) numbers that is ≤ x, or -1. */
function lastAtMost(xs: Int32Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function indexInDescending(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] === x) return mid;
    if (xs[mid] > x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The one ranking of every provider (platform/search/rank.ts). */
function score(info: number): number {
  if (!info) return 0;
  return wordScore((info & TITLE_BIT) !== 0, info & 0x7f);
}

/** score() of every posting's information byte. */
const SCORES = Float64Array.from({ length: 256 }, (_, info) => score(info));
