import { sql, type Expression, type SqlBool } from 'kysely';
import { setPeriod } from '../../../platform/http/validate';
import type { Executor } from '../../../platform/db/types';
import type { Statistic, StatisticDimension, StatisticScope } from '../../../platform/module';
import { agencyIdsAt, getUnits, unitOrder } from '../../directory/service';
import { petitionCounts, type Counts } from './aggregate';
import { PETITION_KINDS, STATES, type PetitionKind } from '../model';

export interface StatsScope {
  /** A commune (petitions about it, or handled by an agency there) or a province code (everything in it). */
  unitCode?: string;
  agencyId?: number;
  from?: Date;
  to?: Date;
}

/** The condition over p; `agenciesAtUnit`: the agencies seated at a commune scope's unit (from the directory). */
function scopeWhere(scope: StatsScope, agenciesAtUnit: readonly number[], dateCol = sql`p.submitted_at`): Expression<SqlBool> {
  const w: Expression<SqlBool>[] = [sql<boolean>`p.status not in ('merged')`];
  if (scope.unitCode) {
    const handledThere = agenciesAtUnit.length ? sql` or p.agency_id in (${sql.join(agenciesAtUnit.map((x) => sql`${x}`))})` : sql``;
    w.push(
      scope.unitCode.length <= 2
        ? sql<boolean>`p.province_code = ${scope.unitCode}`
        : sql<boolean>`(p.unit_code = ${scope.unitCode}${handledThere})`,
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
  const commune = scope.unitCode && scope.unitCode.length > 2 ? scope.unitCode : null;
  const where = scopeWhere(scope, commune ? ((await agencyIdsAt(db, [commune])).get(commune) ?? []) : []);
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
    from petitions p
    where ${where}`.execute(db);
  const h = head.rows[0];
  const group = async (col: string) => {
    const r = await sql<{ k: string; n: number }>`
      select ${sql.ref(col)} as k, count(*)::int as n from petitions p where ${where} group by 1`.execute(db);
    return Object.fromEntries(r.rows.map((x) => [x.k, Number(x.n)]));
  };
  const byKind = Object.fromEntries(PETITION_KINDS.map((k) => [k, 0])) as Record<PetitionKind, number>;
  Object.assign(byKind, await group('p.kind'));
  const counted = await sql<{ unitCode: string; received: number; answered: number; answeredOnTime: number; overdue: number }>`
    select p.unit_code as "unitCode", count(*)::int as received,
      count(*) filter (where p.answered_at is not null)::int as answered,
      count(*) filter (where p.answered_on_time)::int as "answeredOnTime",
      count(*) filter (where p.due_state = 'overdue')::int as overdue
    from petitions p
    where ${where}
    group by p.unit_code`.execute(db);
  // The units' names and order from the directory's cache: most received first, then the directory's order.
  const codes = counted.rows.map((r) => r.unitCode);
  const [units, order] = await Promise.all([getUnits(db, codes), unitOrder(db, codes)]);
  const byUnit = counted.rows
    .map((r) => ({ unitCode: r.unitCode, unitName: units.get(r.unitCode)?.fullName ?? r.unitCode, received: r.received, answered: r.answered, answeredOnTime: r.answeredOnTime, overdue: r.overdue }))
    .sort((a, b) => b.received - a.received || (order.get(a.unitCode) ?? 0) - (order.get(b.unitCode) ?? 0) || (a.unitCode < b.unitCode ? -1 : 1));
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
    byUnit,
  };
}

const memo = new WeakMap<object, Map<string, Promise<Array<{ key: string; counts: Counts }>>>>();
/** One query per scope object and dimension, shared by every statistic of a dashboard or report. */
function counts(db: Executor, scope: StatisticScope, by?: StatisticDimension) {
  let m = memo.get(scope);
  if (!m) memo.set(scope, (m = new Map()));
  const k = by ?? '';
  if (!m.has(k)) m.set(k, petitionCounts(db, scope, by));
  return m.get(k)!;
}

type Value = (c: Counts) => number;
const ratio = (num: number, den: number, scale: number) => (den ? Math.round((num / den) * scale * 100) / 100 : 0);

/**
 * Where the petitions behind a number are listed: the officials' inbox. None for the public: the numbers count
 * private petitions and those not yet answered, and the public list shows only the published answers of public ones.
 */
function listLink(filter: Record<string, string>) {
  return (scope: StatisticScope, audience: 'public' | 'official'): string | null => {
    if (audience === 'public') return null;
    const q = new URLSearchParams();
    // The lists filter one unit; a province's petitions are the whole list (of the caller's province).
    if (scope.unitCode && scope.unitCode.length > 2) q.set('unit', scope.unitCode);
    if (scope.agencyId) q.set('agency', String(scope.agencyId));
    if (scope.categoryId) q.set('category', String(scope.categoryId));
    // The period counted (petitions submitted in [from, to)) as the lists' inclusive civil days of Vietnam.
    setPeriod(q, scope);
    for (const [k, v] of Object.entries(filter)) q.set(k, v);
    return q.size ? `/can-bo/kien-nghi?${q}` : '/can-bo/kien-nghi';
  };
}

const GROUP = 'petitions.stat.group';
const BREAKDOWNS: StatisticDimension[] = ['unit', 'month', 'category', 'channel', 'kind', 'agency'];

function stat(key: string, value: Value, opts: Partial<Statistic> & { filter?: Record<string, string> } = {}): Statistic {
  const { filter, ...rest } = opts;
  return {
    key: `petitions.${key}`,
    label: `petitions.stat.${key}`,
    group: GROUP,
    filters: ['agency', 'category'],
    breakdowns: BREAKDOWNS,
    link: filter ? listLink(filter) : undefined,
    keyLabel: (by, k) => (by === 'kind' ? `petitions.kind.${k}` : by === 'channel' ? `petitions.channel.${k}` : null),
    async compute(db, scope) {
      return value((await counts(db, scope))[0].counts);
    },
    async breakdown(db, scope, by) {
      return (await counts(db, scope, by)).map((r) => ({ key: r.key, value: value(r.counts) }));
    },
    ...rest,
  };
}

/** The manifest's statistics: dashboards and reports show them without knowing this module. */
export const STATISTICS: Statistic[] = [
  // Every state but merged (withdrawn ones too, which the inbox leaves out unless asked for).
  stat('received', (c) => c.received, { filter: { status: STATES.filter((st) => st !== 'merged').join(',') }, higherIsBetter: undefined }),
  stat('answered', (c) => c.answered, { filter: { status: 'answered,closed' }, higherIsBetter: true }),
  stat('answeredOnTime', (c) => c.onTime, { filter: { status: 'answered,closed' }, higherIsBetter: true }),
  stat('onTimeRate', (c) => ratio(c.onTime, c.answered, 100), { kind: 'percent', higherIsBetter: true }),
  stat('open', (c) => c.open, { filter: { status: 'submitted,received,forwarded,assigned,answer_drafted,approved,reopened' } }),
  stat('overdue', (c) => c.overdue, { filter: { due: 'overdue' }, higherIsBetter: false }),
  stat('reopened', (c) => c.reopened, { filter: { status: 'reopened' }, higherIsBetter: false }),
  stat('reopenRate', (c) => ratio(c.reopened, c.answered, 100), { kind: 'percent', higherIsBetter: false }),
  stat('keoDai', (c) => c.keoDai, { filter: { flag: 'keo_dai' }, higherIsBetter: false }),
  stat('vuotCap', (c) => c.vuotCap, { filter: { flag: 'vuot_cap' }, higherIsBetter: false }),
  stat('legal', (c) => c.legal, { filter: { kind: 'khieu_nai,to_cao' }, public: false }),
  stat('ratingAvg', (c) => ratio(c.ratingSum, c.ratingCount, 1), { kind: 'average', higherIsBetter: true }),
  stat('ratingCount', (c) => c.ratingCount, {}),
];
