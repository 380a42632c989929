import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import { addDays, todayInVietnam } from '../../platform/calendar';
import { findAgency, homeProvinceCode, listUnits } from '../directory/service';
import { forgetLists } from './service/cache';

const TEXTS = [
  'Sửa chữa tuyến đường nội bản bị xuống cấp',
  'Thay thế đèn chiếu sáng công cộng bị hỏng',
  'Nạo vét mương thoát nước khu dân cư',
  'Sửa chữa đường ống nước sinh hoạt',
  'Hoàn thành thủ tục cấp giấy chứng nhận quyền sử dụng đất',
  'Bố trí thu gom rác thải tại điểm tập kết',
  'Kè chống sạt lở taluy đường liên bản',
  'Lắp biển báo và gờ giảm tốc trước cổng trường',
];
const STATES = ['in_progress', 'in_progress', 'in_progress', 'in_progress', 'open', 'done_awaiting_verification', 'verified_kept', 'verified_kept', 'verified_not_kept', 'cancelled'];

/**
 * Benchmark data: `count` commitments (marked generated) over every commune of the home province, each at its
 * People's Committee, in every state, deadlines spread a year around today (about half of the working ones overdue).
 * One INSERT … SELECT FROM generate_series per batch, then VACUUM (ANALYZE).
 */
export async function generateCommitments(ctx: AppContext, count: number, opts: { batch?: number } = {}): Promise<void> {
  const province = await homeProvinceCode(ctx.db);
  const units: string[] = [];
  const agencies: number[] = [];
  for (const u of await listUnits(ctx.db, { parent: province, limit: 500 })) {
    const a = await findAgency(ctx.db, u.code, 'peoples_committee');
    if (a) {
      units.push(u.code);
      agencies.push(a.id);
    }
  }
  if (!units.length) throw new Error('generateCommitments: no communes with a People’s Committee (load the directory first)');
  const today = todayInVietnam(ctx.clock.now());
  const start = addDays(today, -200);
  const now = ctx.clock.now();
  const batch = opts.batch ?? 10_000;
  const first = Number((await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from commitments`.execute(ctx.db)).rows[0].n);
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await sql`
      insert into commitments (code, unit_code, province_code, source_kind, source_ref_id, source_href, source_label, promised_by_name,
        promised_by_title, promised_on, agency_id, co_agency_ids, deadline, original_deadline, text, petition_ids, state, progress_pct,
        extension_count, is_public, source, created_at, updated_at)
      select 'CK-2000-' || lpad((${first} + g)::text, 7, '0'),
        (${units}::text[])[1 + g % ${units.length}], ${province}, 'reception_case', 'gen-' || g, '/tiep-cong-dan', 'Tiếp công dân định kỳ',
        'Người đứng đầu', 'Chủ tịch UBND', ${start}::date + (g * 7 % 200), (${agencies}::int[])[1 + g % ${agencies.length}], '[]'::jsonb,
        ${start}::date + (g * 7 % 200) + 10 + (g * 37 % 380), ${start}::date + (g * 7 % 200) + 10 + (g * 37 % 380),
        (${TEXTS}::text[])[1 + g % ${TEXTS.length}] || ' (số ' || g || ')', '[]'::jsonb,
        (${STATES}::text[])[1 + (g / 7) % ${STATES.length}], (g * 13) % 100, (g % 11 = 0)::int, g % 5 <> 0, 'generated', ${now}, ${now}
      from generate_series(${from}::int, ${to}::int) g`.execute(ctx.db);
  }
  // What autovacuum does within a minute of so many inserts (its insert threshold): statistics, and the visibility
  // map that lets counts be read from the indexes alone.
  await sql`vacuum (analyze) commitments`.execute(ctx.db);
  forgetLists();
}
