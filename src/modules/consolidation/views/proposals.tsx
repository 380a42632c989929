import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, Empty, ErrorSummary, withQuery } from '../../../platform/ui/components';
import type { TopicItem } from '../model';
import { BASE, ItemsTable, scopeQuery, type Scope } from './common';

export interface ProposalCard {
  id: number;
  kind: 'new_topic' | 'join_topic';
  title: string;
  topicTitle: string | null;
  score: number;
  items: TopicItem[];
}

/** Proposals side by side with their items; each is accepted, split (the ticked items) or rejected by a form. */
export function ProposalsPage({ ctx, scope, proposals, errors }: { ctx: PageContext; scope: Scope; proposals: ProposalCard[]; errors?: Record<string, string> }) {
  const { t } = ctx;
  const title = t('consolidation.proposals.title');
  return (
    <Layout ctx={ctx} title={title}>
      <nav aria-label={t('layout.breadcrumbs')} class="breadcrumbs">
        <a href={withQuery(BASE, scopeQuery(scope))}>{t('consolidation.title')}</a>
      </nav>
      <div class="page-header">
        <h1>{title}</h1>
        <p class="lead">{t('consolidation.proposals.lead', { unit: scope.unitName, period: scope.periodLabel })}</p>
      </div>
      <ErrorSummary ctx={ctx} errors={errors} />
      {proposals.length === 0 ? <Empty>{t('consolidation.proposals.empty')}</Empty> : null}
      {proposals.map((p) => (
        <section class="card proposal" aria-labelledby={`p${p.id}`}>
          <h2 id={`p${p.id}`}>
            {p.kind === 'join_topic' ? t('consolidation.proposals.join', { topic: p.topicTitle ?? '' }) : p.title}{' '}
            <span class="muted">{t('consolidation.proposals.count', { n: p.items.length, score: Math.round(p.score * 100) })}</span>
          </h2>
          {scope.canEdit ? (
            <form method="post" action={`${BASE}/de-xuat/${p.id}/chap-nhan`}>
              <CsrfField ctx={ctx} />
              <ItemsTable ctx={ctx} items={p.items} prefix={`p${p.id}`} />
              {p.kind === 'new_topic' ? (
                <div class="field">
                  <label for={`title-${p.id}`}>{t('consolidation.field.title')}</label>
                  <input id={`title-${p.id}`} name="title" value={p.title} />
                </div>
              ) : null}
              <div class="actions">
                <button type="submit">{p.kind === 'join_topic' ? t('consolidation.action.acceptJoin') : t('consolidation.action.accept')}</button>{' '}
                <button type="submit" class="secondary" formaction={`${BASE}/de-xuat/${p.id}/tach`}>
                  {t('consolidation.action.splitProposal')}
                </button>{' '}
                <button type="submit" class="secondary" formaction={`${BASE}/de-xuat/${p.id}/tu-choi`}>
                  {t('consolidation.action.reject')}
                </button>
              </div>
            </form>
          ) : (
            <ItemsTable ctx={ctx} items={p.items} prefix={`p${p.id}`} selectable={false} />
          )}
        </section>
      ))}
    </Layout>
  );
}
