import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import type { Statistic } from '../../../platform/module';
import { PETITION_KINDS, type PetitionKind } from '../model';

export interface StatsScope {
  /** A commune (petitions about it, or handled by an agency there) or a province code (everything in it). */
  unitCode?: string;
  agencyId?: number;
  from?: Date;
  to?: Date;
}

function scopeWhere(scope: StatsScope, dateCol = sql`p.submitted_at`): Expression<SqlBool> {
  const w: Expression<SqlBool>[] = [sql<boolean>`p.status not in ('merged')`];
  if (scope.unitCode) {
    w.push(
      scope.unitCode.length <= 2
        ? sql<boolean>`p.province_code = ${scope.unitCode}`
        : sql<boolean>`(p.unit_code = ${scope.unitCode} or a.unit_code = ${scope.unitCode})`,
    );
  }
  if (scope.agencyId) w.push(sql<boolean>`p.agency_id = ${scope.agencyId}`);
  if (scope.from) w.push(sql<boolean>`${dateCol} >= ${scope.from}`);
  if (scope.to) w.push(sql<boolean>`${dateCol} < ${scope.to}`);
  return sql<boolean>`${sql.join(w, sql` and `)}`;
}

export interface PetitionStats {
  received: number;
  answered: number;
  answeredOnTime: number;
  open: number;
  overdue: number;
  dueSoon: number;
  keoDai: number;
  vuotCap: number;
  legal: number;
  forwarded: number;
  ratingAvg: number | null;
  ratingCount: number;
  byKind: Record<PetitionKind, number>;
  byChannel: Record<string, number>;
  byStatus: Record<string, number>;
  byUnit: Array<{ unitCode: string; unitName: string; received: number; answered: number; answeredOnTime: number; overdue: number }>;
}

/** Headline figures and breakdowns for dashboards and periodic reports (submitted in [from, to)). */
export async function petitionStats(db: Executor, scope: StatsScope = {}): Promise<PetitionStats> {
  const where = scopeWhere(scope);
  const head = await sql<{
    received: number; answered: number; on_time: number; open: number; overdue: number; due_soon: number;
    keo_dai: number; vuot_cap: number; legal: number; forwarded: number; rating_avg: number | null; rating_count: number;
  }>`
    select count(*)::int as received,
      count(*) filter (where p.answered_at is not null)::int as answered,
      count(*) filter (where p.answered_on_time)::int as on_time,
      count(*) filter (where p.status in ('submitted','received','forwarded','assigned','answer_drafted','approved','reopened'))::int as open,
      count(*) filter (where p.due_state = 'overdue')::int as overdue,
      count(*) filter (where p.due_state = 'due_soon')::int as due_soon,
      count(*) filter (where p.keo_dai)::int as keo_dai,
      count(*) filter (where p.vuot_cap)::int as vuot_cap,
      count(*) filter (where p.track = 'legal')::int as legal,
      count(*) filter (where p.forward_count > 0)::int as forwarded,
      avg(p.rating)::float8 as rating_avg,
      count(p.rating)::int as rating_count
    from petitions p join agencies a on a.id = p.agency_id
    where ${where}`.execute(db);
  const h = head.rows[0];
  const group = async (col: string) => {
    const r = await sql<{ k: string; n: number }>`
      select ${sql.ref(col)} as k, count(*)::int as n from petitions p join agencies a on a.id = p.agency_id where ${where} group by 1`.execute(db);
    return Object.fromEntries(r.rows.map((x) => [x.k, Number(x.n)]));
  };
  const byKind = Object.fromEntries(PETITION_KINDS.map((k) => [k, 0])) as Record<PetitionKind, number>;
  Object.assign(byKind, await group('p.kind'));
  const byUnit = await sql<{ unitCode: string; unitName: string; received: number; answered: number; answeredOnTime: number; overdue: number }>`
    select p.unit_code as "unitCode", u.full_name as "unitName", count(*)::int as received,
      count(*) filter (where p.answered_at is not null)::int as answered,
      count(*) filter (where p.answered_on_time)::int as "answeredOnTime",
      count(*) filter (where p.due_state = 'overdue')::int as overdue
    from petitions p join agencies a on a.id = p.agency_id join units u on u.code = p.unit_code
    where ${where}
    group by p.unit_code, u.full_name, u.sort
    order by received desc, u.sort`.execute(db);
  return {
    received: Number(h.received),
    answered: Number(h.answered),
    answeredOnTime: Number(h.on_time),
    open: Number(h.open),
    overdue: Number(h.overdue),
    dueSoon: Number(h.due_soon),
    keoDai: Number(h.keo_dai),
    vuotCap: Number(h.vuot_cap),
    legal: Number(h.legal),
    forwarded: Number(h.forwarded),
    ratingAvg: h.rating_avg === null ? null : Math.round(Number(h.rating_avg) * 100) / 100,
    ratingCount: Number(h.rating_count),
    byKind,
    byChannel: await group('p.channel'),
    byStatus: await group('p.status'),
    byUnit: byUnit.rows,
  };
}

const count = (key: string, label: string, cond: Expression<SqlBool>, dateCol = sql`p.submitted_at`): Statistic => ({
  key,
  label,
  async compute(db, scope) {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from petitions p join agencies a on a.id = p.agency_id
      where ${scopeWhere(scope, dateCol)} and ${cond}`.execute(db);
    return Number(r.rows[0].n);
  },
});

/** The manifest's statistics: dashboards and reports show them without knowing this module. */
export const STATISTICS: Statistic[] = [
  count('petitions.received', 'petitions.stat.received', sql<boolean>`true`),
  count('petitions.answered', 'petitions.stat.answered', sql<boolean>`p.answered_at is not null`, sql`p.answered_at`),
  count('petitions.answeredOnTime', 'petitions.stat.answeredOnTime', sql<boolean>`p.answered_on_time`, sql`p.answered_at`),
  count('petitions.open', 'petitions.stat.open', sql<boolean>`p.status in ('submitted','received','forwarded','assigned','answer_drafted','approved','reopened')`),
  count('petitions.overdue', 'petitions.stat.overdue', sql<boolean>`p.due_state = 'overdue'`),
  count('petitions.keoDai', 'petitions.stat.keoDai', sql<boolean>`p.keo_dai`),
  count('petitions.vuotCap', 'petitions.stat.vuotCap', sql<boolean>`p.vuot_cap`),
  count('petitions.legal', 'petitions.stat.legal', sql<boolean>`p.track = 'legal'`),
  {
    key: 'petitions.ratingAvg',
    label: 'petitions.stat.ratingAvg',
    async compute(db, scope) {
      const r = await sql<{ v: number | null }>`
        select avg(p.rating)::float8 as v from petitions p join agencies a on a.id = p.agency_id
        where ${scopeWhere(scope, sql`p.rated_at`)} and p.rating is not null`.execute(db);
      return r.rows[0].v === null ? 0 : Math.round(Number(r.rows[0].v) * 100) / 100;
    },
  },
];
