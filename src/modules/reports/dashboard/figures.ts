import type { AppContext } from '../../../platform/context';
import type { StatisticDimension, StatisticScope } from '../../../platform/module';
import type { Translate } from '../../../platform/i18n/i18n';
import { ReadCache } from '../../../platform/cache';
import { afterAuditedCommit } from '../../../platform/audit/audit';
import type { Audience } from './scope';
import { breakdownOf, chartDimensions, statisticValues, visibleStatistics, type BreakdownRow, type Filters, type StatValue } from './service';

export interface Figures {
  /** When they were counted: what the page shows as "số liệu tính đến" (data as of). */
  asOf: Date;
  values: StatValue[];
}

export interface DashboardFigures extends Figures {
  charts: Array<{ by: StatisticDimension; rows: BreakdownRow[] }>;
}

/**
 * The figures of a dashboard or of the statistics API (every statistic of every module, and the charts of one
 * measure), by filter, kept for half a minute: a province's are summed over hundreds of thousands of petitions and
 * read by every official who opens the page. This module knows no module's tables, so it cannot tell which of their
 * writes change a number: the cache is emptied, in every process, after the commit of any transaction that wrote to
 * the audit trail — every state change of every module (platform/audit: afterAuditedCommit). A count made before
 * such a commit and finished after it is not kept (ReadCache's generation). Reads inside a transaction bypass it.
 */
const figures = new ReadCache<{ asOf?: string; values?: StatValue[]; charts?: DashboardFigures['charts']; html?: string; choices?: object }>('reports.figures', { max: 500, ttlMs: 30_000 });

export function forgetFigures(): void {
  figures.forget();
}

/** Called at every start (the manifest's `start`): the figures are forgotten after every audited change. */
export function watchChanges(): void {
  afterAuditedCommit(forgetFigures);
}

const scopeKey = (a: Audience, s: StatisticScope) =>
  [a.kind, s.unitCode ?? '', s.from?.toISOString() ?? '', s.to?.toISOString() ?? '', s.agencyId ?? '', s.categoryId ?? ''];

/** Every visible statistic for the scope (the statistics API), from the cache when counted less than 30 s ago. */
export async function cachedStatisticValues(ctx: AppContext, a: Audience, scope: StatisticScope): Promise<Figures> {
  const key = JSON.stringify(['values', ...scopeKey(a, scope)]);
  const v = (await figures.get(ctx.db, key, async () => {
    const asOf = ctx.clock.now();
    const values = await statisticValues(ctx.db, visibleStatistics(ctx, a), { ...scope }, a.kind);
    return { asOf: asOf.toISOString(), values };
  }))!;
  return { asOf: new Date(v.asOf!), values: v.values! };
}

/** The dashboard's figures: every visible statistic and the charts of the chosen measure (names in `locale`). */
export async function cachedDashboardFigures(ctx: AppContext, a: Audience, f: Filters, t: Translate, locale: string): Promise<DashboardFigures> {
  const key = JSON.stringify(['dashboard', ...scopeKey(a, f.scope), f.measure, locale]);
  const v = (await figures.get(ctx.db, key, async () => {
    const asOf = ctx.clock.now();
    const stats = visibleStatistics(ctx, a);
    // One scope object for the whole count: the modules share one query per dimension through it.
    const scope = { ...f.scope };
    const measure = stats.find((s) => s.key === f.measure);
    const [values, charts] = await Promise.all([
      statisticValues(ctx.db, stats, scope, a.kind),
      measure
        ? Promise.all(chartDimensions(measure, f.unit).map(async (by) => ({ by, rows: await breakdownOf(ctx.db, measure, { ...f, scope }, by, t, a.kind) })))
        : Promise.resolve([]),
    ]);
    return { asOf: asOf.toISOString(), values, charts };
  }))!;
  return { asOf: new Date(v.asOf!), values: v.values!, charts: v.charts ?? [] };
}

/**
 * The dashboard's figures rendered (the statistics, charts and map: two thirds of the page's 120 KB for a province),
 * by filter, query and language. `render` reads the figures through cachedDashboardFigures inside the load, so a
 * rendering begun before a change is not kept either.
 */
export async function cachedFiguresHtml(ctx: AppContext, a: Audience, f: Filters, locale: string, query: Record<string, string>, render: () => Promise<string>): Promise<string> {
  const key = JSON.stringify(['html', ...scopeKey(a, f.scope), f.measure, locale, Object.entries(query).sort(([x], [y]) => (x < y ? -1 : 1))]);
  return (await figures.get(ctx.db, key, async () => ({ html: await render() })))!.html!;
}

/** The units, agencies and categories the filters offer an audience (directory changes are audited too). */
export async function cachedChoices<C extends object>(ctx: AppContext, a: Audience, load: () => Promise<C>): Promise<C> {
  const key = JSON.stringify(['choices', a.kind, [...a.provinces].sort(), [...a.communes].sort()]);
  return (await figures.get(ctx.db, key, async () => ({ choices: await load() })))!.choices as C;
}
