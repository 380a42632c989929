import { h } from 'preact';
import { NEWS_PERMISSIONS } from './permissions';
import type { CommentTargetDef, ModuleManifest } from '../../platform/module';
import type { FileAccessCheck } from '../../platform/files/files';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { newsRoutes } from './routes';
import { seedNewsDemo } from './seed';
import { articleMeta, canEditArticle, getArticle, isEditor, isLive, listPublished } from './service';
import { NewsHomeBlock } from './views/pages';

// Articles take comments while they are on the public pages.
const newsComments: CommentTargetDef = {
  async canComment(ctx, _principal, id) {
    const a = await articleMeta(ctx.db, id);
    return !!a && isLive(a, ctx.clock.now());
  },
  link: (id) => `/tin-tuc/${id}`,
  async title(db, id) {
    const a = await articleMeta(db, id);
    return a && a.status === 'published' ? a.title : null;
  },
  async scope(db, id) {
    const a = await articleMeta(db, id);
    return { unitCode: a?.unitCode ?? null, agencyId: a?.agencyId ?? null };
  },
};

// A draft's picture: its editors only (published ones are public files).
const articleFileAccess: FileAccessCheck = async (ctx, principal, _fileId, entityId) => {
  const a = await getArticle(ctx.db, Number(entityId));
  return !!a && (canEditArticle(principal, a) || isLive(a, ctx.clock.now()));
};

export const newsModule: ModuleManifest = {
  name: 'news',
  permissions: NEWS_PERMISSIONS,
  migrations,
  messages: { vi, en },
  routes: newsRoutes,
  nav: [
    { href: '/tin-tuc', label: 'nav.news', order: 50 },
    { href: '/can-bo/tin-tuc', label: 'nav.newsEditor', order: 50, admin: true, visible: isEditor },
  ],
  search: {
    label: 'news.searchLabel',
    async search(ctx, q, opts) {
      const r = await listPublished(ctx.db, { now: ctx.clock.now(), q, perPage: opts.limit });
      return r.items.map((a) => ({ title: a.title, href: `/tin-tuc/${a.slug}`, snippet: a.summary, date: a.publishAt }));
    },
  },
  homeBlocks: [
    {
      order: 50,
      async render(req, ctx) {
        const r = await listPublished(ctx.db, { now: ctx.clock.now(), perPage: 4 });
        return h(NewsHomeBlock, { ctx: req.page(), items: r.items });
      },
    },
  ],
  commentTargets: { news: newsComments },
  fileAccess: { news_article: articleFileAccess },
  seedDemo: seedNewsDemo,
};
