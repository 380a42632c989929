import { sql } from 'kysely';
import {
  addCalendarDays,
  addWorkingDays,
  calendarEntriesForYears,
  createWorkingCalendar,
  isValidIsoDate,
  isWorkingDay,
  todayInVietnam,
  validateCalendarEntries,
  workingDaysBetween,
  type CalendarEntry,
  type IsoDate,
  type WorkingCalendar,
} from '../../platform/calendar';
import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { forgetCacheElsewhere, registerCache } from '../../platform/cache';
import { actorOf, isAdmin, type Principal } from '../../platform/access/principal';
import { audit } from '../../platform/audit/audit';
import { forbidden, notFound, ValidationError } from '../../platform/http/errors';
import { parse } from '../../platform/http/validate';
import type { CalendarDay, CalendarDayKind } from './model';
import { calendarDayInputSchema, type CalendarDayInput } from './schema';

const dayColumns = [
  sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'),
  'kind',
  'name',
  'name_en as nameEn',
  'source',
  'note',
] as const;

function yearRange(year: number) {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The entries of one Gregorian year, by date then kind. */
export async function listCalendarDays(db: Executor, year: number): Promise<CalendarDay[]> {
  const { from, to } = yearRange(year);
  const rows = await db
    .selectFrom('calendar_days')
    .select(dayColumns)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy(sql`case kind when 'holiday' then 0 when 'compensatory' then 1 when 'swap_off' then 2 else 3 end`)
    .execute();
  return rows as CalendarDay[];
}

export async function getCalendarDay(db: Executor, date: IsoDate, kind: CalendarDayKind): Promise<CalendarDay | undefined> {
  if (!isValidIsoDate(date)) return undefined;
  return (await db.selectFrom('calendar_days').select(dayColumns).where('date', '=', date).where('kind', '=', kind).executeTakeFirst()) as
    | CalendarDay
    | undefined;
}

/** The years that have at least one entry. */
export async function calendarYears(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom('calendar_days')
    .select(sql<number>`extract(year from date)::int`.as('y'))
    .groupBy(sql`extract(year from date)`)
    .orderBy(sql`extract(year from date)`)
    .execute();
  return rows.map((r) => Number(r.y));
}

// ---------------------------------------------------------------------------------------------
// The working calendar, cached in-process

let cache = new WeakMap<object, Promise<WorkingCalendar>>();
// A change made in another worker of the server empties this one's too (reloaded at the next use).
registerCache('calendar.workingCalendar', () => {
  cache = new WeakMap();
});

/** Rows as the pure calendar functions take them (an administrator's entry counts as official). */
function toEntry(d: CalendarDay): CalendarEntry {
  return {
    date: d.date,
    kind: d.kind,
    name: d.name,
    nameEn: d.nameEn,
    source: d.source === 'rule' ? 'rule' : 'official',
    ...(d.note ? { note: d.note } : {}),
  };
}

async function loadAll(db: Executor): Promise<WorkingCalendar> {
  const rows = (await db.selectFrom('calendar_days').select(dayColumns).orderBy('date').execute()) as CalendarDay[];
  return createWorkingCalendar(rows.map(toEntry));
}

/**
 * The working calendar from the calendar_days table: every row loaded once and kept in this process until
 * a change made through this module's use cases. Call it with the application's database (ctx.db) so the
 * cache is shared; the cache is warmed at start, so a call inside another use case's transaction does not
 * query (on the embedded database a query on ctx.db inside a transaction would wait for that transaction).
 */
export function loadWorkingCalendar(db: Executor): Promise<WorkingCalendar> {
  let p = cache.get(db);
  if (!p) {
    p = loadAll(db);
    cache.set(db, p);
    p.catch(() => cache.delete(db));
  }
  return p;
}

/** Drops the cached calendar and loads it again (after a change has been committed). */
export async function reloadWorkingCalendar(db: Executor): Promise<WorkingCalendar> {
  cache.delete(db);
  forgetCacheElsewhere('calendar.workingCalendar');
  return loadWorkingCalendar(db);
}

/** The civil date in Vietnam of an instant, or the date itself. */
function civil(d: Date | IsoDate): IsoDate {
  if (typeof d === 'string') {
    if (!isValidIsoDate(d)) throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${JSON.stringify(d)}`);
    return d;
  }
  return todayInVietnam(d);
}

/**
 * The n-th working day after `start` (counting starts the next day, Civil Code art. 147); `start` is an
 * instant (its civil date in Vietnam is used) or a 'YYYY-MM-DD' date.
 */
export async function addWorkingDaysFrom(ctx: Pick<AppContext, 'db'>, start: Date | IsoDate, n: number): Promise<IsoDate> {
  return addWorkingDays(await loadWorkingCalendar(ctx.db), civil(start), n);
}

/** A limit of n calendar days from `start`, moved to the next working day when it ends on a day off (art. 148). */
export async function addCalendarDaysFrom(ctx: Pick<AppContext, 'db'>, start: Date | IsoDate, n: number): Promise<IsoDate> {
  return addCalendarDays(await loadWorkingCalendar(ctx.db), civil(start), n);
}

export async function isWorkingDayOn(ctx: Pick<AppContext, 'db'>, date: Date | IsoDate): Promise<boolean> {
  return isWorkingDay(await loadWorkingCalendar(ctx.db), civil(date));
}

/** Working days elapsed from `a` to `b` (those in (a, b]; negative when b is before a). */
export async function workingDaysBetweenDates(ctx: Pick<AppContext, 'db'>, a: Date | IsoDate, b: Date | IsoDate): Promise<number> {
  return workingDaysBetween(await loadWorkingCalendar(ctx.db), civil(a), civil(b));
}

// ---------------------------------------------------------------------------------------------
// Start-up: every year from last year to two years ahead has its entries

function rowsOf(entries: readonly CalendarEntry[], source?: 'admin', by: number | null = null) {
  return entries.map((e) => ({
    date: e.date,
    kind: e.kind,
    name: e.name,
    name_en: e.nameEn,
    source: source ?? e.source,
    note: e.note ?? null,
    updated_by: by,
  }));
}

/**
 * Fills each year in [current − 1, current + 2] that has no entry with its default schedule (the official
 * one shipped for 2026 and 2027, the statutory rules otherwise), then warms the cache. Idempotent.
 */
export async function ensureCalendarYears(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<number[]> {
  const year = Number(todayInVietnam(ctx.clock.now()).slice(0, 4));
  const wanted = [year - 1, year, year + 1, year + 2];
  const present = new Set(await calendarYears(ctx.db));
  const missing = wanted.filter((y) => !present.has(y));
  if (missing.length) {
    await ctx.db
      .insertInto('calendar_days')
      .values(rowsOf(calendarEntriesForYears(missing)))
      .onConflict((oc) => oc.columns(['date', 'kind']).doNothing())
      .execute();
    await reloadWorkingCalendar(ctx.db);
  } else {
    await loadWorkingCalendar(ctx.db);
  }
  return missing;
}

// ---------------------------------------------------------------------------------------------
// Administration: add, edit, delete an entry; reset a year. One transaction each, audited.

export interface UseCaseMeta {
  ip?: string | null;
}

function requireAdmin(principal: Principal | null | undefined): asserts principal is Principal {
  if (!isAdmin(principal)) throw forbidden();
}

/** Turns the pure validator's findings into messages beside the form's fields. */
function checkEntries(entry: CalendarEntry, year: readonly CalendarEntry[]): void {
  const own = validateCalendarEntries([entry]);
  if (own.some((p) => p.includes('swap_work on a day that is already a working day'))) {
    throw new ValidationError({ kind: 'calendar.error.swapWorkOnWorkday' });
  }
  if (own.some((p) => p.includes('has no effect'))) throw new ValidationError({ kind: 'calendar.error.offOnRestDay' });
  if (own.length) throw new ValidationError({ date: 'calendar.error.invalid' });
  const all = validateCalendarEntries(year).filter((p) => p.startsWith(entry.date));
  if (all.some((p) => p.includes('duplicate'))) throw new ValidationError({ date: 'calendar.error.duplicate' });
  if (all.some((p) => p.includes('conflicts'))) throw new ValidationError({ kind: 'calendar.error.conflict' });
}

function entryOf(data: ReturnType<typeof calendarDayInputSchema.parse>): CalendarEntry {
  return {
    date: data.date,
    kind: data.kind,
    name: data.name,
    nameEn: data.nameEn ?? data.name,
    source: 'official',
    ...(data.note ? { note: data.note } : {}),
  };
}

async function yearEntries(tx: Executor, year: number, except?: { date: string; kind: string }): Promise<CalendarEntry[]> {
  return (await listCalendarDays(tx, year)).filter((d) => !(except && d.date === except.date && d.kind === except.kind)).map(toEntry);
}

const entityId = (d: { date: string; kind: string }) => `${d.date}/${d.kind}`;

export async function addCalendarDay(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  input: CalendarDayInput | Record<string, unknown>,
  meta: UseCaseMeta = {},
): Promise<CalendarDay> {
  requireAdmin(principal);
  const data = parse(calendarDayInputSchema, input);
  const entry = entryOf(data);
  await ctx.db.transaction().execute(async (tx) => {
    await sql`lock table calendar_days in share row exclusive mode`.execute(tx);
    checkEntries(entry, [...(await yearEntries(tx, Number(entry.date.slice(0, 4)))), entry]);
    await tx.insertInto('calendar_days').values(rowsOf([entry], 'admin', principal.id)).execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'calendar.add',
      entityType: 'calendar_day',
      entityId: entityId(entry),
      after: await getCalendarDay(tx, entry.date, entry.kind),
      ip: meta.ip,
    });
  });
  await reloadWorkingCalendar(ctx.db);
  return (await getCalendarDay(ctx.db, entry.date, entry.kind))!;
}

export async function updateCalendarDay(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  key: { date: IsoDate; kind: CalendarDayKind },
  input: CalendarDayInput | Record<string, unknown>,
  meta: UseCaseMeta = {},
): Promise<CalendarDay> {
  requireAdmin(principal);
  const data = parse(calendarDayInputSchema, input);
  const entry = entryOf(data);
  await ctx.db.transaction().execute(async (tx) => {
    await sql`lock table calendar_days in share row exclusive mode`.execute(tx);
    const before = await getCalendarDay(tx, key.date, key.kind);
    if (!before) throw notFound('calendar.error.notFound');
    checkEntries(entry, [...(await yearEntries(tx, Number(entry.date.slice(0, 4)), key)), entry]);
    await tx
      .updateTable('calendar_days')
      .set({ ...rowsOf([entry], 'admin', principal.id)[0], updated_at: new Date() })
      .where('date', '=', key.date)
      .where('kind', '=', key.kind)
      .execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'calendar.update',
      entityType: 'calendar_day',
      entityId: entityId(key),
      before,
      after: await getCalendarDay(tx, entry.date, entry.kind),
      ip: meta.ip,
    });
  });
  await reloadWorkingCalendar(ctx.db);
  return (await getCalendarDay(ctx.db, entry.date, entry.kind))!;
}

export async function deleteCalendarDay(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  key: { date: IsoDate; kind: CalendarDayKind },
  meta: UseCaseMeta = {},
): Promise<void> {
  requireAdmin(principal);
  await ctx.db.transaction().execute(async (tx) => {
    const before = await getCalendarDay(tx, key.date, key.kind);
    if (!before) throw notFound('calendar.error.notFound');
    await tx.deleteFrom('calendar_days').where('date', '=', key.date).where('kind', '=', key.kind).execute();
    await audit(tx, { actor: actorOf(principal), action: 'calendar.delete', entityType: 'calendar_day', entityId: entityId(key), before, ip: meta.ip });
  });
  await reloadWorkingCalendar(ctx.db);
}

/** Replaces a year's entries with its defaults (the shipped official schedule, or the statutory rules). */
export async function resetCalendarYear(
  ctx: Pick<AppContext, 'db'>,
  principal: Principal | null,
  year: number,
  meta: UseCaseMeta = {},
): Promise<CalendarDay[]> {
  requireAdmin(principal);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new ValidationError({ year: 'calendar.error.yearRange' });
  const { from, to } = yearRange(year);
  await ctx.db.transaction().execute(async (tx) => {
    const before = await listCalendarDays(tx, year);
    await tx.deleteFrom('calendar_days').where('date', '>=', from).where('date', '<=', to).execute();
    await tx.insertInto('calendar_days').values(rowsOf(calendarEntriesForYears([year]), undefined, principal.id)).execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'calendar.reset',
      entityType: 'calendar_year',
      entityId: year,
      before,
      after: await listCalendarDays(tx, year),
      ip: meta.ip,
    });
  });
  await reloadWorkingCalendar(ctx.db);
  return listCalendarDays(ctx.db, year);
}
