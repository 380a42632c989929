import { describe, expect, it } from 'vitest';
import { byRank } from '../../../platform/search/rank';
import { parseTsvector, SearchIndex, type IndexedDoc } from './search-index';

function doc(id: number, title: string, body: string, over: Partial<IndexedDoc> = {}): IndexedDoc {
  // The text form PostgreSQL gives a weighted tsvector: title words A, the rest B (no letter).
  const positions = new Map<string, string[]>();
  let pos = 1;
  for (const w of title.split(' ').filter(Boolean)) positions.set(w, [...(positions.get(w) ?? []), `${pos++}A`]);
  for (const w of body.split(' ').filter(Boolean)) positions.set(w, [...(positions.get(w) ?? []), `${pos++}`]);
  const tsv = [...positions].map(([w, ps]) => `'${w.replace(/'/g, "''")}':${ps.join(',')}`).join(' ');
  return { id, publishedAt: id * 1000, status: 'answered', kind: 'kien_nghi', channel: 'web', categoryId: 1, unitCode: '03670', agencyId: 7, tsv, ...over };
}

describe('parseTsvector', () => {
  it('reads each lexeme with its weight and count, quotes and escapes included', () => {
    const m = parseTsvector(`'cau':2A,5 'it''s':3 'sat':1A 'lo':4B,6B,7 'a\\\\b':8`);
    expect(m.get('cau')).toBe(0x80 | 2);
    expect(m.get("it's")).toBe(1);
    expect(m.get('sat')).toBe(0x80 | 1);
    expect(m.get('lo')).toBe(3);
    expect(m.get('a\\b')).toBe(1);
    // A stripped tsvector (no positions) still counts each lexeme once.
    expect(parseTsvector(`'x' 'y'`)).toEqual(new Map([['x', 1], ['y', 1]]));
  });
});

describe.each([
  ['lists', 1e9],
  ['bitmaps for frequent words', 1],
  ['bitmaps for some words', 185],
])('SearchIndex (%s)', (_, denseMin) => {
  it('finds documents holding every word, the last as a prefix, ranked title first, newest first on a tie', () => {
    const ix = new SearchIndex(denseMin);
    ix.upsert(doc(1, 'sat lo chieng coi', 'ban ten'));
    ix.upsert(doc(2, 'den duong', 'sat lo o chieng coi'));
    ix.upsert(doc(3, 'sat lo', 'chieng sinh'));
    ix.upsert(doc(4, 'sat lo chieng coi', 'them'));
    const r = ix.search([['sat'], ['lo'], ['chieng'], ['co']], { prefixLast: true, max: 300 });
    expect(r.matches.map((m) => m.id)).toEqual([4, 1, 2]);
    expect(r.matches[0].rank).toBeGreaterThan(r.matches[2].rank);
    // Without the prefix, "co" is a word of its own that nobody wrote.
    expect(ix.search([['sat'], ['co']], { max: 300 }).total).toBe(0);
    // Alternatives in a group (a mistyped word widened), and any group at all.
    expect(ix.search([['den', 'them']], { max: 300 }).matches.map((m) => m.id).sort()).toEqual([2, 4]);
    expect(ix.search([['ten'], ['sinh']], { any: true, max: 300 }).matches.map((m) => m.id).sort()).toEqual([1, 3]);
  });

  it('stops at the newest `max` matches and applies the public filters', () => {
    const ix = new SearchIndex(denseMin);
    for (let i = 1; i <= 50; i++) ix.upsert(doc(i, `duong ban ${i}`, 'xuong cap', { unitCode: i % 2 ? '03670' : '03646', status: i % 5 ? 'answered' : 'closed' }));
    const r = ix.search([['duong'], ['xuong']], { max: 10 });
    expect(r.matches.map((m) => m.id)).toEqual([50, 49, 48, 47, 46, 45, 44, 43, 42, 41]);
    const odd = ix.search([['duong']], { max: 300, filters: { unit: '03670', status: ['closed'] } });
    expect(odd.matches.map((m) => m.id)).toEqual([45, 35, 25, 15, 5]);
    expect(ix.search([['duong']], { max: 300, filters: { unit: '99999' } }).total).toBe(0);
    expect(ix.search([['duong']], { max: 300, filters: { agency: 8 } }).total).toBe(0);
  });

  it('follows changes: new words, changed attributes, removed documents', () => {
    const ix = new SearchIndex(denseMin);
    ix.upsert(doc(1, 'cau treo', 'hong van'));
    ix.upsert(doc(2, 'cau treo', 'moi'));
    expect(ix.search([['cau']], { max: 300 }).matches.map((m) => m.id)).toEqual([2, 1]);
    // Same text, another status: kept in place.
    ix.upsert(doc(1, 'cau treo', 'hong van', { status: 'closed' }));
    expect(ix.search([['cau']], { max: 300, filters: { status: ['closed'] } }).matches.map((m) => m.id)).toEqual([1]);
    // A new text: the old words no longer find it.
    ix.upsert(doc(1, 'duong tran', 'ngap'));
    expect(ix.search([['hong']], { max: 300 }).total).toBe(0);
    expect(ix.search([['ngap']], { max: 300 }).matches.map((m) => m.id)).toEqual([1]);
    expect(ix.size).toBe(2);
    ix.remove(2);
    expect(ix.search([['cau']], { max: 300 }).total).toBe(0);
    expect(ix.size).toBe(1);
    expect(ix.waste).toBeGreaterThan(0);
  });

  it('a prefix asked again after a new document was added finds it (the words a prefix stands for are joined anew)', () => {
    const ix = new SearchIndex(denseMin);
    for (let i = 1; i <= 20; i++) ix.upsert(doc(i, `nuoc ${i % 2 ? 'khong' : 'kho'}`, 'ban'));
    const before = ix.search([['nuoc'], ['kho']], { prefixLast: true, max: 300 }).matches.map((m) => m.id);
    expect(before).toHaveLength(20);
    expect(ix.search([['nuoc'], ['kho']], { prefixLast: true, max: 300 }).matches.map((m) => m.id)).toEqual(before);
    // Words the prefix already stood for…
    ix.upsert(doc(21, 'nuoc', 'khong'));
    const after = ix.search([['nuoc'], ['kho']], { prefixLast: true, max: 300 }).matches.map((m) => m.id);
    expect(after.slice().sort((a, b) => a - b)).toEqual([...before, 21].sort((a, b) => a - b));
    // …and a new one.
    ix.upsert(doc(22, 'nuoc khoan', 'moi'));
    expect(ix.search([['nuoc'], ['kho']], { prefixLast: true, max: 300 }).total).toBe(22);
    expect(ix.search([['ban'], ['kho']], { prefixLast: true, any: true, max: 300 }).total).toBe(22);
  });

  it('answers and ranks as a scan of every document would (random documents and questions, documents added between)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const vocabulary = ['sat', 'lo', 'san', 'sang', 'cau', 'cay', 'duong', 'den', 'nuoc', 'nong', 'ngap', 'ban', 'bang', 'chieng', 'coi'];
    const pick = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(rand() * vocabulary.length)]);
    const ix = new SearchIndex(denseMin);
    // Each document's words: in the title or not, and how often.
    const docs = new Map<number, { words: Map<string, { title: boolean; count: number }>; unit: string }>();
    const add = (id: number) => {
      const title = pick(3);
      const body = pick(6);
      const unit = rand() < 0.5 ? '03670' : '03646';
      ix.upsert(doc(id, title.join(' '), body.join(' '), { unitCode: unit }));
      const words = new Map<string, { title: boolean; count: number }>();
      for (const w of title) words.set(w, { title: true, count: (words.get(w)?.count ?? 0) + 1 });
      for (const w of body) words.set(w, { title: words.get(w)?.title ?? false, count: (words.get(w)?.count ?? 0) + 1 });
      docs.set(id, { words, unit });
    };
    for (let id = 1; id <= 400; id++) add(id);
    for (let id = 1; id <= 400; id += 7) {
      ix.remove(id);
      docs.delete(id);
    }
    // ts_rank's weights as the index keeps them: title 1, elsewhere 0.4, times 1 + ln(occurrences); per group its best word.
    const wordScore = (x: { title: boolean; count: number } | undefined) => (x ? (x.title ? 1 : 0.4) * (1 + Math.log(x.count)) : 0);
    let nextId = 401;
    for (let q = 0; q < 200; q++) {
      // New documents between questions: what was counted for an earlier question must be counted again.
      if (q % 10 === 9) for (let k = 0; k < 8; k++) add(nextId++);
      const words = pick(1 + Math.floor(rand() * 3));
      const prefixLast = rand() < 0.5;
      const last = words[words.length - 1].slice(0, prefixLast ? 2 : undefined);
      const unit = rand() < 0.3 ? '03670' : undefined;
      const groups = [...words.slice(0, -1).map((w) => [w]), [last]];
      const wordsOf = (g: string[], i: number, d: { words: Map<string, unknown> }) =>
        prefixLast && i === groups.length - 1 ? [...d.words.keys()].filter((x) => g.some((w) => x.startsWith(w))) : g.filter((w) => d.words.has(w));
      const matching = [...docs]
        .filter(([, d]) => (!unit || d.unit === unit) && groups.every((g, i) => wordsOf(g, i, d).length > 0))
        .sort(([a], [b]) => b - a);
      const expected = matching.map(([id]) => id);
      const got = ix.search(groups, { prefixLast, max: 1000, filters: { unit } });
      expect(got.matches.map((m) => m.id).sort((a, b) => b - a)).toEqual(expected);
      const ranked = matching
        .map(([id, d]) => ({ id, rank: groups.reduce((r, g, i) => r + Math.max(0, ...wordsOf(g, i, d).map((w) => wordScore(d.words.get(w)))), 0) }))
        .sort(byRank);
      expect(got.matches.map((m) => m.id)).toEqual(ranked.map((m) => m.id));
      got.matches.forEach((m, i) => expect(m.rank).toBeCloseTo(ranked[i].rank, 9));
      // Any of the words (the last resort of a question nothing answers).
      const anyExpected = [...docs]
        .filter(([, d]) => (!unit || d.unit === unit) && groups.some((g) => g.some((w) => d.words.has(w))))
        .map(([id]) => id)
        .sort((a, b) => b - a);
      expect(ix.search(groups, { any: true, max: 1000, filters: { unit } }).matches.map((m) => m.id).sort((a, b) => b - a)).toEqual(anyExpected);
      // Bounded: the newest matches.
      const few = ix.search(groups, { prefixLast, max: 5, filters: { unit } });
      expect(few.matches.map((m) => m.id).sort((a, b) => b - a)).toEqual(expected.slice(0, 5));
    }
  });
});
