import type { PageContext } from '../../../platform/ui/page-context';
import type { InboxRole } from '../policy';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, Empty, ErrorSummary, PageHeader, Pager, SelectField, TextField, withQuery } from '../../../platform/ui/components';
import { PETITION_KINDS, STATES, type PetitionListItem } from '../model';
import { PetitionItem, val, type Errors, type Values } from './common';

type Item = PetitionListItem & { answerExcerpt?: string | null };

export interface FilterRefs {
  communes: Array<{ code: string; name: string }>;
  categories: Array<{ id: number; name: string }>;
  agencies?: Array<{ id: number; name: string }>;
}

/** A GET form of filters (works without JavaScript); `fields` picks which ones a page offers. */
export function Filters({
  ctx,
  action,
  refs,
  values,
  fields,
  errors,
}: {
  ctx: PageContext;
  action: string;
  refs: FilterRefs;
  values: Values;
  fields: Array<'q' | 'status' | 'kind' | 'category' | 'unit' | 'due' | 'flag' | 'assignee' | 'sort' | 'agency' | 'period'>;
  errors?: Errors;
}) {
  const { t } = ctx;
  const e = errors ?? {};
  const has = (f: (typeof fields)[number]) => fields.includes(f);
  const any = t('petitions.page.any');
  return (
    <form method="get" action={action} class="filters" role="search" aria-label={t('petitions.page.filters')}>
      {has('q') ? (
        <TextField name="q" type="search" label={t('petitions.page.search.label')} value={val(values, 'q')} hint={t('petitions.page.search.hint')} error={e.q} />
      ) : null}
      {has('status') ? (
        <SelectField name="status" label={t('petitions.page.filter.status')} value={val(values, 'status')} placeholder={any} error={e.status}
          options={STATES.map((s) => ({ value: s, label: t(`petitions.status.${s}`) }))} />
      ) : null}
      {has('kind') ? (
        <SelectField name="kind" label={t('petitions.page.filter.kind')} value={val(values, 'kind')} placeholder={any} error={e.kind}
          options={PETITION_KINDS.map((k) => ({ value: k, label: t(`petitions.kind.${k}`) }))} />
      ) : null}
      {has('category') ? (
        <SelectField name="category" label={t('petitions.page.filter.category')} value={val(values, 'category')} placeholder={any} error={e.category}
          options={refs.categories.map((c) => ({ value: c.id, label: c.name }))} />
      ) : null}
      {has('unit') ? (
        <SelectField name="unit" label={t('petitions.page.filter.unit')} value={val(values, 'unit')} placeholder={any} error={e.unit}
          options={refs.communes.map((u) => ({ value: u.code, label: u.name }))} />
      ) : null}
      {has('agency') && refs.agencies && refs.agencies.length > 1 ? (
        <SelectField name="agency" label={t('petitions.page.filter.agency')} value={val(values, 'agency')} placeholder={any} error={e.agency}
          options={refs.agencies.map((a) => ({ value: a.id, label: a.name }))} />
      ) : null}
      {has('due') ? (
        <SelectField name="due" label={t('petitions.page.filter.due')} value={val(values, 'due')} placeholder={any} error={e.due}
          options={(['soon', 'overdue', 'any'] as const).map((d) => ({ value: d, label: t(`petitions.page.filter.due.${d}`) }))} />
      ) : null}
      {has('flag') ? (
        <SelectField name="flag" label={t('petitions.page.filter.flag')} value={val(values, 'flag')} placeholder={any} error={e.flag}
          options={(['keo_dai', 'vuot_cap'] as const).map((f) => ({ value: f, label: t(`petitions.flag.${f}`) }))} />
      ) : null}
      {has('assignee') ? (
        <SelectField name="assignee" label={t('petitions.page.filter.assignee')} value={val(values, 'assignee')} placeholder={any} error={e.assignee}
          options={(['me', 'none'] as const).map((a) => ({ value: a, label: t(`petitions.page.filter.assignee.${a}`) }))} />
      ) : null}
      {has('period') ? (
        <>
          <TextField name="from" type="date" label={t('petitions.page.filter.from')} value={val(values, 'from')} error={e.from} />
          <TextField name="to" type="date" label={t('petitions.page.filter.to')} value={val(values, 'to')} error={e.to} />
        </>
      ) : null}
      {has('sort') ? (
        <SelectField name="sort" label={t('petitions.page.filter.sort')} value={val(values, 'sort')} error={e.sort}
          options={(['new', 'old', 'due'] as const).map((s) => ({ value: s, label: t(`petitions.page.filter.sort.${s}`) }))} />
      ) : null}
      <div class="filter-buttons">
        <button type="submit">{t('petitions.page.filter.apply')}</button> <a href={action}>{t('petitions.page.filter.clear')}</a>
      </div>
    </form>
  );
}

/** The first page with the current filters. */
export function firstLink(path: string, values: Values): string {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (k !== 'cursor' && typeof v === 'string' && v) q[k] = v;
  return withQuery(path, q);
}

/** The current filters without the cursor, to build the next page's link. */
export function nextLink(path: string, values: Values, next: string | null): string | null {
  if (!next) return null;
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (k !== 'cursor' && typeof v === 'string' && v) q[k] = v;
  return withQuery(path, { ...q, cursor: next });
}

export function PublicListPage({
  ctx,
  refs,
  values,
  items,
  terms,
  next,
  errors,
}: {
  ctx: PageContext;
  refs: FilterRefs;
  values: Values;
  items: Item[];
  terms: string[];
  next: string | null;
  errors?: Errors;
}) {
  const { t } = ctx;
  const q = val(values, 'q');
  return (
    <Layout ctx={ctx} title={t('petitions.page.public.title')} styles={['petitions.css']}>
      <PageHeader title={t('petitions.page.public.title')}>
        <a class="button" href="/kien-nghi/gui">
          {t('nav.petitionsSubmit')}
        </a>
      </PageHeader>
      <p class="lead">{t('petitions.page.public.lead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <Filters ctx={ctx} action="/kien-nghi" refs={refs} values={values} fields={['q', 'kind', 'category', 'unit', 'period']} errors={errors} />
      <section aria-labelledby="results">
        <h2 id="results">{q ? t('petitions.page.search.results', { q }) : t('petitions.page.public.title')}</h2>
        {items.length === 0 ? (
          <Empty>{q ? t('petitions.page.search.empty', { q }) : t('petitions.page.public.empty')}</Empty>
        ) : (
          <ul class="list petitions">
            {items.map((i) => (
              <PetitionItem ctx={ctx} item={i} terms={terms} showAnswer />
            ))}
          </ul>
        )}
        <Pager ctx={ctx} prev={val(values, 'cursor') ? firstLink('/kien-nghi', values) : null} next={nextLink('/kien-nghi', values, next)} />
      </section>
    </Layout>
  );
}

export function MinePage({
  ctx,
  items,
  next,
  values,
  title,
  path = '/kien-nghi/cua-toi',
}: {
  ctx: PageContext;
  items: Item[];
  next: string | null;
  values: Values;
  title?: string;
  path?: string;
}) {
  const { t } = ctx;
  const heading = title ?? t('petitions.page.mine.title');
  return (
    <Layout ctx={ctx} title={heading} styles={['petitions.css']}>
      <PageHeader title={heading}>
        <a class="button" href="/kien-nghi/gui">
          {t('petitions.page.mine.new')}
        </a>
      </PageHeader>
      {items.length === 0 ? (
        <Empty>{t('petitions.page.mine.empty')}</Empty>
      ) : (
        <ul class="list petitions">
          {items.map((i) => (
            <PetitionItem ctx={ctx} item={i} />
          ))}
        </ul>
      )}
      <Pager ctx={ctx} prev={val(values, 'cursor') ? path : null} next={nextLink(path, values, next)} />
    </Layout>
  );
}

export interface InboxCounts {
  open: number;
  dueSoon: number;
  overdue: number;
  keoDai: number;
  vuotCap: number;
}

export function InboxPage({
  ctx,
  refs,
  values,
  items,
  next,
  counts,
  officers,
  canAssign,
  role,
  errors,
}: {
  ctx: PageContext;
  refs: FilterRefs;
  values: Values;
  items: Item[];
  next: string | null;
  counts: InboxCounts;
  officers: Array<{ id: number; name: string }>;
  canAssign: boolean;
  role: InboxRole;
  errors?: Errors;
}) {
  const { t } = ctx;
  const link = (extra: Record<string, string>) => withQuery('/can-bo/kien-nghi', extra);
  return (
    <Layout ctx={ctx} title={t('petitions.page.inbox.title')} styles={['petitions.css']}>
      <PageHeader title={t('petitions.page.inbox.title')}>
        {role === 'handler' || role === 'front' ? (
          <p>
            <a class="button" href="/can-bo/kien-nghi/nhap">
              {t('petitions.page.inbox.staffEntry')}
            </a>{' '}
            {role === 'handler' ? (
              <a class="button secondary" href="/can-bo/mau-tra-loi">
                {t('petitions.page.inbox.templates')}
              </a>
            ) : null}
          </p>
        ) : null}
      </PageHeader>
      <p class="lead">{t(`petitions.page.inbox.lead.${role}`)}</p>
      <section aria-labelledby="counts">
        <h2 id="counts" class="sr-only">
          {t('petitions.page.inbox.counts')}
        </h2>
        <ul class="counts">
          <li>
            <a href={link({})}>
              <span class="stat">{counts.open}</span> {t('petitions.page.inbox.open')}
            </a>
          </li>
          <li>
            <a href={link({ due: 'soon', sort: 'due' })}>
              <span class="stat">{counts.dueSoon}</span> {t('petitions.page.inbox.dueSoon')}
            </a>
          </li>
          <li>
            <a href={link({ due: 'overdue', sort: 'due' })}>
              <span class="stat">{counts.overdue}</span> {t('petitions.page.inbox.overdue')}
            </a>
          </li>
          <li>
            <a href={link({ flag: 'keo_dai' })}>
              <span class="stat">{counts.keoDai}</span> {t('petitions.page.inbox.keoDai')}
            </a>
          </li>
          <li>
            <a href={link({ flag: 'vuot_cap' })}>
              <span class="stat">{counts.vuotCap}</span> {t('petitions.page.inbox.vuotCap')}
            </a>
          </li>
        </ul>
      </section>
      <ErrorSummary ctx={ctx} errors={errors} />
      <Filters
        ctx={ctx}
        action="/can-bo/kien-nghi"
        refs={refs}
        values={values}
        errors={errors}
        fields={['q', 'status', 'kind', 'category', 'unit', 'agency', 'due', 'flag', 'assignee', 'period', 'sort']}
      />
      {canAssign && items.length > 0 ? (
        <form method="post" action="/can-bo/kien-nghi/giao" id="bulk" class="card bulk">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="back" value={ctx.url} />
          <SelectField
            name="assigneeId"
            label={t('petitions.page.inbox.bulk')}
            placeholder={t('petitions.page.form.chooseOfficer')}
            options={officers.map((o) => ({ value: o.id, label: o.name }))}
          />
          <button type="submit">{t('petitions.page.inbox.bulkSubmit')}</button>
        </form>
      ) : null}
      {items.length === 0 ? (
        <Empty>{t(role === 'supervisor' && values.due === 'overdue' ? 'petitions.page.inbox.emptyOverdue' : 'petitions.page.inbox.empty')}</Empty>
      ) : (
        <ul class="list petitions">
          {items.map((i) => (
            <PetitionItem ctx={ctx} item={i} showPetitioner select={canAssign ? { form: 'bulk', name: 'ids' } : undefined} />
          ))}
        </ul>
      )}
      <Pager ctx={ctx} prev={val(values, 'cursor') ? firstLink('/can-bo/kien-nghi', values) : null} next={nextLink('/can-bo/kien-nghi', values, next)} />
    </Layout>
  );
}
