import MarkdownIt from 'markdown-it';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { actorOf, isAdmin, type Principal } from '../../platform/access/principal';
import { canEditArticle, EDITOR_ROLES, isEditor, mayEditFor } from './policy';

export { canEditArticle, isEditor };
import { audit } from '../../platform/audit/audit';
import { HttpError, ValidationError, forbidden, notFound, unauthorized } from '../../platform/http/errors';
import { optionalText, parse, requiredText } from '../../platform/http/validate';
import { fold, searchTerms } from '../../platform/text/text';
import { attachFile, deleteFile, setFilePublic, storeUpload } from '../../platform/files/files';
import { getAgencies, getAgency, listAgencies } from '../directory/service';
import { canTransition, type Article, type ArticleAction, type ArticleStatus } from './model';
import { ReadCache } from '../../platform/cache';

// ───────────────────────────── safe rich text ─────────────────────────────

/**
 * The article body: a restricted Markdown (paragraphs, **bold**, *italic*, [links](https://…),
 * lists, quotes, line breaks). html: false — any HTML typed in the source is shown as text; links
 * with javascript:/vbscript:/data: URLs are not made links (markdown-it's validateLink).
 */
const md = new MarkdownIt('zero', { html: false, linkify: false, breaks: false, typographer: false }).enable([
  'paragraph',
  'list',
  'blockquote',
  'emphasis',
  'link',
  'newline',
  'escape',
  'entity',
]);
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx].attrGet('href') ?? '');
  if (/^https?:\/\//i.test(href)) tokens[idx].attrSet('rel', 'noopener nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderBody(source: string): string {
  return md.render(source.normalize('NFC'));
}

// ───────────────────────────── input ─────────────────────────────


/** 'YYYY-MM-DDTHH:mm' (a datetime-local field) in Vietnam's time → Date. */
export function parseLocalDateTime(v: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(v.trim());
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date → 'YYYY-MM-DDTHH:mm' in Vietnam's time (UTC+7, no daylight saving). */
export function toLocalDateTime(d: Date): string {
  return new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
}

export const articleInput = z.object({
  title: requiredText(5, 200),
  summary: requiredText(20, 600),
  body: requiredText(20, 50_000),
  imageCaption: optionalText(300),
  agencyId: z.preprocess((v) => (typeof v === 'string' && v !== '' ? Number(v) : v), z.number({ error: 'news.error.agency' }).int('news.error.agency').positive('news.error.agency')),
});
export type ArticleInput = z.input<typeof articleInput>;

export interface ArticleImage {
  filename: string;
  data: Buffer;
  mimetype?: string;
}

// ───────────────────────────── reading ─────────────────────────────

function articleQuery(db: Executor) {
  return db
    .selectFrom('news_articles as a')
    .select([
      'a.id',
      'a.slug',
      'a.title',
      'a.summary',
      'a.body_md',
      'a.body_html',
      'a.image_file_id',
      'a.image_caption',
      'a.unit_code',
      'a.agency_id',
      'a.author_id',
      'a.author_name',
      'a.status',
      'a.publish_at',
      'a.created_at',
      'a.updated_at',
    ]);
}

type ArticleRow = Awaited<ReturnType<ReturnType<typeof articleQuery>['executeTakeFirstOrThrow']>>;

async function toArticles(db: Executor, rows: ArticleRow[]): Promise<Article[]> {
  const agencies = await getAgencies(db, rows.map((r) => r.agency_id).filter((x): x is number => x != null));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    bodyMd: r.body_md,
    bodyHtml: r.body_html,
    imageFileId: r.image_file_id,
    imageCaption: r.image_caption,
    unitCode: r.unit_code,
    agencyId: r.agency_id,
    agencyName: r.agency_id != null ? (agencies.get(r.agency_id)?.name ?? null) : null,
    authorId: r.author_id == null ? null : Number(r.author_id),
    authorName: r.author_name,
    status: r.status,
    publishAt: r.publish_at ? new Date(r.publish_at) : null,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  }));
}

/** What the comment target needs of an article, in one small query. */
type ArticleMeta = { title: string; status: ArticleStatus; publishAt: Date | null; unitCode: string; agencyId: number | null };

// An article page is read by everyone and changed by few: articles and their metadata are cached for a minute,
// and forgotten in this process after every change.
const metaCache = new ReadCache<ArticleMeta>('news.articleMeta', { max: 2000, ttlMs: 60_000 });
const articleCache = new ReadCache<Article>('news.articles', { max: 500, ttlMs: 60_000 });

export function forgetArticles(): void {
  metaCache.forget();
  articleCache.forget();
}

async function writeArticles<T>(ctx: AppContext, fn: (tx: Executor) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction().execute(fn);
  } finally {
    forgetArticles();
  }
}

export async function articleMeta(db: Executor, id: number): Promise<ArticleMeta | undefined> {
  return metaCache.get(db, String(id), async () => {
    const r = await db
      .selectFrom('news_articles')
      .select(['title', 'status', 'publish_at', 'unit_code', 'agency_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? { title: r.title, status: r.status, publishAt: r.publish_at ? new Date(r.publish_at) : null, unitCode: r.unit_code, agencyId: r.agency_id } : undefined;
  });
}

/** Shown to the public: published, and its publish time has come. */
export function isLive(a: Pick<Article, 'status' | 'publishAt'>, now: Date): boolean {
  return a.status === 'published' && a.publishAt != null && a.publishAt.getTime() <= now.getTime();
}

export async function getArticle(db: Executor, id: number): Promise<Article | undefined> {
  return articleCache.get(db, `id:${id}`, async () => {
    const r = await articleQuery(db).where('a.id', '=', id).executeTakeFirst();
    return r ? (await toArticles(db, [r]))[0] : undefined;
  });
}

export async function getArticleBySlug(db: Executor, slug: string): Promise<Article | undefined> {
  return articleCache.get(db, `slug:${slug}`, async () => {
    const r = await articleQuery(db).where('a.slug', '=', slug).executeTakeFirst();
    return r ? (await toArticles(db, [r]))[0] : undefined;
  });
}

/** Published articles whose time has come, newest first, a page at a time. */
export async function listPublished(
  db: Executor,
  opts: { now: Date; page?: number; perPage?: number; q?: string },
): Promise<{ items: Article[]; total: number; page: number; pages: number }> {
  const perPage = opts.perPage ?? 10;
  let base = db.selectFrom('news_articles as a').where('a.status', '=', 'published').where('a.publish_at', '<=', opts.now);
  for (const term of searchTerms(opts.q ?? '')) base = base.where('a.search', 'like', `%${term}%`);
  const { n } = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, opts.page ?? 1), pages);
  let q = articleQuery(db).where('a.status', '=', 'published').where('a.publish_at', '<=', opts.now);
  for (const term of searchTerms(opts.q ?? '')) q = q.where('a.search', 'like', `%${term}%`);
  const rows = await q
    .orderBy('a.publish_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { items: await toArticles(db, rows), total, page, pages };
}

// ───────────────────────────── policy ─────────────────────────────

/** Agencies a principal may write news for: where they are an officer or the head; all for an administrator. */
export async function editorAgencies(db: Executor, p: Principal | null): Promise<Array<{ id: number; name: string; unitCode: string }>> {
  if (!p) return [];
  if (isAdmin(p)) return (await listAgencies(db, { limit: 5000 })).map((a) => ({ id: a.id, name: a.name, unitCode: a.unitCode }));
  const ids = [...new Set(p.roles.filter((g) => (EDITOR_ROLES as readonly string[]).includes(g.role)).map((g) => g.agencyId))];
  return [...(await getAgencies(db, ids)).values()].map((a) => ({ id: a.id, name: a.name, unitCode: a.unitCode }));
}

/** Articles an editor may work on, most recently changed first. */
export async function listForEditor(db: Executor, p: Principal | null, opts: { limit?: number } = {}): Promise<Article[]> {
  if (!isEditor(p)) throw forbidden();
  let q = articleQuery(db);
  if (!isAdmin(p)) {
    const ids = (await editorAgencies(db, p)).map((a) => a.id);
    if (!ids.length) return [];
    q = q.where('a.agency_id', 'in', ids);
  }
  return toArticles(db, await q.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(opts.limit ?? 200).execute());
}

// ───────────────────────────── writing ─────────────────────────────

export function slugify(title: string): string {
  const s = fold(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  // A slug is never only digits: /tin-tuc/123 is an article's id.
  return !s ? 'tin-bai' : /^\d+$/.test(s) ? `tin-${s}` : s;
}

async function freeSlug(tx: Executor, title: string, selfId?: number): Promise<string> {
  const base = slugify(title);
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    let q = tx.selectFrom('news_articles').select('id').where('slug', '=', slug);
    if (selfId !== undefined) q = q.where('id', '!=', selfId);
    if (!(await q.executeTakeFirst())) return slug;
  }
}

const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

async function checkAgency(db: Executor, p: Principal, agencyId: number): Promise<{ unitCode: string }> {
  const allowed = mayEditFor(p, agencyId);
  const agency = await getAgency(db, agencyId);
  if (!agency) throw new ValidationError({ agencyId: 'news.error.agency' });
  if (!allowed) throw forbidden('news.error.notYourAgency');
  return { unitCode: agency.unitCode };
}

/** Writes a new article as a draft (an officer or head for their agency, or an administrator). */
export async function createArticle(
  ctx: AppContext,
  principal: Principal | null,
  raw: ArticleInput | Record<string, unknown>,
  image: ArticleImage | null = null,
  meta: { ip?: string | null } = {},
): Promise<Article> {
  if (!principal) throw unauthorized();
  if (!isEditor(principal)) throw forbidden();
  const input = parse(articleInput, raw);
  const { unitCode } = await checkAgency(ctx.db, principal, input.agencyId);
  const now = ctx.clock.now();
  const id = await writeArticles(ctx, async (tx) => {
    const stored = image ? await storeUpload(tx, { filename: image.filename, data: image.data, declaredType: image.mimetype, allowed: ['image'], maxBytes: IMAGE_MAX_BYTES, createdBy: principal.id, at: now }) : null;
    const row = await tx
      .insertInto('news_articles')
      .values({
        slug: await freeSlug(tx, input.title),
        title: input.title,
        summary: input.summary,
        body_md: input.body,
        body_html: renderBody(input.body),
        image_file_id: stored?.id ?? null,
        image_caption: input.imageCaption ?? null,
        unit_code: unitCode,
        agency_id: input.agencyId,
        author_id: principal.id,
        author_name: principal.name,
        status: 'draft',
        publish_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'slug'])
      .executeTakeFirstOrThrow();
    if (stored) await attachFile(tx, stored.id, 'news_article', row.id);
    await audit(tx, { actor: actorOf(principal), action: 'news.create', entityType: 'news_article', entityId: row.id, after: { title: input.title, slug: row.slug, agencyId: input.agencyId, image: stored?.id ?? null }, ip: meta.ip, at: now });
    return row.id;
  });
  return (await getArticle(ctx.db, id))!;
}

/** Changes an article's text, agency or image (the slug stays: links keep working). */
export async function updateArticle(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  raw: ArticleInput | Record<string, unknown>,
  image: ArticleImage | null = null,
  opts: { removeImage?: boolean; ip?: string | null } = {},
): Promise<Article> {
  if (!principal) throw unauthorized();
  const before = await getArticle(ctx.db, id);
  if (!before) throw notFound();
  if (!canEditArticle(principal, before)) throw forbidden();
  const input = parse(articleInput, raw);
  const { unitCode } = await checkAgency(ctx.db, principal, input.agencyId);
  const now = ctx.clock.now();
  await writeArticles(ctx, async (tx) => {
    let imageId = opts.removeImage ? null : before.imageFileId;
    if (image) {
      const stored = await storeUpload(tx, { filename: image.filename, data: image.data, declaredType: image.mimetype, allowed: ['image'], maxBytes: IMAGE_MAX_BYTES, createdBy: principal.id, at: now });
      await attachFile(tx, stored.id, 'news_article', id);
      if (before.status === 'published') await setFilePublic(tx, stored.id, true);
      imageId = stored.id;
    }
    if (before.imageFileId && imageId !== before.imageFileId) await deleteFile(tx, before.imageFileId);
    await tx
      .updateTable('news_articles')
      .set({
        title: input.title,
        summary: input.summary,
        body_md: input.body,
        body_html: renderBody(input.body),
        image_file_id: imageId,
        image_caption: input.imageCaption ?? null,
        unit_code: unitCode,
        agency_id: input.agencyId,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'news.update',
      entityType: 'news_article',
      entityId: id,
      before: { title: before.title, summary: before.summary, body: before.bodyMd, agencyId: before.agencyId, image: before.imageFileId },
      after: { title: input.title, summary: input.summary, body: input.body, agencyId: input.agencyId, image: imageId },
      ip: opts.ip,
      at: now,
    });
  });
  return (await getArticle(ctx.db, id))!;
}

/**
 * Publishes now, or schedules for a later time (the article appears once the clock passes it);
 * withdraws a published article from the public pages.
 */
export async function setArticleStatus(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  action: ArticleAction,
  opts: { publishAt?: Date | null; ip?: string | null } = {},
): Promise<Article> {
  if (!principal) throw unauthorized();
  const now = ctx.clock.now();
  await writeArticles(ctx, async (tx) => {
    const a = await tx.selectFrom('news_articles').select(['status', 'publish_at', 'agency_id', 'image_file_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!a) throw notFound();
    if (!canEditArticle(principal, { agencyId: a.agency_id })) throw forbidden();
    if (!canTransition(a.status, action)) throw new HttpError(409, 'news.error.transition');
    const to: ArticleStatus = action === 'publish' ? 'published' : 'withdrawn';
    const publishAt = action === 'publish' ? (opts.publishAt ?? now) : a.publish_at;
    await tx.updateTable('news_articles').set({ status: to, publish_at: publishAt, updated_at: now }).where('id', '=', id).execute();
    if (a.image_file_id) await setFilePublic(tx, a.image_file_id, to === 'published');
    await audit(tx, {
      actor: actorOf(principal),
      action: `news.${action}`,
      entityType: 'news_article',
      entityId: id,
      before: { status: a.status, publishAt: a.publish_at },
      after: { status: to, publishAt },
      ip: opts.ip,
      at: now,
    });
  });
  return (await getArticle(ctx.db, id))!;
}
