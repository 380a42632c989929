import { addDays, daysInMonth, todayInVietnam, type IsoDate } from '../../platform/calendar/dates';

const VN_MS = 7 * 3600_000;

/** The first instant of a civil day in Vietnam. */
export function vnStart(d: IsoDate): Date {
  return new Date(Date.parse(`${d}T00:00:00Z`) - VN_MS);
}

/** [from, to) for inclusive civil dates. */
export function vnRange(fromIso: IsoDate, toIso: IsoDate): { from: Date; to: Date } {
  return { from: vnStart(fromIso), to: vnStart(addDays(toIso, 1)) };
}

/** The months of a range, as 'YYYY-MM'. */
export function monthsBetween(fromIso: IsoDate, toIso: IsoDate): string[] {
  const out: string[] = [];
  let y = Number(fromIso.slice(0, 4));
  let m = Number(fromIso.slice(5, 7));
  const end = toIso.slice(0, 7);
  for (let i = 0; i < 600; i++) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    out.push(k);
    if (k >= end) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export const monthLabel = (k: string) => `${k.slice(5, 7)}/${k.slice(0, 4)}`;

/** DOMAIN §4: the reporting periods of a year, each starting on 1 January except the monthly one. */
export const PERIOD_KINDS = ['month', 'q1', 'h1', 'm9', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const pad = (n: number) => String(n).padStart(2, '0');

/** The civil dates a reporting period covers (a month: that month; the others: from 1 January). */
export function periodRange(kind: PeriodKind, year: number, month = 1): { from: IsoDate; to: IsoDate } {
  const endMonth = kind === 'month' ? month : kind === 'q1' ? 3 : kind === 'h1' ? 6 : kind === 'm9' ? 9 : 12;
  const startMonth = kind === 'month' ? month : 1;
  return { from: `${year}-${pad(startMonth)}-01`, to: `${year}-${pad(endMonth)}-${pad(daysInMonth(year, endMonth))}` };
}

export function today(now: Date): IsoDate {
  return todayInVietnam(now);
}
