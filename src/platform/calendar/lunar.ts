/**
 * Vietnamese lunar calendar (âm lịch) ↔ Gregorian conversion.
 *
 * Implementation of Hồ Ngọc Đức's published algorithm ("Thuật toán tính âm
 * lịch"), which computes new moons and the sun's longitude astronomically
 * (Meeus-style series) and applies the Vietnamese rules: a lunar month starts
 * on the civil day (in the given time zone) of the new moon; month 11 holds
 * the winter solstice; in a 13-month year the first month without a major
 * solar term is the leap month.
 *
 * The time zone matters: Vietnam uses UTC+7 (since 1967 in the North, 1975
 * nationwide), China UTC+8, so a new moon shortly after 16:00 UTC can fall on
 * different civil days and the calendars differ in some years (e.g. Tết 1985:
 * 21/01 in Vietnam, 20/02 in China; Tết 2007: 17/02 vs 18/02).
 *
 * Results are exact as long as the astronomy series is precise enough to put
 * each new moon on the correct civil day; the algorithm is published and
 * checked for 1800–2199, the supported range here.
 */
import { JDN_OF_EPOCH, fromDayNumber, toDayNumber, type IsoDate } from './dates';

/** Vietnam's standard time zone offset, in hours. */
export const VIETNAM_TIME_ZONE = 7;
export const LUNAR_MIN_YEAR = 1800;
export const LUNAR_MAX_YEAR = 2199;

export interface LunarDate {
  /** Day of the lunar month, 1–30. */
  day: number;
  /** Lunar month, 1–12 (tháng Giêng = 1, tháng Chạp = 12). */
  month: number;
  /** Lunar year, numbered as the Gregorian year in which its Tết falls. */
  year: number;
  /** True for a leap month (tháng nhuận), which follows the regular month of the same number. */
  leap: boolean;
}

const PI = Math.PI;
const INT = Math.floor;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Lunar conversion supports years ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}, got ${year}`);
  }
}

/** Julian Day Number of a Gregorian date (noon-based integer). */
function jdn(date: IsoDate): number {
  return toDayNumber(date) + JDN_OF_EPOCH;
}

function jdnToIso(jd: number): IsoDate {
  return fromDayNumber(jd - JDN_OF_EPOCH);
}

/** Julian day (with fraction, UT) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** Sun's apparent longitude in radians, [0, 2π), at Julian day `jd` (UT). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Sector (0–11, 30° each) of the sun's longitude at the start of civil day `dayNumber` (JDN). */
function getSunLongitudeSector(dayNumber: number, timeZone: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - timeZone / 24) / PI) * 6);
}

/** JDN of the civil day on which the k-th new moon falls. */
function getNewMoonDay(k: number, timeZone: number): number {
  return INT(newMoon(k) + 0.5 + timeZone / 24);
}

/** JDN of the first day of lunar month 11 (the month containing the winter solstice) of Gregorian year `yy`. */
function getLunarMonth11(yy: number, timeZone: number): number {
  const off = jdn(`${String(yy).padStart(4, '0')}-12-31`) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = getNewMoonDay(k, timeZone);
  const sunLong = getSunLongitudeSector(nm, timeZone);
  if (sunLong >= 9) nm = getNewMoonDay(k - 1, timeZone);
  return nm;
}

/** Index (from month 11 at `a11`) of the leap month in a 13-month lunar year. */
function getLeapMonthOffset(a11: number, timeZone: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = getSunLongitudeSector(getNewMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = getSunLongitudeSector(getNewMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Gregorian 'YYYY-MM-DD' → lunar date. `timeZone` defaults to Vietnam's UTC+7. */
export function solarToLunar(date: IsoDate, timeZone: number = VIETNAM_TIME_ZONE): LunarDate {
  const dayNumber = jdn(date);
  const yy = Number(date.slice(0, 4));
  checkYear(yy);
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = getNewMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = getNewMoonDay(k, timeZone);
  let a11 = getLunarMonth11(yy, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = getLunarMonth11(yy - 1, timeZone);
  } else {
    lunarYear = yy + 1;
    b11 = getLunarMonth11(yy + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapMonthDiff = getLeapMonthOffset(a11, timeZone);
    if (diff >= leapMonthDiff) {
      lunarMonth = diff + 10;
      if (diff === leapMonthDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: lunarDay, month: lunarMonth, year: lunarYear, leap };
}

/** New-moon index k of the given lunar month, or null when that (leap) month does not exist. */
function lunarMonthIndex(month: number, year: number, leap: boolean, timeZone: number): number | null {
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = getLunarMonth11(year - 1, timeZone);
    b11 = getLunarMonth11(year, timeZone);
  } else {
    a11 = getLunarMonth11(year, timeZone);
    b11 = getLunarMonth11(year + 1, timeZone);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = getLeapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  return k + off;
}

/**
 * Lunar date → Gregorian 'YYYY-MM-DD', or null when it does not exist
 * (no such leap month that year, or day 30 of a 29-day month).
 */
export function lunarToSolar(
  lunar: { day: number; month: number; year: number; leap?: boolean },
  timeZone: number = VIETNAM_TIME_ZONE,
): IsoDate | null {
  const { day, month, year } = lunar;
  const leap = lunar.leap ?? false;
  checkYear(year);
  if (!Number.isInteger(day) || !Number.isInteger(month) || day < 1 || day > 30 || month < 1 || month > 12) {
    return null;
  }
  const k = lunarMonthIndex(month, year, leap, timeZone);
  if (k === null) return null;
  const start = getNewMoonDay(k, timeZone);
  if (day > getNewMoonDay(k + 1, timeZone) - start) return null;
  return jdnToIso(start + day - 1);
}

/** Number of days (29 or 30) of the given lunar month; 0 when the month does not exist. */
export function lunarMonthLength(
  month: number,
  year: number,
  leap: boolean = false,
  timeZone: number = VIETNAM_TIME_ZONE,
): number {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) return 0;
  const k = lunarMonthIndex(month, year, leap, timeZone);
  if (k === null) return 0;
  return getNewMoonDay(k + 1, timeZone) - getNewMoonDay(k, timeZone);
}

/** Leap month number (1–12) of the lunar year, or 0 when the year has none. */
export function leapMonthOf(year: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  checkYear(year);
  for (let m = 1; m <= 12; m++) {
    if (lunarMonthIndex(m, year, true, timeZone) !== null) return m;
  }
  return 0;
}

/** Gregorian date of Tết Nguyên đán (1/1 lunar) of the lunar year that starts in Gregorian year `year`. */
export function lunarNewYear(year: number, timeZone: number = VIETNAM_TIME_ZONE): IsoDate {
  const d = lunarToSolar({ day: 1, month: 1, year, leap: false }, timeZone);
  if (d === null) throw new Error(`No Tết for ${year}`); // unreachable: month 1 always exists
  return d;
}

/** Gregorian date of the last day of lunar year `year` (the day before the next Tết: 29 or 30 tháng Chạp). */
export function lunarNewYearsEve(year: number, timeZone: number = VIETNAM_TIME_ZONE): IsoDate {
  return jdnToIso(jdn(lunarNewYear(year + 1, timeZone)) - 1);
}
