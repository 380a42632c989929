import type { AppContext } from '../../platform/context';
import type { Principal } from '../../platform/access/principal';
import { addDays, todayInVietnam } from '../../platform/calendar/dates';
import { getAgencies, getAgencyByCode } from '../directory/service';
import { listUsers, rolesOfUser } from '../accounts/service';
import {
  acknowledgeReport,
  answerQuestion,
  askQuestion,
  createConference,
  deferQuestion,
  editDocument,
  floorQuestion,
  issueDocument,
  organiseQuestion,
  passUnanswered,
  register,
  savePlan,
  sendReport,
  setCurrentItem,
  setCurrentQuestion,
  transitionConference,
  agendaOf,
} from './service';

async function demoUser(ctx: AppContext, email: string): Promise<Principal | null> {
  const u = (await listUsers(ctx.db, { q: email, limit: 20 })).items.find((x) => x.email === email);
  if (!u) return null;
  const roles = await rolesOfUser(ctx.db, u.id);
  const agencies = await getAgencies(ctx.db, roles.map((r) => r.agencyId));
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    phone: u.phone ?? null,
    kind: roles.length ? 'official' : 'citizen',
    unitCode: null,
    roles: roles.flatMap((r) => {
      const a = agencies.get(r.agencyId);
      return a ? [{ role: r.role, agencyId: a.id, unitCode: a.unitCode, provinceCode: a.provinceCode, unitLevel: a.unitLevel === 'province' ? ('province' as const) : ('commune' as const) }] : [];
    }),
    via: 'session',
  };
}

/** The demo story runs the use cases at the times it tells (they read ctx.clock). */
const at = (ctx: AppContext, when: Date): AppContext => ({ ...ctx, clock: { now: () => when } });
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);

/**
 * The demo, as the source article tells it for phường Chiềng Cơi: a past conference of the Bí thư Đảng ủy and the
 * Chủ tịch UBND phường with the households (questions, answers on the floor, commitments, minutes, conclusion
 * notice, the report acknowledged by the province), the year's plan, and an upcoming one open for registration.
 */
export async function seedConferencesDemo(ctx: AppContext): Promise<void> {
  const [secretary, chutich, bithu, congdan, sonla] = await Promise.all(
    ['chuyenvien@example.com', 'chutich@example.com', 'bithu@example.com', 'congdan@example.com', 'sonla@example.com'].map((e) => demoUser(ctx, e)),
  );
  if (!secretary || !chutich || !bithu) return;
  const code = async (c: string) => (await getAgencyByCode(ctx.db, c))!.id;
  const ubnd = await code('UBND-03670');
  const du = await code('DU-03670');
  const mttq = await code('MTTQ-03670');
  const sxd = await code('SXD-14');
  const today = todayInVietnam(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  const heldOn = addDays(today, -40);
  const base = {
    unitCode: '03670',
    agencyId: ubnd,
    kind: 'joint',
    chairs: [
      { userId: bithu.id, title: 'Bí thư Đảng ủy phường Chiềng Cơi' },
      { userId: chutich.id, title: 'Chủ tịch UBND phường Chiềng Cơi' },
    ],
    agencies: [mttq, du, sxd],
    invited: 'Đại diện các hộ dân, trưởng bản, tổ trưởng tổ dân phố, Ban Thường trực Ủy ban MTTQ phường',
    startTime: '08:00',
    endTime: '11:00',
  };

  // ── The year's plan: one conference a year at least, two planned.
  await savePlan(at(ctx, vn(`${year}-01-10`, '09:00')), secretary, {
    unitCode: '03670',
    year,
    note: 'Kế hoạch tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền phường với Nhân dân.',
    items: [
      { quarter: 1, topic: 'Đất đai, giải phóng mặt bằng dự án đường tránh' },
      { quarter: 4, topic: 'Nước sạch, vệ sinh môi trường các bản' },
    ],
  });

  // ── The past conference.
  const before = at(ctx, vn(addDays(heldOn, -12), '09:00'));
  const c = await createConference(before, secretary, {
    ...base,
    title: 'Hội nghị đối thoại giữa đồng chí Bí thư Đảng ủy và Chủ tịch UBND phường với các hộ dân phường Chiềng Cơi',
    description: 'Đối thoại về giải phóng mặt bằng, nước sinh hoạt, sạt lở taluy và đường giao thông nội bản.',
    venue: 'Hội trường UBND phường Chiềng Cơi',
    date: heldOn,
    capacity: 150,
    agenda: [
      { title: 'Khai mạc, giới thiệu đại biểu', minutes: 10 },
      { title: 'Báo cáo tình hình kinh tế - xã hội và kết quả giải quyết kiến nghị của Nhân dân', minutes: 20 },
      { title: 'Trả lời các ý kiến đã tổng hợp trước hội nghị', minutes: 40 },
      { title: 'Nhân dân phát biểu, lãnh đạo phường trả lời trực tiếp', minutes: 90 },
      { title: 'Đồng chí Bí thư Đảng ủy phường kết luận', minutes: 20 },
    ],
  });
  await transitionConference(before, chutich, c.id, { action: 'approve' });
  await transitionConference(before, secretary, c.id, { action: 'announce' });
  const households = [
    { name: 'Lò Văn Pọm', phone: '0912000101', village: 'Bản Hài' },
    { name: 'Cà Thị Xiêng', phone: '0912000102', village: 'Bản Cọ' },
    { name: 'Quàng Văn Hùng', phone: '0912000103', village: 'Tổ dân phố 2' },
    { name: 'Lường Thị Dung', phone: '0912000104', village: 'Bản Hua La' },
  ];
  for (const h of households) await register(before, null, c.id, h);
  let advance: number | null = null;
  if (congdan) {
    await register(before, congdan, c.id, { name: congdan.name, phone: '0912000100', village: 'Tổ dân phố 1' });
    advance = (await askQuestion(before, congdan, c.id, { content: 'Đề nghị phường cho biết tiến độ đền bù, hỗ trợ cho các hộ bị ảnh hưởng bởi dự án đường tránh qua tổ dân phố 1.', askerVillage: 'Tổ dân phố 1' })).id;
    await organiseQuestion(before, secretary, advance, { assignedAgencyId: ubnd, preparedAnswer: 'Phương án bồi thường đã được phê duyệt; phường phối hợp chủ đầu tư chi trả trong tháng tới.' });
  }

  const day = (time: string) => at(ctx, vn(heldOn, time));
  await transitionConference(day('08:00'), secretary, c.id, { action: 'start' });
  const agenda = await agendaOf(ctx.db, c.id);
  await setCurrentItem(day('08:05'), secretary, c.id, agenda[2].id);
  if (advance) {
    await setCurrentQuestion(day('08:35'), secretary, advance);
    await answerQuestion(day('08:45'), secretary, advance, {
      answeredByName: chutich.name,
      answeredByTitle: 'Chủ tịch UBND phường',
      answer: 'Phương án bồi thường, hỗ trợ đã được phê duyệt. UBND phường phối hợp chủ đầu tư chi trả cho 12 hộ còn lại; hộ nào chưa nhất trí, phường tổ chức đối thoại riêng.',
      commitmentText: 'Chi trả tiền bồi thường, hỗ trợ cho 12 hộ còn lại tại tổ dân phố 1',
      commitmentAgencyId: ubnd,
      commitmentDeadline: addDays(heldOn, 30),
    });
  }
  await setCurrentItem(day('09:10'), secretary, c.id, agenda[3].id);
  const floor = [
    {
      who: households[0],
      q: 'Mưa lớn làm sạt lở taluy dương ở bản Hài, đất đá tràn xuống đường, ba hộ phía dưới lo mất an toàn.',
      by: bithu,
      title: 'Bí thư Đảng ủy phường',
      a: 'Đảng ủy giao UBND phường khảo sát ngay trong tuần, bố trí kinh phí gia cố taluy; trước mắt di dời tạm ba hộ đến nơi an toàn.',
      commit: { text: 'Khảo sát, gia cố taluy dương bản Hài và di dời tạm ba hộ', agency: ubnd, days: 45 },
    },
    {
      who: households[1],
      q: 'Nước sinh hoạt ở bản Cọ thường xuyên mất vào mùa khô, đề nghị đầu tư thêm bể chứa.',
      by: chutich,
      title: 'Chủ tịch UBND phường',
      a: 'Phường đưa bể chứa nước bản Cọ vào kế hoạch đầu tư công năm tới; mùa khô này bố trí xe chở nước cho các hộ thiếu nước.',
      commit: { text: 'Đưa bể chứa nước bản Cọ vào kế hoạch đầu tư công, chở nước mùa khô', agency: ubnd, days: 90 },
    },
    {
      who: households[2],
      q: 'Đèn chiếu sáng đường nội tổ dân phố 2 hỏng đã lâu chưa được sửa.',
      by: chutich,
      title: 'Chủ tịch UBND phường',
      a: 'Phường đã giao bộ phận quản lý đô thị kiểm tra, thay bóng trong tháng này.',
      commit: { text: 'Thay đèn chiếu sáng đường nội tổ dân phố 2', agency: ubnd, days: 20 },
    },
  ];
  let minute = 15;
  for (const f of floor) {
    const q = await floorQuestion(day(`09:${minute}`), secretary, c.id, { askerName: f.who.name, askerVillage: f.who.village, content: f.q });
    await setCurrentQuestion(day(`09:${minute + 1}`), secretary, q.id);
    await answerQuestion(day(`09:${minute + 8}`), secretary, q.id, {
      answeredByName: f.by.name,
      answeredByTitle: f.title,
      answer: f.a,
      commitmentText: f.commit.text,
      commitmentAgencyId: f.commit.agency,
      commitmentDeadline: addDays(heldOn, f.commit.days),
    });
    minute += 10;
  }
  // One for the level above (the province's road), one needing a written answer (it becomes a petition).
  const up = await floorQuestion(day('10:00'), secretary, c.id, { askerName: households[3].name, askerVillage: households[3].village, content: 'Đề nghị tỉnh sớm nâng cấp đoạn đường tỉnh lộ qua bản Hua La, mặt đường xuống cấp nặng.' });
  await organiseQuestion(day('10:02'), secretary, up.id, { level: 'above', assignedAgencyId: sxd });
  const later = await floorQuestion(day('10:10'), secretary, c.id, { askerName: households[0].name, askerVillage: households[0].village, content: 'Gia đình tôi đề nghị được cấp lại giấy chứng nhận quyền sử dụng đất bị sai diện tích.' });
  await setCurrentQuestion(day('10:11'), secretary, later.id);
  await deferQuestion(day('10:15'), secretary, later.id);
  await setCurrentItem(day('10:40'), secretary, c.id, agenda[4].id);
  await transitionConference(day('11:00'), secretary, c.id, { action: 'end' });

  // ── After the day: petitions, minutes, the notice, results, the report.
  const after = at(ctx, vn(addDays(heldOn, 2), '14:00'));
  await passUnanswered(after, secretary, c.id);
  await editDocument(after, secretary, c.id, 'minutes', { secretary: secretary.name, attendeesCount: 132, attendeeGroups: 'Đại diện 120 hộ dân các bản, tổ dân phố; lãnh đạo Đảng ủy, HĐND, UBND, Ủy ban MTTQ phường và các đoàn thể' });
  await issueDocument(after, secretary, c.id, 'minutes');
  await issueDocument(after, secretary, c.id, 'conclusion');
  await transitionConference(at(ctx, vn(addDays(heldOn, 5), '09:00')), secretary, c.id, { action: 'publish' });
  await sendReport(at(ctx, vn(addDays(heldOn, 5), '10:00')), secretary, c.id);
  if (sonla) await acknowledgeReport(at(ctx, vn(addDays(heldOn, 7), '08:30')), sonla, c.id);

  // ── The upcoming conference, open for registration.
  const soon = at(ctx, vn(addDays(today, -1), '09:00'));
  const next = await createConference(soon, secretary, {
    ...base,
    kind: 'peoples_committee',
    chairs: [{ userId: chutich.id, title: 'Chủ tịch UBND phường Chiềng Cơi' }],
    title: 'Hội nghị đối thoại về nước sạch và vệ sinh môi trường các bản phường Chiềng Cơi',
    description: 'Chủ tịch UBND phường đối thoại với Nhân dân về cấp nước sinh hoạt, thu gom rác thải và vệ sinh môi trường.',
    venue: 'Nhà văn hóa bản Hài, phường Chiềng Cơi',
    onlineUrl: 'https://truyenhinh.sonla.example/hoi-nghi-chieng-coi',
    date: addDays(today, 14),
    startTime: '14:00',
    endTime: '16:30',
    capacity: 120,
    agenda: [
      { title: 'Khai mạc', minutes: 10 },
      { title: 'Báo cáo tình hình cấp nước và thu gom rác thải', minutes: 20 },
      { title: 'Nhân dân phát biểu, lãnh đạo phường trả lời', minutes: 100 },
      { title: 'Kết luận', minutes: 20 },
    ],
  });
  await transitionConference(soon, chutich, next.id, { action: 'approve' });
  await transitionConference(soon, secretary, next.id, { action: 'announce' });
}
