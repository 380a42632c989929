import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { HttpError, ValidationError, forbidden, notFound, unauthorized } from '../../platform/http/errors';
import { Layout } from '../../platform/ui/layout';
import { refererPath } from '../../platform/http/redirect';
import { Breadcrumbs } from '../../platform/ui/components';
import { loadCommentSection, setCommentsCtx } from './loader';
import {
  addWord,
  blockAuthor,
  canUseQueue,
  getComment,
  listBlocks,
  listComments,
  listQueue,
  listUnitOverrides,
  listWords,
  moderateComment,
  postComment,
  removeWord,
  reportComment,
  setUnitOverride,
  unblockUser,
  type QueueTab,
} from './service';
import { commentTarget } from './targets';
import type { CommentView, ModerationAction } from './model';
import { CommentForm } from './views/comment-section';
import { ModerationPage } from './views/moderation';
import { getUnit } from '../directory/service';

type Body = Record<string, unknown>;

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** A comment as the public API shows it (no account ids, contacts or addresses). */
export function publicComment(c: CommentView): Record<string, unknown> {
  return {
    id: c.id,
    targetType: c.targetType,
    targetId: c.targetId,
    section: c.section,
    parentId: c.parentId,
    author: { name: c.author.agency ? c.author.agency.name : c.author.name, guest: c.author.guest, agency: c.author.agency },
    body: c.body,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    replyCount: c.replyCount,
    decision: c.decision,
    explanation: c.explanation,
    replies: c.replies.map(publicComment),
  };
}


export async function commentRoutes(app: FastifyInstance, ctx: AppContext) {
  setCommentsCtx(app.server, ctx);

  // ── The comment box's form (works without JavaScript) ──
  app.post('/binh-luan', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    try {
      const r = await postComment(ctx, req.principal, body as any, { ip: req.ip });
      const def = commentTarget(r.comment.targetType)!;
      reply.flash('ok', r.held ? 'comments.flash.held' : 'comments.flash.posted');
      const anchor = r.held ? 'binh-luan' : `binh-luan-${r.comment.id}`;
      return reply.redirect(`${def.link(r.comment.targetId)}#${anchor}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const targetType = typeof body.targetType === 'string' ? body.targetType : '';
      const targetId = num(body.targetId);
      const def = commentTarget(targetType);
      if (!def || !targetId) throw notFound('comments.error.noTarget');
      const title = await def.title(ctx.db, targetId);
      if (title === null) throw notFound('comments.error.noTarget');
      const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      const data = await loadCommentSection(req, targetType, targetId, {}, {
        values: {
          body: s('body'),
          guestName: s('guestName'),
          guestContact: s('guestContact'),
          section: s('section') || null,
          parentId: num(body.parentId),
          asAgencyId: num(body.asAgencyId),
        },
        errors: e.messages(req.t),
      });
      const page = req.page();
      return reply.code(422).view(
        <Layout ctx={page} title={page.t('comments.form.pageTitle')} scripts={['comment-box.js']}>
          <Breadcrumbs ctx={page} items={[{ href: def.link(targetId), label: title }, { label: page.t('comments.form.pageTitle') }]} />
          <h1>{page.t('comments.form.pageTitle')}</h1>
          <p>
            <a href={`${def.link(targetId)}#binh-luan`}>{page.t('comments.form.back', { title })}</a>
          </p>
          <CommentForm ctx={page} data={data} sections={data.sections} />
        </Layout>,
      );
    }
  });

  app.post('/binh-luan/:id/bao-cao', async (req, reply) => {
    const id = num((req.params as { id: string }).id);
    const c = id ? await getComment(ctx.db, id) : undefined;
    const def = c ? commentTarget(c.targetType) : undefined;
    if (!c || !def) throw notFound('comments.error.noComment');
    if (!req.principal) throw unauthorized('comments.error.signInToReport');
    const back = `${def.link(c.targetId)}#binh-luan-${c.parentId ?? c.id}`;
    try {
      const r = await reportComment(ctx, req.principal, c.id, { reason: String((req.body as Body)?.reason ?? '') }, { ip: req.ip });
      reply.flash('ok', r.hidden ? 'comments.flash.reportedHidden' : 'comments.flash.reported');
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) reply.flash('error', e.messageKey, e.params);
      else if (e instanceof ValidationError) reply.flash('error', Object.values(e.errors)[0]);
      else throw e;
    }
    return reply.redirect(back, 303);
  });

  // ── JSON API ──
  app.get('/api/v1/comments', async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const def = commentTarget(q.targetType ?? '');
    const targetId = num(q.targetId);
    if (!def || !targetId || (await def.title(ctx.db, targetId)) === null) throw notFound('comments.error.noTarget');
    const page = await listComments(ctx.db, {
      targetType: q.targetType!,
      targetId,
      order: q.order === 'oldest' ? 'oldest' : 'newest',
      cursor: q.cursor || null,
      section: q.section || null,
      viewer: req.principal,
      limit: num(q.limit) ?? undefined,
    });
    return { items: page.items.map(publicComment), nextCursor: page.nextCursor, total: page.total, topTotal: page.topTotal };
  });

  app.post('/api/v1/comments', async (req, reply) => {
    const r = await postComment(ctx, req.principal, (req.body ?? {}) as any, { ip: req.ip });
    return reply.code(201).send({ comment: publicComment(r.comment), held: r.held });
  });

  app.post('/api/v1/comments/:id/reports', async (req) => {
    const id = num((req.params as { id: string }).id);
    if (!id) throw notFound('comments.error.noComment');
    return reportComment(ctx, req.principal, id, { reason: String(((req.body ?? {}) as Body).reason ?? '') }, { ip: req.ip });
  });

  // ── Moderation queue ──
  const TABS = ['pending', 'reported', 'hidden', 'words', 'blocks', 'units'] as const;
  type Tab = (typeof TABS)[number];

  app.get('/quan-tri/binh-luan', async (req, reply) => {
    if (!req.principal) throw unauthorized();
    if (!canUseQueue(req.principal)) throw forbidden();
    const q = req.query as Record<string, string | undefined>;
    const tab: Tab = (TABS as readonly string[]).includes(q.tab ?? '') ? (q.tab as Tab) : 'pending';
    const queueTab: QueueTab = tab === 'reported' || tab === 'hidden' ? tab : 'pending';
    let queue;
    try {
      queue = await listQueue(ctx.db, req.principal, { tab: queueTab, cursor: ['pending', 'reported', 'hidden'].includes(tab) ? q.cursor : null });
    } catch (e) {
      if (e instanceof HttpError && e.messageKey === 'comments.error.cursor') queue = await listQueue(ctx.db, req.principal, { tab: queueTab });
      else throw e;
    }
    const page = req.page();
    return reply.view(
      <ModerationPage
        ctx={page}
        tab={tab}
        queue={queue}
        words={tab === 'words' ? await listWords(ctx.db) : []}
        blocks={tab === 'blocks' ? await listBlocks(ctx.db) : []}
        units={tab === 'units' ? await listUnitOverrides(ctx.db) : []}
      />,
    );
  });

  const actions: Record<string, ModerationAction> = { duyet: 'approve', an: 'hide', 'khoi-phuc': 'restore' };
  app.post('/quan-tri/binh-luan/:id/:action', async (req, reply) => {
    const { id: rawId, action: slug } = req.params as { id: string; action: string };
    const id = num(rawId);
    const back = refererPath(req, '/quan-tri/binh-luan');
    if (!id) throw notFound('comments.error.noComment');
    const reason = String(((req.body ?? {}) as Body).reason ?? '');
    try {
      if (slug === 'chan') {
        await blockAuthor(ctx, req.principal, id, { reason }, { ip: req.ip });
        reply.flash('ok', 'moderation.flash.block');
      } else if (actions[slug]) {
        await moderateComment(ctx, req.principal, id, actions[slug], { reason }, { ip: req.ip });
        reply.flash('ok', `moderation.flash.${actions[slug]}`);
      } else {
        throw notFound();
      }
    } catch (e) {
      if (e instanceof ValidationError) reply.flash('error', Object.values(e.errors)[0], Object.values(e.params)[0]);
      else if (e instanceof HttpError && e.status === 409) reply.flash('error', e.messageKey, e.params);
      else throw e;
    }
    return reply.redirect(back, 303);
  });

  app.post('/quan-tri/binh-luan/tu-khoa', async (req, reply) => {
    try {
      await addWord(ctx, req.principal, { word: String(((req.body ?? {}) as Body).word ?? '') }, { ip: req.ip });
      reply.flash('ok', 'moderation.flash.wordAdded');
    } catch (e) {
      if (e instanceof ValidationError) reply.flash('error', Object.values(e.errors)[0]);
      else throw e;
    }
    return reply.redirect('/quan-tri/binh-luan?tab=words', 303);
  });

  app.post('/quan-tri/binh-luan/tu-khoa/:id/xoa', async (req, reply) => {
    const id = num((req.params as { id: string }).id);
    if (!id) throw notFound();
    await removeWord(ctx, req.principal, id, { ip: req.ip });
    reply.flash('ok', 'moderation.flash.wordRemoved');
    return reply.redirect('/quan-tri/binh-luan?tab=words', 303);
  });

  app.post('/quan-tri/binh-luan/bo-chan/:userId', async (req, reply) => {
    const id = num((req.params as { userId: string }).userId);
    if (!id) throw notFound();
    await unblockUser(ctx, req.principal, id, { ip: req.ip });
    reply.flash('ok', 'moderation.flash.unblock');
    return reply.redirect('/quan-tri/binh-luan?tab=blocks', 303);
  });

  app.post('/quan-tri/binh-luan/don-vi', async (req, reply) => {
    const b = (req.body ?? {}) as Body;
    const tri = (v: unknown) => (v === 'yes' ? true : v === 'no' ? false : null);
    const unitCode = String(b.unitCode ?? '').trim();
    if (!(await getUnit(ctx.db, unitCode))) {
      reply.flash('error', 'moderation.error.unit');
      return reply.redirect('/quan-tri/binh-luan?tab=units', 303);
    }
    await setUnitOverride(ctx, req.principal, unitCode, { guestAllowed: tri(b.guestAllowed), guestModeration: tri(b.guestModeration) }, { ip: req.ip });
    reply.flash('ok', 'moderation.flash.unitSaved');
    return reply.redirect('/quan-tri/binh-luan?tab=units', 303);
  });
}

