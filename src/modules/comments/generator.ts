import { sql } from 'kysely';
import type { Executor } from '../../platform/db/types';
import { newCommentRow } from './service/rows';

const SAMPLES = [
  'Đề nghị chính quyền sớm sửa lại đoạn đường qua tổ dân phố, mùa mưa đi lại rất khó khăn.',
  'Tôi đồng ý với nội dung bài viết, mong các buổi đối thoại được tổ chức thường xuyên hơn.',
  'Cần công khai rõ tiến độ giải quyết các kiến nghị sau hội nghị đối thoại.',
  'Ý kiến của bà con đã được lắng nghe, cảm ơn lãnh đạo phường.',
  'Mong có thêm kênh tiếp nhận phản ánh qua điện thoại cho người cao tuổi.',
];

/**
 * Inserts `count` visible top-level comments (and `repliesPer` replies to every 10th) on one target,
 * in bulk (for tests and benchmarks: no audit, no rules), one millisecond apart from `start`, and
 * refreshes the target's cached counts.
 */
export async function generateComments(
  db: Executor,
  opts: { targetType: string; targetId: number; count: number; start?: Date; repliesPer?: number; sameTime?: boolean },
): Promise<void> {
  const start = opts.start ?? new Date(Date.UTC(2026, 0, 1));
  const batch = 1000;
  for (let from = 0; from < opts.count; from += batch) {
    const rows = [];
    for (let i = from; i < Math.min(opts.count, from + batch); i++) {
      const at = new Date(start.getTime() + (opts.sameTime ? Math.floor(i / 7) : i) * 1000);
      rows.push(
        newCommentRow({
          targetType: opts.targetType,
          targetId: opts.targetId,
          section: null,
          parentId: null,
          authorId: 100_000 + (i % 500),
          authorName: `Người dân ${(i % 500) + 1}`,
          guestContact: null,
          asAgencyId: null,
          body: `${SAMPLES[i % SAMPLES.length]} (#${i + 1})`,
          status: 'visible',
          holdReason: null,
          ip: null,
          at,
        }),
      );
    }
    await db.insertInto('comments').values(rows).execute();
  }
  if (opts.repliesPer) {
    await sql`
      insert into comments (target_type, target_id, parent_id, author_id, author_name, body, status, created_at, updated_at)
      select c.target_type, c.target_id, c.id, 200000 + g, 'Người trả lời ' || g, 'Cảm ơn ý kiến của bạn, tôi cũng nghĩ vậy. (' || g || ')', 'visible',
             c.created_at + (g || ' seconds')::interval, c.created_at + (g || ' seconds')::interval
      from comments c cross join generate_series(1, ${opts.repliesPer}) g
      where c.target_type = ${opts.targetType} and c.target_id = ${opts.targetId} and c.parent_id is null and c.id % 10 = 0`.execute(db);
    await sql`
      update comments p set reply_count = (select count(*) from comments r where r.parent_id = p.id and r.status = 'visible')
      where p.target_type = ${opts.targetType} and p.target_id = ${opts.targetId} and p.parent_id is null`.execute(db);
  }
  await sql`
    insert into comment_targets (target_type, target_id, visible_count, top_count, updated_at)
    select ${opts.targetType}, ${opts.targetId},
           count(*) filter (where status = 'visible'), count(*) filter (where status = 'visible' and parent_id is null), now()
    from comments where target_type = ${opts.targetType} and target_id = ${opts.targetId}
    on conflict (target_type, target_id) do update set visible_count = excluded.visible_count, top_count = excluded.top_count, updated_at = now()`.execute(db);
}
