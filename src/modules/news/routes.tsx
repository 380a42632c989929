import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { HttpError, ValidationError, forbidden, notFound, unauthorized } from '../../platform/http/errors';
import { readForm } from '../../platform/files/multipart';
import { idParam } from '../../platform/http/forms';
import { clean } from '../../platform/text/text';
import { loadCommentSection } from '../comments/loader';
import { countCommentsMany } from '../comments/service';
import {
  canEditArticle,
  createArticle,
  editorAgencies,
  getArticle,
  getArticleBySlug,
  isEditor,
  isLive,
  listForEditor,
  listPublished,
  parseLocalDateTime,
  setArticleStatus,
  updateArticle,
  type ArticleImage,
} from './service';
import { ArticlePage, EditorListPage, EditorPage, NewsListPage, type EditorForm } from './views/pages';

function requireEditor(req: FastifyRequest) {
  if (!req.principal) throw unauthorized();
  if (!isEditor(req.principal)) throw forbidden();
  return req.principal;
}

export async function newsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/tin-tuc', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const page = Math.max(1, Math.min(100_000, Number.parseInt(q.page ?? '1', 10) || 1));
    const text = typeof q.q === 'string' ? clean(q.q).slice(0, 200) : '';
    const list = await listPublished(ctx.db, { now: ctx.clock.now(), page, q: text });
    const counts = await countCommentsMany(ctx.db, 'news', list.items.map((a) => a.id));
    return reply.view(<NewsListPage ctx={req.page()} list={list} counts={counts} q={text} />);
  });

  app.get('/tin-tuc/:slug', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const now = ctx.clock.now();
    // /tin-tuc/123 (how comments link back to an article) → the article's own address.
    if (/^\d{1,9}$/.test(slug)) {
      const a = await getArticle(ctx.db, Number(slug));
      if (!a || !isLive(a, now)) throw notFound();
      const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return reply.redirect(`/tin-tuc/${a.slug}${qs}`, 301);
    }
    const a = await getArticleBySlug(ctx.db, slug);
    if (!a || !isLive(a, now)) throw notFound();
    const comments = await loadCommentSection(req, 'news', a.id, req.query as Record<string, unknown>);
    return reply.view(<ArticlePage ctx={req.page()} a={a} comments={comments} />);
  });

  // ── Editors (officers and heads for their agency; administrators) ──
  app.get('/can-bo/tin-tuc', async (req, reply) => {
    const p = requireEditor(req);
    return reply.view(<EditorListPage ctx={req.page()} items={await listForEditor(ctx.db, p)} now={ctx.clock.now()} />);
  });

  app.get('/can-bo/tin-tuc/moi', async (req, reply) => {
    const p = requireEditor(req);
    return reply.view(<EditorPage ctx={req.page()} article={null} values={{}} agencies={await editorAgencies(ctx.db, p)} now={ctx.clock.now()} />);
  });

  async function readEditorForm(req: FastifyRequest): Promise<{ values: EditorForm; image: ArticleImage | null; removeImage: boolean }> {
    const form = await readForm(req);
    const f = form.fields;
    const file = form.files.find((x) => x.field === 'image');
    return {
      values: { title: f.title, summary: f.summary, body: f.body, imageCaption: f.imageCaption, agencyId: f.agencyId },
      image: file ? { filename: file.filename, data: file.data, mimetype: file.mimetype } : null,
      removeImage: f.removeImage === 'on',
    };
  }

  /** Field errors, and an upload refused by content or size, shown beside the fields. */
  function formErrors(req: FastifyRequest, e: unknown): Record<string, string> | null {
    if (e instanceof ValidationError) return e.messages(req.t);
    if (e instanceof HttpError && e.messageKey.startsWith('files.error.')) return { image: req.t(e.messageKey, e.params) };
    if (e instanceof HttpError && e.messageKey === 'news.error.notYourAgency') return { agencyId: req.t(e.messageKey) };
    return null;
  }

  app.post('/can-bo/tin-tuc', async (req, reply) => {
    const p = requireEditor(req);
    const { values, image } = await readEditorForm(req);
    try {
      const a = await createArticle(ctx, p, values as Record<string, unknown>, image, { ip: req.ip });
      reply.flash('ok', 'news.flash.created');
      return reply.redirect(`/can-bo/tin-tuc/${a.id}`, 303);
    } catch (e) {
      const errors = formErrors(req, e);
      if (!errors) throw e;
      return reply
        .code(422)
        .view(<EditorPage ctx={req.page()} article={null} values={values} errors={errors} agencies={await editorAgencies(ctx.db, p)} now={ctx.clock.now()} />);
    }
  });

  app.get('/can-bo/tin-tuc/:id', async (req, reply) => {
    const p = requireEditor(req);
    const a = await getArticle(ctx.db, idParam((req.params as { id: string }).id) ?? 0);
    if (!a) throw notFound();
    if (!canEditArticle(p, a)) throw forbidden();
    const values: EditorForm = { title: a.title, summary: a.summary, body: a.bodyMd, imageCaption: a.imageCaption ?? '', agencyId: a.agencyId ?? '' };
    return reply.view(<EditorPage ctx={req.page()} article={a} values={values} agencies={await editorAgencies(ctx.db, p)} now={ctx.clock.now()} />);
  });

  app.post('/can-bo/tin-tuc/:id', async (req, reply) => {
    const p = requireEditor(req);
    const id = idParam((req.params as { id: string }).id) ?? 0;
    const before = await getArticle(ctx.db, id);
    if (!before) throw notFound();
    const { values, image, removeImage } = await readEditorForm(req);
    try {
      await updateArticle(ctx, p, id, values as Record<string, unknown>, image, { removeImage, ip: req.ip });
      reply.flash('ok', 'news.flash.updated');
      return reply.redirect(`/can-bo/tin-tuc/${id}`, 303);
    } catch (e) {
      const errors = formErrors(req, e);
      if (!errors) throw e;
      return reply
        .code(422)
        .view(<EditorPage ctx={req.page()} article={before} values={values} errors={errors} agencies={await editorAgencies(ctx.db, p)} now={ctx.clock.now()} />);
    }
  });

  app.post('/can-bo/tin-tuc/:id/dang', async (req, reply) => {
    const p = requireEditor(req);
    const id = idParam((req.params as { id: string }).id) ?? 0;
    const raw = String(((req.body ?? {}) as Record<string, unknown>).publishAt ?? '').trim();
    const publishAt = raw ? parseLocalDateTime(raw) : null;
    if (raw && !publishAt) {
      const a = await getArticle(ctx.db, id);
      if (!a) throw notFound();
      const values: EditorForm = { title: a.title, summary: a.summary, body: a.bodyMd, imageCaption: a.imageCaption ?? '', agencyId: a.agencyId ?? '', publishAt: raw };
      return reply
        .code(422)
        .view(<EditorPage ctx={req.page()} article={a} values={values} errors={{ publishAt: req.t('news.error.publishAt') }} agencies={await editorAgencies(ctx.db, p)} now={ctx.clock.now()} />);
    }
    const a = await setArticleStatus(ctx, p, id, 'publish', { publishAt, ip: req.ip });
    reply.flash('ok', a.publishAt && a.publishAt > ctx.clock.now() ? 'news.flash.scheduled' : 'news.flash.published');
    return reply.redirect(`/can-bo/tin-tuc/${id}`, 303);
  });

  app.post('/can-bo/tin-tuc/:id/go', async (req, reply) => {
    const p = requireEditor(req);
    const id = idParam((req.params as { id: string }).id) ?? 0;
    await setArticleStatus(ctx, p, id, 'withdraw', { ip: req.ip });
    reply.flash('ok', 'news.flash.withdrawn');
    return reply.redirect(`/can-bo/tin-tuc/${id}`, 303);
  });
}
