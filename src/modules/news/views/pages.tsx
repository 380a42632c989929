import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, CsrfField, DateText, Empty, ErrorSummary, SelectField, TextArea, TextField, withQuery } from '../../../platform/ui/components';
import { formatDateTime } from '../../../platform/i18n/i18n';
import { CommentSection, type CommentSectionData } from '../../comments/views/comment-section';
import type { Article } from '../model';
import { toLocalDateTime } from '../service';

export function ArticleCard({ ctx, a, comments }: { ctx: PageContext; a: Article; comments?: number }) {
  const { t } = ctx;
  return (
    <article class="card news-card" aria-labelledby={`news-${a.id}`}>
      <h2 id={`news-${a.id}`}>
        <a href={`/tin-tuc/${a.slug}`}>{a.title}</a>
      </h2>
      <p class="meta">
        <DateText value={a.publishAt} />
        {a.agencyName ? ` · ${a.agencyName}` : ''}
        {comments ? ` · ${t('news.comments', { n: comments })}` : ''}
      </p>
      <p>{a.summary}</p>
    </article>
  );
}

export function NewsListPage({
  ctx,
  list,
  counts,
  q,
}: {
  ctx: PageContext;
  list: { items: Article[]; total: number; page: number; pages: number };
  counts: Map<number, number>;
  q: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('news.title')} description={t('news.lead')}>
      <h1>{t('news.title')}</h1>
      <p class="lead">{t('news.lead')}</p>
      <form method="get" action="/tin-tuc" role="search" class="filters">
        <div class="field">
          <label for="news-q">{t('news.search')}</label>
          <input type="search" id="news-q" name="q" value={q} />
        </div>
        <button type="submit">{t('form.search')}</button>
      </form>
      {list.items.length ? list.items.map((a) => <ArticleCard ctx={ctx} a={a} comments={counts.get(a.id)} />) : <Empty>{t('news.empty')}</Empty>}
      {list.pages > 1 ? (
        <nav class="pager" aria-label={t('layout.pagination')}>
          {list.page > 1 ? (
            <a href={withQuery('/tin-tuc', { q, page: list.page - 1 === 1 ? null : list.page - 1 })} rel="prev">
              {t('layout.prev')}
            </a>
          ) : (
            <span />
          )}
          <span>{t('news.pageOf', { page: list.page, pages: list.pages })}</span>
          {list.page < list.pages ? (
            <a href={withQuery('/tin-tuc', { q, page: list.page + 1 })} rel="next">
              {t('layout.next')}
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </Layout>
  );
}

export function ArticlePage({ ctx, a, comments }: { ctx: PageContext; a: Article; comments: CommentSectionData }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={a.title} description={a.summary} scripts={['comment-box.js']}>
      <Breadcrumbs ctx={ctx} items={[{ href: '/tin-tuc', label: t('news.title') }, { label: a.title }]} />
      <article class="news-article" aria-labelledby="article-title">
        <h1 id="article-title">{a.title}</h1>
        <p class="meta">
          {a.publishAt ? t('news.published', { date: formatDateTime(a.publishAt) }) : null}
          {a.agencyName ? ` · ${a.agencyName}` : ''}
        </p>
        <p class="lead">
          <strong>{a.summary}</strong>
        </p>
        {a.imageFileId ? (
          <figure>
            <img src={`/tep/${a.imageFileId}`} alt={a.imageCaption ?? a.title} loading="lazy" />
            {a.imageCaption ? <figcaption class="meta">{a.imageCaption}</figcaption> : null}
          </figure>
        ) : a.imageCaption ? (
          <p class="meta">{t('news.caption', { caption: a.imageCaption })}</p>
        ) : null}
        {/* Rendered by markdown-it with html: false (service.renderBody): no HTML from the editor gets through. */}
        <div class="news-body" dangerouslySetInnerHTML={{ __html: a.bodyHtml }} />
      </article>
      <CommentSection ctx={ctx} targetType="news" targetId={a.id} comments={comments} />
    </Layout>
  );
}

export function EditorListPage({ ctx, items, now }: { ctx: PageContext; items: Article[]; now: Date }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('news.editor.title')}>
      <div class="page-header">
        <h1>{t('news.editor.title')}</h1>
        <a class="button" href="/can-bo/tin-tuc/moi">
          {t('news.editor.new')}
        </a>
      </div>
      {items.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('news.field.title')}</th>
                <th scope="col">{t('news.field.agency')}</th>
                <th scope="col">{t('news.editor.status')}</th>
                <th scope="col">{t('news.editor.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr>
                  <td>
                    <a href={`/can-bo/tin-tuc/${a.id}`}>{a.title}</a>
                  </td>
                  <td>{a.agencyName ?? ''}</td>
                  <td>
                    <span class={`badge${a.status === 'published' ? ' ok' : a.status === 'withdrawn' ? ' danger' : ''}`}>{t(`news.status.${a.status}`)}</span>
                    {a.status === 'published' && a.publishAt && a.publishAt > now ? (
                      <span class="meta"> {t('news.editor.scheduled', { date: formatDateTime(a.publishAt) })}</span>
                    ) : null}
                  </td>
                  <td>
                    <DateText value={a.updatedAt} withTime />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('news.editor.empty')}</Empty>
      )}
    </Layout>
  );
}

export interface EditorForm {
  title?: string;
  summary?: string;
  body?: string;
  imageCaption?: string;
  agencyId?: string | number;
  publishAt?: string;
}

export function EditorPage({
  ctx,
  article,
  values,
  errors,
  agencies,
  now,
}: {
  ctx: PageContext;
  article: Article | null;
  values: EditorForm;
  errors?: Record<string, string>;
  agencies: Array<{ id: number; name: string }>;
  now: Date;
}) {
  const { t } = ctx;
  const title = article ? t('news.editor.edit') : t('news.editor.new');
  const action = article ? `/can-bo/tin-tuc/${article.id}` : '/can-bo/tin-tuc';
  const e = errors ?? {};
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs ctx={ctx} items={[{ href: '/can-bo/tin-tuc', label: t('news.editor.title') }, { label: title }]} />
      <h1>{title}</h1>
      {article ? (
        <p class="meta">
          <span class="badge">{t(`news.status.${article.status}`)}</span>
          {article.status === 'published' ? (
            <>
              {' '}
              <a href={`/tin-tuc/${article.slug}`}>{t('news.editor.view')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={e} />
      <form method="post" action={action} enctype="multipart/form-data" class="card">
        <TextField name="title" label={t('news.field.title')} value={values.title} error={e.title} required />
        <TextArea name="summary" label={t('news.field.summary')} value={values.summary} error={e.summary} rows={3} required />
        <TextArea name="body" label={t('news.field.body')} hint={t('news.field.bodyHint')} value={values.body} error={e.body} rows={16} required />
        <SelectField
          name="agencyId"
          label={t('news.field.agency')}
          value={values.agencyId ?? (agencies.length === 1 ? agencies[0].id : '')}
          options={agencies.map((a) => ({ value: a.id, label: a.name }))}
          placeholder=""
          error={e.agencyId}
          required
        />
        <div class={`field${e.image ? ' has-error' : ''}`}>
          <label for="image">{t('news.field.image')}</label>
          <p class="hint" id="image-hint">
            {t('news.field.imageHint')}
          </p>
          <input type="file" id="image" name="image" accept="image/jpeg,image/png,image/webp" aria-describedby={e.image ? 'image-hint image-error' : 'image-hint'} />
          {e.image ? (
            <p class="field-error" id="image-error">
              {e.image}
            </p>
          ) : null}
        </div>
        {article?.imageFileId ? (
          <div class="field check">
            <input type="checkbox" id="removeImage" name="removeImage" value="on" />
            <label for="removeImage">{t('news.field.removeImage')}</label>
          </div>
        ) : null}
        <TextField name="imageCaption" label={t('news.field.imageCaption')} value={values.imageCaption} error={e.imageCaption} />
        <CsrfField ctx={ctx} />
        <button type="submit">{article ? t('news.action.saveChanges') : t('news.action.save')}</button>
      </form>
      {article ? (
        <div class="grid grid-2">
          <form method="post" action={`/can-bo/tin-tuc/${article.id}/dang`} class="card">
            <CsrfField ctx={ctx} />
            <div class={`field${e.publishAt ? ' has-error' : ''}`}>
              <label for="publishAt">{t('news.field.publishAt')}</label>
              <p class="hint" id="publishAt-hint">
                {t('news.field.publishAtHint')}
              </p>
              <input
                type="datetime-local"
                id="publishAt"
                name="publishAt"
                value={values.publishAt ?? (article.publishAt && article.publishAt > now ? toLocalDateTime(article.publishAt) : '')}
                aria-describedby="publishAt-hint"
              />
              {e.publishAt ? <p class="field-error">{e.publishAt}</p> : null}
            </div>
            <button type="submit">{t('news.action.publish')}</button>
          </form>
          {article.status === 'published' ? (
            <form method="post" action={`/can-bo/tin-tuc/${article.id}/go`} class="card">
              <CsrfField ctx={ctx} />
              <button type="submit" class="danger">
                {t('news.action.withdraw')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
    </Layout>
  );
}

export function NewsHomeBlock({ ctx, items }: { ctx: PageContext; items: Article[] }) {
  const { t } = ctx;
  if (!items.length) return null;
  return (
    <section aria-labelledby="home-news">
      <h2 id="home-news">{t('news.homeBlock')}</h2>
      <ul class="list">
        {items.map((a) => (
          <li>
            <a href={`/tin-tuc/${a.slug}`}>{a.title}</a>
            <span class="meta">
              {' '}
              · <DateText value={a.publishAt} />
            </span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/tin-tuc">{t('news.all')}</a>
      </p>
    </section>
  );
}
