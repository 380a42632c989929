import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { DateText, Empty, ErrorSummary, PageHeader, Pager, SelectField, TextField, withQuery } from '../../../platform/ui/components';
import { QUESTION_LEVELS, QUESTION_STATES } from '../model';
import type { QuestionListItem } from '../service/question-list';
import { QuestionText } from './common';

/** Questions across conferences, by unit, the conferences' days, state and level; each links to its conference. */
export function QuestionListPage({ ctx, items, hasMore, page, values, errors }: { ctx: PageContext; items: QuestionListItem[]; hasMore: boolean; page: number; values: Record<string, string>; errors?: Record<string, string> }) {
  const t = ctx.t;
  const e = errors ?? {};
  const { unit = '', from = '', to = '', status = '', level = '' } = values;
  const link = (p: number) => withQuery('/hoi-nghi/cau-hoi', { unit, from, to, status, level, page: p > 1 ? p : '' });
  const any = { value: '', label: t('conferences.page.filterAny') };
  return (
    <Layout ctx={ctx} title={t('conferences.page.questionsTitle')}>
      <PageHeader title={t('conferences.page.questionsTitle')}>
        <p>{t('conferences.page.questionsLead')}</p>
      </PageHeader>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="get" action="/hoi-nghi/cau-hoi" class="filters" role="search">
        <TextField name="unit" label={t('conferences.page.unitCode')} value={unit} inputMode="numeric" error={e.unit} />
        <TextField name="from" type="date" label={t('conferences.page.filterFrom')} value={from} error={e.from} />
        <TextField name="to" type="date" label={t('conferences.page.filterTo')} value={to} error={e.to} />
        <SelectField name="status" label={t('conferences.page.filterQuestionState')} value={status} error={e.status} options={[any, ...QUESTION_STATES.filter((s) => s !== 'merged').map((s) => ({ value: s, label: t(`conferences.question.${s}`) }))]} />
        <SelectField name="level" label={t('conferences.page.filterLevel')} value={level} error={e.level} options={[any, ...QUESTION_LEVELS.map((l) => ({ value: l, label: t(`conferences.level.${l}`) }))]} />
        <button type="submit">{t('conferences.page.searchButton')}</button>
      </form>
      {items.length ? (
        <ul class="list">
          {items.map((q) => (
            <li id={`q-${q.id}`} data-question={q.id}>
              <QuestionText ctx={ctx} q={q} />
              <p class="meta">
                {t(`conferences.question.${q.status}`)}
                {q.level === 'above' ? ` · ${t('conferences.level.above')}` : ''} · <a href={`/hoi-nghi/${q.conferenceId}`}>{q.conferenceTitle}</a> · <DateText value={q.conferenceStartsAt} /> · {q.unitName}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('conferences.page.noQuestionsFound')}</Empty>
      )}
      <Pager ctx={ctx} prev={page > 1 ? link(page - 1) : null} next={hasMore ? link(page + 1) : null} />
    </Layout>
  );
}
