import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, DateText, Empty, ErrorSummary, SelectField, TextArea, TextField, withQuery } from '../../../platform/ui/components';
import type { Topic, TopicItem, TopicSummary } from '../model';
import { BASE, DossierLinks, ItemsTable, PressingBadge, ScopeForm, scopeQuery, type Scope } from './common';

/** Moves the ticked items (of the form around it) into another topic. */
function MoveFieldset({ ctx, topics }: { ctx: PageContext; topics: TopicSummary[] }) {
  if (!topics.length) return null;
  const { t } = ctx;
  return (
    <fieldset>
      <legend>{t('consolidation.ungrouped.move')}</legend>
      <SelectField name="topicId" label={t('consolidation.field.topic')} options={topics.map((x) => ({ value: x.id, label: x.title }))} />
      <button type="submit" formaction={`${BASE}/chuyen`}>
        {t('consolidation.action.move')}
      </button>
    </fieldset>
  );
}

export interface TopicsPageProps {
  ctx: PageContext;
  scope: Scope;
  units: Array<{ code: string; name: string }>;
  periods: Array<{ value: string; label: string }>;
  topics: TopicSummary[];
  ungrouped: TopicItem[];
  run: { status: string; done: number; total: number; proposals: number } | null;
  openProposals: number;
  errors?: Record<string, string>;
}

/** Topics of my unit: pressing first; the ungrouped petitions below, to group by hand. */
export function TopicsPage({ ctx, scope, units, periods, topics, ungrouped, run, openProposals, errors }: TopicsPageProps) {
  const { t } = ctx;
  const title = t('consolidation.title');
  const q = scopeQuery(scope);
  return (
    <Layout ctx={ctx} title={title}>
      <div class="page-header">
        <h1>{title}</h1>
        <p class="lead">{t('consolidation.lead', { unit: scope.unitName, period: scope.periodLabel })}</p>
      </div>
      <ScopeForm ctx={ctx} scope={scope} units={units} periods={periods} />
      <ErrorSummary ctx={ctx} errors={errors} />
      {scope.canEdit ? (
        <div class="actions">
          <form method="post" action={`${BASE}/de-xuat`} class="inline">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="unitCode" value={scope.unitCode} />
            <input type="hidden" name="period" value={scope.period} />
            <button type="submit">{t('consolidation.action.propose')}</button>
          </form>{' '}
          <a class="button secondary" href={withQuery(`${BASE}/de-xuat`, q)}>
            {t('consolidation.proposals.link', { n: openProposals })}
          </a>{' '}
          <a class="button secondary" href={withQuery(`${BASE}/nhap-y-kien`, q)}>
            {t('consolidation.gathering.title')}
          </a>{' '}
          <a class="button secondary" href={withQuery(`${BASE}/nhap-tep`, q)}>
            {t('consolidation.import.title')}
          </a>
        </div>
      ) : null}
      {run ? (
        <p role="status" class="run-status">
          {run.status === 'done'
            ? t('consolidation.run.done', { n: run.proposals, total: run.total })
            : t(`consolidation.run.${run.status}`, { done: run.done, total: run.total })}{' '}
          {run.status === 'queued' || run.status === 'running' ? (
            <progress max={Math.max(run.total, 1)} value={run.done} aria-label={t('consolidation.run.progress')} />
          ) : null}
        </p>
      ) : null}
      <h2>{t('consolidation.dossier.heading')}</h2>
      <DossierLinks ctx={ctx} scope={scope} />
      <h2>{t('consolidation.topics.heading', { n: topics.length })}</h2>
      {topics.length === 0 ? (
        <Empty>{t('consolidation.topics.empty')}</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('consolidation.column.topic')}</th>
                <th scope="col">{t('consolidation.column.items')}</th>
                <th scope="col">{t('consolidation.column.people')}</th>
                <th scope="col">{t('consolidation.column.villages')}</th>
                <th scope="col">{t('consolidation.column.agency')}</th>
                <th scope="col">{t('consolidation.column.latest')}</th>
              </tr>
            </thead>
            <tbody>
              {topics.map((tp) => (
                <tr>
                  <td>
                    <a href={`${BASE}/chuyen-de/${tp.id}`}>{tp.title}</a> <PressingBadge ctx={ctx} topic={tp} />
                    {tp.keoDai ? <span class="badge">{t('consolidation.keoDai')}</span> : null}
                  </td>
                  <td>{tp.counts.items}</td>
                  <td>{tp.counts.people}</td>
                  <td>{tp.counts.villages}</td>
                  <td>{tp.agencyName ?? ''}</td>
                  <td>
                    <DateText value={tp.latestAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('consolidation.ungrouped.heading', { n: ungrouped.length })}</h2>
      {ungrouped.length === 0 ? (
        <Empty>{t('consolidation.ungrouped.empty')}</Empty>
      ) : scope.canEdit ? (
        <form method="post" action={`${BASE}/chuyen-de`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="unitCode" value={scope.unitCode} />
          <input type="hidden" name="period" value={scope.period} />
          <ItemsTable ctx={ctx} items={ungrouped} prefix="u" />
          <fieldset>
            <legend>{t('consolidation.ungrouped.group')}</legend>
            <TextField name="title" label={t('consolidation.field.title')} error={errors?.title} />
            <button type="submit">{t('consolidation.action.createTopic')}</button>
          </fieldset>
          <MoveFieldset ctx={ctx} topics={topics} />
        </form>
      ) : (
        <ItemsTable ctx={ctx} items={ungrouped} prefix="u" selectable={false} />
      )}
    </Layout>
  );
}

export interface TopicPageProps {
  ctx: PageContext;
  scope: Scope;
  topic: Topic;
  others: TopicSummary[];
  categories: Array<{ value: number; label: string }>;
  agencies: Array<{ value: number; label: string }>;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

/** One topic: counts, sources, dates, flags; its items; the officer's forms (edit, remove, split, move, merge). */
export function TopicPage({ ctx, scope, topic, others, categories, agencies, values, errors }: TopicPageProps) {
  const { t } = ctx;
  const v = values ?? { title: topic.title, summary: topic.summary, categoryId: String(topic.categoryId ?? ''), agencyId: String(topic.agencyId ?? '') };
  const c = topic.counts;
  return (
    <Layout ctx={ctx} title={topic.title}>
      <nav aria-label={t('layout.breadcrumbs')} class="breadcrumbs">
        <a href={withQuery(BASE, scopeQuery(scope))}>{t('consolidation.title')}</a>
      </nav>
      <div class="page-header">
        <h1>{topic.title}</h1>
        <p>
          <PressingBadge ctx={ctx} topic={topic} /> {topic.keoDai ? <span class="badge">{t('consolidation.keoDai')}</span> : null}
        </p>
        {topic.summary ? <p class="lead">{topic.summary}</p> : null}
      </div>
      <ErrorSummary ctx={ctx} errors={errors} />
      <dl class="facts">
        <dt>{t('consolidation.column.items')}</dt>
        <dd>{c.items}</dd>
        <dt>{t('consolidation.column.people')}</dt>
        <dd>{c.people}</dd>
        <dt>{t('consolidation.column.villages')}</dt>
        <dd>{c.villages}</dd>
        <dt>{t('consolidation.flags')}</dt>
        <dd>{t('consolidation.flagCounts', { overdue: c.overdue, reopened: c.reopened, keoDai: c.keoDai, vuotCap: c.vuotCap })}</dd>
        <dt>{t('consolidation.column.source')}</dt>
        <dd>{topic.sources.map((s) => `${s.organisation ?? t(`consolidation.channel.${s.channel}`)} (${s.items})`).join('; ')}</dd>
        <dt>{t('consolidation.dates')}</dt>
        <dd>
          <DateText value={topic.firstAt} /> – <DateText value={topic.latestAt} />
        </dd>
        <dt>{t('consolidation.column.agency')}</dt>
        <dd>{topic.agencyName ?? t('consolidation.none')}</dd>
        <dt>{t('consolidation.field.category')}</dt>
        <dd>{topic.categoryName ?? t('consolidation.none')}</dd>
      </dl>
      <h2>{t('consolidation.items.heading')}</h2>
      {scope.canEdit ? (
        <form method="post" action={`${BASE}/chuyen-de/${topic.id}/bo`}>
          <CsrfField ctx={ctx} />
          <ItemsTable ctx={ctx} items={topic.items} prefix="m" />
          <div class="actions">
            <button type="submit" class="secondary">
              {t('consolidation.action.remove')}
            </button>
          </div>
          <fieldset>
            <legend>{t('consolidation.split.legend')}</legend>
            <TextField name="title" label={t('consolidation.field.newTitle')} value={values?.splitTitle} />
            <button type="submit" formaction={`${BASE}/chuyen-de/${topic.id}/tach`}>
              {t('consolidation.action.split')}
            </button>
          </fieldset>
          <MoveFieldset ctx={ctx} topics={others} />
        </form>
      ) : (
        <ItemsTable ctx={ctx} items={topic.items} prefix="m" selectable={false} />
      )}
      {scope.canEdit ? (
        <>
          <h2>{t('consolidation.edit.heading')}</h2>
          <form method="post" action={`${BASE}/chuyen-de/${topic.id}/sua`}>
            <CsrfField ctx={ctx} />
            <TextField name="title" label={t('consolidation.field.title')} value={v.title} error={errors?.title} required />
            <TextArea name="summary" label={t('consolidation.field.summary')} value={v.summary} error={errors?.summary} rows={4} />
            <SelectField name="categoryId" label={t('consolidation.field.category')} value={v.categoryId} options={categories} placeholder={t('consolidation.none')} error={errors?.categoryId} />
            <SelectField name="agencyId" label={t('consolidation.field.agency')} value={v.agencyId} options={agencies} placeholder={t('consolidation.none')} error={errors?.agencyId} />
            <button type="submit">{t('consolidation.action.save')}</button>
          </form>
          {others.length ? (
            <>
              <h2>{t('consolidation.merge.heading')}</h2>
              <form method="post" action={`${BASE}/chuyen-de/${topic.id}/gop`}>
                <CsrfField ctx={ctx} />
                <SelectField name="sourceId" label={t('consolidation.merge.source')} options={others.map((x) => ({ value: x.id, label: x.title }))} error={errors?.sourceId} />
                <button type="submit">{t('consolidation.action.merge')}</button>
              </form>
            </>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}
