/**
 * Seed data: holiday schedules for civil servants (cán bộ, công chức, viên
 * chức — Saturday/Sunday weekly rest), to be loaded into the database and
 * edited by an administrator afterwards. Plain data on purpose: no logic here
 * except {@link calendarEntriesForYears}, which fills in years that have no
 * seed with the default generator.
 *
 * `source: 'official'` = published by the Government for that year (or fixed
 * by law with no decision needed); `source: 'rule'` = computed by
 * `generateDefaultHolidays`, to be confirmed when the Government announces it.
 */
import { generateDefaultHolidays, sortEntries, type CalendarEntry } from './holidays';
import { createWorkingCalendar, type WorkingCalendar, type WorkingCalendarOptions } from './working-days';

const TET = { name: 'Tết Nguyên đán', nameEn: 'Lunar New Year (Tết)' } as const;
const HUNG_KINGS = {
  name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
  nameEn: 'Hung Kings Commemoration Day (10th day of the 3rd lunar month)',
} as const;

/**
 * 2026 (Bính Ngọ), official.
 * - Tết Dương lịch: 4 days 01/01–04/01; Friday 02/01 swapped with Saturday 10/01
 *   (Văn bản 12729/VPCP-KGVX ngày 25/12/2025).
 * - Tết Nguyên đán: off Saturday 14/02 (27 tháng Chạp Ất Tỵ) to Sunday 22/02 (mùng 6 Bính Ngọ):
 *   the 5 Tết days are Monday 16/02 (29 tháng Chạp) to Friday 20/02 (mùng 4) + two weekends; no swap.
 * - Giỗ Tổ 10/3 âm lịch = Sunday 26/04 → compensatory Monday 27/04 (BLLĐ 2019 Điều 111 khoản 3).
 * - 30/4 and 1/5: Thursday and Friday.
 * - Quốc khánh: Tuesday 01/09 and Wednesday 02/09 (the adjacent day chosen is 1/9).
 *   A longer break with a day swap (Monday 31/08) was reported as proposed; add the
 *   swap_off/swap_work pair here if it is confirmed.
 */
export const CALENDAR_2026: readonly CalendarEntry[] = [
  { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch', nameEn: "New Year's Day", source: 'official' },
  {
    date: '2026-01-02',
    kind: 'swap_off',
    name: 'Nghỉ hoán đổi dịp Tết Dương lịch',
    nameEn: "Swapped day off (New Year's holiday)",
    source: 'official',
    note: 'Hoán đổi với thứ Bảy 10/01/2026 (Văn bản 12729/VPCP-KGVX ngày 25/12/2025)',
  },
  {
    date: '2026-01-10',
    kind: 'swap_work',
    name: 'Làm bù cho ngày 02/01/2026',
    nameEn: 'Make-up working day for 2 January 2026',
    source: 'official',
    note: 'Hoán đổi với thứ Sáu 02/01/2026 (Văn bản 12729/VPCP-KGVX ngày 25/12/2025)',
  },
  { date: '2026-02-16', kind: 'holiday', ...TET, source: 'official', note: '29/12 âm lịch (ngày cuối năm Ất Tỵ)' },
  { date: '2026-02-17', kind: 'holiday', ...TET, source: 'official', note: '1/1 âm lịch' },
  { date: '2026-02-18', kind: 'holiday', ...TET, source: 'official', note: '2/1 âm lịch' },
  { date: '2026-02-19', kind: 'holiday', ...TET, source: 'official', note: '3/1 âm lịch' },
  { date: '2026-02-20', kind: 'holiday', ...TET, source: 'official', note: '4/1 âm lịch' },
  { date: '2026-04-26', kind: 'holiday', ...HUNG_KINGS, source: 'official', note: '10/3 âm lịch, Chủ nhật' },
  {
    date: '2026-04-27',
    kind: 'compensatory',
    name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    nameEn: 'Compensatory day off for Hung Kings Commemoration Day (10th day of the 3rd lunar month)',
    source: 'official',
    note: 'Bù cho Chủ nhật 26/04/2026',
  },
  { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)', nameEn: 'Reunification Day (30 April)', source: 'official' },
  {
    date: '2026-05-01',
    kind: 'holiday',
    name: 'Ngày Quốc tế Lao động (1/5)',
    nameEn: "International Workers' Day (1 May)",
    source: 'official',
  },
  {
    date: '2026-09-01',
    kind: 'holiday',
    name: 'Ngày Quốc khánh (ngày liền kề)',
    nameEn: 'National Day (adjacent day)',
    source: 'official',
  },
  { date: '2026-09-02', kind: 'holiday', name: 'Ngày Quốc khánh', nameEn: 'National Day', source: 'official' },
];

/**
 * 2027 (Đinh Mùi): no official schedule yet — the default rule, written out.
 * - Tết 06/02/2027 is a Saturday: holidays Friday 05/02 (29 tháng Chạp, last day of
 *   the year) to Tuesday 09/02, compensatory Wednesday 10/02 and Thursday 11/02 for
 *   the Saturday/Sunday. The Government will probably add a swap (e.g. Friday 12/02).
 * - Giỗ Tổ 10/3 âm lịch = Friday 16/04/2027.
 * - 30/4 Friday; 1/5 Saturday → compensatory Monday 03/05.
 * - Quốc khánh Thursday 02/09 + Friday 03/09 (the day after, which gives a
 *   4-day weekend; the choice the Prime Minister has made in comparable years).
 */
export const CALENDAR_2027: readonly CalendarEntry[] = [
  { date: '2027-01-01', kind: 'holiday', name: 'Tết Dương lịch', nameEn: "New Year's Day", source: 'rule' },
  { date: '2027-02-05', kind: 'holiday', ...TET, source: 'rule', note: '29/12 âm lịch' },
  { date: '2027-02-06', kind: 'holiday', ...TET, source: 'rule', note: '1/1 âm lịch' },
  { date: '2027-02-07', kind: 'holiday', ...TET, source: 'rule', note: '2/1 âm lịch' },
  { date: '2027-02-08', kind: 'holiday', ...TET, source: 'rule', note: '3/1 âm lịch' },
  { date: '2027-02-09', kind: 'holiday', ...TET, source: 'rule', note: '4/1 âm lịch' },
  {
    date: '2027-02-10',
    kind: 'compensatory',
    name: 'Nghỉ bù Tết Nguyên đán',
    nameEn: 'Compensatory day off for Lunar New Year (Tết)',
    source: 'rule',
    note: 'Bù cho ngày 06/02/2027 trùng ngày nghỉ hằng tuần',
  },
  {
    date: '2027-02-11',
    kind: 'compensatory',
    name: 'Nghỉ bù Tết Nguyên đán',
    nameEn: 'Compensatory day off for Lunar New Year (Tết)',
    source: 'rule',
    note: 'Bù cho ngày 07/02/2027 trùng ngày nghỉ hằng tuần',
  },
  { date: '2027-04-16', kind: 'holiday', ...HUNG_KINGS, source: 'rule', note: '10/3 âm lịch' },
  { date: '2027-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)', nameEn: 'Reunification Day (30 April)', source: 'rule' },
  {
    date: '2027-05-01',
    kind: 'holiday',
    name: 'Ngày Quốc tế Lao động (1/5)',
    nameEn: "International Workers' Day (1 May)",
    source: 'rule',
  },
  {
    date: '2027-05-03',
    kind: 'compensatory',
    name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5)',
    nameEn: "Compensatory day off for International Workers' Day (1 May)",
    source: 'rule',
    note: 'Bù cho ngày 01/05/2027 trùng ngày nghỉ hằng tuần',
  },
  { date: '2027-09-02', kind: 'holiday', name: 'Ngày Quốc khánh', nameEn: 'National Day', source: 'rule' },
  {
    date: '2027-09-03',
    kind: 'holiday',
    name: 'Ngày Quốc khánh (ngày liền kề)',
    nameEn: 'National Day (adjacent day)',
    source: 'rule',
  },
];

/** All seed schedules, by Gregorian year. */
export const CALENDAR_SEED: Readonly<Record<number, readonly CalendarEntry[]>> = {
  2026: CALENDAR_2026,
  2027: CALENDAR_2027,
};

/**
 * Entries for the given years: a year's schedule from `schedules` when it has
 * one (e.g. rows loaded from the database, or {@link CALENDAR_SEED}),
 * otherwise `generateDefaultHolidays(year)`. Sorted by date.
 */
export function calendarEntriesForYears(
  years: readonly number[],
  schedules: Readonly<Record<number, readonly CalendarEntry[]>> = CALENDAR_SEED,
): CalendarEntry[] {
  const out: CalendarEntry[] = [];
  for (const year of new Set(years)) {
    const known = schedules[year];
    out.push(...(known && known.length > 0 ? known : generateDefaultHolidays(year)));
  }
  return sortEntries(out);
}

/**
 * A working calendar for the given years from the seed schedules (or
 * `schedules`), defaults for the other years. Handy for tests and as a
 * fallback before the database table is loaded.
 */
export function createDefaultWorkingCalendar(
  years: readonly number[],
  schedules: Readonly<Record<number, readonly CalendarEntry[]>> = CALENDAR_SEED,
  options: WorkingCalendarOptions = {},
): WorkingCalendar {
  return createWorkingCalendar(calendarEntriesForYears(years, schedules), options);
}
