import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import type { Principal, RoleGrant } from '../../platform/access/principal';
import { addDays, todayInVietnam } from '../../platform/calendar/dates';
import { getAgencies, getAgencyByCode } from '../directory/service';
import { getUser, insertAccount, listUsers, rolesOfUser, usersWithRole } from '../accounts/service';
import { postComment } from '../comments';
import { COMMENT_TARGET } from './model';
import { listDisclosureCategories, createDocument, publishDocument, setMapLayer } from './service';
import { closeIfDue, getConsultation, markConsultationComment, openConsultation, publishReport, sectionKey } from './consultation';

/** The principal of an account, built from the accounts and directory services (seeds and tests). */
export async function principalOfUser(db: Executor, userId: number): Promise<Principal> {
  const user = await getUser(db, userId);
  if (!user) throw new Error(`No user ${userId}`);
  const roles = await rolesOfUser(db, userId);
  const agencies = await getAgencies(db, roles.map((r) => r.agencyId));
  const grants: RoleGrant[] = roles.flatMap((r) => {
    const a = agencies.get(r.agencyId);
    return a ? [{ role: r.role, agencyId: a.id, unitCode: a.unitCode, provinceCode: a.provinceCode, unitLevel: a.unitLevel === 'province' ? 'province' : 'commune' }] : [];
  });
  return { id: user.id, name: user.name, email: user.email, phone: user.phone, kind: user.kind, unitCode: user.unitCode, roles: grants, via: 'session' };
}

/** The same application context, with its clock stopped at another moment (to seed past steps). */
function at(ctx: AppContext, day: string, hour = 9): AppContext {
  const when = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`);
  return { ...ctx, clock: { now: () => when } };
}

/** A plan's area in Phường Chiềng Cơi: the upgraded streets, the square to be paved, a meeting point. */
export const DEMO_MAP_LAYER = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'Khu vực chỉnh trang tổ 5 – tổ 7', description: 'Lát vỉa hè, trồng cây xanh, chiếu sáng' },
      geometry: {
        type: 'Polygon',
        coordinates: [[[103.866, 21.292], [103.881, 21.292], [103.881, 21.304], [103.866, 21.304], [103.866, 21.292]]],
      },
    },
    {
      type: 'Feature',
      properties: { name: 'Tuyến đường nội thị nâng cấp', description: 'Mở rộng mặt đường lên 7,5 m, dài khoảng 4 km' },
      geometry: { type: 'LineString', coordinates: [[103.855, 21.288], [103.862, 21.2935], [103.8725, 21.2985], [103.89, 21.308]] },
    },
    {
      type: 'Feature',
      properties: { name: 'Nhà văn hóa tổ 5', description: 'Nơi tổ chức hội nghị lấy ý kiến trực tiếp' },
      geometry: { type: 'Point', coordinates: [103.873, 21.298] },
    },
  ],
};

const CITIZENS = [
  { email: 'lo.van.phong@example.com', name: 'Lò Văn Phong', address: 'Tổ 5, phường Chiềng Cơi' },
  { email: 'tong.thi.xuan@example.com', name: 'Tòng Thị Xuân', address: 'Tổ 7, phường Chiềng Cơi' },
  { email: 'vi.van.hung@example.com', name: 'Vì Văn Hùng', address: 'Bản Hẹo, phường Chiềng Cơi' },
];

/**
 * Disclosed documents for Phường Chiềng Cơi and Sơn La province: a plan, budgets, procedures,
 * the poor-household list; one plan open for comment now (with citizens' comments and a map
 * layer); one whose consultation has closed, every comment answered and its synthesis report
 * published. Past steps run through the same use cases with the clock set back.
 */
export async function seedDisclosureDemo(ctx: AppContext): Promise<void> {
  const ward = await getAgencyByCode(ctx.db, 'UBND-03670');
  const province = await getAgencyByCode(ctx.db, 'UBND-14');
  const finance = await getAgencyByCode(ctx.db, 'STC-14');
  if (!ward || !province) throw new Error('disclosure demo seed: the directory demo seed must run first (UBND-03670, UBND-14)');
  const [officerId] = await usersWithRole(ctx.db, { role: 'officer', agencyId: ward.id });
  const [headId] = await usersWithRole(ctx.db, { role: 'head', agencyId: ward.id });
  const [adminId] = await usersWithRole(ctx.db, { role: 'admin', agencyId: province.id });
  if (!officerId || !adminId) throw new Error('disclosure demo seed: the accounts demo seed must run first');
  const officer = await principalOfUser(ctx.db, officerId);
  const head = headId ? await principalOfUser(ctx.db, headId) : officer;
  const admin = await principalOfUser(ctx.db, adminId);

  const citizens: Principal[] = [];
  const existing = await listUsers(ctx.db, { kind: 'citizen', limit: 5 });
  for (const u of existing.items.slice(0, 1)) citizens.push(await principalOfUser(ctx.db, u.id));
  for (const c of CITIZENS) {
    const id = await insertAccount(ctx, { email: c.email, name: c.name, password: `Demo-${c.email}-2026`, kind: 'citizen', unitCode: '03670', address: c.address });
    citizens.push(await principalOfUser(ctx.db, id));
  }

  const cats = new Map((await listDisclosureCategories(ctx.db)).map((c) => [c.code, c.id]));
  const cat = (code: string) => {
    const id = cats.get(code);
    if (!id) throw new Error(`disclosure demo seed: category ${code} missing`);
    return id;
  };
  const today = todayInVietnam(ctx.clock.now());
  const day = (n: number) => addDays(today, n);
  const year = Number(today.slice(0, 4));

  async function disclose(
    c: AppContext,
    p: Principal,
    input: Record<string, unknown>,
    publish = true,
  ): Promise<number> {
    const id = await createDocument(c, p, input);
    if (publish) await publishDocument(c, p, id);
    return id;
  }

  // 1. The socio-economic plan: consulted, comments answered, synthesis report published.
  const planStart = day(-75);
  const plan = await disclose(at(ctx, planStart), officer, {
    agencyId: ward.id,
    categoryId: cat('socio_economic_plan'),
    title: `Dự thảo Kế hoạch phát triển kinh tế - xã hội năm ${year} của phường Chiềng Cơi`,
    summary:
      'Mục tiêu, chỉ tiêu và giải pháp phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh của phường trong năm; lấy ý kiến Nhân dân trước khi trình Hội đồng nhân dân phường quyết định.',
    body:
      `I. MỤC TIÊU TỔNG QUÁT\nDuy trì tốc độ tăng trưởng; phát triển thương mại, dịch vụ; chỉnh trang đô thị; nâng cao đời sống vật chất, tinh thần của Nhân dân.\n\n` +
      `II. CÁC CHỈ TIÊU CHỦ YẾU\n1. Thu ngân sách trên địa bàn tăng ít nhất 5%.\n2. Tỷ lệ hộ nghèo giảm 0,5%.\n3. 100% tổ dân phố đạt chuẩn văn hóa.\n\n` +
      `III. NHIỆM VỤ, GIẢI PHÁP\nTập trung cải cách thủ tục hành chính, chuyển đổi số; đầu tư hạ tầng giao thông nội thị; giữ gìn vệ sinh môi trường.`,
    docNumber: `05/KH-UBND`,
    issuedOn: planStart,
    postedFrom: planStart,
    forms: ['notice_board', 'web_portal', 'radio', 'village_head'],
    tags: ['kế hoạch', 'kinh tế - xã hội'],
  });
  await openConsultation(at(ctx, planStart), officer, plan, {
    opensOn: planStart,
    closesOn: addDays(planStart, 25),
    sections: [
      { title: 'Mục tiêu và chỉ tiêu chủ yếu', question: 'Các chỉ tiêu đã phù hợp với điều kiện của phường chưa?' },
      { title: 'Nhiệm vụ, giải pháp', question: 'Bạn đề xuất thêm giải pháp nào?' },
    ],
  });
  const planC = (await getConsultation(ctx.db, plan))!;
  const [s1, s2] = planC.sections.map((s) => sectionKey(s.id));
  const planComments: Array<{ who: number; section: string | null; body: string; dayOffset: number; decision: 'accepted' | 'partly_accepted' | 'explained'; explanation: string | null }> = [
    {
      who: 0,
      section: s1,
      body: 'Đề nghị bổ sung chỉ tiêu về tỷ lệ hộ gia đình được dùng nước sạch, vì tổ 5 và tổ 7 mùa khô vẫn thiếu nước.',
      dayOffset: 3,
      decision: 'accepted',
      explanation: 'Bổ sung chỉ tiêu: 100% hộ gia đình được sử dụng nước sạch vào cuối năm.',
    },
    {
      who: 1,
      section: s2,
      body: 'Nên làm thêm đèn chiếu sáng đoạn đường từ tổ 7 ra bản Hẹo, buổi tối học sinh đi học về rất tối.',
      dayOffset: 6,
      decision: 'partly_accepted',
      explanation: 'Đưa tuyến tổ 7 – bản Hẹo vào danh mục chiếu sáng năm nay; các tuyến còn lại xem xét trong kế hoạch năm sau do nguồn vốn có hạn.',
    },
    {
      who: 2,
      section: null,
      body: 'Đề nghị miễn hoàn toàn các khoản đóng góp xây dựng hạ tầng cho tất cả hộ gia đình trong phường.',
      dayOffset: 10,
      decision: 'explained',
      explanation: 'Các khoản đóng góp là tự nguyện theo Luật Thực hiện dân chủ ở cơ sở; hộ nghèo, hộ cận nghèo và gia đình chính sách đã được miễn. Phường không thu bắt buộc khoản nào.',
    },
    {
      who: 3,
      section: s2,
      body: 'Cần có lịch thu gom rác cố định trong tuần và công khai trên loa phường để người dân biết.',
      dayOffset: 14,
      decision: 'accepted',
      explanation: null,
    },
  ];
  const planCommentIds: number[] = [];
  for (const c of planComments) {
    const r = await postComment(
      at(ctx, addDays(planStart, c.dayOffset), 20),
      citizens[c.who % citizens.length],
      { targetType: COMMENT_TARGET, targetId: plan, section: c.section ?? undefined, body: c.body },
      { ip: null },
    );
    planCommentIds.push(r.comment.id);
  }
  const closedDay = addDays(planStart, 26);
  await closeIfDue(at(ctx, closedDay, 8), plan);
  for (let i = 0; i < planComments.length; i++) {
    const c = planComments[i];
    await markConsultationComment(at(ctx, addDays(closedDay, 2), 10 + i), officer, plan, planCommentIds[i], { decision: c.decision, explanation: c.explanation ?? '' });
  }
  await publishReport(at(ctx, addDays(closedDay, 4), 15), head, plan, { number: '18' });

  // 2. The street-upgrading plan: open for comment now, with a map layer and citizens' comments.
  const streetStart = day(-5);
  const streets = await disclose(at(ctx, streetStart), officer, {
    agencyId: ward.id,
    categoryId: cat('projects_land'),
    title: 'Dự thảo Kế hoạch chỉnh trang đô thị, nâng cấp đường nội thị tổ 5 – tổ 7 phường Chiềng Cơi',
    summary:
      'Phạm vi, quy mô, kinh phí và phương án hỗ trợ các hộ gia đình có đất bị ảnh hưởng khi mở rộng đường; lấy ý kiến Nhân dân theo Điều 25 Luật Thực hiện dân chủ ở cơ sở.',
    body:
      'Phạm vi: tuyến đường nội thị dài khoảng 4 km qua tổ 5 đến tổ 7 và khu vực vỉa hè, cây xanh liền kề.\n\n' +
      'Quy mô: mở rộng mặt đường lên 7,5 m; lát vỉa hè hai bên; lắp đặt hệ thống chiếu sáng và thoát nước.\n\n' +
      'Kinh phí dự kiến: 6,8 tỷ đồng từ ngân sách phường và nguồn hỗ trợ của tỉnh; không huy động đóng góp bắt buộc của Nhân dân.',
    docNumber: '21/KH-UBND',
    issuedOn: streetStart,
    postedFrom: streetStart,
    forms: ['notice_board', 'web_portal', 'village_head', 'conference'],
    tags: ['chỉnh trang đô thị', 'giao thông', 'lấy ý kiến'],
  });
  await setMapLayer(at(ctx, streetStart), officer, streets, { filename: 'pham-vi-chinh-trang-to-5-to-7.geojson', data: Buffer.from(JSON.stringify(DEMO_MAP_LAYER)) });
  await openConsultation(at(ctx, streetStart), officer, streets, {
    opensOn: streetStart,
    closesOn: day(20),
    sections: [
      { title: 'Phạm vi và quy mô', question: 'Phạm vi chỉnh trang đã hợp lý chưa?' },
      { title: 'Phương án hỗ trợ hộ bị ảnh hưởng', question: 'Mức hỗ trợ như dự thảo đã thỏa đáng chưa?' },
      { title: 'Thời gian thi công', question: null },
    ],
  });
  const streetC = (await getConsultation(ctx.db, streets))!;
  const streetComments = [
    { who: 1, section: sectionKey(streetC.sections[0].id), body: 'Đồng ý mở rộng đường, nhưng đề nghị giữ lại hàng cây ban trước cửa nhà văn hóa tổ 5.', dayOffset: 1 },
    { who: 2, section: sectionKey(streetC.sections[1].id), body: 'Hộ gia đình tôi bị ảnh hưởng khoảng 12 m² đất, mong được hỗ trợ theo giá thị trường và được thông báo trước khi thi công.', dayOffset: 3 },
    { who: 0, section: null, body: 'Kế hoạch rất thiết thực. Đề nghị thi công vào mùa khô và làm từng đoạn để người dân vẫn đi lại được.', dayOffset: 4 },
  ];
  for (const c of streetComments) {
    await postComment(at(ctx, addDays(streetStart, c.dayOffset), 19), citizens[c.who % citizens.length], { targetType: COMMENT_TARGET, targetId: streets, section: c.section, body: c.body }, { ip: null });
  }

  // 3. Other disclosures of the ward.
  await disclose(at(ctx, day(-20)), head, {
    agencyId: ward.id,
    categoryId: cat('budget'),
    title: `Dự toán thu, chi ngân sách phường Chiềng Cơi năm ${year}`,
    summary: 'Dự toán thu ngân sách trên địa bàn, chi thường xuyên, chi đầu tư phát triển và dự phòng ngân sách đã được Hội đồng nhân dân phường quyết định.',
    docNumber: '12/QĐ-UBND',
    issuedOn: day(-22),
    postedFrom: day(-20),
    forms: ['notice_board', 'web_portal'],
    tags: ['ngân sách', 'dự toán'],
  });
  await disclose(at(ctx, day(-10)), officer, {
    agencyId: ward.id,
    categoryId: cat('social_support'),
    title: `Danh sách hộ nghèo, hộ cận nghèo năm ${year} phường Chiềng Cơi`,
    summary: 'Kết quả rà soát hộ nghèo, hộ cận nghèo theo chuẩn nghèo đa chiều; người dân có ý kiến về danh sách gửi về Ủy ban nhân dân phường trong thời gian niêm yết.',
    docNumber: '35/TB-UBND',
    issuedOn: day(-11),
    postedFrom: day(-10),
    forms: ['notice_board', 'village_head', 'radio'],
    tags: ['hộ nghèo', 'an sinh xã hội'],
  });
  await disclose(at(ctx, day(-120)), officer, {
    agencyId: ward.id,
    categoryId: cat('admin_procedures'),
    title: 'Bộ thủ tục hành chính thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường Chiềng Cơi',
    summary: 'Danh mục, trình tự, hồ sơ, thời hạn giải quyết và phí, lệ phí của các thủ tục hành chính tiếp nhận tại Bộ phận một cửa của phường.',
    postedFrom: day(-120),
    forms: ['notice_board', 'web_portal', 'reception'],
    tags: ['thủ tục hành chính', 'một cửa'],
  });
  await disclose(at(ctx, day(-2)), officer, {
    agencyId: ward.id,
    categoryId: cat('contributions'),
    title: 'Dự thảo phương án vận động đóng góp tự nguyện xây dựng nhà văn hóa tổ 3',
    summary: 'Phương án đang soạn thảo, chưa công khai.',
    forms: ['notice_board'],
    tags: ['đóng góp'],
  }, false);

  // 4. The province.
  await disclose(at(ctx, day(-40)), admin, {
    agencyId: province.id,
    categoryId: cat('socio_economic_plan'),
    title: 'Kế hoạch phát triển kinh tế - xã hội 5 năm 2026–2030 tỉnh Sơn La',
    summary: 'Mục tiêu, chỉ tiêu, nhiệm vụ và giải pháp phát triển kinh tế - xã hội của tỉnh giai đoạn 2026–2030.',
    docNumber: '120/KH-UBND',
    issuedOn: day(-42),
    postedFrom: day(-40),
    forms: ['web_portal', 'press'],
    tags: ['kế hoạch 5 năm', 'tỉnh Sơn La'],
  });
  if (finance) {
    await disclose(at(ctx, day(-25)), admin, {
      agencyId: finance.id,
      categoryId: cat('budget'),
      title: `Công khai dự toán ngân sách địa phương năm ${year} tỉnh Sơn La`,
      summary: 'Số liệu dự toán thu, chi ngân sách địa phương và thuyết minh, theo quy định về công khai ngân sách nhà nước.',
      docNumber: '45/STC-QLNS',
      issuedOn: day(-27),
      postedFrom: day(-25),
      forms: ['web_portal'],
      tags: ['ngân sách', 'dự toán'],
    });
  }
}
