import { z } from 'zod';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { actorOf } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { forbidden, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { getSetting } from '../../../platform/settings/settings';
import { childUnits, findAgency } from '../../directory/service';
import { getUsers, usersWithRole } from '../../accounts/service';
import type { Unit } from '../../directory/model';
import { allStatistics, type ModuleStatistic } from '../dashboard/service';
import { canEditCriteria, isAbove } from '../policy';
import { vnRange } from '../period';
import { SETTINGS } from '../settings';

export interface Criterion {
  id: number;
  statKey: string;
  weight: number;
  target: number;
  active: boolean;
}

/** The criteria the product starts with (an administrator changes them; any module's statistic may be one). */
export const DEFAULT_CRITERIA: Array<Omit<Criterion, 'id' | 'active'>> = [
  { statKey: 'petitions.onTimeRate', weight: 30, target: 100 },
  { statKey: 'petitions.ratingAvg', weight: 20, target: 5 },
  { statKey: 'petitions.reopenRate', weight: 15, target: 0 },
  { statKey: 'petitions.keoDai', weight: 10, target: 0 },
  { statKey: 'petitions.vuotCap', weight: 10, target: 0 },
  { statKey: 'disclosure.published', weight: 15, target: 10 },
];

export async function listCriteria(db: Executor): Promise<Criterion[]> {
  const rows = await db.selectFrom('evaluation_criteria').selectAll().orderBy('sort').orderBy('id').execute();
  // Until an administrator saves them, the defaults apply.
  if (!rows.length) return DEFAULT_CRITERIA.map((c) => ({ ...c, id: 0, active: true }));
  return rows.map((r) => ({ id: r.id, statKey: r.stat_key, weight: r.weight, target: Number(r.target), active: r.active }));
}

const criterionInput = z.object({
  statKey: z.string().max(100),
  weight: z.coerce.number({ error: 'reports.error.weight' }).int('reports.error.weight').min(0, 'reports.error.weight').max(100, 'reports.error.weight'),
  target: z.coerce.number({ error: 'reports.error.target' }).min(0, 'reports.error.target').max(1_000_000, 'reports.error.target'),
  active: z.boolean(),
});

/** Saves the criteria (an administrator): each statistic must be one some module declares. */
export async function saveCriteria(ctx: AppContext, p: Principal, input: unknown[]): Promise<void> {
  if (!canEditCriteria(p)) throw forbidden();
  const known = new Set(allStatistics(ctx).map((s) => s.key));
  const items = input.map((x, i) => {
    const v = parse(criterionInput, x);
    if (!known.has(v.statKey)) throw new ValidationError({ [`statKey.${i}`]: 'reports.error.statKey' });
    return v;
  });
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('evaluation_criteria').selectAll().execute();
    for (const [i, v] of items.entries()) {
      await tx
        .insertInto('evaluation_criteria')
        .values({ stat_key: v.statKey, weight: v.weight, target: v.target, active: v.active, sort: i })
        .onConflict((oc) => oc.column('stat_key').doUpdateSet({ weight: v.weight, target: v.target, active: v.active, sort: i }))
        .execute();
    }
    await audit(tx, { actor: actorOf(p), action: 'reports.criteria.save', entityType: 'evaluation_criteria', entityId: 'all', before, after: items, at: ctx.clock.now() });
  });
}

/** How near a value is to its target, 0–1 (a larger value is better, or a smaller one). */
export function criterionScore(value: number, target: number, higherIsBetter: boolean): number {
  if (higherIsBetter) return target <= 0 ? 1 : Math.max(0, Math.min(1, value / target));
  if (value <= target) return 1;
  return target > 0 ? target / value : 1 / (1 + value);
}

export interface Scorecard {
  unit: { code: string; name: string };
  heads: string[];
  cases: number;
  /** null: too few cases for a fair figure. */
  score: number | null;
  rank: number | null;
  items: Array<{ key: string; label: string; value: number; weight: number; target: number; score: number; kind: string }>;
}

async function valuesByUnit(db: Executor, s: ModuleStatistic, units: Unit[], scope: { unitCode: string; from: Date; to: Date }): Promise<Map<string, number>> {
  if (s.breakdown && s.breakdowns?.includes('unit')) {
    const rows = await s.breakdown(db, scope, 'unit');
    return new Map(rows.map((r) => [r.key, r.value]));
  }
  const out = new Map<string, number>();
  for (const u of units) out.set(u.code, await s.compute(db, { ...scope, unitCode: u.code }));
  return out;
}

/** The yearly scorecards of a province's communes, ranked; units with too few cases are shown but not ranked. */
export async function scorecards(ctx: AppContext, province: Unit, year: number, t: (k: string) => string): Promise<Scorecard[]> {
  const units = await childUnits(ctx.db, province.code);
  const { from, to } = vnRange(`${year}-01-01`, `${year}-12-31`);
  const scope = { unitCode: province.code, from, to };
  const stats = allStatistics(ctx);
  const criteria = (await listCriteria(ctx.db)).filter((c) => c.active && c.weight > 0 && stats.some((s) => s.key === c.statKey));
  const minCases = await getSetting<number>(ctx.db, SETTINGS.minCases);
  const received = stats.find((s) => s.key === 'petitions.received');
  const cases = received ? await valuesByUnit(ctx.db, received, units, scope) : new Map<string, number>();
  const columns = [];
  for (const c of criteria) {
    const s = stats.find((x) => x.key === c.statKey)!;
    columns.push({ c, s, values: await valuesByUnit(ctx.db, s, units, scope) });
  }
  const totalWeight = criteria.reduce((a, c) => a + c.weight, 0) || 1;
  const cards: Scorecard[] = [];
  for (const u of units) {
    const items = columns.map(({ c, s, values }) => {
      const value = values.get(u.code) ?? 0;
      return { key: s.key, label: t(s.label), value, weight: c.weight, target: c.target, kind: s.kind ?? 'count', score: criterionScore(value, c.target, s.higherIsBetter !== false) };
    });
    const n = cases.get(u.code) ?? 0;
    const score = n >= minCases ? Math.round((items.reduce((a, i) => a + i.weight * i.score, 0) / totalWeight) * 1000) / 10 : null;
    cards.push({ unit: { code: u.code, name: u.fullName }, heads: [], cases: n, score, rank: null, items });
  }
  const ranked = cards.filter((x) => x.score !== null).sort((a, b) => b.score! - a.score! || a.unit.name.localeCompare(b.unit.name, 'vi'));
  ranked.forEach((x, i) => (x.rank = i > 0 && ranked[i - 1].score === x.score ? ranked[i - 1].rank : i + 1));
  // Per head: the heads of the People's Committee and the Party committee answer for the unit's figures.
  for (const card of ranked) {
    const ids: number[] = [];
    for (const kind of ['peoples_committee', 'party_committee'] as const) {
      const a = await findAgency(ctx.db, card.unit.code, kind);
      if (a) ids.push(...(await usersWithRole(ctx.db, { role: 'head', agencyId: a.id })));
    }
    card.heads = [...(await getUsers(ctx.db, ids)).values()].map((x) => x.name);
  }
  return [...ranked, ...cards.filter((x) => x.score === null).sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'vi'))];
}

export async function listComments(db: Executor, year: number): Promise<Array<{ unitCode: string; author: string; body: string; at: Date }>> {
  const rows = await db.selectFrom('evaluation_comments').selectAll().where('year', '=', year).orderBy('id').execute();
  return rows.map((r) => ({ unitCode: r.unit_code, author: r.author_name, body: r.body, at: r.created_at }));
}

const commentInput = z.object({ body: z.string().trim().min(5, 'reports.error.commentShort').max(2000, 'validation.tooLong') });

/** The level above comments on a commune's place in the ranking. */
export async function commentOnRanking(ctx: AppContext, p: Principal, unit: Unit, year: number, input: unknown): Promise<void> {
  if (!isAbove(p, { unitCode: unit.code, provinceCode: unit.provinceCode })) throw forbidden('reports.error.notAbove');
  const v = parse(commentInput, input);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('evaluation_comments')
      .values({ year, unit_code: unit.code, author_id: p.id, author_name: p.name, body: v.body.normalize('NFC'), created_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { actor: actorOf(p), action: 'reports.evaluation.comment', entityType: 'evaluation_comment', entityId: row.id, after: { unit: unit.code, year }, at: ctx.clock.now() });
  });
}
