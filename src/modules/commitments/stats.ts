import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/types';
import type { Statistic } from '../../platform/module';
import { todayInVietnam } from '../../platform/calendar';
import { complianceOf } from './reception/service';
import { childUnits, homeProvinceCode } from '../directory/service';

type Scope = Parameters<Statistic['compute']>[1];

/** A province code (2 digits) covers its communes; a commune code, itself. */
function where(scope: Scope, at: Expression<unknown> = sql`created_at`): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [sql<boolean>`true`];
  if (scope.unitCode) parts.push(scope.unitCode.length <= 2 ? sql<boolean>`province_code = ${scope.unitCode}` : sql<boolean>`unit_code = ${scope.unitCode}`);
  if (scope.from) parts.push(sql<boolean>`${at} >= ${scope.from}`);
  if (scope.to) parts.push(sql<boolean>`${at} < ${scope.to}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

const count = (key: string, cond: (today: string) => Expression<SqlBool>): Statistic => ({
  key: `commitments.${key}`,
  label: `commitments.stat.${key}`,
  async compute(db: Db, scope) {
    const today = todayInVietnam(new Date());
    const r = await sql<{ n: number }>`select count(*)::int as n from commitments where ${where(scope)} and ${cond(today)}`.execute(db);
    return Number(r.rows[0].n);
  },
});

/** Reception days held and required in the scope's months (a province: its communes' and its own heads). */
const reception = (key: 'held' | 'required'): Statistic => ({
  key: `commitments.reception.${key}`,
  label: `commitments.stat.reception.${key}`,
  async compute(db: Db, scope) {
    const from = scope.from ?? new Date();
    const to = scope.to ?? from;
    const months: string[] = [];
    for (let d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); d <= to || months.length === 0; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
      months.push(d.toISOString().slice(0, 7));
      if (months.length > 60) break;
    }
    const code = scope.unitCode ?? (await homeProvinceCode(db));
    const units = code.length <= 2 ? [code, ...(await childUnits(db, code)).map((u) => u.code)] : [code];
    let n = 0;
    for (const m of months) for (const r of await complianceOf(db, units, m)) n += key === 'held' ? r.held : r.required;
    return n;
  },
});

export const STATISTICS: Statistic[] = [
  count('open', () => sql<boolean>`state in ('open','in_progress','verified_not_kept')`),
  count('done', () => sql<boolean>`state = 'done_awaiting_verification'`),
  count('overdue', (today) => sql<boolean>`state in ('open','in_progress','verified_not_kept') and deadline < ${today}`),
  count('verifiedKept', () => sql<boolean>`state = 'verified_kept'`),
  count('verifiedNotKept', () => sql<boolean>`state = 'verified_not_kept'`),
  reception('held'),
  reception('required'),
];
