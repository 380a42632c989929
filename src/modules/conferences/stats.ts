import { sql } from 'kysely';
import type { Executor } from '../../platform/db/types';
import type { Statistic } from '../../platform/module';
import { childUnits, getUnit } from '../directory/service';

type Scope = { unitCode?: string; from?: Date; to?: Date };
const HELD = ['held', 'results_published', 'closed'] as const;

/** The scope's unit as a condition on the conference (`c`): a commune's own, or every commune of a province. */
async function unitCondition(db: Executor, scope: Scope) {
  if (!scope.unitCode) return sql<boolean>`true`;
  const unit = await getUnit(db, scope.unitCode);
  if (unit?.level === 'province') return sql<boolean>`c.province_code = ${unit.code}`;
  return sql<boolean>`c.unit_code = ${scope.unitCode}`;
}

function period(scope: Scope) {
  return sql<boolean>`${scope.from ? sql`c.starts_at >= ${scope.from}` : sql`true`} and ${scope.to ? sql`c.starts_at < ${scope.to}` : sql`true`}`;
}

const count = async (db: Executor, q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(db)).rows[0]?.n ?? 0);

export const STATISTICS: Statistic[] = [
  {
    key: 'conferences.planned',
    label: 'conferences.stat.planned',
    async compute(db, scope) {
      let units: string[] | null = null;
      if (scope.unitCode) {
        const unit = await getUnit(db, scope.unitCode);
        units = unit?.level === 'province' ? (await childUnits(db, unit.code)).map((u) => u.code) : [scope.unitCode];
        if (!units.length) return 0;
      }
      const fromYear = scope.from ? Number(scope.from.toISOString().slice(0, 4)) : null;
      const toYear = scope.to ? Number(new Date(scope.to.getTime() - 1).toISOString().slice(0, 4)) : null;
      return count(
        db,
        sql<{ n: number }>`select count(*)::int as n from conference_plan_items i join conference_plans p on p.id = i.plan_id
          where ${units ? sql`p.unit_code in (${sql.join(units)})` : sql`true`}
          and ${fromYear ? sql`p.year >= ${fromYear}` : sql`true`} and ${toYear ? sql`p.year <= ${toYear}` : sql`true`}`,
      );
    },
  },
  {
    key: 'conferences.held',
    label: 'conferences.stat.held',
    async compute(db, scope) {
      return count(db, sql<{ n: number }>`select count(*)::int as n from conferences c where c.status in (${sql.join([...HELD])}) and ${await unitCondition(db, scope)} and ${period(scope)}`);
    },
  },
  {
    key: 'conferences.answered',
    label: 'conferences.stat.answered',
    async compute(db, scope) {
      return count(
        db,
        sql<{ n: number }>`select count(*)::int as n from conference_questions q join conferences c on c.id = q.conference_id
          where q.status = 'answered' and ${await unitCondition(db, scope)} and ${period(scope)}`,
      );
    },
  },
  {
    key: 'conferences.passedUp',
    label: 'conferences.stat.passedUp',
    async compute(db, scope) {
      return count(
        db,
        sql<{ n: number }>`select count(*)::int as n from conference_questions q join conferences c on c.id = q.conference_id
          where q.level = 'above' and q.status <> 'merged' and ${await unitCondition(db, scope)} and ${period(scope)}`,
      );
    },
  },
];
