import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { DateText, ErrorSummary, SelectField, TextField, withQuery } from '../../../platform/ui/components';
import { formatNumber, type Locale } from '../../../platform/i18n/i18n';
import type { CommuneFeature } from '../../../platform/geo';
import type { StatisticDimension } from '../../../platform/module';
import type { BreakdownRow, StatValue } from '../dashboard/service';
import { BarChart, ChoroplethMap, ColumnChart } from './charts';

export interface DashboardView {
  query: Record<string, string>;
  unitName: string;
  asOf: Date;
  audience: 'public' | 'official';
  sections: Array<{ group: string; items: StatValue[] }>;
  measure: { key: string; label: string; options: Array<{ value: string; label: string }> } | null;
  charts: Array<{ by: StatisticDimension; rows: BreakdownRow[] }>;
  map: { features: CommuneFeature[]; values: Map<string, number> } | null;
  choices: { units: Array<{ value: string; label: string }>; agencies: Array<{ value: number; label: string }>; categories: Array<{ value: number; label: string }> };
  /** The figures part (DashboardFigures) already rendered, from the cache of dashboard/figures.ts. */
  figuresHtml?: string;
}

export function formatValue(locale: Locale, v: number | null, kind: StatValue['kind']): string {
  if (v === null) return '—';
  return formatNumber(locale, v) + (kind === 'percent' ? ' %' : '');
}

export function FilterForm({ ctx, query, choices, errors, action }: { ctx: PageContext; query: Record<string, string>; choices: DashboardView['choices']; errors?: Record<string, string>; action: string }) {
  const { t } = ctx;
  return (
    <form method="get" action={action} class="filters" aria-label={t('reports.dashboard.filters')}>
      <SelectField name="unit" label={t('reports.field.unit')} value={query.unit} options={choices.units} error={errors?.unit} />
      <TextField name="from" type="date" label={t('reports.field.from')} value={query.from} error={errors?.from} />
      <TextField name="to" type="date" label={t('reports.field.to')} value={query.to} error={errors?.to} />
      <SelectField name="agency" label={t('reports.field.agency')} value={query.agency} options={choices.agencies} placeholder={t('reports.field.all')} error={errors?.agency} />
      <SelectField name="category" label={t('reports.field.category')} value={query.category} options={choices.categories} placeholder={t('reports.field.all')} error={errors?.category} />
      {query.measure ? <input type="hidden" name="measure" value={query.measure} /> : null}
      <div class="field">
        <button type="submit">{t('reports.dashboard.apply')}</button>
      </div>
    </form>
  );
}

function Chart({ ctx, by, rows, title, csv }: { ctx: PageContext; by: StatisticDimension; rows: BreakdownRow[]; title: string; csv: string }) {
  const { t, locale } = ctx;
  const id = `chart-${by}`;
  const data = rows.map((r) => ({ label: r.label, value: r.value }));
  return (
    <section class="card chart-card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {rows.length === 0 ? (
        <p class="empty">{t('reports.dashboard.noData')}</p>
      ) : (
        <>
          {by === 'month' ? <ColumnChart data={data} locale={locale} /> : <BarChart data={data} locale={locale} />}
          <details>
            <summary>{t('reports.dashboard.table')}</summary>
            <div class="table-wrap">
              <table>
                <caption class="sr-only">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`reports.dim.${by}`)}</th>
                    <th scope="col" class="num">
                      {t('reports.dashboard.value')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <th scope="row">{r.label}</th>
                      <td class="num">{r.href ? <a href={r.href}>{formatNumber(locale, r.value)}</a> : formatNumber(locale, r.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
      <p>
        <a href={csv} download>
          {t('reports.dashboard.csv')}
        </a>
      </p>
    </section>
  );
}

export function StatCards({ ctx, items }: { ctx: PageContext; items: StatValue[] }) {
  return (
    <ul class="stat-cards">
      {items.map((s) => (
        <li class="stat" data-key={s.key}>
          <span class="stat-value">{s.href && s.value !== null ? <a href={s.href}>{formatValue(ctx.locale, s.value, s.kind)}</a> : formatValue(ctx.locale, s.value, s.kind)}</span>
          <span class="stat-label">{ctx.t(s.label)}</span>
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage({ ctx, v, errors }: { ctx: PageContext; v: DashboardView | null; errors?: Record<string, string>; query?: Record<string, string> }) {
  const { t } = ctx;
  const title = t('reports.dashboard.title');
  const query = v?.query ?? {};
  return (
    <Layout ctx={ctx} title={title} styles={['reports.css']}>
      <div class="page-header">
        <h1>{v ? t('reports.dashboard.heading', { unit: v.unitName }) : title}</h1>
        <p class="lead">{t(v?.audience === 'official' ? 'reports.dashboard.leadOfficial' : 'reports.dashboard.leadPublic')}</p>
      </div>
      {errors ? <ErrorSummary ctx={ctx} errors={errors} /> : null}
      {v ? <FilterForm ctx={ctx} query={query} choices={v.choices} errors={errors} action="/so-lieu" /> : null}
      {v ? (
        v.figuresHtml !== undefined ? (
          <div class="dashboard-figures" dangerouslySetInnerHTML={{ __html: v.figuresHtml }} />
        ) : (
          <div class="dashboard-figures">
            <DashboardFigures ctx={ctx} v={v} />
          </div>
        )
      ) : null}
    </Layout>
  );
}

/** "Số liệu tính đến", the statistics and the charts of the measure: the same for everyone with the same filters. */
export function DashboardFigures({ ctx, v }: { ctx: PageContext; v: DashboardView }) {
  const { t } = ctx;
  const query = v.query;
  return (
    <>
      <p class="as-of">
        {t('reports.dashboard.asOf')} <DateText value={v.asOf} withTime />
      </p>
      {v.sections.map((s) => (
        <section aria-labelledby={`sec-${s.group}`}>
          <h2 id={`sec-${s.group}`}>{t(s.group)}</h2>
          <StatCards ctx={ctx} items={s.items} />
        </section>
      ))}
      {v.measure ? (
        <section aria-labelledby="charts">
          <h2 id="charts">{t('reports.dashboard.charts', { measure: v.measure.label })}</h2>
          <form method="get" action="/so-lieu" class="filters">
            {Object.entries(query)
              .filter(([k]) => k !== 'measure')
              .map(([k, val]) => (
                <input type="hidden" name={k} value={val} />
              ))}
            <SelectField name="measure" label={t('reports.field.measure')} value={v.measure.key} options={v.measure.options} />
            <div class="field">
              <button type="submit">{t('reports.dashboard.show')}</button>
            </div>
          </form>
          {v.map ? (
            <section class="card" aria-labelledby="map-title">
              <h3 id="map-title">{t('reports.dashboard.map', { measure: v.measure.label })}</h3>
              <ChoroplethMap features={v.map.features} values={v.map.values} locale={ctx.locale} title={t('reports.dashboard.map', { measure: v.measure.label })} />
              <p class="muted">{t('reports.dashboard.mapNote')}</p>
            </section>
          ) : null}
          <div class="chart-grid">
            {v.charts.map((c) => (
              <Chart ctx={ctx} by={c.by} rows={c.rows} title={t('reports.dashboard.chartBy', { measure: v.measure!.label, dim: t(`reports.dim.${c.by}`) })} csv={withQuery('/so-lieu/bang.csv', { ...query, measure: v.measure!.key, by: c.by })} />
            ))}
          </div>
        </section>
      ) : null}
        </>
  );
}
