import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, DateText, Empty, PageHeader, Pager, withQuery } from '../../../platform/ui/components';
import type { Notification, NotificationPrefs } from '../model';
import { renderNotification } from '../service';

export function NotificationsPage({
  ctx,
  items,
  unread,
  nextCursor,
  cursor,
  prefs,
  hasEmail,
  hasPhone,
}: {
  ctx: PageContext;
  items: Notification[];
  unread: number;
  nextCursor: number | null;
  cursor: number | null;
  prefs: NotificationPrefs;
  hasEmail: boolean;
  hasPhone: boolean;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={unread ? `${t('notifications.title')} (${unread})` : t('notifications.title')}>
      <PageHeader title={t('notifications.title')}>
        <p role="status">{unread ? t('notifications.unread', { count: unread }) : t('notifications.allRead')}</p>
      </PageHeader>
      {unread ? (
        <form method="post" action="/thong-bao/doc" class="inline">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="all" value="1" />
          <button type="submit">{t('notifications.markAllRead')}</button>
        </form>
      ) : null}
      <section aria-labelledby="notif-list">
        <h2 id="notif-list" class="sr-only">
          {t('notifications.list')}
        </h2>
        {items.length === 0 ? (
          <Empty>{t('notifications.empty')}</Empty>
        ) : (
          <ul class="notification-list">
            {items.map((n) => {
              const { title, body } = renderNotification(ctx.locale, n);
              return (
                <li class={n.readAt ? 'notification' : 'notification unread'}>
                  <h3>
                    {n.readAt ? null : <span class="badge">{t('notifications.new')}</span>} <a href={n.link}>{title}</a>
                  </h3>
                  <p>{body}</p>
                  <p class="meta">
                    <DateText value={n.createdAt} withTime />
                  </p>
                  {n.readAt ? null : (
                    <form method="post" action="/thong-bao/doc" class="inline">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="id" value={String(n.id)} />
                      <button type="submit" class="link">
                        {t('notifications.markRead')}
                        <span class="sr-only">: {title}</span>
                      </button>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <Pager
          ctx={ctx}
          prev={cursor ? '/thong-bao' : null}
          next={nextCursor ? withQuery('/thong-bao', { cursor: nextCursor }) : null}
        />
      </section>
      <section aria-labelledby="notif-prefs">
        <h2 id="notif-prefs">{t('notifications.prefs.title')}</h2>
        <p class="hint">{t('notifications.prefs.help')}</p>
        <form method="post" action="/thong-bao/cai-dat">
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('notifications.prefs.title')}</legend>
            <div class="field check">
              <input type="checkbox" id="pref-email" name="email" value="1" checked={prefs.email} disabled={!hasEmail} />
              <label for="pref-email">{t('notifications.prefs.email')}</label>
            </div>
            <div class="field check">
              <input type="checkbox" id="pref-sms" name="sms" value="1" checked={prefs.sms} disabled={!hasPhone} />
              <label for="pref-sms">{t('notifications.prefs.sms')}</label>
            </div>
          </fieldset>
          <button type="submit">{t('notifications.prefs.save')}</button>
        </form>
      </section>
    </Layout>
  );
}
