import ExcelJS from '../../../platform/lazy-libs/exceljs';
import type { AppContext } from '../../../platform/context';
import { issuerLines, numberLine, renderDocx, type Decree30Block, type Decree30Spec } from '../../../platform/documents/decree30';
import { formatDate } from '../../../platform/i18n/i18n';
import type { Topic, TopicItem } from '../model';
import { periodLabel } from '../period';
import { dossierContent } from './dossier';

/** Vietnamese labels the documents print (the documents are in Vietnamese whatever the reader's language). */
const CHANNEL: Record<string, string> = {
  web: 'Cổng thông tin',
  reception_desk: 'Tiếp công dân',
  conference_floor: 'Hội nghị đối thoại',
  front_gathering: 'Mặt trận, đoàn thể thu thập',
  letter: 'Thư, đơn',
  hotline: 'Đường dây nóng',
  open311: 'Ứng dụng (Open311)',
  api: 'Hệ thống khác',
};
const RULE: Record<string, string> = {
  people: 'nhiều người cùng kiến nghị',
  villages: 'nhiều thôn, bản, tổ dân phố',
  overdue: 'có kiến nghị quá hạn',
  reopened: 'có kiến nghị bị mở lại',
  raised_unresolved: 'đã nêu tại hội nghị trước, chưa được giải quyết',
};
const vnDate = (d: Date | null) => (d ? formatDate(d) : '');
const sourceText = (t: Topic) => t.sources.map((s) => `${s.organisation ?? CHANNEL[s.channel] ?? s.channel} (${s.items})`).join('; ');

export type DossierContent = Awaited<ReturnType<typeof dossierContent>>;

/** "Phường Chiềng Cơi" → "Chiềng Cơi" for the place line; the province for a province. */
const placeName = (unitName: string) => unitName.replace(/^(Phường|Xã|Đặc khu|Thị trấn|Tỉnh|Thành phố)\s+/u, '');

export function dossierSpec(c: DossierContent, date: Date): Decree30Spec {
  const { dossier, topics, ungrouped } = c;
  const label = periodLabel(dossier.period);
  const pressing = topics.filter((t) => t.pressing).length;
  const blocks: Decree30Block[] = [
    {
      kind: 'paragraph',
      text: `Thực hiện nhiệm vụ tổng hợp ý kiến, kiến nghị của Nhân dân trước hội nghị đối thoại, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam ${dossier.unitName.toLocaleLowerCase('vi')} tổng hợp ${topics.reduce((n, t) => n + t.counts.items, 0) + ungrouped.length} ý kiến, kiến nghị ${label.toLocaleLowerCase('vi')} thành ${topics.length} chuyên đề (trong đó ${pressing} chuyên đề bức xúc) như sau:`,
    },
  ];
  topics.forEach((t, i) => {
    blocks.push({ kind: 'heading', text: `${i + 1}. ${t.title}${t.pressing ? ' (bức xúc)' : ''}` });
    if (t.summary) blocks.push({ kind: 'paragraph', text: t.summary });
    blocks.push({
      kind: 'paragraph',
      text: `Số ý kiến: ${t.counts.items}; số người: ${t.counts.people}; số thôn, bản, tổ dân phố: ${t.counts.villages}. Lĩnh vực: ${t.categoryName ?? 'chưa xác định'}. Cơ quan có thẩm quyền trả lời: ${t.agencyName ?? 'chưa xác định'}. Nguồn: ${sourceText(t) || 'không có'}. Thời gian: từ ${vnDate(t.firstAt)} đến ${vnDate(t.latestAt)}.${t.pressing ? ` Bức xúc vì: ${t.pressingRules.map((r) => RULE[r]).join('; ')}.` : ''}`,
    });
    blocks.push(itemsTable(t.items));
  });
  if (ungrouped.length) {
    blocks.push({ kind: 'heading', text: `${topics.length + 1}. Các ý kiến, kiến nghị khác (chưa xếp chuyên đề)` });
    blocks.push(itemsTable(ungrouped));
  }
  blocks.push({ kind: 'paragraph', text: 'Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam kính đề nghị các cơ quan có thẩm quyền chuẩn bị nội dung trả lời tại hội nghị đối thoại./.' });
  return {
    heading: {
      issuer: issuerLines(`Ủy ban MTTQ Việt Nam ${dossier.unitName}`, 'Ban Thường trực'),
      number: numberLine(null, 'BC', 'MTTQ-BTT'),
      place: placeName(dossier.unitName),
      date,
    },
    title: { type: 'BÁO CÁO', summary: `Tổng hợp ý kiến, kiến nghị của Nhân dân ${label.toLocaleLowerCase('vi')}` },
    blocks,
    recipients: [`Ủy ban nhân dân ${dossier.unitName.toLocaleLowerCase('vi')};`, `Thường trực Hội đồng nhân dân ${dossier.unitName.toLocaleLowerCase('vi')};`, 'Các tổ chức chính trị - xã hội;', 'Lưu: VT, MTTQ.'],
    signature: { lines: ['TM. BAN THƯỜNG TRỰC', 'CHỦ TỊCH'] },
    meta: { title: `Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – ${dossier.unitName} – ${label}`, author: 'Đối Thoại' },
  };
}

function itemsTable(items: TopicItem[]): Decree30Block {
  return {
    kind: 'table',
    columns: [
      { title: 'STT', width: 5, align: 'center' },
      { title: 'Mã', width: 15 },
      { title: 'Nội dung', width: 45 },
      { title: 'Nơi', width: 14 },
      { title: 'Nguồn', width: 14 },
      { title: 'Số người', width: 7, align: 'center' },
    ],
    rows: items.map((it, i) => [String(i + 1), it.code, it.title, it.address ?? '', it.organisation ?? CHANNEL[it.channel] ?? it.channel, String(it.peopleCount)]),
    size: 11,
  };
}

export async function dossierDocx(ctx: Pick<AppContext, 'db' | 'clock'>, input: { unitCode: string; period: string }): Promise<Buffer> {
  return renderDocx(dossierSpec(await dossierContent(ctx, input), ctx.clock.now()));
}

/** The dossier as a workbook: a sheet of topics, a sheet of items (grouped and ungrouped). */
export async function dossierXlsx(ctx: Pick<AppContext, 'db' | 'clock'>, input: { unitCode: string; period: string }): Promise<Buffer> {
  const { dossier, topics, ungrouped } = await dossierContent(ctx, input);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Đối Thoại';
  const bold = { bold: true, name: 'Times New Roman', size: 12 };
  const ts = wb.addWorksheet('Chuyên đề');
  ts.columns = [
    { header: 'STT', key: 'no', width: 6 },
    { header: 'Mã chuyên đề', key: 'id', width: 12 },
    { header: 'Chuyên đề', key: 'title', width: 50 },
    { header: 'Tóm tắt', key: 'summary', width: 50 },
    { header: 'Lĩnh vực', key: 'category', width: 22 },
    { header: 'Cơ quan trả lời', key: 'agency', width: 32 },
    { header: 'Bức xúc', key: 'pressing', width: 30 },
    { header: 'Số ý kiến', key: 'items', width: 10 },
    { header: 'Số người', key: 'people', width: 10 },
    { header: 'Số thôn, bản, TDP', key: 'villages', width: 12 },
    { header: 'Quá hạn', key: 'overdue', width: 9 },
    { header: 'Mở lại', key: 'reopened', width: 9 },
    { header: 'Kéo dài', key: 'keoDai', width: 9 },
    { header: 'Vượt cấp', key: 'vuotCap', width: 9 },
    { header: 'Nguồn', key: 'sources', width: 40 },
    { header: 'Từ ngày', key: 'first', width: 12 },
    { header: 'Đến ngày', key: 'latest', width: 12 },
  ];
  ts.getRow(1).font = bold;
  topics.forEach((t, i) =>
    ts.addRow({
      no: i + 1,
      id: t.id,
      title: t.title,
      summary: t.summary,
      category: t.categoryName ?? '',
      agency: t.agencyName ?? '',
      pressing: t.pressing ? t.pressingRules.map((r) => RULE[r]).join('; ') : '',
      items: t.counts.items,
      people: t.counts.people,
      villages: t.counts.villages,
      overdue: t.counts.overdue,
      reopened: t.counts.reopened,
      keoDai: t.counts.keoDai,
      vuotCap: t.counts.vuotCap,
      sources: sourceText(t),
      first: vnDate(t.firstAt),
      latest: vnDate(t.latestAt),
    }),
  );
  const is = wb.addWorksheet('Ý kiến, kiến nghị');
  is.columns = [
    { header: 'STT', key: 'no', width: 6 },
    { header: 'Mã chuyên đề', key: 'topicId', width: 12 },
    { header: 'Chuyên đề', key: 'topic', width: 36 },
    { header: 'Mã kiến nghị', key: 'code', width: 18 },
    { header: 'Tiêu đề', key: 'title', width: 45 },
    { header: 'Nội dung', key: 'content', width: 70 },
    { header: 'Thôn, bản, TDP / địa chỉ', key: 'address', width: 22 },
    { header: 'Nguồn', key: 'source', width: 28 },
    { header: 'Số người', key: 'people', width: 10 },
    { header: 'Ngày tiếp nhận', key: 'at', width: 14 },
  ];
  is.getRow(1).font = bold;
  let n = 0;
  const row = (t: Topic | null, it: TopicItem) =>
    is.addRow({ no: ++n, topicId: t?.id ?? '', topic: t?.title ?? 'Chưa xếp chuyên đề', code: it.code, title: it.title, content: it.content, address: it.address ?? '', source: it.organisation ?? CHANNEL[it.channel] ?? it.channel, people: it.peopleCount, at: vnDate(it.submittedAt) });
  for (const t of topics) for (const it of t.items) row(t, it);
  for (const it of ungrouped) row(null, it);
  wb.title = `Tổng hợp ý kiến, kiến nghị – ${dossier.unitName} – ${periodLabel(dossier.period)}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
