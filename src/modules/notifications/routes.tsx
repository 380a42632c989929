import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { requireUser } from '../../platform/http/guards';
import { NotificationsPage } from './views/notifications-page';
import { getPrefs, listNotifications, markRead, renderNotification, setPrefs, unreadCount } from './service';

function positiveInt(v: unknown): number | null {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export async function notificationRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/thong-bao', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const cursor = positiveInt((req.query as Record<string, unknown>).cursor);
    const [page, unread, prefs] = await Promise.all([
      listNotifications(ctx.db, p.id, cursor, { limit: 20 }),
      unreadCount(ctx.db, p.id),
      getPrefs(ctx.db, p.id),
    ]);
    return reply.view(
      <NotificationsPage
        ctx={req.page()}
        items={page.items}
        unread={unread}
        nextCursor={page.nextCursor}
        cursor={cursor}
        prefs={prefs}
        hasEmail={!!p.email}
        hasPhone={!!p.phone}
      />,
    );
  });

  app.post('/thong-bao/doc', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const all = body.all === '1';
    const ids = ([] as unknown[]).concat(body.id ?? []).map(positiveInt).filter((x): x is number => x !== null);
    const n = await ctx.db.transaction().execute((tx) => markRead(tx, p.id, all ? 'all' : ids, ctx.clock.now()));
    if (all) reply.flash('ok', 'notifications.markedAll', { count: n });
    else reply.flash('ok', 'notifications.marked');
    return reply.redirect('/thong-bao', 303);
  });

  app.post('/thong-bao/cai-dat', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    await ctx.db.transaction().execute(async (tx) => {
      const before = await getPrefs(tx, p.id);
      // A channel the account cannot use is shown disabled (not submitted): keep its stored choice.
      const prefs = {
        email: p.email ? body.email === '1' : before.email,
        sms: p.phone ? body.sms === '1' : before.sms,
      };
      await setPrefs(tx, p.id, prefs, ctx.clock.now());
    });
    reply.flash('ok', 'notifications.prefs.saved');
    return reply.redirect('/thong-bao', 303);
  });

  // JSON for the signed-in user (and API tokens).
  app.get('/api/v1/me/notifications', async (req, reply) => {
    const p = requireUser(req, reply)!;
    const q = req.query as Record<string, unknown>;
    const page = await listNotifications(ctx.db, p.id, positiveInt(q.cursor), {
      limit: positiveInt(q.limit) ?? 20,
      unreadOnly: q.unread === 'true' || q.unread === '1',
    });
    return {
      unread: await unreadCount(ctx.db, p.id),
      items: page.items.map((n) => ({
        id: n.id,
        event: n.event,
        ...renderNotification(req.locale, n),
        link: n.link,
        entity: n.entityType ? { type: n.entityType, id: n.entityId } : null,
        readAt: n.readAt,
        createdAt: n.createdAt,
      })),
      nextCursor: page.nextCursor,
    };
  });

  app.post('/api/v1/me/notifications/read', async (req, reply) => {
    const p = requireUser(req, reply)!;
    const body = (req.body ?? {}) as { ids?: unknown; all?: unknown };
    const ids = Array.isArray(body.ids) ? body.ids.map(positiveInt).filter((x): x is number => x !== null) : [];
    const n = await ctx.db.transaction().execute((tx) => markRead(tx, p.id, body.all === true ? 'all' : ids, ctx.clock.now()));
    return { marked: n, unread: await unreadCount(ctx.db, p.id) };
  });
}
