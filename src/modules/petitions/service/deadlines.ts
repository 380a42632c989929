import type { AppContext } from '../../../platform/context';
import {
  addCalendarDays,
  addWorkingDays,
  todayInVietnam,
  workingDaysBetween,
  type IsoDate,
  type WorkingCalendar,
} from '../../../platform/calendar';
import { loadWorkingCalendar } from '../../calendar/service';
import type { PetitionKind } from '../model';
import { DEADLINE_RULES, type DayUnit, type PetitionSettings } from '../settings';

/**
 * The ONE place the petitions module reads the working calendar: the calendar module's table (statutory and
 * lunar holidays, official swap days, edited by an administrator), cached in-process. Always with ctx.db (the
 * calendar module keeps its cache per database handle, warmed at start).
 */
async function calendarFor(ctx: Pick<AppContext, 'db'>, _around: IsoDate): Promise<WorkingCalendar> {
  return loadWorkingCalendar(ctx.db);
}

function civil(start: Date | IsoDate): IsoDate {
  return typeof start === 'string' ? start : todayInVietnam(start);
}

/** The deadline `n` working days (or calendar days) after `start` — counting starts the next day (Civil Code art. 147–148). */
export async function dueDate(ctx: Pick<AppContext, 'db'>, start: Date | IsoDate, n: number, unit: DayUnit = 'working'): Promise<IsoDate> {
  const s = civil(start);
  const cal = await calendarFor(ctx, s);
  return unit === 'working' ? addWorkingDays(cal, s, n) : addCalendarDays(cal, s, n);
}

/** Working days from `a` to `b` (negative when b is before a). */
export async function workingDaysFrom(ctx: Pick<AppContext, 'db'>, a: IsoDate, b: IsoDate): Promise<number> {
  return workingDaysBetween(await calendarFor(ctx, b), a, b);
}

/** The deadline of a step for a kind, from the settings and the unit the law gives. */
export async function stepDeadline(
  ctx: Pick<AppContext, 'db'>,
  settings: PetitionSettings,
  kind: PetitionKind,
  step: 'intake' | 'reply' | 'extend',
  start: Date | IsoDate,
  overrideDays?: number,
): Promise<IsoDate> {
  const rule = DEADLINE_RULES[kind][step];
  return dueDate(ctx, start, overrideDays ?? Number(settings[rule.setting]), rule.unit);
}

/** ok / due_soon (within `dueSoonDays` working days) / overdue (the deadline day has passed). */
export async function dueStateOf(
  ctx: Pick<AppContext, 'db'>,
  today: IsoDate,
  due: IsoDate | null,
  dueSoonDays: number,
): Promise<'ok' | 'due_soon' | 'overdue'> {
  if (!due) return 'ok';
  if (due < today) return 'overdue';
  const soonLimit = await dueDate(ctx, today, dueSoonDays, 'working');
  return due <= soonLimit ? 'due_soon' : 'ok';
}
