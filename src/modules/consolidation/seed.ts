import type { AppContext } from '../../platform/context';
import { userByEmail } from '../petitions/seed';
import { EVALUATION_SET } from './fixtures/similarity-set';
import { quarterOf } from './period';
import { recordGathering, type OpinionRow } from './service/gatherings';
import { acceptProposal, listProposals, requestProposals, runProposals } from './service';

const UNIT = '03670';
const DAY = 86_400_000;

/** Meetings of the Front and its organisations in phường Chiềng Cơi, with what was said at each (groups of the evaluation set). */
const MEETINGS: Array<{ organisation: string; meeting: string; place: string; daysAgo: number; groups: Array<[string, number[]]> }> = [
  { organisation: 'Hội Nông dân', meeting: 'Hội nghị tiếp xúc cử tri bản Hài', place: 'Nhà văn hóa bản Hài', daysAgo: 12, groups: [['duong-ban-hai-sat-lo', [12, 6, 9, 4, 2]], ['nuoc-thai-lon-ban-hai', [3, 1, 2]], ['so-do-hua-la', [4, 2, 1]]] },
  { organisation: 'Hội Liên hiệp Phụ nữ', meeting: 'Sinh hoạt chi hội phụ nữ bản Cọ', place: 'Nhà văn hóa bản Cọ', daysAgo: 9, groups: [['nuoc-duc-ban-co', [8, 6, 4, 1, 3]], ['mam-non-ban-co', [2, 1, 3]]] },
  { organisation: 'Đoàn Thanh niên', meeting: 'Diễn đàn thanh niên tổ dân phố 1', place: 'Hội trường tổ dân phố 1', daysAgo: 6, groups: [['den-duong-to-1', [2, 1, 1, 3]], ['mot-cua-chieng-coi', [1, 1, 1]]] },
  { organisation: 'Ban công tác Mặt trận tổ dân phố 3', meeting: 'Họp tổ dân phố 3', place: 'Nhà văn hóa tổ dân phố 3', daysAgo: 4, groups: [['ngap-truong-chinh', [5, 3, 2, 2]], ['rac-cho-chieng-coi', [2, 1, 4]], ['nguoi-co-cong-to-2', [1, 1]]] },
];
/** Villages of the road topic's voices: several, so the topic is pressing by villages as well as by people. */
const ROAD_VILLAGES = ['Bản Hài', 'Bản Hài', 'Bản Hua La', 'Bản Cọ', 'Bản Hài'];

/**
 * The Front of phường Chiềng Cơi ahead of the demo conference: four meetings' gathered opinions (entered by
 * mattran@example.com), a proposal run, most proposals accepted as topics (some pressing), one left to review.
 */
export async function seedConsolidationDemo(ctx: AppContext): Promise<void> {
  const front = await userByEmail(ctx, 'mattran@example.com');
  if (!front) return;
  const now = ctx.clock.now();
  for (const m of MEETINGS) {
    const rows: OpinionRow[] = [];
    for (const [group, people] of m.groups) {
      const items = EVALUATION_SET.filter((e) => e.group === group).slice(0, people.length);
      items.forEach((it, i) =>
        rows.push({
          row: rows.length + 1,
          text: it.content,
          peopleCount: people[i],
          village: group === 'duong-ban-hai-sat-lo' ? ROAD_VILLAGES[i] : it.address,
        }),
      );
    }
    const heldOn = new Date(now.getTime() - m.daysAgo * DAY).toISOString().slice(0, 10);
    await recordGathering(ctx, front, { unitCode: UNIT, organisation: m.organisation, meeting: m.meeting, place: m.place, heldOn }, rows);
  }
  const period = quarterOf(now);
  const { runId } = await requestProposals(ctx, front, { unitCode: UNIT, period });
  await runProposals(ctx, { runId });
  const { proposals } = await listProposals(ctx, front, { unitCode: UNIT, period });
  // The smallest proposal stays open, for the officer to review in the demo.
  for (const p of proposals.slice(0, -1)) await acceptProposal(ctx, front, p.id, {});
}
