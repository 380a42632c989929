import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Checkbox, DateText, Empty, ErrorSummary, TextField } from '../../../platform/ui/components';
import type { TopicSummary } from '../model';
import { periodLabel } from '../period';
import { BASE, PressingBadge } from './common';

export interface TopicListPageProps {
  ctx: PageContext;
  topics: TopicSummary[];
  unitNames: Map<string, string>;
  values: Record<string, string>;
  errors?: Record<string, string>;
}

/** Topics by unit, the days their period overlaps, pressing only: the list behind the dashboard's numbers. */
export function TopicListPage({ ctx, topics, unitNames, values, errors }: TopicListPageProps) {
  const { t } = ctx;
  const e = errors ?? {};
  return (
    <Layout ctx={ctx} title={t('consolidation.list.title')}>
      <div class="page-header">
        <h1>{t('consolidation.list.title')}</h1>
        <p class="lead">{t('consolidation.list.lead')}</p>
      </div>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="get" action={`${BASE}/chuyen-de`} class="filters">
        <TextField name="unit" label={t('consolidation.list.unitCode')} value={values.unit ?? ''} inputMode="numeric" error={e.unit} />
        <TextField name="from" type="date" label={t('consolidation.list.from')} value={values.from ?? ''} error={e.from} />
        <TextField name="to" type="date" label={t('consolidation.list.to')} value={values.to ?? ''} error={e.to} />
        <Checkbox name="pressing" value="1" label={t('consolidation.list.pressingOnly')} checked={values.pressing === '1' || values.pressing === 'true'} />
        <div class="field">
          <button type="submit">{t('consolidation.action.show')}</button>
        </div>
      </form>
      {topics.length === 0 ? (
        <Empty>{t('consolidation.list.empty')}</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('consolidation.column.topic')}</th>
                <th scope="col">{t('consolidation.column.unit')}</th>
                <th scope="col">{t('consolidation.column.period')}</th>
                <th scope="col">{t('consolidation.column.items')}</th>
                <th scope="col">{t('consolidation.column.people')}</th>
                <th scope="col">{t('consolidation.column.latest')}</th>
              </tr>
            </thead>
            <tbody>
              {topics.map((tp) => (
                <tr data-topic={tp.id}>
                  <td>
                    <a href={`${BASE}/chuyen-de/${tp.id}`}>{tp.title}</a> <PressingBadge ctx={ctx} topic={tp} />
                  </td>
                  <td>{unitNames.get(tp.unitCode) ?? tp.unitCode}</td>
                  <td>{periodLabel(tp.period)}</td>
                  <td>{tp.counts.items}</td>
                  <td>{tp.counts.people}</td>
                  <td>
                    <DateText value={tp.latestAt} />
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
