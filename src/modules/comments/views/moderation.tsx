import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, DateText, Empty, withQuery } from '../../../platform/ui/components';
import { isAdmin } from '../../../platform/access/principal';
import type { QueueItem, QueueTab } from '../service';

type Tab = QueueTab | 'words' | 'blocks' | 'units';

function ReasonForm({ ctx, item, action, label, danger }: { ctx: PageContext; item: QueueItem; action: string; label: string; danger?: boolean }) {
  const id = `reason-${action}-${item.id}`;
  return (
    <form method="post" action={`/quan-tri/binh-luan/${item.id}/${action}`} class="moderation-action">
      <CsrfField ctx={ctx} />
      <div class="field">
        <label for={id}>{ctx.t('moderation.reason')}</label>
        <input type="text" id={id} name="reason" required minLength={5} maxLength={500} />
      </div>
      <button type="submit" class={danger ? 'danger' : 'secondary'}>
        {label}
      </button>
    </form>
  );
}

function Item({ ctx, item }: { ctx: PageContext; item: QueueItem }) {
  const { t } = ctx;
  return (
    <li id={`kiem-duyet-${item.id}`}>
      <p>
        <strong>{item.author.agency ? t('comments.agencyReply', { agency: item.author.agency.name }) : item.author.name}</strong>
        {item.author.guest ? (
          <>
            {' '}
            <span class="badge">{t('comments.guestBadge')}</span>
          </>
        ) : null}{' '}
        <span class="meta">
          · <DateText value={item.createdAt} withTime /> · <a href={item.targetLink}>{t('moderation.on', { title: item.targetTitle })}</a>
        </span>
      </p>
      <p class="comment-body">{item.body}</p>
      <p class="meta">
        {item.holdReason ? <span class="badge warn">{t(`moderation.hold.${item.holdReason}`)}</span> : null}
        {item.reports.length ? ` ${t('moderation.reports', { list: item.reports.map((r) => `${t(`comments.reason.${r.reason}`)} (${r.count})`).join(', ') })}` : ''}
        {item.moderationNote ? ` · ${t('moderation.note', { note: item.moderationNote })}` : ''}
        {item.guestContact ? ` · ${t('moderation.contact', { contact: item.guestContact })}` : ''}
        {item.ip ? ` · ${t('moderation.ip', { ip: item.ip })}` : ''}
        {item.authorBlocked ? (
          <>
            {' '}
            <span class="badge danger">{t('moderation.blocked')}</span>
          </>
        ) : null}
      </p>
      <div class="grid grid-3">
        {item.status === 'pending' ? (
          <form method="post" action={`/quan-tri/binh-luan/${item.id}/duyet`} class="moderation-action">
            <CsrfField ctx={ctx} />
            <button type="submit">{t('moderation.approve')}</button>
          </form>
        ) : null}
        {item.status !== 'hidden' ? <ReasonForm ctx={ctx} item={item} action="an" label={t('moderation.hide')} /> : null}
        {item.status === 'hidden' ? <ReasonForm ctx={ctx} item={item} action="khoi-phuc" label={t('moderation.restore')} /> : null}
        {item.author.userId != null && !item.authorBlocked ? <ReasonForm ctx={ctx} item={item} action="chan" label={t('moderation.block')} danger /> : null}
      </div>
    </li>
  );
}

export function ModerationPage({
  ctx,
  tab,
  queue,
  words,
  blocks,
  units,
}: {
  ctx: PageContext;
  tab: Tab;
  queue: { items: QueueItem[]; nextCursor: string | null; counts: Record<QueueTab, number> };
  words: Array<{ id: number; word: string; createdAt: Date }>;
  blocks: Array<{ userId: number; userName: string; reason: string; blockedBy: number | null; createdAt: Date }>;
  units: Array<{ unit_code: string; guest_allowed: boolean | null; guest_moderation: boolean | null }>;
}) {
  const { t } = ctx;
  const admin = isAdmin(ctx.principal);
  const tabs: Array<{ key: Tab; label: string }> = [
    { key: 'pending', label: t('moderation.tab.pending', { n: queue.counts.pending }) },
    { key: 'reported', label: t('moderation.tab.reported', { n: queue.counts.reported }) },
    { key: 'hidden', label: t('moderation.tab.hidden', { n: queue.counts.hidden }) },
    { key: 'words', label: t('moderation.tab.words') },
    { key: 'blocks', label: t('moderation.tab.blocks') },
    ...(admin ? [{ key: 'units' as Tab, label: t('moderation.tab.units') }] : []),
  ];
  const yesNo = (v: boolean | null) => (v === null ? t('moderation.units.inherit') : v ? t('moderation.units.yes') : t('moderation.units.no'));
  return (
    <Layout ctx={ctx} title={t('moderation.title')}>
      <h1>{t('moderation.title')}</h1>
      <nav aria-label={t('moderation.tabs')}>
        <ul class="list">
          {tabs.map((x) => (
            <li>
              <a href={withQuery('/quan-tri/binh-luan', { tab: x.key === 'pending' ? null : x.key })} aria-current={tab === x.key ? 'page' : undefined}>
                {x.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'pending' || tab === 'reported' || tab === 'hidden' ? (
        <section aria-labelledby="queue-heading">
          <h2 id="queue-heading">{tabs.find((x) => x.key === tab)!.label}</h2>
          {queue.items.length ? (
            <ul class="list">
              {queue.items.map((i) => (
                <Item ctx={ctx} item={i} />
              ))}
            </ul>
          ) : (
            <Empty>{t('moderation.empty')}</Empty>
          )}
          {queue.nextCursor ? (
            <nav class="pager" aria-label={t('layout.pagination')}>
              <span />
              <a href={withQuery('/quan-tri/binh-luan', { tab, cursor: queue.nextCursor })} rel="next">
                {t('layout.next')}
              </a>
            </nav>
          ) : null}
        </section>
      ) : null}
      {tab === 'words' ? (
        <section aria-labelledby="words-heading">
          <h2 id="words-heading">{t('moderation.tab.words')}</h2>
          <p>{t('moderation.words.intro')}</p>
          {admin ? (
            <form method="post" action="/quan-tri/binh-luan/tu-khoa" class="filters">
              <CsrfField ctx={ctx} />
              <div class="field">
                <label for="word">{t('moderation.words.word')}</label>
                <input type="text" id="word" name="word" required minLength={2} maxLength={60} />
              </div>
              <button type="submit">{t('moderation.words.add')}</button>
            </form>
          ) : (
            <p class="hint">{t('moderation.words.adminOnly')}</p>
          )}
          <ul class="list">
            {words.map((w) => (
              <li>
                <span lang="vi">{w.word}</span>
                {admin ? (
                  <form method="post" action={`/quan-tri/binh-luan/tu-khoa/${w.id}/xoa`} class="inline">
                    <CsrfField ctx={ctx} />{' '}
                    <button type="submit" class="link" aria-label={`${t('moderation.words.remove')}: ${w.word}`}>
                      {t('moderation.words.remove')}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {tab === 'blocks' ? (
        <section aria-labelledby="blocks-heading">
          <h2 id="blocks-heading">{t('moderation.tab.blocks')}</h2>
          {blocks.length ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('moderation.blocks.user')}</th>
                    <th scope="col">{t('moderation.blocks.reason')}</th>
                    <th scope="col">{t('moderation.blocks.date')}</th>
                    <th scope="col">
                      <span class="sr-only">{t('moderation.unblock')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {blocks.map((b) => (
                    <tr>
                      <td>{b.userName}</td>
                      <td>{b.reason}</td>
                      <td>
                        <DateText value={b.createdAt} />
                      </td>
                      <td>
                        {admin || b.blockedBy === ctx.principal?.id ? (
                          <form method="post" action={`/quan-tri/binh-luan/bo-chan/${b.userId}`} class="inline">
                            <CsrfField ctx={ctx} />
                            <button type="submit" class="secondary">
                              {t('moderation.unblock')}
                            </button>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{t('moderation.blocks.empty')}</Empty>
          )}
        </section>
      ) : null}
      {tab === 'units' && admin ? (
        <section aria-labelledby="units-heading">
          <h2 id="units-heading">{t('moderation.tab.units')}</h2>
          <p>{t('moderation.units.intro')}</p>
          {units.length ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('moderation.units.unit')}</th>
                    <th scope="col">{t('moderation.units.guestAllowed')}</th>
                    <th scope="col">{t('moderation.units.guestModeration')}</th>
                  </tr>
                </thead>
                <tbody>
                  {units.map((u) => (
                    <tr>
                      <td>{u.unit_code}</td>
                      <td>{yesNo(u.guest_allowed)}</td>
                      <td>{yesNo(u.guest_moderation)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{t('moderation.units.none')}</Empty>
          )}
          <form method="post" action="/quan-tri/binh-luan/don-vi" class="card">
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for="unitCode">{t('moderation.units.unit')}</label>
              <input type="text" id="unitCode" name="unitCode" required inputMode="numeric" />
            </div>
            {(['guestAllowed', 'guestModeration'] as const).map((k) => (
              <div class="field">
                <label for={k}>{t(`moderation.units.${k}`)}</label>
                <select id={k} name={k}>
                  <option value="">{t('moderation.units.inherit')}</option>
                  <option value="yes">{t('moderation.units.yes')}</option>
                  <option value="no">{t('moderation.units.no')}</option>
                </select>
              </div>
            ))}
            <button type="submit">{t('moderation.units.save')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
