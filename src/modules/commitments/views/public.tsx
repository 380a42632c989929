import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { PageHeader } from '../../../platform/ui/components';
import type { CommitmentPage } from '../service/read';
import { CommitmentTable, Filters, type Errors, type FilterRefs, type Values } from './common';

/** Counts shown above a unit's commitments. */
export interface Headline {
  total: number;
  overdue: number;
  kept: number;
  notKept: number;
}

/** The public accountability page of a unit: every public commitment, overdue ones said plainly. */
export function UnitPage({ ctx, unitName, unitCode, page, refs, values, errors, headline }: { ctx: PageContext; unitName: string; unitCode: string; page: CommitmentPage; refs: FilterRefs; values: Values; errors?: Errors; headline: Headline }) {
  const { t } = ctx;
  const base = `/cam-ket/don-vi/${unitCode}`;
  return (
    <Layout ctx={ctx} title={t('commitments.page.unit.title', { unit: unitName })} description={t('commitments.page.unit.lead')}>
      <PageHeader title={t('commitments.page.unit.title', { unit: unitName })}>
        <p>{t('commitments.page.unit.lead')}</p>
      </PageHeader>
      <ul class="counts" aria-label={t('commitments.page.unit.counts')}>
        <li class="stat">{t('commitments.page.stat.total', { n: headline.total })}</li>
        <li class="stat">{t('commitments.page.stat.overdue', { n: headline.overdue })}</li>
        <li class="stat">{t('commitments.page.stat.kept', { n: headline.kept })}</li>
        <li class="stat">{t('commitments.page.stat.notKept', { n: headline.notKept })}</li>
      </ul>
      <p>
        <a href={`/tiep-cong-dan/${unitCode}/lich`}>{t('reception.title')}</a>
      </p>
      <Filters ctx={ctx} action={base} refs={refs} values={values} errors={errors} />
      <CommitmentTable ctx={ctx} page={page} base={base} query={values} />
    </Layout>
  );
}

/** Choosing a unit (the register's index). */
export function UnitIndexPage({ ctx, units }: { ctx: PageContext; units: Array<{ code: string; name: string }> }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('commitments.title')}>
      <PageHeader title={t('commitments.title')}>
        <p>{t('commitments.page.unit.lead')}</p>
      </PageHeader>
      <ul class="list">
        {units.map((u) => (
          <li>
            <a href={`/cam-ket/don-vi/${u.code}`}>{u.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
