import type { AppContext } from '../../../platform/context';
import type { Translate } from '../../../platform/i18n/i18n';
import { loadCommuneBoundaries } from '../../../platform/geo';
import { childUnits, getUnit, homeProvinceCode, listAgencies, listCategories } from '../../directory/service';
import type { Audience } from './scope';
import { sections, visibleStatistics, type Filters } from './service';
import { cachedChoices, cachedDashboardFigures, cachedFiguresHtml } from './figures';
import type { DashboardView } from '../views/dashboard';

/** The units, agencies and categories the filters offer the caller. */
export async function filterChoices(ctx: AppContext, a: Audience): Promise<DashboardView['choices']> {
  const provinces = a.kind === 'official' ? a.provinces : a.communes.length ? [] : [await homeProvinceCode(ctx.db)];
  const units: Array<{ value: string; label: string }> = [];
  for (const code of provinces) {
    const u = await getUnit(ctx.db, code);
    if (u) units.push({ value: u.code, label: u.fullName });
    for (const c of await childUnits(ctx.db, code)) units.push({ value: c.code, label: `— ${c.fullName}` });
  }
  if (a.kind === 'official') for (const code of a.communes) {
    const u = await getUnit(ctx.db, code);
    if (u && !units.some((x) => x.value === code)) units.push({ value: u.code, label: u.fullName });
  }
  const agencyUnits = units.map((u) => u.value);
  const agencies = (await listAgencies(ctx.db, { limit: 5000 })).filter((x) => agencyUnits.includes(x.unitCode));
  return {
    units,
    agencies: agencies.map((x) => ({ value: x.id, label: x.name })),
    categories: (await listCategories(ctx.db)).map((c) => ({ value: c.id, label: c.name })),
  };
}

const NO_CHOICES: DashboardView['choices'] = { units: [], agencies: [], categories: [] };

/** The figures' part of the dashboard: the statistics, the charts of the measure and the map. */
async function figuresView(ctx: AppContext, a: Audience, f: Filters, t: Translate, locale: string, query: Record<string, string>): Promise<DashboardView> {
  const stats = visibleStatistics(ctx, a);
  const measure = stats.find((s) => s.key === f.measure);
  // Counted at most 30 s ago, and never before the last change (figures.ts); asOf says when.
  const { asOf, values, charts } = await cachedDashboardFigures(ctx, a, f, t, locale);
  let map: DashboardView['map'] = null;
  const byUnit = charts.find((c) => c.by === 'unit');
  if (byUnit && f.unit.level === 'province') {
    const codes = new Set((await childUnits(ctx.db, f.unit.code)).map((u) => u.code));
    const features = loadCommuneBoundaries().features.filter((x) => codes.has(x.properties.code));
    map = { features, values: new Map(byUnit.rows.map((r) => [r.key, r.value])) };
  }
  return {
    query,
    unitName: f.unit.fullName,
    asOf,
    audience: a.kind,
    sections: sections(values, stats),
    measure: measure
      ? { key: measure.key, label: t(measure.label), options: stats.filter((s) => s.breakdown).map((s) => ({ value: s.key, label: t(s.label) })) }
      : null,
    charts,
    map,
    choices: NO_CHOICES,
  };
}

/**
 * Everything the dashboard shows for resolved filters. With `render` (the page), the figures' part comes rendered
 * from the cache of figures.ts (it is the same for everyone with the same filters, query and language, and is
 * forgotten with the figures); without it, as data.
 */
export async function dashboardView(
  ctx: AppContext,
  a: Audience,
  f: Filters,
  t: Translate,
  locale: string,
  query: Record<string, string>,
  render?: (v: DashboardView) => string,
): Promise<DashboardView> {
  const [choices, figures] = await Promise.all([
    cachedChoices(ctx, a, () => filterChoices(ctx, a)),
    render ? cachedFiguresHtml(ctx, a, f, locale, query, async () => render(await figuresView(ctx, a, f, t, locale, query))) : figuresView(ctx, a, f, t, locale, query),
  ]);
  if (typeof figures !== 'string') return { ...figures, choices };
  return { query, unitName: f.unit.fullName, asOf: new Date(0), audience: a.kind, sections: [], measure: null, charts: [], map: null, choices, figuresHtml: figures };
}
