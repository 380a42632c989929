import type { AppContext } from '../../platform/context';
import { getAgencyByCode } from '../directory/service';
import { usersWithRole } from '../accounts/service';
import { principalOfUser } from '../disclosure/seed';
import { today, type PeriodKind } from './period';
import { createReport, issueReport, saveNarrative } from './periodic/service';

/** The last period of the year (Q1, 6 or 9 months; else last year's annual report) that has ended by `on`. */
export function lastEnded(on: string): { kind: PeriodKind; year: number } {
  const y = Number(on.slice(0, 4));
  const m = Number(on.slice(5, 7));
  return m >= 10 ? { kind: 'm9', year: y } : m >= 7 ? { kind: 'h1', year: y } : m >= 4 ? { kind: 'q1', year: y } : { kind: 'year', year: y - 1 };
}

/**
 * The demo's reports: Phường Chiềng Cơi's report of the last ended period, issued and waiting in the province's
 * inbox, and a draft of last month's report with its narrative — both from the demo's real figures.
 */
export async function seedReportsDemo(ctx: AppContext): Promise<void> {
  const ward = await getAgencyByCode(ctx.db, 'UBND-03670');
  if (!ward) return;
  const [headId] = await usersWithRole(ctx.db, { role: 'head', agencyId: ward.id });
  if (!headId) return;
  const head = await principalOfUser(ctx.db, headId);
  const on = today(ctx.clock.now());
  const last = lastEnded(on);
  const r = await createReport(ctx, head, { agencyId: ward.id, kind: last.kind, year: last.year });
  await saveNarrative(ctx, head, r.id, {
    narrative:
      'Trong kỳ, UBND phường duy trì tiếp công dân định kỳ mỗi tuần một ngày tại Trụ sở tiếp công dân phường; các kiến nghị được tiếp nhận, phân công và trả lời theo đúng thời hạn quy định, kết quả được công khai trên Cổng thông tin.\n\n' +
      'Khó khăn: một số vụ việc về đất đai tại bản Hài, bản Cọ có nguồn gốc phức tạp, phải xác minh nhiều lần nên còn kéo dài.\n\n' +
      'Phương hướng kỳ tới: giải quyết dứt điểm các vụ việc kéo dài, phối hợp Ủy ban MTTQ phường tổ chức hội nghị đối thoại với Nhân dân.',
  });
  if (r.status === 'draft') await issueReport(ctx, head, r.id);
  const y = Number(on.slice(0, 4));
  const m = Number(on.slice(5, 7));
  const prev = m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
  const monthly = await createReport(ctx, head, { agencyId: ward.id, kind: 'month', ...prev });
  await saveNarrative(ctx, head, monthly.id, { narrative: 'Dự thảo: tình hình tiếp nhận, giải quyết kiến nghị tháng trước; sẽ bổ sung đánh giá trước khi ban hành.' });
}
