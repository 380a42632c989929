import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fromDayNumber, toDayNumber, weekdayOf } from './dates';
import { CALENDAR_SEED, createDefaultWorkingCalendar } from './schedules';
import {
  addCalendarDays,
  addWorkingDays,
  createWorkingCalendar,
  entriesOn,
  isWorkingDay,
  nextWorkingDay,
  onOrNextWorkingDay,
  previousWorkingDay,
  workingDaysBetween,
} from './working-days';

const cal = createDefaultWorkingCalendar([2025, 2026, 2027, 2028]);

describe('isWorkingDay (2026 official schedule)', () => {
  it('handles weekends, holidays, compensatory days and swaps', () => {
    expect(isWorkingDay(cal, '2026-02-13')).toBe(true); // Friday before Tết
    expect(isWorkingDay(cal, '2026-02-14')).toBe(false); // Saturday
    for (let d = 16; d <= 20; d++) expect(isWorkingDay(cal, `2026-02-${d}`)).toBe(false);
    expect(isWorkingDay(cal, '2026-02-23')).toBe(true);
    expect(isWorkingDay(cal, '2026-04-27')).toBe(false); // nghỉ bù Giỗ Tổ
    expect(isWorkingDay(cal, '2026-01-02')).toBe(false); // swap_off Friday
    expect(isWorkingDay(cal, '2026-01-10')).toBe(true); // swap_work Saturday
    expect(isWorkingDay(cal, '2026-01-11')).toBe(false); // Sunday
    expect(isWorkingDay(cal, '2026-09-01')).toBe(false);
    expect(isWorkingDay(cal, '2026-09-03')).toBe(true); // official: 1/9 + 2/9, not 3/9
    expect(entriesOn(cal, '2026-04-27').map((e) => e.kind)).toEqual(['compensatory']);
    expect(entriesOn(cal, '2026-03-03')).toEqual([]);
  });
});

describe('addWorkingDays', () => {
  it('n = 0 returns the start, even on a rest day', () => {
    expect(addWorkingDays(cal, '2026-02-17', 0)).toBe('2026-02-17');
  });

  it('petition received Friday 13/02/2026, 10 working days across Tết 2026', () => {
    // 14–22/02 off; 23–27/02 = 1..5; 02–06/03 = 6..10.
    expect(addWorkingDays(cal, '2026-02-13', 1)).toBe('2026-02-23');
    expect(addWorkingDays(cal, '2026-02-13', 10)).toBe('2026-03-06');
    expect(workingDaysBetween(cal, '2026-02-13', '2026-03-06')).toBe(10);
  });

  it('received Friday 24/04/2026, across Giỗ Tổ (nghỉ bù 27/04) and 30/4–1/5', () => {
    // 25–27 off, 28 = 1, 29 = 2, 30/4–3/5 off, 4/5 = 3, 5/5 = 4, 6/5 = 5.
    expect(addWorkingDays(cal, '2026-04-24', 1)).toBe('2026-04-28');
    expect(addWorkingDays(cal, '2026-04-24', 2)).toBe('2026-04-29');
    expect(addWorkingDays(cal, '2026-04-24', 3)).toBe('2026-05-04');
    expect(addWorkingDays(cal, '2026-04-24', 5)).toBe('2026-05-06');
  });

  it('the 2/9/2026 week', () => {
    expect(addWorkingDays(cal, '2026-08-31', 1)).toBe('2026-09-03');
    expect(addWorkingDays(cal, '2026-08-28', 3)).toBe('2026-09-04');
    expect(addWorkingDays(cal, '2026-08-31', 3)).toBe('2026-09-07');
  });

  it('New Year 2026 swap: Saturday 10/01 is worked', () => {
    expect(addWorkingDays(cal, '2025-12-31', 1)).toBe('2026-01-05');
    expect(addWorkingDays(cal, '2026-01-09', 1)).toBe('2026-01-10');
    expect(addWorkingDays(cal, '2026-01-09', 2)).toBe('2026-01-12');
  });

  it('Tết 2027 (default rule): received Thursday 04/02/2027', () => {
    // 05–09/02 holidays, 10–11/02 compensatory, 12/02 Friday is the first working day.
    expect(addWorkingDays(cal, '2027-02-04', 1)).toBe('2027-02-12');
    expect(addWorkingDays(cal, '2027-02-04', 5)).toBe('2027-02-18');
    expect(addWorkingDays(cal, '2027-04-29', 1)).toBe('2027-05-04'); // 30/4 Fri, 1/5 Sat → bù 3/5
  });

  it('30 working days (a common petition time limit) from 02/01/2026', () => {
    expect(addWorkingDays(cal, '2026-01-02', 30)).toBe('2026-02-12');
  });

  it('counts backwards for negative n', () => {
    expect(addWorkingDays(cal, '2026-02-23', -1)).toBe('2026-02-13');
    expect(addWorkingDays(cal, '2026-03-06', -10)).toBe('2026-02-13');
  });

  it('rejects non-integer counts and malformed dates', () => {
    expect(() => addWorkingDays(cal, '2026-02-13', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '13/02/2026', 1)).toThrow(RangeError);
    expect(() => isWorkingDay(cal, '2026-02-30')).toThrow(RangeError);
  });
});

describe('addCalendarDays (Civil Code art. 148: a deadline on a rest day moves to the next working day)', () => {
  it('moves a deadline out of Tết 2026', () => {
    expect(addCalendarDays(cal, '2026-01-16', 30)).toBe('2026-02-23'); // 15/02 Sunday in the Tết break
    expect(addCalendarDays(cal, '2026-01-16', 28)).toBe('2026-02-13'); // Friday, stays
  });

  it('moves a deadline off Giỗ Tổ and 30/4', () => {
    expect(addCalendarDays(cal, '2026-04-16', 10)).toBe('2026-04-28'); // 26/04 Sunday → 27 off → 28
    expect(addCalendarDays(cal, '2026-04-15', 15)).toBe('2026-05-04'); // 30/04 → 04/05
    expect(addCalendarDays(cal, '2026-04-15', 0)).toBe('2026-04-15');
  });

  it('keeps a deadline on a swap_work Saturday', () => {
    expect(addCalendarDays(cal, '2026-01-03', 7)).toBe('2026-01-10');
  });
});

describe('nextWorkingDay / previousWorkingDay', () => {
  it('is strictly after / before', () => {
    expect(nextWorkingDay(cal, '2026-02-13')).toBe('2026-02-23');
    expect(nextWorkingDay(cal, '2026-02-23')).toBe('2026-02-24');
    expect(nextWorkingDay(cal, '2026-08-31')).toBe('2026-09-03');
    expect(previousWorkingDay(cal, '2026-02-23')).toBe('2026-02-13');
    expect(onOrNextWorkingDay(cal, '2026-02-23')).toBe('2026-02-23');
    expect(onOrNextWorkingDay(cal, '2026-02-17')).toBe('2026-02-23');
  });
});

describe('workingDaysBetween', () => {
  it('counts (a, b]', () => {
    expect(workingDaysBetween(cal, '2026-02-13', '2026-02-13')).toBe(0);
    expect(workingDaysBetween(cal, '2026-02-13', '2026-02-22')).toBe(0);
    expect(workingDaysBetween(cal, '2026-02-13', '2026-02-23')).toBe(1);
    expect(workingDaysBetween(cal, '2026-02-23', '2026-02-13')).toBe(-1); // [13/02, 23/02) holds one working day
    expect(workingDaysBetween(cal, '2026-02-22', '2026-02-14')).toBe(0);
    // Whole year 2026: 261 weekdays − 11 weekdays off (1/1, 2/1, 16–20/2, 27/4, 30/4, 1/5, 1/9, 2/9 = 12, but
    // Giỗ Tổ itself is a Sunday) + 1 swap_work Saturday = 261 − 12 + 1.
    expect(workingDaysBetween(cal, '2025-12-31', '2026-12-31')).toBe(250);
  });
});

describe('createWorkingCalendar', () => {
  it('with no entries is a plain Monday–Friday week', () => {
    const plain = createWorkingCalendar([]);
    expect(isWorkingDay(plain, '2026-02-17')).toBe(true);
    expect(isWorkingDay(plain, '2026-02-14')).toBe(false);
    expect(plain.years).toEqual([]);
  });

  it('supports another weekly rest pattern', () => {
    const sundayOnly = createWorkingCalendar(CALENDAR_SEED[2026] ?? [], { restWeekdays: [0] });
    expect(isWorkingDay(sundayOnly, '2026-02-14')).toBe(true);
    expect(isWorkingDay(sundayOnly, '2026-02-15')).toBe(false);
    expect(() => createWorkingCalendar([], { restWeekdays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(RangeError);
  });

  it('lets a day off win over a conflicting swap_work', () => {
    const c = createWorkingCalendar([
      { date: '2026-01-10', kind: 'swap_work', name: 'x', nameEn: 'x', source: 'official' },
      { date: '2026-01-10', kind: 'holiday', name: 'y', nameEn: 'y', source: 'official' },
    ]);
    expect(isWorkingDay(c, '2026-01-10')).toBe(false);
  });
});

describe('properties', () => {
  const dayArb = fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2028-06-30') }).map(fromDayNumber);
  const nArb = fc.integer({ min: 0, max: 120 });

  it('addWorkingDays(a, n) is a working day for n ≥ 1, strictly after a', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 120 }), (a, n) => {
        const r = addWorkingDays(cal, a, n);
        expect(isWorkingDay(cal, r)).toBe(true);
        expect(r > a).toBe(true);
      }),
    );
  });

  it('workingDaysBetween(a, addWorkingDays(a, n)) == n (also for negative n)', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -120, max: 120 }), (a, n) => {
        expect(workingDaysBetween(cal, a, addWorkingDays(cal, a, n))).toBe(n);
      }),
    );
  });

  it('is monotonic in n', () => {
    fc.assert(
      fc.property(dayArb, nArb, nArb, (a, n, m) => {
        const [lo, hi] = n <= m ? [n, m] : [m, n];
        const x = addWorkingDays(cal, a, lo);
        const y = addWorkingDays(cal, a, hi);
        expect(x <= y).toBe(true);
        if (lo < hi) expect(x < y).toBe(true);
      }),
    );
  });

  it('composes: addWorkingDays(addWorkingDays(a, n), m) == addWorkingDays(a, n + m) when a is a working day', () => {
    fc.assert(
      fc.property(dayArb, nArb, nArb, (d, n, m) => {
        const a = onOrNextWorkingDay(cal, d);
        expect(addWorkingDays(cal, addWorkingDays(cal, a, n), m)).toBe(addWorkingDays(cal, a, n + m));
      }),
    );
  });

  it('workingDaysBetween is additive forwards and antisymmetric between working days', () => {
    fc.assert(
      fc.property(dayArb, dayArb, dayArb, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort();
        expect(workingDaysBetween(cal, a, b) + workingDaysBetween(cal, b, c)).toBe(workingDaysBetween(cal, a, c));
        const wa = onOrNextWorkingDay(cal, x);
        const wb = onOrNextWorkingDay(cal, y);
        expect(workingDaysBetween(cal, wa, wb) + workingDaysBetween(cal, wb, wa)).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('addCalendarDays returns a working day on or after start + n, with only rest days skipped', () => {
    fc.assert(
      fc.property(dayArb, nArb, (a, n) => {
        const r = addCalendarDays(cal, a, n);
        expect(isWorkingDay(cal, r)).toBe(true);
        const due = toDayNumber(a) + n;
        for (let dn = due; dn < toDayNumber(r); dn++) expect(isWorkingDay(cal, fromDayNumber(dn))).toBe(false);
      }),
    );
  });

  it('nextWorkingDay skips only rest days', () => {
    fc.assert(
      fc.property(dayArb, (a) => {
        const r = nextWorkingDay(cal, a);
        expect(isWorkingDay(cal, r)).toBe(true);
        expect(workingDaysBetween(cal, a, r)).toBe(1);
        expect(weekdayOf(r) === 6 || weekdayOf(r) === 0 ? r === '2026-01-10' : true).toBe(true);
      }),
    );
  });
});
