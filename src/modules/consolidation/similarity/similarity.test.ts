import { describe, expect, it } from 'vitest';
import { EVALUATION_SET } from '../fixtures/similarity-set';
import { evaluate, METHODS } from './evaluate';
import { groupingQuality } from './quality';
import { termsOf } from './terms';
import { cosine, DEFAULT_VECTOR_OPTIONS, streamingIdf, TermTable, vectorize } from './vectors';

describe('consolidation similarity', () => {
  it('the evaluation set holds ≥ 300 petitions in ≥ 20 groups', () => {
    expect(EVALUATION_SET.length).toBeGreaterThanOrEqual(300);
    expect(new Set(EVALUATION_SET.map((e) => e.group)).size).toBeGreaterThanOrEqual(20);
  });

  it('folds diacritics and keeps syllable pairs, without the words every petition uses', () => {
    const t = termsOf('Đề nghị sửa đường bản Hài bị sạt lở');
    expect(t).toContain('sat_lo');
    expect(t).toContain('ban_hai');
    expect(t).not.toContain('de');
    expect(termsOf('nuoc duc')).toEqual(termsOf('Nước đục'));
  });

  it('the same problem in other words is closer than another problem in the same village', () => {
    const docs = [
      { id: 1, title: 'Nước sinh hoạt bản Cọ bị đục sau mưa', content: 'Mỗi khi mưa nước máy đục ngầu có bùn đất.', unitCode: '03670', address: 'Bản Cọ', categoryId: 1 },
      { id: 2, title: 'Nuoc may ban Co duc ngau', content: 'Nuoc sinh hoat co bun, khong dung duoc de nau an.', unitCode: '03670', address: 'Bản Cọ', categoryId: 1 },
      { id: 3, title: 'Điểm trường mầm non bản Cọ bị dột', content: 'Mái tôn phòng học thủng, mưa dột ướt chỗ ngủ của các cháu.', unitCode: '03670', address: 'Bản Cọ', categoryId: 2 },
    ];
    const { vectors } = vectorize(docs);
    expect(cosine(vectors[0], vectors[1])).toBeGreaterThan(cosine(vectors[0], vectors[2]));
  });

  it('a term table (what a large proposal run keeps instead of the texts) gives the frequencies and vectors of the texts, to the last bit', () => {
    const docs = EVALUATION_SET.map((e, i) => ({ id: e.id, title: e.title, content: e.content, unitCode: e.unitCode, address: i % 7 ? e.address : null, categoryId: i % 5 ? e.category : null }));
    const table = new TermTable();
    const kept = docs.map((d) => table.add(d));
    const idf = streamingIdf(docs, DEFAULT_VECTOR_OPTIONS);
    const weights = table.weights();
    expect([...table.idf(weights)]).toEqual([...idf]);
    const { vectors } = vectorize(docs, DEFAULT_VECTOR_OPTIONS, idf);
    kept.forEach((k, i) => expect([...table.vector(k, weights)]).toEqual([...vectors[i]]));
    expect(() => new TermTable({ ...DEFAULT_VECTOR_OPTIONS, titleWeight: 1.5 })).toThrow();
  });

  it('ARI and pair precision / recall of the chosen method stay at what was reached (1.000) less 0.05', () => {
    const q = evaluate(METHODS[0]);
    expect(q.ari).toBeGreaterThanOrEqual(0.95);
    expect(q.pairPrecision).toBeGreaterThanOrEqual(0.95);
    expect(q.pairRecall).toBeGreaterThanOrEqual(0.95);
  });

  it('the quality measure: identical groupings score 1, one lumped group scores 0', () => {
    expect(groupingQuality(['a', 'a', 'b', 'b'], [1, 1, 2, 2]).ari).toBe(1);
    expect(groupingQuality(['a', 'a', 'b', 'b'], [1, 1, 1, 1]).ari).toBeCloseTo(0);
  });
});
