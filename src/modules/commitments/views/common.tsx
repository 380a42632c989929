import type { PageContext } from '../../../platform/ui/page-context';
import { DateText, Empty, Pager, SelectField, TextField, withQuery } from '../../../platform/ui/components';
import { RenderedOnce } from '../../../platform/ui/rendered-once';
import { SOURCE_KINDS, STATES, type CommitmentState } from '../model';
import type { CommitmentPage, CommitmentSummary } from '../service/read';

export type Values = Record<string, string | undefined>;
export type Errors = Record<string, string>;

const TONE: Partial<Record<CommitmentState, string>> = { verified_kept: 'ok', verified_not_kept: 'danger', done_awaiting_verification: 'warn', cancelled: '' };

export function StateBadge({ ctx, state }: { ctx: PageContext; state: CommitmentState }) {
  return <span class={`badge ${TONE[state] ?? ''}`}>{ctx.t(`commitments.state.${state}`)}</span>;
}

/** Said plainly: the word, not a colour only. */
export function OverdueBadge({ ctx, overdue }: { ctx: PageContext; overdue: boolean }) {
  return overdue ? <strong class="badge danger">{ctx.t('commitments.overduePlain')}</strong> : null;
}

export function Badges({ ctx, item }: { ctx: PageContext; item: Pick<CommitmentSummary, 'state' | 'overdue' | 'keoDai' | 'extensionCount'> }) {
  return (
    <span class="badges">
      <StateBadge ctx={ctx} state={item.state} /> <OverdueBadge ctx={ctx} overdue={item.overdue} />{' '}
      {item.keoDai ? <span class="badge danger">{ctx.t('commitments.keoDai')}</span> : null}{' '}
      {item.extensionCount ? <span class="badge warn">{ctx.t('commitments.page.extended', { n: item.extensionCount })}</span> : null}
    </span>
  );
}

/**
 * The register as a table (no personal data: who promised it is an official, by name and title): the same cached
 * page drawn once per locale and query for every reader (see RenderedOnce).
 */
export function CommitmentTable({ ctx, page, base, query }: { ctx: PageContext; page: CommitmentPage; base: string; query: Values }) {
  if (!page.items.length) return <Empty>{ctx.t('commitments.page.empty')}</Empty>;
  return <RenderedOnce of={page} variant={`${ctx.locale} ${base} ${JSON.stringify(query)}`} render={() => <Table ctx={ctx} page={page} base={base} query={query} />} />;
}

function Table({ ctx, page, base, query }: { ctx: PageContext; page: CommitmentPage; base: string; query: Values }) {
  const { t } = ctx;
  const pages = Math.ceil(page.total / page.pageSize);
  return (
    <>
      <p class="meta">{t('commitments.page.count', { n: page.total })}</p>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">{t('commitments.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('commitments.page.col.code')}</th>
              <th scope="col">{t('commitments.page.col.text')}</th>
              <th scope="col">{t('commitments.page.col.agency')}</th>
              <th scope="col">{t('commitments.page.col.deadline')}</th>
              <th scope="col">{t('commitments.page.col.progress')}</th>
              <th scope="col">{t('commitments.page.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((i) => (
              <tr>
                <td>
                  <a href={`/cam-ket/${i.code}`}>{i.code}</a>
                </td>
                <td>
                  {i.text}
                  <br />
                  <small class="meta">
                    {t(`commitments.source.${i.source.kind}`)}: {i.source.label} · {i.promisedBy.title} {i.promisedBy.name}
                  </small>
                </td>
                <td>{i.agencyName}</td>
                <td>
                  <DateText value={i.deadline} />
                </td>
                <td>
                  <progress max={100} value={i.progressPct} aria-label={t('commitments.page.col.progress')}>
                    {i.progressPct}%
                  </progress>{' '}
                  {i.progressPct}%
                </td>
                <td>
                  <Badges ctx={ctx} item={i} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        ctx={ctx}
        prev={page.page > 1 ? withQuery(base, { ...query, page: page.page - 1 }) : null}
        next={page.page < pages ? withQuery(base, { ...query, page: page.page + 1 }) : null}
      />
    </>
  );
}

export interface FilterRefs {
  agencies: Array<{ id: number; name: string }>;
  categories: Array<{ id: number; name: string }>;
}

const STATE_FILTERS = [...STATES, 'overdue', 'unfinished'] as const;

/**
 * State, agency, field, source and period filters: a GET form that works without JavaScript. `hidden`: what the
 * form keeps without showing it (the unit of an overview's list).
 */
export function Filters({ ctx, action, refs, values, errors = {}, hidden = {} }: { ctx: PageContext; action: string; refs: FilterRefs; values: Values; errors?: Errors; hidden?: Values }) {
  const { t } = ctx;
  const any = t('commitments.page.any');
  return (
    <form method="get" action={action} class="filters" role="search" aria-label={t('commitments.page.filters')}>
      {Object.entries(hidden).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
      <SelectField name="state" label={t('commitments.page.col.state')} value={values.state} placeholder={any}
        options={STATE_FILTERS.map((s) => ({ value: s, label: t(`commitments.state.${s}`) }))} />
      {refs.agencies.length ? (
        <SelectField name="agencyId" label={t('commitments.page.col.agency')} value={values.agencyId} placeholder={any} options={refs.agencies.map((a) => ({ value: a.id, label: a.name }))} />
      ) : null}
      <SelectField name="categoryId" label={t('commitments.page.field')} value={values.categoryId} placeholder={any} options={refs.categories.map((c) => ({ value: c.id, label: c.name }))} />
      <SelectField name="sourceKind" label={t('commitments.page.source')} value={values.sourceKind} placeholder={any} options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`commitments.source.${k}`) }))} />
      <TextField name="from" type="date" label={t('commitments.page.filter.from')} value={values.from} error={errors.from} />
      <TextField name="to" type="date" label={t('commitments.page.filter.to')} value={values.to} error={errors.to} />
      <button type="submit">{t('commitments.page.filter')}</button>
    </form>
  );
}
