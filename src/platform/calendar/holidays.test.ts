import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { weekdayOf } from './dates';
import { generateDefaultHolidays, validateCalendarEntries, type CalendarEntry } from './holidays';
import { CALENDAR_2026, CALENDAR_2027, CALENDAR_SEED, calendarEntriesForYears } from './schedules';

const datesOf = (entries: readonly CalendarEntry[], kind: CalendarEntry['kind']): string[] =>
  entries.filter((e) => e.kind === kind).map((e) => e.date);

describe('generateDefaultHolidays', () => {
  it('produces the 11 statutory days of 2026 plus the Giỗ Tổ compensatory day', () => {
    const entries = generateDefaultHolidays(2026);
    expect(datesOf(entries, 'holiday')).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-02',
      '2026-09-03',
    ]);
    expect(datesOf(entries, 'compensatory')).toEqual(['2026-04-27']);
    expect(entries.every((e) => e.source === 'rule')).toBe(true);
    expect(entries.find((e) => e.date === '2026-02-17')?.name).toBe('Tết Nguyên đán');
    expect(entries.find((e) => e.date === '2026-04-26')?.name).toBe('Giỗ Tổ Hùng Vương (10/3 âm lịch)');
    expect(entries.find((e) => e.date === '2026-09-02')?.name).toBe('Ngày Quốc khánh');
    expect(entries.find((e) => e.date === '2026-04-27')?.name).toBe('Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)');
  });

  it('extends a Tết that spans a weekend (2027) after the block', () => {
    const entries = generateDefaultHolidays(2027);
    expect(datesOf(entries, 'holiday').filter((d) => d.startsWith('2027-02'))).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
    ]);
    expect(datesOf(entries, 'compensatory')).toEqual(['2027-02-10', '2027-02-11', '2027-05-03']);
  });

  it('uses the last day of the lunar year (29 or 30 tháng Chạp) as the first Tết day', () => {
    // 2024: tháng Chạp Quý Mão had 29 days → 09/02/2024; 2025: 30 tháng Chạp Giáp Thìn = 28/01/2025.
    expect(datesOf(generateDefaultHolidays(2024), 'holiday').filter((d) => d.startsWith('2024-02'))[0]).toBe('2024-02-09');
    expect(datesOf(generateDefaultHolidays(2025), 'holiday').filter((d) => d.startsWith('2025-01') && d !== '2025-01-01')).toEqual([
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
    ]);
  });

  it('can put the second Quốc khánh day before 2/9', () => {
    const entries = generateDefaultHolidays(2026, { nationalDayAdjacent: 'before' });
    expect(datesOf(entries, 'holiday').filter((d) => d.startsWith('2026-09'))).toEqual(['2026-09-01', '2026-09-02']);
  });

  it('gives compensatory days for 2/9 on a Saturday (2028) on the following Monday and Tuesday', () => {
    const entries = generateDefaultHolidays(2028);
    expect(datesOf(entries, 'holiday').filter((d) => d.startsWith('2028-09'))).toEqual(['2028-09-02', '2028-09-03']);
    expect(datesOf(entries, 'compensatory').filter((d) => d.startsWith('2028-09'))).toEqual(['2028-09-04', '2028-09-05']);
  });

  it('always has 11 holidays, compensatory days only on working weekdays, one per weekend holiday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2150 }), (year) => {
        const entries = generateDefaultHolidays(year);
        const holidays = entries.filter((e) => e.kind === 'holiday');
        const comp = entries.filter((e) => e.kind === 'compensatory');
        expect(holidays).toHaveLength(11);
        const weekendHolidays = holidays.filter((e) => [0, 6].includes(weekdayOf(e.date)));
        expect(comp).toHaveLength(weekendHolidays.length);
        const all = new Set(entries.map((e) => e.date));
        expect(all.size).toBe(entries.length);
        for (const c of comp) expect([0, 6]).not.toContain(weekdayOf(c.date));
        expect(validateCalendarEntries(entries)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('seed schedules', () => {
  it('are consistent', () => {
    for (const entries of Object.values(CALENDAR_SEED)) expect(validateCalendarEntries(entries)).toEqual([]);
  });

  it('2026 is the official civil-servant schedule', () => {
    expect(CALENDAR_2026.every((e) => e.source === 'official')).toBe(true);
    expect(datesOf(CALENDAR_2026, 'swap_off')).toEqual(['2026-01-02']);
    expect(datesOf(CALENDAR_2026, 'swap_work')).toEqual(['2026-01-10']);
    expect(datesOf(CALENDAR_2026, 'compensatory')).toEqual(['2026-04-27']);
    expect(datesOf(CALENDAR_2026, 'holiday').filter((d) => d.startsWith('2026-09'))).toEqual(['2026-09-01', '2026-09-02']);
    // The official Tết days are those of the default rule (29 tháng Chạp … mùng 4).
    const tet = (es: readonly CalendarEntry[]) => es.filter((e) => e.name === 'Tết Nguyên đán').map((e) => e.date);
    expect(tet(CALENDAR_2026)).toEqual(tet(generateDefaultHolidays(2026)));
    expect(weekdayOf('2026-09-01')).toBe(2);
    expect(weekdayOf('2026-09-02')).toBe(3);
  });

  it('2027 is exactly the default rule, written out as data', () => {
    const strip = (es: readonly CalendarEntry[]) => es.map(({ date, kind, name, nameEn, source }) => ({ date, kind, name, nameEn, source }));
    expect(strip(CALENDAR_2027)).toEqual(strip(generateDefaultHolidays(2027)));
  });

  it('calendarEntriesForYears uses seeds and falls back to the rule', () => {
    const entries = calendarEntriesForYears([2027, 2026, 2028]);
    expect(entries.filter((e) => e.date.startsWith('2026'))).toEqual(CALENDAR_2026);
    expect(entries.filter((e) => e.date.startsWith('2028'))).toEqual(generateDefaultHolidays(2028));
    expect([...entries].map((e) => e.date)).toEqual([...entries].map((e) => e.date).sort());
  });
});

describe('validateCalendarEntries', () => {
  it('reports inconsistent data', () => {
    const problems = validateCalendarEntries([
      { date: '2026-02-31', kind: 'holiday', name: 'x', nameEn: 'x', source: 'official' },
      { date: '2026-01-05', kind: 'swap_work', name: 'x', nameEn: 'x', source: 'official' },
      { date: '2026-01-03', kind: 'swap_off', name: 'x', nameEn: 'x', source: 'official' },
      { date: '2026-01-10', kind: 'swap_work', name: 'x', nameEn: 'x', source: 'official' },
      { date: '2026-01-10', kind: 'holiday', name: 'x', nameEn: '', source: 'official' },
    ]);
    expect(problems.length).toBe(5);
  });
});
