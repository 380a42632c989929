import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, CsrfField, DateText, Empty, ErrorSummary, SelectField, TextArea, TextField, withQuery } from '../../../platform/ui/components';
import { formatNumber } from '../../../platform/i18n/i18n';
import { PERIOD_KINDS, periodRange, type PeriodKind } from '../period';
import type { PeriodicReport } from '../periodic/model';
import type { Completeness } from '../periodic/service';

const periodName = (ctx: PageContext, r: Pick<PeriodicReport, 'kind' | 'year' | 'month'>) =>
  ctx.t(`reports.period.${r.kind}`, { year: r.year, month: String(r.month).padStart(2, '0') });

function Status({ ctx, r }: { ctx: PageContext; r: PeriodicReport }) {
  return <span class={`status status-${r.status}`}>{ctx.t(`reports.status.${r.status}`)}</span>;
}

export function ReportsPage(props: {
  ctx: PageContext;
  reports: PeriodicReport[];
  agencies: Array<{ value: number; label: string }>;
  values: Record<string, string>;
  errors?: Record<string, string>;
  receives: boolean;
}) {
  const { ctx, reports, agencies, values, errors, receives } = props;
  const { t } = ctx;
  const title = t('reports.periodic.title');
  return (
    <Layout ctx={ctx} title={title} styles={['reports.css']}>
      <div class="page-header">
        <h1>{title}</h1>
        <p class="lead">{t('reports.periodic.lead')}</p>
      </div>
      {receives ? (
        <p>
          <a class="button secondary" href={withQuery('/bao-cao/nhan', { kind: values.kind, year: values.year, month: values.month })}>
            {t('reports.inbox.title')}
          </a>
        </p>
      ) : null}
      {/* A refusal for someone offered no form (no agency to report for) still says why. */}
      {agencies.length ? null : <ErrorSummary ctx={ctx} errors={errors} />}
      {agencies.length ? (
        <form method="post" action="/bao-cao" class="card" aria-labelledby="new-report">
          <h2 id="new-report">{t('reports.periodic.new')}</h2>
          <ErrorSummary ctx={ctx} errors={errors} />
          <CsrfField ctx={ctx} />
          <SelectField name="agencyId" label={t('reports.field.issuer')} value={values.agencyId} options={agencies} error={errors?.agencyId} required />
          <SelectField name="kind" label={t('reports.field.kind')} value={values.kind} options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))} error={errors?.kind} required />
          <TextField name="year" type="number" label={t('reports.field.year')} value={values.year} error={errors?.year} required />
          <TextField name="month" type="number" label={t('reports.field.month')} hint={t('reports.field.monthHint')} value={values.month} error={errors?.month} />
          <button type="submit">{t('reports.periodic.generate')}</button>
        </form>
      ) : null}
      <h2>{t('reports.periodic.list')}</h2>
      {reports.length === 0 ? (
        <Empty>{t('reports.periodic.none')}</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{t('reports.periodic.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.field.period')}</th>
                <th scope="col">{t('reports.field.unit')}</th>
                <th scope="col">{t('reports.field.number')}</th>
                <th scope="col">{t('reports.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr>
                  <td>
                    <a href={`/bao-cao/${r.id}`}>{periodName(ctx, r)}</a>
                  </td>
                  <td>{r.figures.unit.name}</td>
                  <td>{r.numberText ?? '—'}</td>
                  <td>
                    <Status ctx={ctx} r={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function ReportPage(props: { ctx: PageContext; r: PeriodicReport; agencyName: string; canEdit: boolean; canIssue: boolean; canAck: boolean; errors?: Record<string, string> }) {
  const { ctx, r, agencyName, canEdit, canIssue, canAck, errors } = props;
  const { t, locale } = ctx;
  const title = t('reports.report.title', { period: periodName(ctx, r), unit: r.figures.unit.name });
  const groups = [...new Set(r.figures.figures.map((f) => f.group))];
  return (
    <Layout ctx={ctx} title={title} styles={['reports.css']}>
      <Breadcrumbs ctx={ctx} items={[{ href: '/bao-cao', label: t('reports.periodic.title') }, { label: title }]} />
      <div class="page-header">
        <h1>{title}</h1>
        <p class="lead">
          {agencyName} · <Status ctx={ctx} r={r} /> {r.numberText ? `· ${t('reports.field.number')} ${r.numberText}` : ''}
        </p>
      </div>
      <p class="as-of">
        {t('reports.report.frozen')} <DateText value={r.figures.asOf} withTime /> · {t('reports.report.period', { from: r.from, to: r.to })}
      </p>
      <p>
        <a class="button" href={`/bao-cao/${r.id}.docx`}>
          {t('reports.report.docx')}
        </a>{' '}
        <a class="button secondary" href={`/bao-cao/${r.id}.pdf`}>
          {t('reports.report.pdf')}
        </a>{' '}
        <a class="button secondary" href={`/bao-cao/${r.id}.xlsx`}>
          {t('reports.report.xlsx')}
        </a>
      </p>
      <p>
        <a href={withQuery('/so-lieu', { unit: r.unitCode, from: r.from, to: r.to })}>{t('reports.report.dashboard')}</a>
      </p>
      {r.figures.empty ? <p class="empty">{t('reports.report.empty')}</p> : null}
      {groups.map((g) => (
        <section aria-label={g}>
          <h2>{g}</h2>
          <table>
            <caption class="sr-only">{g}</caption>
            <tbody>
              {r.figures.figures
                .filter((f) => f.group === g)
                .map((f) => (
                  <tr data-key={f.key}>
                    <th scope="row">{f.label}</th>
                    <td class="num">{formatNumber(locale, f.value)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
      {r.figures.completeness ? (
        <p>
          {t('reports.report.completeness', { expected: r.figures.completeness.expected, actual: r.figures.completeness.actual, onTime: r.figures.completeness.onTime })}
        </p>
      ) : null}
      {canEdit ? (
        <>
          <form method="post" action={`/bao-cao/${r.id}/noi-dung`} class="card">
            <ErrorSummary ctx={ctx} errors={errors} />
            <CsrfField ctx={ctx} />
            <TextArea name="narrative" label={t('reports.field.narrative')} hint={t('reports.field.narrativeHint')} value={r.narrative} rows={10} error={errors?.narrative} />
            <button type="submit">{t('reports.report.save')}</button>
          </form>
          <form method="post" action={`/bao-cao/${r.id}/cap-nhat`} class="inline">
            <CsrfField ctx={ctx} />
            <button type="submit" class="secondary">
              {t('reports.report.refresh')}
            </button>
          </form>
        </>
      ) : r.narrative ? (
        <section>
          <h2>{t('reports.field.narrative')}</h2>
          {r.narrative.split(/\n+/).map((p) => (
            <p>{p}</p>
          ))}
        </section>
      ) : null}
      {canIssue ? (
        <form method="post" action={`/bao-cao/${r.id}/ban-hanh`} class="inline">
          <CsrfField ctx={ctx} />
          <button type="submit">{t('reports.report.issue')}</button>
        </form>
      ) : null}
      {canAck ? (
        <form method="post" action={`/bao-cao/${r.id}/xac-nhan`} class="card">
          <CsrfField ctx={ctx} />
          <TextArea name="note" label={t('reports.field.ackNote')} rows={3} />
          <button type="submit">{t('reports.report.acknowledge')}</button>
        </form>
      ) : null}
      {r.acknowledgedAt ? (
        <p>
          {t('reports.report.acknowledged')} <DateText value={r.acknowledgedAt} withTime />
          {r.acknowledgeNote ? `: ${r.acknowledgeNote}` : ''}
        </p>
      ) : null}
    </Layout>
  );
}

export function InboxPage(props: { ctx: PageContext; c: Completeness; query: { kind: PeriodKind; year: number; month: number }; provinceCode: string; provinceName: string }) {
  const { ctx, c, query, provinceCode, provinceName } = props;
  const { t } = ctx;
  // The dashboard of the same period: of the province, or of a commune that has not reported.
  const period = periodRange(query.kind, query.year, query.month || 1);
  const dashboard = (unit: string) => withQuery('/so-lieu', { unit, from: period.from, to: period.to });
  const title = t('reports.inbox.title');
  return (
    <Layout ctx={ctx} title={title} styles={['reports.css']}>
      <Breadcrumbs ctx={ctx} items={[{ href: '/bao-cao', label: t('reports.periodic.title') }, { label: title }]} />
      <div class="page-header">
        <h1>{title}</h1>
        <p class="lead">{t('reports.inbox.lead', { province: provinceName })}</p>
      </div>
      <form method="get" action="/bao-cao/nhan" class="filters">
        <SelectField name="kind" label={t('reports.field.kind')} value={query.kind} options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))} />
        <TextField name="year" type="number" label={t('reports.field.year')} value={query.year} />
        <TextField name="month" type="number" label={t('reports.field.month')} value={query.month || ''} />
        <div class="field">
          <button type="submit">{t('reports.dashboard.apply')}</button>
        </div>
      </form>
      <ul class="stat-cards">
        <li class="stat" data-key="expected">
          <span class="stat-value">{c.expected}</span>
          <span class="stat-label">{t('reports.inbox.expected')}</span>
        </li>
        <li class="stat" data-key="actual">
          <span class="stat-value">{c.actual}</span>
          <span class="stat-label">{t('reports.inbox.actual')}</span>
        </li>
        <li class="stat" data-key="onTime">
          <span class="stat-value">{c.onTime}</span>
          <span class="stat-label">{t('reports.inbox.onTime')}</span>
        </li>
      </ul>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.field.unit')}</th>
              <th scope="col">{t('reports.field.number')}</th>
              <th scope="col">{t('reports.field.status')}</th>
              <th scope="col">{t('reports.inbox.issuedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {c.rows.map((x) => (
              <tr>
                <th scope="row">{x.report ? <a href={`/bao-cao/${x.report.id}`}>{x.name}</a> : <a href={dashboard(x.unitCode)}>{x.name}</a>}</th>
                <td>{x.report?.numberText ?? '—'}</td>
                <td>{x.report ? <Status ctx={ctx} r={x.report} /> : <span class="status status-missing">{t('reports.inbox.missing')}</span>}{x.late ? ` · ${t('reports.inbox.late')}` : ''}</td>
                <td>{x.report?.issuedAt ? <DateText value={x.report.issuedAt} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={dashboard(provinceCode)}>{t('reports.inbox.dashboard')}</a>
      </p>
    </Layout>
  );
}
