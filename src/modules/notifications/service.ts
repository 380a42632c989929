import { sql } from 'kysely';
import type { Executor } from '../../platform/db/types';
import type { AppContext } from '../../platform/context';
import { enqueueMany } from '../../platform/jobs/jobs';
import { audit } from '../../platform/audit/audit';
import { ReadCache } from '../../platform/cache';
import { afterCommit } from '../../platform/db/after-commit';
import { translate, type Locale } from '../../platform/i18n/i18n';
import {
  EMAIL_JOB,
  SMS_JOB,
  type Notification,
  type NotificationParams,
  type NotificationPrefs,
  type NotifyInput,
} from './model';
import { recipientContacts } from './contacts';
import { fitSms, smsAdapter } from './sms';

function uniqueIds(ids: number[]): number[] {
  return [...new Set(ids.filter((x) => Number.isSafeInteger(x) && x > 0))];
}

/**
 * Notifies users of something that happened, inside the caller's transaction: one in-app row per
 * recipient, and (transactional outbox) one e-mail job per recipient with an e-mail address and one
 * SMS job per recipient with a phone number, unless the recipient turned that channel off. Nothing
 * is sent if the caller's transaction rolls back. Recipients are deduplicated; unknown or disabled
 * users are skipped.
 *
 * Params whose name ends in `Key` are catalogue keys, translated when shown (`statusKey` → `{status}`),
 * so each reader sees them in their own language.
 */
export async function notify(tx: Executor, input: NotifyInput & { at?: Date }): Promise<void> {
  await notifyAll(tx, [input]);
}

/** Several notices at once (e.g. the agency's staff and the petitioner of a new petition): the same work in four statements. */
export async function notifyAll(tx: Executor, inputs: Array<NotifyInput & { at?: Date }>): Promise<void> {
  const notices = inputs.map((input) => ({ input, ids: uniqueIds(input.recipients) })).filter((n) => n.ids.length);
  if (notices.length === 0) return;
  const contacts = new Map((await recipientContacts(tx, [...new Set(notices.flatMap((n) => n.ids))])).map((c) => [c.id, c]));
  if (contacts.size === 0) return;
  const prefs = await prefsOf(tx, [...contacts.keys()]);
  const values = notices.flatMap(({ input, ids }) =>
    ids
      .filter((id) => contacts.has(id))
      .sort((a, b) => a - b)
      .map((id) => ({
        user_id: id,
        event: input.event,
        title_key: input.titleKey,
        body_key: input.bodyKey,
        params: JSON.stringify(input.params ?? {}),
        link: input.link,
        entity_type: input.entity?.type ?? null,
        entity_id: input.entity ? String(input.entity.id) : null,
        read_at: null,
        created_at: input.at ?? new Date(),
      })),
  );
  if (!values.length) return;
  const rows = await tx.insertInto('notifications').values(values).returning(['id', 'user_id']).execute();
  await afterCommit(tx, forgetUnread);
  const jobs: Array<{ name: string; payload: unknown }> = [];
  for (const r of rows) {
    const c = contacts.get(Number(r.user_id))!;
    const p = prefs.get(c.id) ?? { email: true, sms: true };
    if (c.email && p.email) jobs.push({ name: EMAIL_JOB, payload: { notificationId: Number(r.id), to: c.email } });
    if (c.phone && p.sms) jobs.push({ name: SMS_JOB, payload: { notificationId: Number(r.id), to: c.phone } });
  }
  await enqueueMany(tx, jobs);
}

/** Starts following an entity (idempotent). */
export async function follow(tx: Executor, userId: number, entityType: string, entityId: string | number): Promise<void> {
  await followAll(tx, [{ userId, entityType, entityId }]);
}

/** Several follows at once (a batch of new entities), idempotent like follow(); a thousand per statement. */
export async function followAll(tx: Executor, items: Array<{ userId: number; entityType: string; entityId: string | number }>): Promise<void> {
  for (let k = 0; k < items.length; k += 1000) {
    await tx
      .insertInto('follows')
      .values(items.slice(k, k + 1000).map((f) => ({ user_id: f.userId, entity_type: f.entityType, entity_id: String(f.entityId), created_at: new Date() })))
      .onConflict((oc) => oc.columns(['entity_type', 'entity_id', 'user_id']).doNothing())
      .execute();
  }
}

export async function unfollow(tx: Executor, userId: number, entityType: string, entityId: string | number): Promise<void> {
  await tx
    .deleteFrom('follows')
    .where('user_id', '=', userId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .execute();
}

/** The ids of the users following an entity, in the order they started following. */
export async function followers(tx: Executor, entityType: string, entityId: string | number): Promise<number[]> {
  const rows = await tx
    .selectFrom('follows')
    .select('user_id')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .orderBy('created_at')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => Number(r.user_id));
}

export async function isFollowing(db: Executor, userId: number, entityType: string, entityId: string | number): Promise<boolean> {
  const row = await db
    .selectFrom('follows')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .executeTakeFirst();
  return !!row;
}

/**
 * Unread counts by user: shown in the header of every page a signed-in person opens, changed only by a new
 * notification or by reading. Forgotten in every process once either has committed.
 */
const unreadCounts = new ReadCache<{ n: number }>('notifications.unread', { max: 20_000, ttlMs: 60_000 });

function forgetUnread(): void {
  unreadCounts.forget();
}

export async function unreadCount(db: Executor, userId: number): Promise<number> {
  const r = await unreadCounts.get(db, String(userId), async () => {
    const row = await db
      .selectFrom('notifications')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { n: Number(row.n) };
  });
  return r!.n;
}

function toNotification(r: {
  id: number;
  user_id: number;
  event: string;
  title_key: string;
  body_key: string;
  params: unknown;
  link: string;
  entity_type: string | null;
  entity_id: string | null;
  read_at: Date | null;
  created_at: Date;
}): Notification {
  const params = typeof r.params === 'string' ? JSON.parse(r.params) : (r.params ?? {});
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    event: r.event,
    titleKey: r.title_key,
    bodyKey: r.body_key,
    params: params as NotificationParams,
    link: r.link,
    entityType: r.entity_type,
    entityId: r.entity_id,
    readAt: r.read_at,
    createdAt: r.created_at,
  };
}

export interface NotificationPage {
  items: Notification[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: number | null;
}

/** A user's notifications, newest first, by keyset (`cursor` = the last id seen). */
export async function listNotifications(
  db: Executor,
  userId: number,
  cursor?: number | null,
  opts: { limit?: number; unreadOnly?: boolean } = {},
): Promise<NotificationPage> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (cursor) q = q.where('id', '<', cursor);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map(toNotification);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

export async function getNotification(db: Executor, id: number): Promise<Notification | undefined> {
  const r = await db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toNotification(r) : undefined;
}

/**
 * Marks the user's own notifications read (the given ids, or all of them); audited. Returns how many
 * changed. Other users' ids are ignored.
 */
export async function markRead(tx: Executor, userId: number, ids: number[] | 'all', at: Date = new Date()): Promise<number> {
  let q = tx.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') {
    const wanted = uniqueIds(ids);
    if (wanted.length === 0) return 0;
    q = q.where('id', 'in', wanted);
  }
  const changed = await q.returning('id').execute();
  if (changed.length) {
    await afterCommit(tx, forgetUnread);
    await audit(tx, {
      actor: { id: userId, label: `user:${userId}` },
      action: 'notification.read',
      entityType: 'user',
      entityId: userId,
      after: { ids: ids === 'all' ? 'all' : changed.map((r) => Number(r.id)), count: changed.length },
      at,
    });
  }
  return changed.length;
}

async function prefsOf(db: Executor, userIds: number[]): Promise<Map<number, NotificationPrefs>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('notification_prefs').selectAll().where('user_id', 'in', userIds).execute();
  return new Map(rows.map((r) => [Number(r.user_id), { email: r.email, sms: r.sms }]));
}

export async function getPrefs(db: Executor, userId: number): Promise<NotificationPrefs> {
  return (await prefsOf(db, [userId])).get(userId) ?? { email: true, sms: true };
}

export async function setPrefs(tx: Executor, userId: number, prefs: NotificationPrefs, at: Date = new Date()): Promise<void> {
  const before = await getPrefs(tx, userId);
  if (before.email === prefs.email && before.sms === prefs.sms) return;
  await tx
    .insertInto('notification_prefs')
    .values({ user_id: userId, email: prefs.email, sms: prefs.sms, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email: prefs.email, sms: prefs.sms, updated_at: at }))
    .execute();
  await audit(tx, {
    actor: { id: userId, label: `user:${userId}` },
    action: 'notification.prefs',
    entityType: 'user',
    entityId: userId,
    before,
    after: prefs,
    at,
  });
}

/** Catalogue keys among the params (`…Key`) translated into the reader's language. */
export function resolveParams(locale: Locale, params: NotificationParams): NotificationParams {
  const out: NotificationParams = { ...params };
  for (const [k, v] of Object.entries(params)) {
    if (k.length > 3 && k.endsWith('Key') && typeof v === 'string') out[k.slice(0, -3)] = translate(locale, v);
  }
  return out;
}

/** The title and body of a notification in a language. */
export function renderNotification(locale: Locale, n: Pick<Notification, 'titleKey' | 'bodyKey' | 'params'>): { title: string; body: string } {
  const p = resolveParams(locale, n.params);
  return { title: translate(locale, n.titleKey, p), body: translate(locale, n.bodyKey, p) };
}

export function absoluteLink(publicUrl: string, link: string): string {
  try {
    return new URL(link, publicUrl.endsWith('/') ? publicUrl : publicUrl + '/').toString();
  } catch {
    return publicUrl;
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The Vietnamese e-mail for a notification: subject, plain text, and a minimal HTML alternative. */
export function renderEmail(publicUrl: string, n: Pick<Notification, 'titleKey' | 'bodyKey' | 'params' | 'link'>) {
  const locale: Locale = 'vi';
  const { title, body } = renderNotification(locale, n);
  const url = absoluteLink(publicUrl, n.link);
  const t = (k: string, p?: NotificationParams) => translate(locale, k, p);
  const text = [
    t('notifications.email.greeting'),
    '',
    body,
    '',
    `${t('notifications.email.view')}: ${url}`,
    '',
    '—',
    t('notifications.email.footer', { prefs: absoluteLink(publicUrl, '/thong-bao') }),
  ].join('\n');
  const html =
    `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<body style="font-family:sans-serif;line-height:1.5"><p>${escapeHtml(t('notifications.email.greeting'))}</p>` +
    `<p>${escapeHtml(body).replace(/\n/g, '<br>')}</p>` +
    `<p><a href="${escapeHtml(url)}">${escapeHtml(t('notifications.email.view'))}</a></p>` +
    `<hr><p style="color:#555;font-size:small">${escapeHtml(t('notifications.email.footer', { prefs: absoluteLink(publicUrl, '/thong-bao') }))}</p></body></html>`;
  return { subject: `${t('site.name')}: ${title}`, text, html, url };
}

/** Job: sends the e-mail of one notification. A notification deleted since is skipped. */
export async function sendEmailJob(ctx: AppContext, payload: { notificationId: number; to: string }): Promise<void> {
  const n = await getNotification(ctx.db, payload.notificationId);
  if (!n || !payload.to) return;
  const mail = renderEmail(ctx.config.publicUrl, n);
  await ctx.mailer.send({ to: payload.to, subject: mail.subject, text: mail.text, html: mail.html });
}

/** Job: sends the SMS of one notification through the configured adapter. */
export async function sendSmsJob(ctx: AppContext, payload: { notificationId: number; to: string }): Promise<void> {
  const n = await getNotification(ctx.db, payload.notificationId);
  if (!n || !payload.to) return;
  const { title } = renderNotification('vi', n);
  const text = fitSms(translate('vi', 'notifications.sms.prefix'), title, absoluteLink(ctx.config.publicUrl, n.link));
  await smsAdapter(ctx.log).send(payload.to, text);
}
