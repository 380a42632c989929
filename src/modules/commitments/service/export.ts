import ExcelJS from '../../../platform/lazy-libs/exceljs';
import type { AppContext } from '../../../platform/context';
import type { Translate } from '../../../platform/i18n/i18n';
import type { ListFilter } from '../schema';
import { listAgencyCommitments } from './read';

const vn = (d: string) => d.split('-').reverse().join('/');

/**
 * The register of an agency as the spreadsheet an office keeps by hand (sổ theo dõi thực hiện kết luận, cam kết):
 * a title block, then one row per commitment, Times New Roman, borders, the header frozen.
 */
export async function registerXlsx(ctx: AppContext, agency: { id: number; name: string }, filter: Partial<ListFilter>, t: Translate): Promise<Buffer> {
  const page = await listAgencyCommitments(ctx, agency.id, { ...filter, page: 1 }, 10_000);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Đối Thoại';
  const ws = wb.addWorksheet('So theo doi cam ket', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const widths = [6, 16, 50, 30, 28, 12, 12, 12, 10, 30, 16, 30];
  ws.columns = widths.map((width) => ({ width }));
  const font = { name: 'Times New Roman', size: 12 };
  const cols = widths.length;
  const lastCol = String.fromCharCode(64 + cols);
  ws.mergeCells(`A1:${lastCol}1`);
  ws.getCell('A1').value = 'SỔ THEO DÕI THỰC HIỆN KẾT LUẬN, CAM KẾT';
  ws.getCell('A1').font = { ...font, size: 14, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells(`A2:${lastCol}2`);
  ws.getCell('A2').value = agency.name;
  ws.getCell('A2').font = { ...font, italic: true };
  ws.getCell('A2').alignment = { horizontal: 'center' };
  const header = ws.getRow(4);
  header.values = ['STT', 'Số theo dõi', 'Nội dung kết luận, cam kết', 'Nguồn', 'Người cam kết', 'Ngày cam kết', 'Thời hạn', 'Hạn ban đầu', 'Tiến độ (%)', 'Kết quả thực hiện', 'Số lần gia hạn', 'Ghi chú'];
  header.font = { ...font, bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  page.items.forEach((r, i) => {
    const row = ws.getRow(5 + i);
    const notes = [r.overdue ? t('commitments.overduePlain') : '', r.keoDai ? t('commitments.keoDai') : '', r.petitionCode ? `${t('commitments.page.petition')}: ${r.petitionCode}` : ''].filter(Boolean).join('; ');
    row.values = [
      i + 1,
      r.code,
      r.text,
      `${t(`commitments.source.${r.source.kind}`)}: ${r.source.label}`,
      `${r.promisedBy.title} ${r.promisedBy.name}`,
      vn(r.promisedOn),
      vn(r.deadline),
      vn(r.originalDeadline),
      r.progressPct,
      t(`commitments.state.${r.state}`),
      r.extensionCount,
      notes,
    ];
    row.font = font;
    row.alignment = { vertical: 'top', wrapText: true };
  });
  const last = 4 + page.items.length;
  for (let r = 4; r <= last; r++) for (let c = 1; c <= cols; c++) ws.getCell(r, c).border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
