import { sql } from 'kysely';
import { civilDaysOf, setPeriod } from '../../platform/http/validate';
import type { Executor } from '../../platform/db/types';
import type { Statistic, StatisticScope } from '../../platform/module';
import { childUnits, getUnit } from '../directory/service';
import { HELD_STATES } from './state-machine';

type Scope = { unitCode?: string; from?: Date; to?: Date };

/** The scope as a list's query: the unit (a province: all its communes) and the period as inclusive civil days. */
function scopeQuery(scope: StatisticScope, extra: Record<string, string>): URLSearchParams {
  const q = new URLSearchParams(extra);
  if (scope.unitCode) q.set('unit', scope.unitCode);
  setPeriod(q, scope);
  return q;
}

/** The civil years of Vietnam a period spans (the plans' years). */
function yearsOf(scope: Scope): { fromYear: number | null; toYear: number | null } {
  const days = civilDaysOf(scope);
  return {
    fromYear: days.from ? Number(days.from.slice(0, 4)) : null,
    toYear: days.to ? Number(days.to.slice(0, 4)) : null,
  };
}

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
      const { fromYear, toYear } = yearsOf(scope);
      return count(
        db,
        sql<{ n: number }>`select count(*)::int as n from conference_plan_items i join conference_plans p on p.id = i.plan_id
          where ${units ? sql`p.unit_code in (${sql.join(units)})` : sql`true`}
          and ${fromYear ? sql`p.year >= ${fromYear}` : sql`true`} and ${toYear ? sql`p.year <= ${toYear}` : sql`true`}`,
      );
    },
    // The officers' plan page lists one commune's items of one year; plans are not public.
    link(scope, audience) {
      const { fromYear, toYear } = yearsOf(scope);
      if (audience !== 'official' || !scope.unitCode || scope.unitCode.length <= 2 || !fromYear || fromYear !== toYear) return null;
      return `/can-bo/hoi-nghi/ke-hoach?${new URLSearchParams({ unit: scope.unitCode, year: String(fromYear) })}`;
    },
  },
  {
    key: 'conferences.held',
    label: 'conferences.stat.held',
    async compute(db, scope) {
      return count(db, sql<{ n: number }>`select count(*)::int as n from conferences c where c.status in (${sql.join([...HELD_STATES])}) and ${await unitCondition(db, scope)} and ${period(scope)}`);
    },
    // Held conferences are public: the public list shows them all, to officials too.
    link: (scope) => `/hoi-nghi?${scopeQuery(scope, { when: 'past', state: 'held' })}`,
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
    // Answered on the floor: public, like every question put on the floor of a session.
    link: (scope) => `/hoi-nghi/cau-hoi?${scopeQuery(scope, { status: 'answered' })}`,
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
    // Counted from before the session too (questions sent in advance are not public): officials only.
    link: (scope, audience) => (audience === 'official' ? `/hoi-nghi/cau-hoi?${scopeQuery(scope, { level: 'above' })}` : null),
  },
];
