import type { AppContext } from '../../platform/context';
import { audit } from '../../platform/audit/audit';
import { getAgencyByCode } from '../directory/service';
import { listUsers, usersWithRole } from '../accounts/service';
import { postComment, seedComment } from '../comments/service';
import { renderBody, slugify } from './service';
import { SOURCE_ARTICLE } from './seed-article';

const DAY = 86_400_000;

const OTHER_NEWS = [
  {
    title: 'Phường Chiềng Cơi tổ chức hội nghị đối thoại với Nhân dân về chỉnh trang đô thị',
    summary: 'Chủ tịch UBND phường Chiềng Cơi đối thoại với hơn 120 hộ dân về kế hoạch chỉnh trang vỉa hè, hệ thống thoát nước và điện chiếu sáng năm 2026.',
    body: 'Sáng nay, UBND phường Chiềng Cơi tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền phường với Nhân dân các tổ dân phố.\n\nTại hội nghị, bà con đã nêu **18 ý kiến**, tập trung vào:\n\n- tiến độ cải tạo hệ thống thoát nước tổ 5, tổ 7;\n- lắp đặt điện chiếu sáng tuyến đường liên tổ;\n- thu gom rác thải sinh hoạt.\n\nCác ý kiến thuộc thẩm quyền đã được trả lời trực tiếp tại hội nghị; các ý kiến còn lại được tổng hợp, chuyển cơ quan chức năng giải quyết và công khai kết quả trên Cổng Đối Thoại.',
    agency: 'UBND-03670',
    daysAgo: 3,
  },
  {
    title: 'Công khai dự thảo kế hoạch sử dụng đất năm 2027 để Nhân dân góp ý',
    summary: 'Dự thảo kế hoạch sử dụng đất năm 2027 của phường được niêm yết tại trụ sở UBND phường, nhà văn hóa các tổ dân phố và đăng tải để Nhân dân góp ý trong 30 ngày.',
    body: 'Thực hiện Luật Thực hiện dân chủ ở cơ sở, UBND phường Chiềng Cơi công khai dự thảo kế hoạch sử dụng đất năm 2027 để Nhân dân tham gia ý kiến.\n\nThời gian lấy ý kiến là *30 ngày* kể từ ngày niêm yết. Người dân có thể góp ý trực tiếp tại bộ phận một cửa, qua tổ trưởng tổ dân phố, hoặc gửi ý kiến trực tuyến trên trang [Công khai, lấy ý kiến](/cong-khai).\n\nKết quả tiếp thu, giải trình ý kiến của Nhân dân sẽ được công khai sau khi kết thúc thời gian lấy ý kiến.',
    agency: 'UBND-03670',
    daysAgo: 8,
  },
  {
    title: 'Sơn La: nâng cao chất lượng tiếp công dân và giải quyết kiến nghị của Nhân dân',
    summary: 'UBND tỉnh yêu cầu các sở, ngành và UBND cấp xã trả lời kiến nghị của Nhân dân đúng thời hạn, công khai kết quả giải quyết và không để kiến nghị kéo dài.',
    body: 'UBND tỉnh Sơn La vừa ban hành văn bản chỉ đạo nâng cao chất lượng công tác tiếp công dân, tiếp nhận và giải quyết kiến nghị, phản ánh của Nhân dân.\n\nTheo đó, người đứng đầu các cơ quan, đơn vị phải:\n\n1. trực tiếp tiếp công dân định kỳ theo quy định;\n2. trả lời kiến nghị đúng thời hạn, bằng văn bản;\n3. công khai kết quả giải quyết để Nhân dân theo dõi, giám sát.\n\n> Không để xảy ra tình trạng kiến nghị kéo dài, vượt cấp hoặc gây bức xúc trong Nhân dân.',
    agency: 'VP-UBND-14',
    daysAgo: 15,
  },
  {
    title: 'Mặt trận Tổ quốc phường giám sát việc thực hiện kết luận sau đối thoại',
    summary: 'Ủy ban MTTQ Việt Nam phường Chiềng Cơi ban hành kế hoạch giám sát việc thực hiện các cam kết của chính quyền sau hội nghị đối thoại năm 2026.',
    body: 'Ủy ban Mặt trận Tổ quốc Việt Nam phường Chiềng Cơi đã ban hành kế hoạch giám sát việc thực hiện các nội dung UBND phường đã cam kết tại hội nghị đối thoại với Nhân dân.\n\nBan Thanh tra nhân dân các tổ dân phố sẽ theo dõi từng cam kết cho đến khi hoàn thành, và báo cáo kết quả tại kỳ họp tiếp theo của Hội đồng nhân dân phường.',
    agency: 'MTTQ-03670',
    daysAgo: 21,
  },
];

/** The news of the demo: the source article with its comments and an official reply, and a few others. */
export async function seedNewsDemo(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const actor = { id: null, label: 'demo' };
  const insert = async (a: { title: string; summary: string; body: string; imageCaption?: string | null; agency: string; daysAgo: number }) => {
    const agency = await getAgencyByCode(ctx.db, a.agency);
    const at = new Date(now.getTime() - a.daysAgo * DAY);
    return ctx.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('news_articles')
        .values({
          slug: slugify(a.title),
          title: a.title,
          summary: a.summary,
          body_md: a.body,
          body_html: renderBody(a.body),
          image_file_id: null,
          image_caption: a.imageCaption ?? null,
          unit_code: agency?.unitCode ?? '14',
          agency_id: agency?.id ?? null,
          author_id: null,
          author_name: 'Ban biên tập',
          status: 'published',
          publish_at: at,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(tx, { actor, action: 'news.publish', entityType: 'news_article', entityId: row.id, after: { title: a.title, status: 'published' }, at });
      return { id: row.id, at };
    });
  };

  const source = await insert({ ...SOURCE_ARTICLE, imageCaption: null, agency: 'UBND-03670', daysAgo: 1 });
  for (const n of OTHER_NEWS) await insert(n);

  // Comments on the source article, as its readers might write them, and the ward's answer.
  const citizen = (await listUsers(ctx.db, { q: 'congdan@example.com', limit: 1 })).items[0];
  const ward = await getAgencyByCode(ctx.db, 'UBND-03670');
  const head = ward ? (await usersWithRole(ctx.db, { role: 'head', agencyId: ward.id }))[0] : undefined;
  const t0 = source.at.getTime();
  const at = (h: number) => new Date(t0 + h * 3_600_000);
  const c = (body: string, authorName: string, hours: number, extra: { authorId?: number | null; parentId?: number | null; asAgencyId?: number | null } = {}) =>
    seedComment(ctx, { targetType: 'news', targetId: source.id, body, authorName, at: at(hours), ...extra });

  const first = await c(
    'Tổ 5 phường Chiềng Cơi đã kiến nghị sửa đoạn rãnh thoát nước từ hội nghị đối thoại năm ngoái, đến nay mùa mưa vẫn ngập. Đề nghị phường cho biết tiến độ cụ thể.',
    citizen?.name ?? 'Nguyễn Văn An',
    2,
    { authorId: citizen?.id ?? null },
  );
  await c('Đối thoại trực tiếp như vậy rất tốt, người dân được nói và được nghe lãnh đạo trả lời ngay. Mong được tổ chức thường xuyên hơn ở các tổ dân phố.', 'Lò Văn Thành', 3);
  await c('Đề nghị công khai kết quả giải quyết các ý kiến sau hội nghị để bà con cùng theo dõi, giám sát.', 'Cầm Thị Hạnh', 5);
  await c('Người cao tuổi như tôi không dùng mạng nhiều, mong vẫn giữ hình thức góp ý qua tổ trưởng tổ dân phố.', 'Quàng Văn Piếng', 7);
  if (ward && head) {
    const headUser = (await listUsers(ctx.db, { role: 'head', limit: 50 })).items.find((u) => u.id === head);
    await c(
      'UBND phường tiếp thu ý kiến. Công trình cải tạo rãnh thoát nước tổ 5 đã được phê duyệt, dự kiến thi công trong tháng 4 và hoàn thành trước mùa mưa. Kết quả sẽ được công khai trên Cổng Đối Thoại.',
      headUser?.name ?? 'Lường Văn Thắng',
      9,
      { authorId: head, parentId: first, asAgencyId: ward.id },
    );
  }
  await c('Cảm ơn phường đã trả lời cụ thể, bà con tổ 5 sẽ theo dõi tiến độ.', 'Lò Văn Thành', 11, { parentId: first });

  // One guest comment waiting for moderation (the queue of the demo is not empty).
  await postComment(
    ctx,
    null,
    { targetType: 'news', targetId: source.id, body: 'Tôi ở tổ 7, đề nghị phường kiểm tra lại đèn chiếu sáng đường liên tổ, đã hỏng hơn một tháng.', guestName: 'Hà Thị Thu', guestContact: 'thu.ha@example.com' },
    { ip: null },
  );
}
