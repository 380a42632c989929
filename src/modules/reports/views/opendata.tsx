import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, DateText } from '../../../platform/ui/components';
import { formatNumber } from '../../../platform/i18n/i18n';
import type { datasetInfo } from '../opendata/catalogue';

type Info = Awaited<ReturnType<typeof datasetInfo>>;

export function OpenDataPage({ ctx, datasets }: { ctx: PageContext; datasets: Info[] }) {
  const { t } = ctx;
  const title = t('reports.opendata.title');
  return (
    <Layout ctx={ctx} title={title}>
      <div class="page-header">
        <h1>{title}</h1>
        <p class="lead">{t('reports.opendata.lead')}</p>
      </div>
      <ul class="cards">
        {datasets.map((d) => (
          <li class="card">
            <h2>
              <a href={`/du-lieu-mo/${d.key}`}>{d.title}</a>
            </h2>
            <p>{d.description}</p>
            <p class="muted">
              {t('reports.opendata.rows', { n: formatNumber(ctx.locale, d.rowCount) })} · {t('reports.opendata.asOf')} <DateText value={d.generatedAt} withTime />
            </p>
            <p>
              <a class="button secondary" href={d.csv} download>
                {t('reports.opendata.csv')}
              </a>{' '}
              <a class="button secondary" href={d.json} download>
                {t('reports.opendata.json')}
              </a>
            </p>
          </li>
        ))}
      </ul>
      <p>
        {t('reports.opendata.api')} <a href="/api/docs">/api/v1/datasets</a>
      </p>
    </Layout>
  );
}

export function DatasetPage({ ctx, d }: { ctx: PageContext; d: Info }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={d.title}>
      <Breadcrumbs ctx={ctx} items={[{ href: '/du-lieu-mo', label: t('reports.opendata.title') }, { label: d.title }]} />
      <div class="page-header">
        <h1>{d.title}</h1>
        <p class="lead">{d.description}</p>
      </div>
      <dl class="facts">
        <dt>{t('reports.opendata.rowCount')}</dt>
        <dd>{formatNumber(ctx.locale, d.rowCount)}</dd>
        <dt>{t('reports.opendata.generatedAt')}</dt>
        <dd>
          <DateText value={d.generatedAt} withTime />
        </dd>
        <dt>{t('reports.opendata.license')}</dt>
        <dd>{t('reports.opendata.licenseText')}</dd>
      </dl>
      <p>
        <a class="button" href={d.csv} download>
          {t('reports.opendata.csv')}
        </a>{' '}
        <a class="button secondary" href={d.json} download>
          {t('reports.opendata.json')}
        </a>{' '}
        <a href={`/api/v1/datasets/${d.key}`}>{t('reports.opendata.apiLink')}</a>
      </p>
      <h2>{t('reports.opendata.dictionary')}</h2>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">{t('reports.opendata.dictionary')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.opendata.col.name')}</th>
              <th scope="col">{t('reports.opendata.col.type')}</th>
              <th scope="col">{t('reports.opendata.col.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {d.columns.map((c) => (
              <tr>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>{t(`reports.opendata.type.${c.type}`)}</td>
                <td>{c.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
