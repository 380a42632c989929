/**
 * Working-day arithmetic over an immutable {@link WorkingCalendar}.
 *
 * - A day is a working day when it is not a weekly rest day (default Saturday
 *   and Sunday) and has no `holiday` / `compensatory` / `swap_off` entry; a
 *   weekly rest day with a `swap_work` entry is a working day. If a date has
 *   both a day-off entry and `swap_work` (inconsistent data, reported by
 *   `validateCalendarEntries`), the day off wins.
 * - Time limits follow the Civil Code 2015: counting starts on the day AFTER
 *   the event (Điều 147), and a time limit whose last day is a rest day ends
 *   on the next working day (Điều 148 khoản 5).
 *
 * All functions take and return civil dates 'YYYY-MM-DD' and compute on
 * integer day numbers; they throw RangeError on malformed dates.
 */
import { toDayNumber, fromDayNumber, weekdayOfDayNumber, type IsoDate } from './dates';
import { DEFAULT_REST_WEEKDAYS, sortEntries, type CalendarEntry } from './holidays';

export interface WorkingCalendar {
  /** The entries it was built from, sorted by date. */
  readonly entries: readonly CalendarEntry[];
  /** Weekly rest days, 0 = Sunday … 6 = Saturday. */
  readonly restWeekdays: readonly number[];
  /** Gregorian years that have at least one entry (a year without entries has no holidays). */
  readonly years: readonly number[];
  /** Day numbers given off (holiday, compensatory, swap_off). */
  readonly offDays: ReadonlySet<number>;
  /** Day numbers of weekly rest days worked (swap_work). */
  readonly swapWorkDays: ReadonlySet<number>;
  readonly byDate: ReadonlyMap<IsoDate, readonly CalendarEntry[]>;
}

export interface WorkingCalendarOptions {
  /** Weekly rest days, 0 = Sunday … 6 = Saturday; default [6, 0]. */
  restWeekdays?: readonly number[];
}

export function createWorkingCalendar(
  entries: readonly CalendarEntry[],
  options: WorkingCalendarOptions = {},
): WorkingCalendar {
  const restWeekdays = [...new Set(options.restWeekdays ?? DEFAULT_REST_WEEKDAYS)];
  if (restWeekdays.some((w) => !Number.isInteger(w) || w < 0 || w > 6)) {
    throw new RangeError(`Invalid weekday in restWeekdays: ${restWeekdays.join(', ')}`);
  }
  if (restWeekdays.length >= 7) throw new RangeError('At least one weekday must be a working day');
  const sorted = sortEntries(entries);
  const offDays = new Set<number>();
  const swapWorkDays = new Set<number>();
  const byDate = new Map<IsoDate, CalendarEntry[]>();
  const years = new Set<number>();
  for (const e of sorted) {
    const dn = toDayNumber(e.date);
    if (e.kind === 'swap_work') swapWorkDays.add(dn);
    else offDays.add(dn);
    years.add(Number(e.date.slice(0, 4)));
    const list = byDate.get(e.date);
    if (list) list.push(e);
    else byDate.set(e.date, [e]);
  }
  return Object.freeze({
    entries: Object.freeze(sorted),
    restWeekdays: Object.freeze(restWeekdays),
    years: Object.freeze([...years].sort((a, b) => a - b)),
    offDays,
    swapWorkDays,
    byDate,
  });
}

function isWorkingDayNumber(cal: WorkingCalendar, dn: number): boolean {
  if (cal.offDays.has(dn)) return false;
  if (cal.restWeekdays.includes(weekdayOfDayNumber(dn))) return cal.swapWorkDays.has(dn);
  return true;
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Day count must be an integer: ${n}`);
}

/** True when `date` is a working day in `cal`. */
export function isWorkingDay(cal: WorkingCalendar, date: IsoDate): boolean {
  return isWorkingDayNumber(cal, toDayNumber(date));
}

/** The calendar entries on `date` (empty when none) — e.g. to explain why a deadline moved. */
export function entriesOn(cal: WorkingCalendar, date: IsoDate): readonly CalendarEntry[] {
  toDayNumber(date);
  return cal.byDate.get(date) ?? [];
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(cal: WorkingCalendar, date: IsoDate): IsoDate {
  let dn = toDayNumber(date);
  do dn++;
  while (!isWorkingDayNumber(cal, dn));
  return fromDayNumber(dn);
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(cal: WorkingCalendar, date: IsoDate): IsoDate {
  let dn = toDayNumber(date);
  do dn--;
  while (!isWorkingDayNumber(cal, dn));
  return fromDayNumber(dn);
}

/** `date` itself when it is a working day, otherwise the next working day. */
export function onOrNextWorkingDay(cal: WorkingCalendar, date: IsoDate): IsoDate {
  return isWorkingDay(cal, date) ? date : nextWorkingDay(cal, date);
}

/**
 * The n-th working day after `start` (counting starts the day after, Civil
 * Code Điều 147): n = 0 returns `start` unchanged; n ≥ 1 always returns a
 * working day. A negative n counts backwards (the |n|-th working day before).
 */
export function addWorkingDays(cal: WorkingCalendar, start: IsoDate, n: number): IsoDate {
  checkCount(n);
  let dn = toDayNumber(start);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    dn += step;
    if (isWorkingDayNumber(cal, dn)) left--;
  }
  return fromDayNumber(dn);
}

/**
 * A time limit of n calendar days from `start` (counting starts the day
 * after): `start + n`, moved to the next working day when that day is a rest
 * day (Civil Code Điều 148 khoản 5). The result is always a working day.
 */
export function addCalendarDays(cal: WorkingCalendar, start: IsoDate, n: number): IsoDate {
  checkCount(n);
  return onOrNextWorkingDay(cal, fromDayNumber(toDayNumber(start) + n));
}

/**
 * Elapsed working days from event date `a` to `b`: the number of working days
 * in (a, b] when b ≥ a; when b < a, minus the number of working days in
 * [b, a) (backward counting mirrors forward counting). Inverse of
 * addWorkingDays for every n: workingDaysBetween(cal, a,
 * addWorkingDays(cal, a, n)) === n.
 */
export function workingDaysBetween(cal: WorkingCalendar, a: IsoDate, b: IsoDate): number {
  const from = toDayNumber(a);
  const to = toDayNumber(b);
  let count = 0;
  if (to >= from) {
    for (let dn = from + 1; dn <= to; dn++) if (isWorkingDayNumber(cal, dn)) count++;
    return count;
  }
  for (let dn = to; dn < from; dn++) if (isWorkingDayNumber(cal, dn)) count++;
  return 0 - count;
}
