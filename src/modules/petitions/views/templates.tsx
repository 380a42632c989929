import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { formatDate } from '../../../platform/i18n/i18n';
import { Breadcrumbs, CsrfField, Empty, ErrorSummary, PageHeader, SelectField, TextArea, TextField } from '../../../platform/ui/components';
import type { AnswerTemplate } from '../model';
import { val, type Errors, type Values, attrs } from './common';

export function TemplatesPage({
  ctx,
  agencies,
  agencyId,
  templates,
  editing,
  values,
  errors,
}: {
  ctx: PageContext;
  agencies: Array<{ id: number; name: string }>;
  agencyId: number;
  templates: AnswerTemplate[];
  /** The template being edited (or null: a new one). */
  editing: AnswerTemplate | null;
  values?: Values;
  errors?: Errors;
}) {
  const { t } = ctx;
  const action = editing ? `/can-bo/mau-tra-loi/${editing.id}` : '/can-bo/mau-tra-loi';
  return (
    <Layout ctx={ctx} title={t('petitions.page.templates.title')} styles={['petitions.css']}>
      <Breadcrumbs ctx={ctx} items={[{ href: '/can-bo/kien-nghi', label: t('petitions.page.inbox.title') }, { label: t('petitions.page.templates.title') }]} />
      <PageHeader title={t('petitions.page.templates.title')} />
      <p class="lead">{t('petitions.page.templates.lead')}</p>
      {agencies.length > 1 ? (
        <form method="get" action="/can-bo/mau-tra-loi" class="filters">
          <SelectField name="agency" label={t('petitions.page.templates.agency')} value={agencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
          <div class="filter-buttons">
            <button type="submit">{t('petitions.page.filter.apply')}</button>
          </div>
        </form>
      ) : null}
      {templates.length === 0 ? (
        <Empty>{t('petitions.page.templates.empty')}</Empty>
      ) : (
        <ul class="list templates">
          {templates.map((x) => (
            <li>
              <h2 class="template-title">{x.title}</h2>
              <p class="template-body">{x.body}</p>
              <p class="meta">
 {t('petitions.page.templates.updated', { date: formatDate(x.updatedAt) })} · <a href={`/can-bo/mau-tra-loi?agency=${agencyId}&sua=${x.id}#template-form`}>{t('petitions.page.templates.edit')}<span class="sr-only">: {x.title}</span></a>
              </p>
              <form method="post" action={`/can-bo/mau-tra-loi/${x.id}/xoa`} class="inline">
                <CsrfField ctx={ctx} />
                <button type="submit" class="link">
                  {t('petitions.page.templates.delete')}
                  <span class="sr-only">: {x.title}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="template-form-title" class="card">
        <h2 id="template-form-title">{editing ? t('petitions.page.templates.edit') : t('petitions.page.templates.new')}</h2>
        <ErrorSummary ctx={ctx} errors={errors} />
        <form method="post" action={action} id="template-form" novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="agencyId" value={String(agencyId)} />
          <TextField name="title" label={t('petitions.page.templates.name')} required value={val(values, 'title') || editing?.title || ''} error={errors?.title} {...attrs({ maxLength: 200 })} />
          <TextArea name="body" label={t('petitions.page.templates.body')} required rows={8} value={val(values, 'body') || editing?.body || ''} error={errors?.body} hint={t('petitions.page.form.answerHint')} />
          <button type="submit">{t('petitions.page.templates.save')}</button>
        </form>
      </section>
    </Layout>
  );
}
