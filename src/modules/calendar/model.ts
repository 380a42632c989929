import type { Generated } from 'kysely';
import type { CalendarEntryKind, IsoDate } from '../../platform/calendar';

export const CALENDAR_DAY_KINDS = ['holiday', 'compensatory', 'swap_off', 'swap_work'] as const satisfies readonly CalendarEntryKind[];
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** `official`: published by the Government; `rule`: computed default; `admin`: entered or changed by an administrator. */
export const CALENDAR_DAY_SOURCES = ['official', 'rule', 'admin'] as const;
export type CalendarDaySource = (typeof CALENDAR_DAY_SOURCES)[number];

/** The kinds that make a day a day off (all but swap_work). */
export const DAY_OFF_KINDS: readonly CalendarDayKind[] = ['holiday', 'compensatory', 'swap_off'];

declare module '../../platform/db/types' {
  interface Database {
    calendar_days: {
      /** A PostgreSQL `date`; always read through `to_char(date, 'YYYY-MM-DD')`, written as 'YYYY-MM-DD'. */
      date: string;
      kind: CalendarDayKind;
      name: string;
      name_en: string;
      source: CalendarDaySource;
      note: string | null;
      updated_at: Generated<Date>;
      updated_by: number | null;
    };
  }
}

/** One row of the working calendar. */
export interface CalendarDay {
  date: IsoDate;
  kind: CalendarDayKind;
  name: string;
  nameEn: string;
  source: CalendarDaySource;
  note: string | null;
}

export const isCalendarDayKind = (v: unknown): v is CalendarDayKind =>
  typeof v === 'string' && (CALENDAR_DAY_KINDS as readonly string[]).includes(v);
