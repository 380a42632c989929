import { sql, type Expression, type SqlBool } from 'kysely';
import { setPeriod, civilDaysOf } from '../../platform/http/validate';
import type { Db } from '../../platform/db/types';
import type { Statistic } from '../../platform/module';
import { todayInVietnam } from '../../platform/calendar';
import { complianceOver, monthsBetween } from './reception/service';
import { childUnits, homeProvinceCode } from '../directory/service';

type Scope = Parameters<Statistic['compute']>[1];

/** A province code (2 digits) covers its communes; a commune code, itself; an agency and a category when asked. */
function where(scope: Scope, at: Expression<unknown> = sql`created_at`): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [sql<boolean>`true`];
  if (scope.unitCode) parts.push(scope.unitCode.length <= 2 ? sql<boolean>`province_code = ${scope.unitCode}` : sql<boolean>`unit_code = ${scope.unitCode}`);
  if (scope.agencyId) parts.push(sql<boolean>`agency_id = ${scope.agencyId}`);
  if (scope.categoryId) parts.push(sql<boolean>`category_id = ${scope.categoryId}`);
  if (scope.from) parts.push(sql<boolean>`${at} >= ${scope.from}`);
  if (scope.to) parts.push(sql<boolean>`${at} < ${scope.to}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/**
 * The officials' overview list of exactly what a number counts: the unit (a province: all its communes), agency,
 * category, state and the period (recorded in [from, to), as the list's inclusive civil days of Vietnam). None for
 * the public: the numbers count private commitments too, which the public register does not show.
 */
const listLink = (state: string) => (scope: Scope, audience: 'public' | 'official'): string | null => {
  if (audience === 'public') return null;
  const q = new URLSearchParams();
  if (scope.unitCode) q.set('unit', scope.unitCode);
  q.set('state', state);
  if (scope.agencyId) q.set('agencyId', String(scope.agencyId));
  if (scope.categoryId) q.set('categoryId', String(scope.categoryId));
  setPeriod(q, scope);
  return `/can-bo/cam-ket/tong-quan?${q}#danh-sach`;
};

const count = (key: string, cond: (today: string) => Expression<SqlBool>, extra: Partial<Statistic> = {}): Statistic => ({
  key: `commitments.${key}`,
  label: `commitments.stat.${key}`,
  group: 'commitments.title',
  filters: ['agency', 'category'],
  ...extra,
  async compute(db: Db, scope) {
    const today = todayInVietnam(new Date());
    const r = await sql<{ n: number }>`select count(*)::int as n from commitments where ${where(scope)} and ${cond(today)}`.execute(db);
    return Number(r.rows[0].n);
  },
});

/** The months of [from, to) as Vietnam's civil months 'YYYY-MM' (none given: this month), at most 60. */
function monthsOf(scope: Scope): string[] {
  const first = todayInVietnam(scope.from ?? new Date()).slice(0, 7);
  const last = civilDaysOf(scope).to?.slice(0, 7) ?? first;
  return monthsBetween(first, last);
}

/** The compliance page of the unit (a province: with its communes) over the scope's months. */
const complianceLink = (scope: Scope, audience: 'public' | 'official'): string | null => {
  const months = monthsOf(scope);
  if (audience !== 'official' || !scope.unitCode || !months.length) return null;
  const base = `/tiep-cong-dan/${scope.unitCode}/tuan-thu`;
  return months.length === 1 ? `${base}?thang=${months[0]}` : `${base}?tu=${months[0]}&den=${months[months.length - 1]}`;
};

/** Reception days held and required in the scope's months (a province: its communes' and its own heads). */
const reception = (key: 'held' | 'required'): Statistic => ({
  key: `commitments.reception.${key}`,
  label: `commitments.stat.reception.${key}`,
  group: 'reception.title',
  higherIsBetter: key === 'held' ? true : undefined,
  link: complianceLink,
  async compute(db: Db, scope) {
    const code = scope.unitCode ?? (await homeProvinceCode(db));
    const units = code.length <= 2 ? [code, ...(await childUnits(db, code)).map((u) => u.code)] : [code];
    return (await complianceOver(db, units, monthsOf(scope))).reduce((n, r) => n + (key === 'held' ? r.held : r.required), 0);
  },
});

export const STATISTICS: Statistic[] = [
  count('open', () => sql<boolean>`state in ('open','in_progress','verified_not_kept')`, { link: listLink('unfinished') }),
  count('done', () => sql<boolean>`state = 'done_awaiting_verification'`, { link: listLink('done_awaiting_verification') }),
  count('overdue', (today) => sql<boolean>`state in ('open','in_progress','verified_not_kept') and deadline < ${today}`, { link: listLink('overdue'), higherIsBetter: false }),
  count('verifiedKept', () => sql<boolean>`state = 'verified_kept'`, { link: listLink('verified_kept'), higherIsBetter: true }),
  count('verifiedNotKept', () => sql<boolean>`state = 'verified_not_kept'`, { link: listLink('verified_not_kept'), higherIsBetter: false }),
  reception('held'),
  reception('required'),
];
