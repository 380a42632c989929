/** Test fixtures of the conferences module: a valid conference input in phường Chiềng Cơi, days ahead. */
import type { AppContext } from '../../platform/context';
import { addDays, todayInVietnam } from '../../platform/calendar/dates';
import { getAgencyByCode } from '../directory/service';
import type { Cast } from '../petitions/testing';

export async function conferenceInput(ctx: AppContext, cast: Cast, over: Record<string, unknown> = {}, daysAhead = 14): Promise<Record<string, unknown>> {
  const du = (await getAgencyByCode(ctx.db, 'DU-03670'))!.id;
  return {
    unitCode: '03670',
    agencyId: cast.agencies.ubndCC,
    kind: 'joint',
    title: 'Hội nghị đối thoại giữa Bí thư Đảng ủy, Chủ tịch UBND phường với các hộ dân phường Chiềng Cơi',
    chairs: [
      { userId: cast.bithuCC.id, title: 'Bí thư Đảng ủy phường Chiềng Cơi' },
      { userId: cast.headCC.id, title: 'Chủ tịch UBND phường Chiềng Cơi' },
    ],
    agencies: [cast.agencies.mttqCC, du],
    invited: 'Đại diện các hộ dân, trưởng bản, tổ trưởng tổ dân phố',
    venue: 'Hội trường UBND phường Chiềng Cơi',
    date: addDays(todayInVietnam(ctx.clock.now()), daysAhead),
    startTime: '08:00',
    endTime: '11:00',
    capacity: 100,
    agenda: [
      { title: 'Khai mạc, giới thiệu đại biểu', minutes: 10 },
      { title: 'Báo cáo tình hình kinh tế - xã hội của phường', minutes: 20 },
      { title: 'Nhân dân phát biểu, lãnh đạo trả lời', minutes: 120 },
    ],
    ...over,
  };
}
