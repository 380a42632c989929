import type { PageContext } from '../../../platform/ui/page-context';
import { Layout, AdminShell } from '../../../platform/ui/layout';
import { CsrfField, DateText, ErrorSummary, SelectField, TextArea, TextField, withQuery } from '../../../platform/ui/components';
import { formatNumber } from '../../../platform/i18n/i18n';
import type { Criterion, Scorecard } from '../evaluation/service';

export function EvaluationPage(props: {
  ctx: PageContext;
  year: number;
  province: string;
  cards: Scorecard[];
  comments: Array<{ unitCode: string; author: string; body: string; at: Date }>;
  canComment: boolean;
  minCases: number;
}) {
  const { ctx, year, province, cards, comments, canComment, minCases } = props;
  const { t, locale } = ctx;
  const title = t('reports.evaluation.title', { year });
  const columns = cards[0]?.items ?? [];
  const evidence = (unit: string, key: string) => withQuery('/so-lieu', { unit, from: `${year}-01-01`, to: `${year}-12-31`, measure: key });
  return (
    <Layout ctx={ctx} title={title} styles={['reports.css']}>
      <div class="page-header">
        <h1>{title}</h1>
        <p class="lead">{t('reports.evaluation.lead', { province, min: minCases })}</p>
      </div>
      <form method="get" action="/danh-gia" class="filters">
        <TextField name="year" type="number" label={t('reports.field.year')} value={year} />
        <div class="field">
          <button type="submit">{t('reports.dashboard.apply')}</button>
        </div>
      </form>
      <p>
        {t('reports.evaluation.recompute')} <a href="/du-lieu-mo">{t('reports.nav.opendata')}</a>
      </p>
      <div class="table-wrap">
        <table class="ranking">
          <caption>{t('reports.evaluation.caption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.evaluation.rank')}</th>
              <th scope="col">{t('reports.field.unit')}</th>
              <th scope="col" class="num">
                {t('reports.evaluation.score')}
              </th>
              <th scope="col" class="num">
                {t('reports.evaluation.cases')}
              </th>
              {columns.map((c) => (
                <th scope="col" class="num">
                  {c.label} <span class="muted">({t('reports.evaluation.weight', { w: c.weight })})</span>
                </th>
              ))}
              <th scope="col">{t('reports.evaluation.heads')}</th>
            </tr>
          </thead>
          <tbody>
            {cards.map((card) => (
              <tr data-unit={card.unit.code}>
                <td>{card.rank ?? '—'}</td>
                <th scope="row">{card.unit.name}</th>
                <td class="num">{card.score === null ? <span class="score-low">{t('reports.evaluation.tooFew')}</span> : formatNumber(locale, card.score)}</td>
                <td class="num">
                  <a href={evidence(card.unit.code, 'petitions.received')}>{formatNumber(locale, card.cases)}</a>
                </td>
                {card.items.map((i) => (
                  <td class="num">
                    <a href={evidence(card.unit.code, i.key)}>{formatNumber(locale, i.value)}</a>
                  </td>
                ))}
                <td>{card.heads.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('reports.evaluation.comments')}</h2>
      {comments.length ? (
        <ul>
          {comments.map((c) => (
            <li>
              <strong>{cards.find((x) => x.unit.code === c.unitCode)?.unit.name ?? c.unitCode}</strong> — {c.body} <span class="muted">({c.author}, <DateText value={c.at} />)</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('reports.evaluation.noComments')}</p>
      )}
      {canComment ? (
        <form method="post" action={`/danh-gia/y-kien?year=${year}`} class="card">
          <CsrfField ctx={ctx} />
          <SelectField name="unit" label={t('reports.field.unit')} options={cards.map((c) => ({ value: c.unit.code, label: c.unit.name }))} />
          <TextArea name="body" label={t('reports.evaluation.comment')} rows={3} />
          <button type="submit">{t('reports.evaluation.send')}</button>
        </form>
      ) : null}
    </Layout>
  );
}

export function CriteriaPage({ ctx, criteria, stats, errors }: { ctx: PageContext; criteria: Criterion[]; stats: Array<{ value: string; label: string }>; errors?: Record<string, string> }) {
  const { t } = ctx;
  const rows = [...criteria, { id: -1, statKey: '', weight: 0, target: 0, active: false }];
  return (
    <AdminShell ctx={ctx} title={t('reports.criteria.title')}>
      <p>{t('reports.criteria.lead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/quan-tri/danh-gia">
        <CsrfField ctx={ctx} />
        <table>
          <caption class="sr-only">{t('reports.criteria.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.criteria.stat')}</th>
              <th scope="col">{t('reports.criteria.weight')}</th>
              <th scope="col">{t('reports.criteria.target')}</th>
              <th scope="col">{t('reports.criteria.active')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c, i) => (
              <tr>
                <td>
                  <select name="statKey" aria-label={t('reports.criteria.stat')} aria-invalid={errors?.[`statKey.${i}`] ? 'true' : undefined}>
                    {c.statKey ? null : <option value="">{t('reports.criteria.add')}</option>}
                    {stats.map((o) => (
                      <option value={o.value} selected={o.value === c.statKey}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  {errors?.[`statKey.${i}`] ? <p class="error">{errors[`statKey.${i}`]}</p> : null}
                </td>
                <td>
                  <input name="weight" type="number" min={0} max={100} value={c.weight} aria-label={t('reports.criteria.weight')} />
                </td>
                <td>
                  <input name="target" type="number" min={0} step="any" value={c.target} aria-label={t('reports.criteria.target')} />
                </td>
                <td>
                  <select name="active" aria-label={t('reports.criteria.active')}>
                    <option value="1" selected={c.active}>
                      {t('reports.criteria.yes')}
                    </option>
                    <option value="0" selected={!c.active}>
                      {t('reports.criteria.no')}
                    </option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">{t('reports.criteria.save')}</button>
      </form>
    </AdminShell>
  );
}
