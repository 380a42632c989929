import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, DateText, Empty, SelectField, withQuery } from '../../../platform/ui/components';
import { ROMAN, type QuarterRow } from '../quarterly';

export interface QuarterlyProps {
  ctx: PageContext;
  units: Array<{ code: string; name: string }>;
  unit: { code: string; name: string } | null;
  year: number;
  quarter: number;
  years: number[];
  rows: QuarterRow[];
}

export function QuarterlyPage({ ctx, units, unit, year, quarter, years, rows }: QuarterlyProps) {
  const { t } = ctx;
  const q = { unit: unit?.code, year, quarter };
  const title = t('disclosure.quarterly.title');
  return (
    <Layout ctx={ctx} title={title} styles={['disclosure.css']}>
      <Breadcrumbs ctx={ctx} items={[{ href: '/cong-khai', label: t('disclosure.library.title') }, { label: title }]} />
      <div class="page-header">
        <h1>{title}</h1>
        <p class="lead">{t('disclosure.quarterly.lead')}</p>
      </div>
      <form method="get" action="/cong-khai/danh-muc" class="filters">
        <SelectField name="unit" label={t('disclosure.field.unit')} value={unit?.code ?? ''} options={units.map((u) => ({ value: u.code, label: u.name }))} />
        <SelectField name="year" label={t('disclosure.library.year')} value={year} options={years.map((y) => ({ value: y, label: String(y) }))} />
        <SelectField
          name="quarter"
          label={t('disclosure.quarterly.quarter')}
          value={quarter}
          options={[1, 2, 3, 4].map((n) => ({ value: n, label: t('disclosure.quarterly.quarterN', { q: ROMAN[n - 1] }) }))}
        />
        <div class="field">
          <button type="submit">{t('disclosure.quarterly.show')}</button>
        </div>
      </form>
      {unit ? (
        <>
          <h2>
            {t('disclosure.quarterly.heading', { unit: unit.name, q: ROMAN[quarter - 1], year })}
          </h2>
          <p>
            <a class="button secondary" href={withQuery('/cong-khai/danh-muc.docx', q)}>
              {t('disclosure.quarterly.docx')}
            </a>{' '}
            <a class="button secondary" href={withQuery('/cong-khai/danh-muc.xlsx', q)}>
              {t('disclosure.quarterly.xlsx')}
            </a>
          </p>
          {rows.length === 0 ? (
            <Empty>{t('disclosure.quarterly.empty')}</Empty>
          ) : (
            <div class="table-wrap">
              <table>
                <caption class="sr-only">{t('disclosure.quarterly.heading', { unit: unit.name, q: ROMAN[quarter - 1], year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('disclosure.quarterly.no')}</th>
                    <th scope="col">{t('disclosure.quarterly.content')}</th>
                    <th scope="col">{t('disclosure.field.docNumber')}</th>
                    <th scope="col">{t('disclosure.field.forms')}</th>
                    <th scope="col">{t('disclosure.quarterly.postedFrom')}</th>
                    <th scope="col">{t('disclosure.quarterly.postedUntil')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr>
                      <td>{i + 1}</td>
                      <td>
                        <a href={`/cong-khai/${r.id}`}>{r.title}</a>
                        {r.status === 'withdrawn' ? <> ({t('disclosure.status.withdrawn')})</> : null}
                        <br />
                        <span class="muted">{r.category}</span>
                      </td>
                      <td>
                        {r.docNumber ?? ''}
                        {r.issuedOn ? (
                          <>
                            {r.docNumber ? <br /> : null}
                            <DateText value={r.issuedOn} />
                          </>
                        ) : null}
                      </td>
                      <td>{r.forms.map((f) => t(`disclosure.how.${f}`)).join('; ')}</td>
                      <td>
                        <DateText value={r.postedFrom} />
                      </td>
                      <td>{r.postedUntil ? <DateText value={r.postedUntil} /> : t('disclosure.period.permanentShort')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : (
        <Empty>{t('disclosure.quarterly.noUnit')}</Empty>
      )}
    </Layout>
  );
}
