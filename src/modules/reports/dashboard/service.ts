import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Statistic, StatisticDimension, StatisticScope } from '../../../platform/module';
import type { Translate } from '../../../platform/i18n/i18n';
import { HttpError, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { childUnits, getAgency, getAgencies, getCategories, getCategory, getUnit, getUnits, homeProvinceCode } from '../../directory/service';
import type { Agency, Category, Unit } from '../../directory/model';
import { dashboardQuery } from '../schema';
import { monthLabel, monthsBetween, today, vnRange } from '../period';
import { audienceOf, canSeeUnit, defaultUnit, type Audience } from './scope';
import type { Principal } from '../../../platform/access/principal';

export interface ModuleStatistic extends Statistic {
  module: string;
}

/** Every statistic every module declares (consolidation, conferences, commitments… are picked up as they land). */
export function allStatistics(ctx: Pick<AppContext, 'modules'>): ModuleStatistic[] {
  return ctx.modules.flatMap((m) => (m.statistics ?? []).map((s) => ({ ...s, module: m.name })));
}

export function visibleStatistics(ctx: Pick<AppContext, 'modules'>, a: Audience): ModuleStatistic[] {
  return allStatistics(ctx).filter((s) => a.kind === 'official' || s.public !== false);
}

export interface Filters {
  unit: Unit;
  fromIso: string;
  toIso: string;
  agency: Agency | null;
  category: Category | null;
  measure: string;
  scope: StatisticScope;
}

/** The dashboard's filters from the URL, checked: unknown unit or agency, end before start, a future period. */
export async function resolveFilters(ctx: AppContext, p: Principal | null, query: unknown): Promise<{ filters: Filters; audience: Audience }> {
  const q = parse(dashboardQuery, query ?? {});
  const audience = audienceOf(p);
  const now = today(ctx.clock.now());
  const unitCode = q.unit ?? defaultUnit(audience, await homeProvinceCode(ctx.db));
  const unit = await getUnit(ctx.db, unitCode);
  if (!unit || unit.level === 'village') throw new ValidationError({ unit: 'reports.error.unit' });
  if (!canSeeUnit(audience, unit)) throw new HttpError(403, 'reports.error.scope', { unit: unit.fullName });
  const fromIso = q.from ?? `${now.slice(0, 4)}-01-01`;
  const toIso = q.to ?? now;
  if (fromIso > now) throw new ValidationError({ from: 'reports.error.future' });
  if (fromIso > toIso) throw new ValidationError({ to: 'reports.error.range' });
  const agency = q.agency ? ((await getAgency(ctx.db, q.agency)) ?? null) : null;
  if (q.agency && (!agency || agency.provinceCode !== unit.provinceCode)) throw new ValidationError({ agency: 'reports.error.agency' });
  const category = q.category ? ((await getCategory(ctx.db, q.category)) ?? null) : null;
  if (q.category && !category) throw new ValidationError({ category: 'reports.error.category' });
  const stats = visibleStatistics(ctx, audience);
  const measure = q.measure && stats.some((s) => s.key === q.measure && s.breakdown) ? q.measure : (stats.find((s) => s.breakdown)?.key ?? '');
  const { from, to } = vnRange(fromIso, toIso);
  const scope: StatisticScope = { unitCode: unit.code, from, to, ...(agency ? { agencyId: agency.id } : {}), ...(category ? { categoryId: category.id } : {}) };
  return { filters: { unit, fromIso, toIso, agency, category, measure, scope }, audience };
}

export interface StatValue {
  key: string;
  label: string;
  module: string;
  kind: 'count' | 'average' | 'percent';
  /** null: the statistic cannot be filtered by the agency or category chosen. */
  value: number | null;
  href: string | null;
}

const applies = (s: Statistic, scope: StatisticScope) =>
  (!scope.agencyId || !!s.filters?.includes('agency')) && (!scope.categoryId || !!s.filters?.includes('category'));

/** Every visible statistic for the scope, computed once each, grouped by section in module order. */
export async function statisticValues(db: Executor, stats: ModuleStatistic[], scope: StatisticScope, audience: 'public' | 'official'): Promise<StatValue[]> {
  return Promise.all(
    stats.map(async (s) => ({
      key: s.key,
      label: s.label,
      module: s.module,
      kind: s.kind ?? 'count',
      value: applies(s, scope) ? await s.compute(db, scope) : null,
      href: s.link?.(scope, audience) ?? null,
    })),
  );
}

export function sections(values: StatValue[], stats: ModuleStatistic[]): Array<{ group: string; items: StatValue[] }> {
  const out = new Map<string, StatValue[]>();
  for (const v of values) {
    const s = stats.find((x) => x.key === v.key)!;
    const g = s.group ?? `${s.module}`;
    if (!out.has(g)) out.set(g, []);
    out.get(g)!.push(v);
  }
  return [...out.entries()].map(([group, items]) => ({ group, items }));
}

export interface BreakdownRow {
  key: string;
  label: string;
  value: number;
  href: string | null;
}

/** The dimensions a chart is drawn for, in the order shown. */
export function chartDimensions(s: Statistic, unit: Unit): StatisticDimension[] {
  const dims: StatisticDimension[] = ['month', 'unit', 'category', 'kind', 'channel', 'agency'];
  return dims.filter((d) => s.breakdowns?.includes(d) && (d !== 'unit' || unit.level === 'province'));
}

/** One statistic broken down by a dimension, each key named, every value linked to its items. */
export async function breakdownOf(
  db: Executor,
  s: Statistic,
  f: Filters,
  by: StatisticDimension,
  t: Translate,
  audience: 'public' | 'official',
): Promise<BreakdownRow[]> {
  if (!s.breakdown || !applies(s, f.scope)) return [];
  const rows = await s.breakdown(db, f.scope, by);
  const values = new Map(rows.map((r) => [r.key, r.value]));
  let keys = rows.map((r) => r.key);
  let names = new Map<string, string>();
  if (by === 'month') {
    keys = monthsBetween(f.fromIso, f.toIso);
    names = new Map(keys.map((k) => [k, monthLabel(k)]));
  } else if (by === 'unit') {
    const children = await childUnits(db, f.unit.code);
    const all = [f.unit, ...children];
    keys = all.map((u) => u.code).filter((c) => values.has(c) || c !== f.unit.code);
    names = new Map(all.map((u) => [u.code, u.code === f.unit.code ? t('reports.dashboard.provinceLevel', { name: u.fullName }) : u.fullName]));
    const missing = keys.filter((k) => !names.has(k));
    for (const [k, u] of await getUnits(db, missing)) names.set(k, u.fullName);
  } else if (by === 'category') {
    const cats = await getCategories(db, keys.filter(Boolean).map(Number));
    names = new Map(keys.map((k) => [k, k ? (cats.get(Number(k))?.name ?? k) : t('reports.dashboard.noCategory')]));
  } else if (by === 'agency') {
    const ags = await getAgencies(db, keys.filter(Boolean).map(Number));
    names = new Map(keys.map((k) => [k, ags.get(Number(k))?.name ?? k]));
  } else {
    names = new Map(keys.map((k) => [k, s.keyLabel?.(by, k) ? t(s.keyLabel(by, k)!) : k]));
  }
  const linkScope = (k: string): StatisticScope | null =>
    by === 'unit' ? { ...f.scope, unitCode: k } : by === 'category' && k ? { ...f.scope, categoryId: Number(k) } : by === 'agency' ? { ...f.scope, agencyId: Number(k) } : null;
  return keys.map((k) => {
    const ls = linkScope(k);
    return { key: k, label: names.get(k) ?? k, value: values.get(k) ?? 0, href: ls ? (s.link?.(ls, audience) ?? null) : null };
  });
}
