import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { announceBand, checkComment, countComment, DEFAULT_LIMITS, fill, normalizeComment } from './rules';

const seg = new Intl.Segmenter('vi', { granularity: 'grapheme' });
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const graphemes = (s: string) => [...seg.segment(s.normalize('NFC').replace(BIDI_CONTROLS, '').trim())].length;

describe('comment rules (shared by the browser and the server)', () => {
  it('counts the grapheme clusters of the NFC-normalised, trimmed text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        expect(countComment(s)).toBe(graphemes(s));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(countComment(s)).toBe(graphemes(s));
      }),
      { numRuns: 500 },
    );
  });

  it('does not count bidi controls, even beside the spaces that are trimmed', () => {
    expect(countComment('\u2066')).toBe(0);
    expect(countComment('Xin chào \u202E')).toBe(8);
    expect(normalizeComment(' \u2067 Việt \u2069 ')).toBe('Việt');
  });

  it('counts decomposed Vietnamese as a person sees it: "Việt" is 4, not 6', () => {
    const decomposed = 'Vie\u0323\u0302t';
    expect(decomposed.length).toBe(6);
    expect(countComment(decomposed)).toBe(4);
    expect(countComment('Việt')).toBe(4);
    const sentence = 'Nhân dân phường Chiềng Cơi';
    expect(countComment(sentence.normalize('NFD'))).toBe(countComment(sentence));
    expect(countComment(sentence)).toBe([...sentence].length);
  });

  it('counts an emoji family, a flag and a skin-toned hand as one each', () => {
    expect(countComment('👨‍👩‍👧‍👦')).toBe(1);
    expect(countComment('🇻🇳')).toBe(1);
    expect(countComment('👍🏽')).toBe(1);
    expect(countComment('Tốt 👨‍👩‍👧‍👦!')).toBe(6);
  });

  it('does not count leading and trailing spaces; whitespace alone is empty (too short)', () => {
    expect(countComment('   abc   ')).toBe(3);
    expect(countComment(' \n\t \u00a0 ')).toBe(0);
    expect(checkComment('      ').problem).toBe('short');
    fc.assert(
      fc.property(fc.stringMatching(/^[ \t\n\r\u00a0\u2003]*$/), (ws) => {
        expect(checkComment(ws).count).toBe(0);
        expect(checkComment(ws).problem).toBe('short');
      }),
    );
    expect(normalizeComment('  Việt  ')).toBe('Việt');
  });

  it('refuses under 5 and over 500, and reports the remainder and the overflow', () => {
    expect(checkComment('abcd').problem).toBe('short');
    expect(checkComment('abcde').problem).toBeNull();
    expect(checkComment('a'.repeat(500))).toMatchObject({ problem: null, remaining: 0, overflow: 0 });
    expect(checkComment('a'.repeat(512))).toMatchObject({ problem: 'long', remaining: 0, overflow: 12, count: 512 });
    expect(checkComment('Xin chào')).toMatchObject({ remaining: 492, overflow: 0 });
    // 500 decomposed "ệ" are 500 characters, not 1,500.
    expect(checkComment('e\u0323\u0302'.repeat(500)).problem).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 700 }), (s) => {
        const c = checkComment(s, DEFAULT_LIMITS);
        expect(c.remaining).toBe(Math.max(0, 500 - c.count));
        expect(c.overflow).toBe(Math.max(0, c.count - 500));
        expect(c.problem).toBe(c.count < 5 ? 'short' : c.count > 500 ? 'long' : null);
      }),
      { numRuns: 300 },
    );
  });

  it('fills message templates and announces only at thresholds', () => {
    expect(fill('Bạn còn {n}/{max} ký tự', { n: 495, max: 500 })).toBe('Bạn còn 495/500 ký tự');
    const bands = Array.from({ length: 520 }, (_, i) => announceBand(i, DEFAULT_LIMITS));
    const changes = bands.filter((b, i) => i > 0 && b !== bands[i - 1]).length;
    expect(changes).toBe(5);
  });
});
