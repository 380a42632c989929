import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import type { StatisticDimension, StatisticScope } from '../../../platform/module';

/**
 * Counts of petitions for dashboards and reports, from the pre-aggregated `petition_stats` (kept by a trigger in
 * the transaction of every change, migration 202612021701) when the question fits it — whole months (Vietnam time),
 * at most one of agency / category — else straight from `petitions`. Both count the same way: the petitions
 * submitted in the period (merged ones excluded) and, of them, how many are answered, on time, still open…
 */
export const COUNTERS = ['received', 'answered', 'onTime', 'open', 'overdue', 'keoDai', 'vuotCap', 'legal', 'reopened', 'ratingSum', 'ratingCount'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

const AGG_COLUMN: Record<Counter, string> = {
  received: 'received', answered: 'answered', onTime: 'on_time', open: 'open', overdue: 'overdue', keoDai: 'keo_dai',
  vuotCap: 'vuot_cap', legal: 'legal', reopened: 'reopened', ratingSum: 'rating_sum', ratingCount: 'rating_count',
};
const RAW: Record<Counter, RawBuilder<unknown>> = {
  received: sql`count(*)`,
  answered: sql`count(*) filter (where p.answered_at is not null)`,
  onTime: sql`count(*) filter (where p.answered_on_time)`,
  open: sql`count(*) filter (where p.status in ('submitted','received','forwarded','assigned','answer_drafted','approved','reopened'))`,
  overdue: sql`count(*) filter (where p.due_state = 'overdue')`,
  keoDai: sql`count(*) filter (where p.keo_dai)`,
  vuotCap: sql`count(*) filter (where p.vuot_cap)`,
  legal: sql`count(*) filter (where p.track = 'legal')`,
  reopened: sql`count(*) filter (where p.reopen_count > 0)`,
  ratingSum: sql`coalesce(sum(p.rating), 0)`,
  ratingCount: sql`count(p.rating)`,
};
const RAW_MONTH = sql`to_char(date_trunc('month', (p.submitted_at at time zone 'UTC') + interval '7 hours'), 'YYYY-MM')`;
const RAW_KEY: Record<StatisticDimension, RawBuilder<unknown>> = {
  unit: sql`p.unit_code`,
  month: RAW_MONTH,
  category: sql`coalesce(p.category_id::text, '')`,
  channel: sql`p.channel::text`,
  kind: sql`p.kind::text`,
  agency: sql`p.agency_id::text`,
};

const VN_MS = 7 * 3600_000;
/** A month's first instant in Vietnam time, as 'YYYY-MM-01', or null when the date is not one. */
function monthStart(d: Date): string | null {
  const v = new Date(d.getTime() + VN_MS);
  return v.getUTCDate() === 1 && v.getUTCHours() === 0 && v.getUTCMinutes() === 0 && v.getUTCSeconds() === 0 && v.getUTCMilliseconds() === 0
    ? v.toISOString().slice(0, 10)
    : null;
}

function unitWhere(code: string | undefined): RawBuilder<boolean>[] {
  if (!code) return [];
  return [code.length <= 2 ? sql<boolean>`province_code = ${code}` : sql<boolean>`unit_code = ${code}`];
}

export function emptyCounts(): Counts {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;
}

function toCounts(r: Record<string, unknown>): Counts {
  const out = emptyCounts();
  for (const c of COUNTERS) out[c] = Number(r[c] ?? 0);
  return out;
}

/** Counts for the scope, in total (by omitted) or by one dimension. */
export async function petitionCounts(db: Executor, scope: StatisticScope, by?: StatisticDimension): Promise<Array<{ key: string; counts: Counts }>> {
  const filters: Array<['agency' | 'category', number]> = [];
  if (scope.agencyId) filters.push(['agency', scope.agencyId]);
  if (scope.categoryId) filters.push(['category', scope.categoryId]);
  const from = scope.from ? monthStart(scope.from) : undefined;
  const to = scope.to ? monthStart(scope.to) : undefined;
  const fitsMonths = from !== null && to !== null;
  const byDim = by && by !== 'unit' && by !== 'month' ? by : null;
  const fitsDims = filters.length === 0 || (filters.length === 1 && (!byDim || byDim === filters[0][0]));
  if (fitsMonths && fitsDims) {
    const where = unitWhere(scope.unitCode);
    const dim = filters[0]?.[0] ?? byDim ?? 'all';
    where.push(sql<boolean>`dim = ${dim}`);
    if (filters[0]) where.push(sql<boolean>`val = ${String(filters[0][1])}`);
    if (from) where.push(sql<boolean>`month >= ${from}`);
    if (to) where.push(sql<boolean>`month < ${to}`);
    const key = by === 'unit' ? sql`unit_code` : by === 'month' ? sql`to_char(month, 'YYYY-MM')` : by ? sql`val` : sql`''`;
    const sums = sql.join(COUNTERS.map((c) => sql`coalesce(sum(${sql.ref(AGG_COLUMN[c])}), 0)::int as ${sql.ref(c)}`));
    const r = await sql<Record<string, unknown>>`
      select ${key} as key, ${sums} from petition_stats where ${sql.join(where, sql` and `)} group by 1 order by 1`.execute(db);
    const rows = r.rows.map((x) => ({ key: String(x.key), counts: toCounts(x) })).filter((x) => !by || x.counts.received !== 0);
    return by ? rows : rows.length ? rows : [{ key: '', counts: emptyCounts() }];
  }
  const where: RawBuilder<boolean>[] = [sql<boolean>`p.status <> 'merged'`];
  if (scope.unitCode) where.push(scope.unitCode.length <= 2 ? sql<boolean>`p.province_code = ${scope.unitCode}` : sql<boolean>`p.unit_code = ${scope.unitCode}`);
  if (scope.agencyId) where.push(sql<boolean>`p.agency_id = ${scope.agencyId}`);
  if (scope.categoryId) where.push(sql<boolean>`p.category_id = ${scope.categoryId}`);
  if (scope.from) where.push(sql<boolean>`p.submitted_at >= ${scope.from}`);
  if (scope.to) where.push(sql<boolean>`p.submitted_at < ${scope.to}`);
  const key = by ? RAW_KEY[by] : sql`''`;
  const sums = sql.join(COUNTERS.map((c) => sql`${RAW[c]}::int as ${sql.ref(c)}`));
  const r = await sql<Record<string, unknown>>`
    select ${key} as key, ${sums} from petitions p where ${sql.join(where, sql` and `)} group by 1 order by 1`.execute(db);
  const rows = r.rows.map((x) => ({ key: String(x.key), counts: toCounts(x) }));
  return by ? rows : rows.length ? rows : [{ key: '', counts: emptyCounts() }];
}

/** Folds the rows the trigger appended into one row per key (a recurring job; safe beside concurrent changes). */
export async function compactPetitionStats(db: Executor): Promise<number> {
  const sums = sql.join(Object.values(AGG_COLUMN).map((c) => sql`sum(${sql.ref(c)})`));
  const cols = sql.join(Object.values(AGG_COLUMN).map((c) => sql.ref(c)));
  // Not `sum(received) <> 0`: a compaction beside another one may fold only part of a key's rows (the other took
  // the rest), such as a due-state change's -1/+1 pair, whose received nets to zero while its overdue does not.
  const anyNonZero = sql.join(Object.values(AGG_COLUMN).map((c) => sql`sum(${sql.ref(c)}) <> 0`), sql` or `);
  const r = await sql<{ n: number }>`
    with touched as (
      select distinct month, province_code, unit_code, dim, val from petition_stats where not compact
    ), gone as (
      delete from petition_stats s using touched t
      where s.month = t.month and s.province_code = t.province_code and s.unit_code = t.unit_code and s.dim = t.dim and s.val = t.val
      returning s.*
    ), ins as (
      insert into petition_stats (month, province_code, unit_code, dim, val, ${cols}, compact)
      select month, province_code, unit_code, dim, val, ${sums}, true from gone
      group by month, province_code, unit_code, dim, val having ${anyNonZero}
      returning 1
    )
    select count(*)::int as n from ins`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
