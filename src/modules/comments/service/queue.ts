// The moderation queue.
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { forbidden } from '../../../platform/http/errors';
import { moderatedAgencies } from '../policy';
import { commentTarget } from '../targets';
import type { CommentView, HoldReason, ReportReason } from '../model';
import { commentColumns, type Row, toView, agencyMap } from './rows';
import { encodeCursor, decodeCursor } from './read';

export type QueueTab = 'pending' | 'reported' | 'hidden';

export interface QueueItem extends CommentView {
  holdReason: HoldReason | null;
  moderationNote: string | null;
  guestContact: string | null;
  ip: string | null;
  targetTitle: string;
  targetLink: string;
  reports: Array<{ reason: ReportReason; count: number }>;
  authorBlocked: boolean;
}

/** The moderation queue of a tab, newest first, limited to the targets the principal moderates. */
export async function listQueue(
  db: Executor,
  principal: Principal | null,
  opts: { tab: QueueTab; cursor?: string | null; limit?: number },
): Promise<{ items: QueueItem[]; nextCursor: string | null; counts: Record<QueueTab, number> }> {
  const scope = moderatedAgencies(principal);
  if (scope !== 'all' && !scope.length) throw forbidden();
  const limit = opts.limit ?? 30;
  const base = () => {
    let q = db.selectFrom('comments as c').innerJoin('comment_targets as t', (j) =>
      j.onRef('t.target_type', '=', 'c.target_type').onRef('t.target_id', '=', 'c.target_id'),
    );
    if (scope !== 'all') q = q.where('t.agency_id', 'in', scope);
    return q;
  };
  const tabWhere = <Q extends { where: (...a: any[]) => any }>(q: Q, tab: QueueTab): Q => {
    if (tab === 'pending') return q.where('c.status', '=', 'pending');
    if (tab === 'hidden') return q.where('c.status', '=', 'hidden');
    return q.where('c.status', '=', 'visible').where('c.report_count', '>', 0);
  };
  let q = tabWhere(base().select([...commentColumns, 'c.hold_reason', 'c.moderation_note', 'c.guest_contact', 'c.ip']), opts.tab);
  if (opts.cursor) {
    const k = decodeCursor(opts.cursor);
    q = q.where(sql<boolean>`(c.created_at, c.id) < (${k.at}, ${k.id})`);
  }
  const rows = (await q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(limit + 1).execute()) as Array<
    Row & { hold_reason: HoldReason | null; moderation_note: string | null; guest_contact: string | null; ip: string | null }
  >;
  const page = rows.slice(0, limit);
  const counts = {} as Record<QueueTab, number>;
  for (const tab of ['pending', 'reported', 'hidden'] as QueueTab[]) {
    const r = await tabWhere(base().select((eb) => eb.fn.countAll<string>().as('n')), tab).executeTakeFirstOrThrow();
    counts[tab] = Number((r as { n: string }).n);
  }
  const agencies = await agencyMap(db, page);
  const ids = page.map((r) => Number(r.id));
  const reportRows = ids.length
    ? await db
        .selectFrom('comment_reports')
        .select(['comment_id', 'reason', (eb) => eb.fn.countAll<string>().as('n')])
        .where('comment_id', 'in', ids)
        .groupBy(['comment_id', 'reason'])
        .execute()
    : [];
  const authorIds = [...new Set(page.map((r) => r.author_id).filter((x) => x != null).map(Number))];
  const blocked = authorIds.length
    ? new Set((await db.selectFrom('comment_blocks').select('user_id').where('user_id', 'in', authorIds).execute()).map((r) => Number(r.user_id)))
    : new Set<number>();
  const titles = new Map<string, string>();
  const items: QueueItem[] = [];
  for (const r of page) {
    const key = `${r.target_type}:${r.target_id}`;
    const def = commentTarget(r.target_type);
    if (!titles.has(key)) titles.set(key, (def ? await def.title(db, Number(r.target_id)) : null) ?? key);
    items.push({
      ...toView(r, agencies, principal, new Set()),
      holdReason: r.hold_reason,
      moderationNote: r.moderation_note,
      guestContact: r.guest_contact,
      ip: r.ip,
      targetTitle: titles.get(key)!,
      targetLink: def ? `${def.link(Number(r.target_id))}#binh-luan-${r.parent_id ?? r.id}` : '#',
      reports: reportRows.filter((x) => Number(x.comment_id) === Number(r.id)).map((x) => ({ reason: x.reason, count: Number(x.n) })),
      authorBlocked: r.author_id != null && blocked.has(Number(r.author_id)),
    });
  }
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at), Number(last.id)) : null, counts };
}
