import { describe, expect, it } from 'vitest';
import { skeleton } from './skeleton';
import { neutralizeBidi } from './bidi';
import { clean } from './text';
import { normalizeComment } from '../../modules/comments/rules';

describe('skeleton', () => {
  it('sees through invisible characters, compatibility forms and look-alike letters', () => {
    const plain = skeleton('Đồ ngu');
    expect(plain).toBe('do ngu');
    for (const s of ['Đồ n\u200Bgu', 'Đồ n\u200Cgu', 'Đồ n\u200Dgu', 'Đồ n\u00ADgu', 'Đồ n\u2060gu', 'Đồ n\uFEFFgu', 'Đồ n\u202Egu', 'ĐỒ ＮＧＵ', 'Đồ ngu'.normalize('NFD'), 'Đồ 𝐧𝐠𝐮']) {
      expect(skeleton(s), JSON.stringify(s)).toBe(plain);
    }
    expect(skeleton('nh\u0430 c\u0430i')).toBe('nha cai'); // Cyrillic а
    expect(skeleton('tham nh\u03BFng')).toBe('tham nhong'); // Greek ο
    expect(skeleton('Năm 2026, tổ 3')).toBe('nam 2026, to 3');
  });
});

describe('bidi controls', () => {
  it('are removed from what is stored and shown', () => {
    const trick = 'Hóa đơn \u202Egpj.exe';
    expect(neutralizeBidi(trick)).toBe('Hóa đơn gpj.exe');
    expect(clean(` ${trick} `)).toBe('Hóa đơn gpj.exe');
    expect(normalizeComment(`\u2067${trick}\u2069`)).toBe('Hóa đơn gpj.exe');
    expect(clean('Tên\u200F bình thường')).toBe('Tên\u200F bình thường'); // a mark, not an override: kept
  });
});
