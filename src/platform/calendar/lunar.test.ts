import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fromDayNumber, toDayNumber } from './dates';
import {
  leapMonthOf,
  lunarMonthLength,
  lunarNewYear,
  lunarNewYearsEve,
  lunarToSolar,
  solarToLunar,
} from './lunar';

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it('finds Tết Nguyên đán', () => {
    const tet: Record<number, string> = {
      2020: '2020-01-25',
      2021: '2021-02-12',
      2022: '2022-02-01',
      2023: '2023-01-22',
      2024: '2024-02-10',
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2029: '2029-02-13',
      2030: '2030-02-02',
    };
    for (const [year, date] of Object.entries(tet)) {
      expect(lunarNewYear(Number(year))).toBe(date);
      expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year: Number(year), leap: false });
    }
  });

  it('finds Giỗ Tổ Hùng Vương (10/3 âm lịch)', () => {
    expect(lunarToSolar({ day: 10, month: 3, year: 2025 })).toBe('2025-04-07');
    expect(lunarToSolar({ day: 10, month: 3, year: 2026 })).toBe('2026-04-26');
    expect(lunarToSolar({ day: 10, month: 3, year: 2027 })).toBe('2027-04-16');
    expect(solarToLunar('2026-04-26')).toEqual({ day: 10, month: 3, year: 2026, leap: false });
  });

  it('differs from the Chinese (UTC+8) calendar where it should', () => {
    // Tết Ất Sửu 1985: Vietnam 21/01/1985, China 20/02/1985.
    expect(lunarNewYear(1985)).toBe('1985-01-21');
    expect(lunarNewYear(1985, 8)).toBe('1985-02-20');
    // Tết Đinh Hợi 2007: Vietnam 17/02/2007, China 18/02/2007.
    expect(lunarNewYear(2007)).toBe('2007-02-17');
    expect(lunarNewYear(2007, 8)).toBe('2007-02-18');
    // Tết Canh Tuất 2030: new moon 02/02 ≈16:07 UTC → 23:07 in Vietnam, 00:07 on 03/02 in China.
    expect(lunarNewYear(2030)).toBe('2030-02-02');
    expect(lunarNewYear(2030, 8)).toBe('2030-02-03');
    // Tết Mậu Thân 1968: North Vietnam (UTC+7) 29/01, UTC+8 30/01.
    expect(lunarNewYear(1968)).toBe('1968-01-29');
    expect(lunarNewYear(1968, 8)).toBe('1968-01-30');
  });

  it('knows leap months', () => {
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2026)).toBe(0);
    expect(leapMonthOf(2027)).toBe(0);
    expect(leapMonthOf(2028)).toBe(5);
    expect(solarToLunar('2025-07-25')).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
    expect(lunarToSolar({ day: 1, month: 6, year: 2025 })).toBe('2025-06-25');
  });

  it('converts the days around Tết 2026', () => {
    expect(solarToLunar('2026-02-14')).toEqual({ day: 27, month: 12, year: 2025, leap: false });
    expect(solarToLunar('2026-02-16')).toEqual({ day: 29, month: 12, year: 2025, leap: false });
    expect(solarToLunar('2026-02-22')).toEqual({ day: 6, month: 1, year: 2026, leap: false });
    expect(lunarNewYearsEve(2025)).toBe('2026-02-16');
    expect(lunarMonthLength(12, 2025)).toBe(29);
  });

  it('returns null for lunar dates that do not exist', () => {
    expect(lunarToSolar({ day: 30, month: 12, year: 2025 })).toBeNull(); // tháng Chạp Ất Tỵ has 29 days
    expect(lunarToSolar({ day: 1, month: 3, year: 2026, leap: true })).toBeNull(); // no leap month in 2026
    expect(lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toBeNull(); // 2025's leap month is 6
    expect(lunarToSolar({ day: 0, month: 1, year: 2026 })).toBeNull();
    expect(lunarToSolar({ day: 1, month: 13, year: 2026 })).toBeNull();
    expect(lunarMonthLength(3, 2026, true)).toBe(0);
  });

  it('rejects years outside the supported range', () => {
    expect(() => lunarNewYear(1799)).toThrow(RangeError);
    expect(() => solarToLunar('2200-01-01')).toThrow(RangeError);
  });

  const dayArb = fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2150-12-31') });

  it('round-trips solar → lunar → solar', () => {
    fc.assert(
      fc.property(dayArb, (dn) => {
        const iso = fromDayNumber(dn);
        const l = solarToLunar(iso);
        expect(l.day).toBeGreaterThanOrEqual(1);
        expect(l.day).toBeLessThanOrEqual(30);
        expect(l.month).toBeGreaterThanOrEqual(1);
        expect(l.month).toBeLessThanOrEqual(12);
        expect(lunarToSolar(l)).toBe(iso);
        expect(l.day).toBeLessThanOrEqual(lunarMonthLength(l.month, l.year, l.leap));
      }),
      { numRuns: 300 },
    );
  });

  it('advances one lunar day per solar day', () => {
    fc.assert(
      fc.property(dayArb, (dn) => {
        const a = solarToLunar(fromDayNumber(dn));
        const b = solarToLunar(fromDayNumber(dn + 1));
        if (b.day === 1) {
          expect([29, 30]).toContain(a.day);
          expect(a.day).toBe(lunarMonthLength(a.month, a.year, a.leap));
        } else {
          expect(b).toEqual({ ...a, day: a.day + 1 });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('puts every Tết between 21 January and 20 February', () => {
    for (let y = 1900; y <= 2150; y++) {
      const t = lunarNewYear(y);
      expect(t >= `${y}-01-21` && t <= `${y}-02-20`, `${y}: ${t}`).toBe(true);
      const yearLength = toDayNumber(lunarNewYear(y + 1)) - toDayNumber(t);
      expect(leapMonthOf(y) === 0 ? [354, 355] : [383, 384, 385]).toContain(yearLength);
    }
  });
});
