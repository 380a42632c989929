import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  daysInMonth,
  formatVnDate,
  fromDayNumber,
  isValidIsoDate,
  parseVnDate,
  toDayNumber,
  todayInVietnam,
  weekdayOf,
} from './dates';

const MIN_DN = toDayNumber('1900-01-01');
const MAX_DN = toDayNumber('2199-12-31');
const dayNumberArb = fc.integer({ min: MIN_DN, max: MAX_DN });

describe('civil dates', () => {
  it('converts known dates to day numbers and weekdays', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(weekdayOf('2026-02-13')).toBe(5); // Friday
    expect(weekdayOf('2026-02-17')).toBe(2); // Tuesday, Tết
    expect(weekdayOf('2026-04-26')).toBe(0); // Sunday
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
  });

  it('rejects invalid ISO dates', () => {
    for (const bad of ['2026-02-31', '2026-13-01', '2026-00-10', '2026-2-1', '26-02-01', '', '2026-02-29', 'abcd-ef-gh']) {
      expect(isValidIsoDate(bad)).toBe(false);
      expect(() => toDayNumber(bad)).toThrow(RangeError);
    }
    expect(isValidIsoDate('2024-02-29')).toBe(true);
  });

  it('agrees with Date.UTC on day numbers and weekdays', () => {
    fc.assert(
      fc.property(dayNumberArb, (dn) => {
        const iso = fromDayNumber(dn);
        const d = new Date(dn * 86_400_000);
        expect(iso).toBe(d.toISOString().slice(0, 10));
        expect(toDayNumber(iso)).toBe(dn);
        expect(weekdayOf(iso)).toBe(d.getUTCDay());
      }),
    );
  });
});

describe('parseVnDate / formatVnDate', () => {
  it('parses and formats dd/mm/yyyy', () => {
    expect(parseVnDate('13/02/2026')).toBe('2026-02-13');
    expect(parseVnDate('1/9/2026')).toBe('2026-09-01');
    expect(parseVnDate(' 02/09/2026 ')).toBe('2026-09-02');
    expect(parseVnDate('29/02/2024')).toBe('2024-02-29');
    expect(formatVnDate('2026-02-13')).toBe('13/02/2026');
    expect(formatVnDate('2026-09-01')).toBe('01/09/2026');
  });

  it('returns null on invalid input', () => {
    for (const bad of ['31/02/2026', '29/02/2025', '00/01/2026', '32/01/2026', '15/13/2026', '2026-02-13', '13-02-2026', '13/02/26', '', 'hôm nay']) {
      expect(parseVnDate(bad)).toBeNull();
    }
    expect(formatVnDate('2026-02-31')).toBeNull();
    expect(formatVnDate('13/02/2026')).toBeNull();
  });

  it('parse(format(d)) == d', () => {
    fc.assert(
      fc.property(dayNumberArb, (dn) => {
        const iso = fromDayNumber(dn);
        const vn = formatVnDate(iso);
        expect(vn).not.toBeNull();
        expect(parseVnDate(vn as string)).toBe(iso);
      }),
    );
  });
});

describe('todayInVietnam', () => {
  it('switches day at 17:00 UTC (midnight UTC+7)', () => {
    expect(todayInVietnam(new Date('2026-02-16T16:59:59.999Z'))).toBe('2026-02-16');
    expect(todayInVietnam(new Date('2026-02-16T17:00:00.000Z'))).toBe('2026-02-17');
    expect(todayInVietnam(new Date('2026-12-31T23:30:00+07:00'))).toBe('2026-12-31');
    expect(todayInVietnam(new Date('2026-12-31T18:00:00Z'))).toBe('2027-01-01');
  });

  it('throws on an invalid Date', () => {
    expect(() => todayInVietnam(new Date('nope'))).toThrow(RangeError);
  });

  it('agrees with Intl for Asia/Ho_Chi_Minh (after 1976)', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1976, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const now = new Date(ms);
        expect(todayInVietnam(now)).toBe(fmt.format(now));
      }),
    );
  });
});
