/**
 * Civil-date helpers for 'YYYY-MM-DD' strings (dates in Asia/Ho_Chi_Minh).
 *
 * All arithmetic is done on integer day numbers (days since 1970-01-01 in the
 * proleptic Gregorian calendar), never on JS `Date` local time, so the results
 * do not depend on the host time zone.
 */

/** A civil date as 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const MS_PER_DAY = 86_400_000;
/** Vietnam has used a fixed UTC+7 offset without DST since 1975. */
export const VIETNAM_UTC_OFFSET_HOURS = 7;

/** Offset between our day numbers and the Julian Day Number. */
export const JDN_OF_EPOCH = 2_440_588;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Days since 1970-01-01 for a valid y/m/d (H. Hinnant's days_from_civil). */
export function ymdToDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link ymdToDayNumber} (H. Hinnant's civil_from_days). */
export function dayNumberToYmd(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function ymdToIso(year: number, month: number, day: number): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Splits a 'YYYY-MM-DD' string, or returns null when it is not a real date. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
  const m = ISO_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isValidYmd(year, month, day) ? { year, month, day } : null;
}

export function isValidIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/** Day number of a 'YYYY-MM-DD' date; throws RangeError on an invalid date. */
export function toDayNumber(date: IsoDate): number {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${JSON.stringify(date)}`);
  return ymdToDayNumber(p.year, p.month, p.day);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`Invalid day number: ${dayNumber}`);
  const { year, month, day } = dayNumberToYmd(dayNumber);
  return ymdToIso(year, month, day);
}

/** Day of week: 0 = Sunday, 1 = Monday, …, 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

export function weekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Day count must be an integer: ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** b − a in calendar days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Today's civil date in Asia/Ho_Chi_Minh (UTC+7, no DST) for the instant `now`. */
export function todayInVietnam(now: Date): IsoDate {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  return fromDayNumber(Math.floor((ms + VIETNAM_UTC_OFFSET_HOURS * 3_600_000) / MS_PER_DAY));
}

/** 'dd/mm/yyyy' (also 'd/m/yyyy') → 'YYYY-MM-DD'; null when not a real date. */
export function parseVnDate(value: string): IsoDate | null {
  const m = VN_RE.exec(value.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  return isValidYmd(year, month, day) ? ymdToIso(year, month, day) : null;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'; null when not a real date. */
export function formatVnDate(date: IsoDate): string | null {
  const p = parseIsoDate(date);
  if (!p) return null;
  return `${pad(p.day, 2)}/${pad(p.month, 2)}/${pad(p.year, 4)}`;
}
