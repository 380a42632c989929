import type { AppContext } from '../../platform/context';
import type { Principal } from '../../platform/access/principal';
import { addDays, todayInVietnam } from '../../platform/calendar';
import { findAgency } from '../directory/service';
import { listUsers } from '../accounts/service';
import { principalOfUser } from '../disclosure/seed';
import { addWorkingDaysFrom } from '../calendar/service';
import { createPetition } from '../petitions/service';
import { createCommitment } from './service/create';
import { cancelCommitment, extendCommitment, recordFinding, updateProgress } from './service/transitions';
import { turnIntoPetition } from './service/petition';
import { createSupervisionPlan } from './service/supervision';
import { bookSlot, planReceptionDay, recordCase } from './reception/service';
import { scanCommitmentDeadlines } from './jobs';

const CC = '03670';

/** The same context with its clock stopped on a day (Vietnam time), to seed past steps. */
function on(ctx: AppContext, day: string, hour = 9): AppContext {
  const when = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`);
  return { ...ctx, clock: { now: () => when } };
}

async function who(ctx: AppContext, email: string): Promise<Principal | null> {
  const u = (await listUsers(ctx.db, { q: email, limit: 5 })).items.find((x) => x.email === email);
  return u ? principalOfUser(ctx.db, u.id) : null;
}

/** The Monday on or before a day. */
function monday(day: string): string {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((wd + 6) % 7));
}

/**
 * Phường Chiềng Cơi's reception days and the commitments made there, at every stage: on time, overdue, extended,
 * verified kept, found not kept and turned into a petition, cancelled; one made in a petition's answer; the
 * Front's quarterly plan. Conference commitments are linked by the conferences module.
 */
export async function seedCommitmentsDemo(ctx: AppContext): Promise<void> {
  const done = await ctx.db.selectFrom('commitments').select('id').where('source', '=', 'demo').limit(1).executeTakeFirst();
  if (done) return;
  const [officer, chair, front, secretary, citizen] = await Promise.all(['chuyenvien', 'chutich', 'mattran', 'bithu', 'congdan'].map((u) => who(ctx, `${u}@example.com`)));
  if (!officer || !chair || !front || !secretary || !citizen) return;
  const ubnd = (await findAgency(ctx.db, CC, 'peoples_committee'))!;
  const party = (await findAgency(ctx.db, CC, 'party_committee'))!;
  const today = todayInVietnam(ctx.clock.now());
  const place = 'Trụ sở tiếp công dân phường Chiềng Cơi, số 2 đường Lò Văn Giá';
  const chairDay = { agencyId: ubnd.id, headName: chair.name, headTitle: 'Chủ tịch UBND phường Chiềng Cơi', starts: '07:30', ends: '11:30', place, slots: 8 };
  const secDay = { agencyId: party.id, headName: secretary.name, headTitle: 'Bí thư Đảng ủy phường Chiềng Cơi', starts: '14:00', ends: '17:00', place, slots: 6 };
  const plan = (day: string, d: typeof chairDay, status: 'planned' | 'held' = 'held') => planReceptionDay(on(ctx, addDays(day, -7)), officer, CC, { ...d, onDate: day }, { source: 'demo', status });

  // The chair received citizens every Monday of the last eight weeks; the Party secretary twice a month.
  const thisMonday = monday(today);
  const chairDays = [];
  for (let w = 8; w >= 1; w--) chairDays.push(await plan(addDays(thisMonday, -7 * w), chairDay, 'planned'));
  const secDays = [await plan(addDays(thisMonday, -52), secDay, 'planned'), await plan(addDays(thisMonday, -38), secDay, 'planned'), await plan(addDays(thisMonday, -10), secDay, 'planned')];
  const upcoming = await plan(addDays(thisMonday, 7), chairDay, 'planned');
  await plan(addDays(thisMonday, 9), secDay, 'planned');
  await bookSlot(on(ctx, today), citizen, upcoming.id, { name: citizen.name, phone: '0912345678', topic: 'Đề nghị làm rõ tiến độ cấp nước sạch cho tổ 9.' });

  type Case = { day: { id: number; onDate: string }; name: string; address: string; kind: 'kien_nghi' | 'phan_anh' | 'khieu_nai'; title: string; summary: string; people?: number; promise?: string; workingDays?: number; agencyId?: number };
  const cases: Case[] = [
    { day: chairDays[0], name: 'Lò Văn Khánh', address: 'Bản Hài, phường Chiềng Cơi', kind: 'kien_nghi', title: 'Sạt lở taluy đường vào bản Hài', summary: 'Mưa lớn làm sạt lở taluy dương đường vào bản Hài, đất đá tràn xuống mặt đường, ba hộ phía dưới có nguy cơ bị vùi lấp.', people: 3, promise: 'Phường khảo sát, lập phương án kè chống sạt lở taluy đường vào bản Hài và di dời tạm ba hộ dân.', workingDays: 20 },
    { day: chairDays[1], name: 'Quàng Văn Pọm', address: 'Tổ 3, phường Chiềng Cơi', kind: 'phan_anh', title: 'Đèn chiếu sáng tổ 3 hỏng', summary: 'Toàn bộ đèn chiếu sáng trên trục đường tổ 3 hỏng hơn hai tháng, người dân đi lại buổi tối rất nguy hiểm.', people: 12, promise: 'Thay thế toàn bộ đèn chiếu sáng hỏng trên trục đường tổ 3.', workingDays: 10 },
    { day: secDays[0], name: 'Cà Thị Lả', address: 'Bản Lun, phường Chiềng Cơi', kind: 'kien_nghi', title: 'Cấp giấy chứng nhận quyền sử dụng đất', summary: 'Gia đình đã nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất từ năm 2024 nhưng đến nay chưa được giải quyết.', promise: 'Hoàn thành thủ tục cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình ở bản Lun.', workingDays: 15 },
    { day: secDays[1], name: 'Tòng Văn Hặc', address: 'Tổ 7, phường Chiềng Cơi', kind: 'phan_anh', title: 'Mương thoát nước tổ 7 tắc', summary: 'Mương thoát nước dọc đường tổ 7 bị bồi lấp, mỗi trận mưa nước tràn vào nhà dân và làm hỏng mặt đường.', people: 20, promise: 'Nạo vét, khơi thông mương thoát nước dọc đường tổ 7.', workingDays: 10 },
    { day: chairDays[5], name: 'Lường Thị Ơn', address: 'Bản Hài, phường Chiềng Cơi', kind: 'kien_nghi', title: 'Nước sinh hoạt bản Hài', summary: 'Đường ống nước sinh hoạt tự chảy của bản Hài bị vỡ nhiều đoạn, hơn ba mươi hộ thiếu nước sinh hoạt.', people: 30, promise: 'Sửa chữa, thay thế các đoạn ống nước sinh hoạt bị vỡ của bản Hài.', workingDays: 30 },
    { day: chairDays[6], name: 'Hoàng Văn Dũng', address: 'Tổ 5, phường Chiềng Cơi', kind: 'khieu_nai', title: 'Khiếu nại về mức bồi thường', summary: 'Ông Dũng khiếu nại mức bồi thường khi thu hồi đất mở rộng đường tổ 5 thấp hơn các hộ liền kề.' },
    { day: secDays[2], name: 'Lò Thị Xuân', address: 'Tổ 9, phường Chiềng Cơi', kind: 'kien_nghi', title: 'Lắp biển báo trước cổng trường', summary: 'Đề nghị lắp biển báo và gờ giảm tốc trước cổng trường tiểu học tổ 9 vì xe chạy nhanh, nguy hiểm cho học sinh.', promise: 'Lắp biển báo khu vực trường học và gờ giảm tốc trước cổng trường tiểu học tổ 9.', workingDays: 15 },
  ];
  const made: string[] = [];
  for (const c of cases) {
    const row = await recordCase(on(ctx, c.day.onDate, 10), officer, c.day.id, {
      citizenName: c.name, citizenAddress: c.address, kind: c.kind, title: c.title, summary: c.summary, peopleCount: c.people ?? 1, withinCompetence: true,
      promise: c.promise, promiseWorkingDays: c.workingDays, promiseAgencyId: ubnd.id,
    }, { at: on(ctx, c.day.onDate, 10).clock.now(), silent: true });
    if (row.commitmentCode) made.push(row.commitmentCode);
  }
  for (const d of chairDays.concat(secDays)) await ctx.db.updateTable('reception_days').set({ status: 'held' }).where('id', '=', d.id).where('status', '=', 'planned').execute();
  const [taluy, light, land, ditch, water, sign] = made;
  const step = (day: string) => ({ ctx: on(ctx, day, 15), at: on(ctx, day, 15).clock.now(), silent: true });
  const after = (d: { onDate: string }, n: number) => addDays(d.onDate, n);

  // Sạt lở bản Hài: reported done, the Front finds it not kept, then turns it into a petition.
  let s = step(after(chairDays[0], 10));
  await updateProgress(s.ctx, officer, taluy, { note: 'Đã khảo sát hiện trường, lập phương án kè đá hộc dài 40 m; ba hộ được di dời tạm sang nhà văn hóa bản.', pct: 50, milestone: 'Khảo sát, lập phương án' }, s);
  s = step(after(chairDays[0], 25));
  await updateProgress(s.ctx, officer, taluy, { note: 'Đã thi công xong kè đá hộc chân taluy.', done: true }, s);
  s = step(after(chairDays[0], 30));
  await recordFinding(s.ctx, front, taluy, { onDate: after(chairDays[0], 30), method: 'field_visit', finding: 'Kè mới làm 25 m, còn 15 m taluy chưa gia cố; sau mưa ngày 12 đất đá vẫn tràn xuống mặt đường.', verdict: 'not_kept' }, s);
  await turnIntoPetition(on(ctx, after(chairDays[0], 31), 9), front, taluy);

  // Đèn tổ 3: started, then left overdue.
  s = step(after(chairDays[1], 5));
  await updateProgress(s.ctx, officer, light, { note: 'Đã khảo sát, 14 bóng đèn cần thay; đang làm thủ tục mua sắm.', pct: 30 }, s);

  // Giấy chứng nhận: done and verified kept.
  s = step(after(secDays[0], 8));
  await updateProgress(s.ctx, officer, land, { note: 'Hồ sơ đã chuyển Văn phòng đăng ký đất đai; đã đo đạc lại thửa đất.', pct: 60, milestone: 'Đo đạc xong' }, s);
  s = step(after(secDays[0], 18));
  await updateProgress(s.ctx, officer, land, { note: 'Đã trao giấy chứng nhận quyền sử dụng đất cho hộ gia đình.', done: true }, s);
  s = step(after(secDays[0], 21));
  await recordFinding(s.ctx, front, land, { onDate: after(secDays[0], 21), method: 'citizens_opinion', finding: 'Hộ gia đình xác nhận đã nhận giấy chứng nhận, thông tin đúng với hiện trạng sử dụng.', verdict: 'kept' }, s);

  // Mương tổ 7: extended with a reason, work going on.
  s = step(after(secDays[1], 9));
  await updateProgress(s.ctx, officer, ditch, { note: 'Đã nạo vét 200 m đầu tuyến; đoạn cuối cần xe cơ giới.', pct: 45 }, s);
  const longer = await addWorkingDaysFrom(ctx, after(secDays[1], 14), 20);
  await extendCommitment(on(ctx, after(secDays[1], 12), 9), chair, ditch, { deadline: longer, reason: 'Đoạn cuối tuyến phải thuê xe cơ giới, chờ bố trí kinh phí từ ngân sách phường.' }, { silent: true });

  // Nước bản Hài: on time, in progress.
  s = step(after(chairDays[5], 6));
  await updateProgress(s.ctx, officer, water, { note: 'Đã thay 120 m ống HDPE đoạn đầu nguồn; đang thi công đoạn qua suối.', pct: 40, milestone: 'Xong đoạn đầu nguồn' }, s);

  // Biển báo trường học: cancelled by the chair (done by the province's road project).
  await cancelCommitment(on(ctx, after(secDays[2], 3), 9), chair, sign, { reason: 'Dự án an toàn giao thông của tỉnh đã lắp biển báo và gờ giảm tốc tại vị trí này.' }, { silent: true });

  // A commitment made in a petition's answer, answering the demo citizen.
  const asked = on(ctx, addDays(today, -20), 8);
  const { petition } = await createPetition(asked, citizen, { kind: 'kien_nghi', title: 'Rác thải tồn đọng tại điểm tập kết tổ 2', content: 'Điểm tập kết rác tổ 2 nhiều ngày không được thu gom, bốc mùi, ảnh hưởng đến các hộ xung quanh và học sinh đi học.', unitCode: CC, visibility: 'public' }, { at: asked.clock.now(), silent: true, skipRateLimit: true, source: 'demo' });
  await createCommitment(on(ctx, addDays(today, -15), 10), officer, {
    source: { kind: 'petition', refId: String(petition.id), href: `/kien-nghi/${petition.code}`, label: `${petition.code}: ${petition.title}` },
    unitCode: CC, promisedBy: { name: chair.name, title: 'Chủ tịch UBND phường Chiềng Cơi' }, promisedOn: addDays(today, -15), agencyId: ubnd.id,
    deadlineWorkingDays: 10, text: 'Bố trí thu gom rác tại điểm tập kết tổ 2 hằng ngày và đặt thêm hai thùng rác 660 lít.', citizenIds: [citizen.id], petitionIds: [petition.id],
  }, undefined, { source: 'demo', at: on(ctx, addDays(today, -15), 10).clock.now(), silent: true });

  const planned = await ctx.db.selectFrom('commitments').select('id').where('code', 'in', [light, ditch, water]).execute();
  await createSupervisionPlan(on(ctx, addDays(today, -30)), front, { title: 'Kế hoạch giám sát việc thực hiện cam kết của lãnh đạo phường', periodFrom: addDays(today, -30), periodTo: addDays(today, 60), commitmentIds: planned.map((r) => r.id) });
  await ctx.db.updateTable('commitments').set({ source: 'demo' }).where('unit_code', '=', CC).execute();
  await scanCommitmentDeadlines(ctx);
}
