import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Checkbox, DateText, Empty, Highlighted, Pager, SelectField, TextField, withQuery } from '../../../platform/ui/components';
import { highlightParts, searchTerms } from '../../../platform/text/text';
import type { DisclosureCategory } from '../model';
import type { DocumentList } from '../service';
import type { ListQuery } from '../schema';
import { PostingPeriod, StatusBadge } from './document';

export interface LibraryProps {
  ctx: PageContext;
  list: DocumentList;
  query: ListQuery;
  categories: DisclosureCategory[];
  facets: { units: Array<{ code: string; name: string }>; agencies: Array<{ id: number; name: string }>; years: number[] };
  openConsultations: number;
  today: string;
  /** The period as typed (kept when refused), and the messages beside its fields. */
  period?: { from?: string; to?: string };
  errors?: Record<string, string>;
}

export function queryParams(q: ListQuery): Record<string, string | number | undefined> {
  return {
    q: q.q,
    category: q.category,
    unit: q.unit,
    agency: q.agency,
    year: q.year,
    posted: q.posted ? '1' : undefined,
    consultation: q.consultation ? '1' : undefined,
    withdrawn: q.withdrawn ? '1' : undefined,
    from: q.from,
    to: q.to,
    dated: q.dated === 'published' ? undefined : q.dated,
  };
}

export function LibraryPage({ ctx, list, query, categories, facets, openConsultations, today, period = {}, errors = {} }: LibraryProps) {
  const { t } = ctx;
  const terms = searchTerms(query.q ?? '');
  const params = queryParams(query);
  const pageLink = (page: number) => withQuery('/cong-khai', { ...params, page: page > 1 ? page : undefined });
  return (
    <Layout ctx={ctx} title={t('disclosure.library.title')} styles={['disclosure.css']} description={t('disclosure.library.lead')}>
      <div class="page-header">
        <h1>{t('disclosure.library.title')}</h1>
        <p class="lead">{t('disclosure.library.lead')}</p>
        <p>
          <a href="/cong-khai/danh-muc">{t('disclosure.quarterly.link')}</a>
          {openConsultations > 0 ? (
            <>
              {' · '}
              <a href="/cong-khai?consultation=1">{t('disclosure.library.openConsultations', { n: openConsultations })}</a>
            </>
          ) : null}
        </p>
      </div>
      <form method="get" action="/cong-khai" class="filters" role="search" aria-label={t('disclosure.library.filters')}>
        <TextField name="q" type="search" label={t('disclosure.library.q')} value={query.q ?? ''} hint={t('disclosure.library.qHint')} />
        <SelectField
          name="category"
          label={t('disclosure.field.category')}
          value={query.category ?? ''}
          placeholder={t('disclosure.library.all')}
          options={categories.map((c) => ({ value: c.id, label: ctx.locale === 'en' ? c.nameEn : c.name }))}
        />
        <SelectField
          name="unit"
          label={t('disclosure.field.unit')}
          value={query.unit ?? ''}
          placeholder={t('disclosure.library.all')}
          options={facets.units.map((u) => ({ value: u.code, label: u.name }))}
        />
        <SelectField
          name="agency"
          label={t('disclosure.field.agency')}
          value={query.agency ?? ''}
          placeholder={t('disclosure.library.all')}
          options={facets.agencies.map((a) => ({ value: a.id, label: a.name }))}
        />
        <SelectField
          name="year"
          label={t('disclosure.library.year')}
          value={query.year ?? ''}
          placeholder={t('disclosure.library.all')}
          options={facets.years.map((y) => ({ value: y, label: String(y) }))}
        />
        <Checkbox name="posted" value="1" label={t('disclosure.library.postedOnly')} checked={query.posted} />
        <Checkbox name="consultation" value="1" label={t('disclosure.library.consultationOnly')} checked={query.consultation} />
        <Checkbox name="withdrawn" value="1" label={t('disclosure.library.withdrawnToo')} checked={query.withdrawn} />
        <SelectField
          name="dated"
          label={t('disclosure.library.dated')}
          value={query.dated}
          options={(['published', 'consultation', 'report'] as const).map((d) => ({ value: d, label: t(`disclosure.library.dated.${d}`) }))}
        />
        <TextField name="from" type="date" label={t('disclosure.library.from')} value={period.from ?? query.from ?? ''} error={errors.from} />
        <TextField name="to" type="date" label={t('disclosure.library.to')} value={period.to ?? query.to ?? ''} error={errors.to} />
        <div class="field">
          <button type="submit">{t('disclosure.library.search')}</button>
        </div>
      </form>
      <p role="status" class="meta">
        {t('disclosure.library.count', { n: list.total })}
      </p>
      {list.items.length === 0 ? (
        <Empty>{t('disclosure.library.empty')}</Empty>
      ) : (
        <ul class="list doc-list">
          {list.items.map((d) => (
            <li>
              <h2 class="doc-title">
                <a href={`/cong-khai/${d.id}`}>
                  <Highlighted parts={highlightParts(d.title, terms)} />
                </a>
              </h2>
              <p class="meta">
                <StatusBadge ctx={ctx} doc={d} today={today} /> {ctx.locale === 'en' ? d.categoryNameEn : d.categoryName} · {d.agencyName}
                {d.docNumber ? <> · {t('disclosure.numberShort', { n: d.docNumber })}</> : null}
                {d.issuedOn ? (
                  <>
                    {' '}
                    · <DateText value={d.issuedOn} />
                  </>
                ) : null}
              </p>
              <p>
                <Highlighted parts={highlightParts(d.summary.length > 300 ? d.summary.slice(0, 300) + '…' : d.summary, terms)} />
              </p>
              <p class="meta">
                <PostingPeriod ctx={ctx} doc={d} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager ctx={ctx} prev={list.page > 1 ? pageLink(list.page - 1) : null} next={list.page < list.pages ? pageLink(list.page + 1) : null} />
    </Layout>
  );
}
