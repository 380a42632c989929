import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { excerpt } from './common';

/** The plain definition: the whole text's whitespace collapsed, then cut at a word. */
function excerptOfWhole(text: string, n = 220): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= n) return s;
  const cut = s.slice(0, n);
  const sp = cut.lastIndexOf(' ');
  return (sp > n * 0.6 ? cut.slice(0, sp) : cut) + '…';
}

describe('excerpt', () => {
  it('equals the excerpt of the whole text, whatever the whitespace', () => {
    const piece = fc.constantFrom('a', 'ạ', 'Sạt', 'lở', ' ', '  ', '\n', '\t \n', '          ', 'Chiềng Cơi', '\u00a0');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (parts, n) => {
        const text = parts.join('');
        expect(excerpt(text, n)).toBe(excerptOfWhole(text, n));
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts a long text at a word and marks the cut', () => {
    const text = `${'Đường   giao thông\n\nbị sạt lở '.repeat(200)}`;
    const e = excerpt(text);
    expect(e.endsWith('…')).toBe(true);
    expect(e.length).toBeLessThanOrEqual(221);
    expect(e).toBe(excerptOfWhole(text));
  });
});
