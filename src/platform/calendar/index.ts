/**
 * Working-day calendar for Vietnam: civil dates, the Vietnamese lunar
 * calendar (UTC+7), public holidays and working-day arithmetic. Pure
 * functions and plain data; dates are 'YYYY-MM-DD' civil dates in
 * Asia/Ho_Chi_Minh.
 */
export {
  type IsoDate,
  VIETNAM_UTC_OFFSET_HOURS,
  isLeapYear,
  daysInMonth,
  isValidIsoDate,
  parseIsoDate,
  toDayNumber,
  fromDayNumber,
  weekdayOf,
  addDays,
  daysBetween,
  todayInVietnam,
  parseVnDate,
  formatVnDate,
} from './dates';
export {
  type LunarDate,
  VIETNAM_TIME_ZONE,
  LUNAR_MIN_YEAR,
  LUNAR_MAX_YEAR,
  solarToLunar,
  lunarToSolar,
  lunarMonthLength,
  leapMonthOf,
  lunarNewYear,
  lunarNewYearsEve,
} from './lunar';
export {
  type CalendarEntry,
  type CalendarEntryKind,
  type CalendarEntrySource,
  type HolidayRule,
  type DefaultHolidayOptions,
  STATUTORY_HOLIDAY_RULES,
  DEFAULT_REST_WEEKDAYS,
  generateDefaultHolidays,
  sortEntries,
  validateCalendarEntries,
} from './holidays';
export {
  CALENDAR_2026,
  CALENDAR_2027,
  CALENDAR_SEED,
  calendarEntriesForYears,
  createDefaultWorkingCalendar,
} from './schedules';
export {
  type WorkingCalendar,
  type WorkingCalendarOptions,
  createWorkingCalendar,
  isWorkingDay,
  entriesOn,
  nextWorkingDay,
  previousWorkingDay,
  onOrNextWorkingDay,
  addWorkingDays,
  addCalendarDays,
  workingDaysBetween,
} from './working-days';
