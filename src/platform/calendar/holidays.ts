/**
 * Public holidays (ngày nghỉ lễ, tết) — Bộ luật Lao động 2019, Điều 112 — and
 * the default generator of a year's calendar entries.
 *
 * The statutory list is kept as data ({@link STATUTORY_HOLIDAY_RULES}) so that
 * a change of law (e.g. the planned "Ngày Văn hóa Việt Nam" 24/11, not yet in
 * the Labour Code) is a data change. The generator only produces DEFAULT
 * entries (`source: 'rule'`): the exact Tết days and the second Quốc khánh day
 * are decided every year by the Prime Minister (Điều 112 khoản 3), and the
 * Government usually adds day swaps for civil servants. Official schedules
 * live in `schedules.ts`.
 */
import { addDays, toDayNumber, weekdayOfDayNumber, fromDayNumber, ymdToIso, type IsoDate } from './dates';
import { lunarNewYear, lunarToSolar, solarToLunar, VIETNAM_TIME_ZONE } from './lunar';

/**
 * - `holiday`: a public holiday (ngày nghỉ lễ, tết).
 * - `compensatory`: nghỉ bù — a working day given off because a holiday fell on a weekly rest day (BLLĐ 2019 Điều 111 khoản 3).
 * - `swap_off`: a normal working day given off by a day swap (hoán đổi ngày làm việc).
 * - `swap_work`: a weekly rest day worked instead (làm bù).
 */
export type CalendarEntryKind = 'holiday' | 'compensatory' | 'swap_off' | 'swap_work';

/** `official`: published by the Government for that year; `rule`: computed default, to be confirmed. */
export type CalendarEntrySource = 'official' | 'rule';

export interface CalendarEntry {
  /** Civil date 'YYYY-MM-DD' (Asia/Ho_Chi_Minh). */
  date: IsoDate;
  kind: CalendarEntryKind;
  /** Vietnamese name. */
  name: string;
  /** English name. */
  nameEn: string;
  source: CalendarEntrySource;
  /** Optional free text: legal basis, lunar date, remarks. */
  note?: string;
}

/** One statutory holiday, described as data. */
export type HolidayRule =
  | {
      type: 'solar';
      month: number;
      day: number;
      name: string;
      nameEn: string;
    }
  | {
      type: 'lunar';
      month: number;
      day: number;
      name: string;
      nameEn: string;
    }
  | {
      /** Tết: `daysBefore` last days of the old lunar year + `daysFrom` first days of the new one. */
      type: 'lunar_new_year';
      daysBefore: number;
      daysFrom: number;
      name: string;
      nameEn: string;
    }
  | {
      /** A day next to a solar holiday; `offset` −1 = day before, +1 = day after (overridable per call). */
      type: 'solar_adjacent';
      month: number;
      day: number;
      offset: -1 | 1;
      name: string;
      nameEn: string;
    };

export const NAMES = {
  newYear: { name: 'Tết Dương lịch', nameEn: "New Year's Day" },
  tet: { name: 'Tết Nguyên đán', nameEn: 'Lunar New Year (Tết)' },
  hungKings: { name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', nameEn: 'Hung Kings Commemoration Day (10th day of the 3rd lunar month)' },
  reunification: { name: 'Ngày Chiến thắng (30/4)', nameEn: 'Reunification Day (30 April)' },
  labour: { name: 'Ngày Quốc tế Lao động (1/5)', nameEn: "International Workers' Day (1 May)" },
  nationalDay: { name: 'Ngày Quốc khánh', nameEn: 'National Day' },
  nationalDayAdjacent: { name: 'Ngày Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
} as const;

/**
 * Bộ luật Lao động 2019, Điều 112 khoản 1: 11 days a year.
 * (Foreign workers' extra days — Điều 112 khoản 2 — are out of scope.)
 */
export const STATUTORY_HOLIDAY_RULES: readonly HolidayRule[] = [
  { type: 'solar', month: 1, day: 1, ...NAMES.newYear },
  { type: 'lunar_new_year', daysBefore: 1, daysFrom: 4, ...NAMES.tet },
  { type: 'lunar', month: 3, day: 10, ...NAMES.hungKings },
  { type: 'solar', month: 4, day: 30, ...NAMES.reunification },
  { type: 'solar', month: 5, day: 1, ...NAMES.labour },
  { type: 'solar', month: 9, day: 2, ...NAMES.nationalDay },
  { type: 'solar_adjacent', month: 9, day: 2, offset: 1, ...NAMES.nationalDayAdjacent },
];

export interface DefaultHolidayOptions {
  /** Holiday rules; defaults to {@link STATUTORY_HOLIDAY_RULES}. */
  rules?: readonly HolidayRule[];
  /** Overrides the side of every `solar_adjacent` rule (the Quốc khánh second day): 'before' = 1/9, 'after' = 3/9. */
  nationalDayAdjacent?: 'before' | 'after';
  /** Weekly rest days (0 = Sunday … 6 = Saturday); default Saturday and Sunday. */
  restWeekdays?: readonly number[];
}

export const DEFAULT_REST_WEEKDAYS: readonly number[] = [6, 0];

/** The holiday dates (before compensation) that one rule produces for `year`. */
function expandRule(rule: HolidayRule, year: number, opts: DefaultHolidayOptions): CalendarEntry[] {
  const base = { kind: 'holiday' as const, name: rule.name, nameEn: rule.nameEn, source: 'rule' as const };
  switch (rule.type) {
    case 'solar':
      return [{ ...base, date: ymdToIso(year, rule.month, rule.day) }];
    case 'solar_adjacent': {
      const offset = opts.nationalDayAdjacent === undefined ? rule.offset : opts.nationalDayAdjacent === 'before' ? -1 : 1;
      return [{ ...base, date: addDays(ymdToIso(year, rule.month, rule.day), offset) }];
    }
    case 'lunar': {
      const date = lunarToSolar({ day: rule.day, month: rule.month, year, leap: false }, VIETNAM_TIME_ZONE);
      if (date === null) return [];
      return [{ ...base, date, note: `${rule.day}/${rule.month} âm lịch` }];
    }
    case 'lunar_new_year': {
      const tet = toDayNumber(lunarNewYear(year));
      const out: CalendarEntry[] = [];
      for (let i = -rule.daysBefore; i < rule.daysFrom; i++) {
        const date = fromDayNumber(tet + i);
        const l = solarToLunar(date);
        out.push({ ...base, date, note: `${l.day}/${l.month} âm lịch` });
      }
      return out;
    }
  }
}

/**
 * Default calendar entries of a Gregorian year: every statutory holiday plus a
 * compensatory day (`nghỉ bù`) for each holiday falling on a weekly rest day,
 * given on the next working day that is not itself a holiday or an already
 * given compensatory day (so a Tết block that spans a weekend is extended
 * after its end). All entries have `source: 'rule'`; sorted by date.
 */
export function generateDefaultHolidays(year: number, options: DefaultHolidayOptions = {}): CalendarEntry[] {
  if (!Number.isInteger(year)) throw new RangeError(`Invalid year: ${year}`);
  const rules = options.rules ?? STATUTORY_HOLIDAY_RULES;
  const rest = new Set(options.restWeekdays ?? DEFAULT_REST_WEEKDAYS);
  if (rest.size >= 7) throw new RangeError('At least one weekday must be a working day');

  const holidays = rules.flatMap((r) => expandRule(r, year, options));
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const taken = new Set(holidays.map((h) => h.date));
  const compensatory: CalendarEntry[] = [];
  for (const h of holidays) {
    let d = toDayNumber(h.date);
    if (!rest.has(weekdayOfDayNumber(d))) continue;
    do d++;
    while (rest.has(weekdayOfDayNumber(d)) || taken.has(fromDayNumber(d)));
    const date = fromDayNumber(d);
    taken.add(date);
    compensatory.push({
      date,
      kind: 'compensatory',
      name: `Nghỉ bù ${h.name}`,
      nameEn: `Compensatory day off for ${h.nameEn}`,
      source: 'rule',
      note: `Bù cho ngày ${h.date.slice(8, 10)}/${h.date.slice(5, 7)}/${h.date.slice(0, 4)} trùng ngày nghỉ hằng tuần`,
    });
  }
  return sortEntries([...holidays, ...compensatory]);
}

const KIND_ORDER: Record<CalendarEntryKind, number> = { holiday: 0, compensatory: 1, swap_off: 2, swap_work: 3 };

/** Entries sorted by date, then kind (a new array). */
export function sortEntries(entries: readonly CalendarEntry[]): CalendarEntry[] {
  return [...entries].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
  );
}

/** Problems in a list of entries (an empty array when it is consistent). */
export function validateCalendarEntries(
  entries: readonly CalendarEntry[],
  restWeekdays: readonly number[] = DEFAULT_REST_WEEKDAYS,
): string[] {
  const problems: string[] = [];
  const rest = new Set(restWeekdays);
  const byDate = new Map<string, CalendarEntry[]>();
  entries.forEach((e, i) => {
    let dn: number;
    try {
      dn = toDayNumber(e.date);
    } catch {
      problems.push(`#${i}: invalid date ${JSON.stringify(e.date)}`);
      return;
    }
    if (!(e.kind in KIND_ORDER)) problems.push(`#${i} ${e.date}: unknown kind ${JSON.stringify(e.kind)}`);
    if (e.source !== 'official' && e.source !== 'rule') problems.push(`#${i} ${e.date}: unknown source ${JSON.stringify(e.source)}`);
    if (typeof e.name !== 'string' || !e.name.trim()) problems.push(`#${i} ${e.date}: empty name`);
    if (typeof e.nameEn !== 'string' || !e.nameEn.trim()) problems.push(`#${i} ${e.date}: empty nameEn`);
    const isRest = rest.has(weekdayOfDayNumber(dn));
    if (e.kind === 'swap_work' && !isRest) problems.push(`#${i} ${e.date}: swap_work on a day that is already a working day`);
    if ((e.kind === 'swap_off' || e.kind === 'compensatory') && isRest) {
      problems.push(`#${i} ${e.date}: ${e.kind} on a weekly rest day has no effect`);
    }
    const list = byDate.get(e.date) ?? [];
    list.push(e);
    byDate.set(e.date, list);
  });
  for (const [date, list] of byDate) {
    if (list.some((e) => e.kind === 'swap_work') && list.some((e) => e.kind !== 'swap_work')) {
      problems.push(`${date}: swap_work conflicts with a day-off entry on the same date`);
    }
    const kinds = list.map((e) => e.kind);
    if (new Set(kinds).size !== kinds.length) problems.push(`${date}: duplicate ${kinds.join(', ')} entries`);
  }
  return problems;
}
