import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clean, fold, highlightParts, searchTerms, visibleLength } from './text';

describe('text', () => {
  it('folds Vietnamese diacritics and case', () => {
    expect(fold('Phường Chiềng Cơi')).toBe('phuong chieng coi');
    expect(fold('ĐẢNG ỦY')).toBe('dang uy');
  });
  it('counts what a person sees', () => {
    expect(visibleLength('Vie\u0302\u0323t')).toBe(4);
    expect(visibleLength('  Việt  ')).toBe(4);
    expect(visibleLength('👨‍👩‍👧‍👦 ok')).toBe(4);
  });
  it('normalises to NFC', () => {
    expect(clean('Vie\u0302\u0323t')).toBe('Việt');
  });
  it('makes search terms without SQL wildcards', () => {
    expect(searchTerms('Sạt lở 100%_ chiềng')).toEqual(['sat', 'lo', '100', 'chieng']);
  });
  it('highlights folded matches in the original text', () => {
    const parts = highlightParts('Sạt lở đất ở Chiềng Cơi', ['sat', 'chieng']);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['Sạt', 'Chiềng']);
  });
  it('highlights where a word starts, not inside a word', () => {
    const hits = (text: string, terms: string[]) => highlightParts(text, terms).filter((p) => p.hit).map((p) => p.text);
    expect(hits('Bảo đảm an toàn cho bà con', ['an'])).toEqual(['an']);
    expect(hits('An toàn giao thông', ['an', 'gia'])).toEqual(['An', 'gia']);
    expect(hits('Đường liên bản (bản Hài)', ['ban'])).toEqual(['bản', 'bản']);
    expect(hits('Nước sinh hoạt', ['nuoc'])).toEqual(['Nước']);
  });
  it('highlighting never changes the text', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ minLength: 2, maxLength: 4 }), { maxLength: 3 }), (s, terms) => {
        expect(highlightParts(s, terms.map(fold)).map((p) => p.text).join('')).toBe(s);
      }),
    );
  });
});
