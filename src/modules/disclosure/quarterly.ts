import ExcelJS from '../../platform/lazy-libs/exceljs';
import type { Executor } from '../../platform/db/types';
import { formatVnDate, daysInMonth } from '../../platform/calendar/dates';
import { renderDocx, type Decree30Spec } from '../../platform/documents/decree30';
import { translate } from '../../platform/i18n/i18n';
import { findAgency, getAgencies, getUnit } from '../directory/service';
import { DISCLOSURE_FORMS, type DisclosureForm } from './model';
import { issuerFor } from './consultation';

/**
 * The quarterly list of what was disclosed (art. 13): every document of a unit whose posting
 * started in the quarter, with its number, forms of disclosure and posting period.
 */
export interface QuarterRow {
  id: number;
  title: string;
  docNumber: string | null;
  issuedOn: string | null;
  category: string;
  agency: string;
  forms: DisclosureForm[];
  postedFrom: string;
  postedUntil: string | null;
  status: 'published' | 'withdrawn';
}

export function quarterRange(year: number, quarter: number): { from: string; to: string } {
  const m1 = (quarter - 1) * 3 + 1;
  const m3 = m1 + 2;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(m1)}-01`, to: `${year}-${pad(m3)}-${pad(daysInMonth(year, m3))}` };
}

export function quarterOf(iso: string): { year: number; quarter: number } {
  return { year: Number(iso.slice(0, 4)), quarter: Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1 };
}

export const ROMAN = ['I', 'II', 'III', 'IV'];

export async function quarterlyList(db: Executor, q: { unitCode: string; year: number; quarter: number }): Promise<QuarterRow[]> {
  const { from, to } = quarterRange(q.year, q.quarter);
  const rows = await db
    .selectFrom('documents as d')
    .innerJoin('disclosure_categories as c', 'c.id', 'd.category_id')
    .select(['d.id', 'd.title', 'd.doc_number', 'd.issued_on', 'c.name as category', 'd.agency_id', 'd.forms', 'd.posted_from', 'd.posted_until', 'd.status'])
    .where('d.unit_code', '=', q.unitCode)
    .where('d.status', 'in', ['published', 'withdrawn'])
    .where('d.posted_from', '>=', from)
    .where('d.posted_from', '<=', to)
    .orderBy('d.posted_from')
    .orderBy('d.id')
    .execute();
  const agencies = await getAgencies(db, rows.map((r) => r.agency_id));
  return rows.map((r) => {
    const forms = (typeof r.forms === 'string' ? JSON.parse(r.forms) : r.forms) as string[];
    return {
      id: r.id,
      title: r.title,
      docNumber: r.doc_number,
      issuedOn: r.issued_on,
      category: r.category,
      agency: agencies.get(r.agency_id)?.name ?? '',
      forms: (Array.isArray(forms) ? forms : []).filter((f): f is DisclosureForm => (DISCLOSURE_FORMS as readonly string[]).includes(f)),
      postedFrom: r.posted_from!,
      postedUntil: r.posted_until,
      status: r.status as 'published' | 'withdrawn',
    };
  });
}

const vn = (d: string | null) => (d ? (formatVnDate(d) ?? d) : '');

/** Official documents are written in Vietnamese, whatever the reader's language. */
const formLabel = (f: DisclosureForm) => translate('vi', `disclosure.how.${f}`);

export function numberAndDate(r: Pick<QuarterRow, 'docNumber' | 'issuedOn'>): string {
  return [r.docNumber ? `Số ${r.docNumber}` : '', r.issuedOn ? `ngày ${vn(r.issuedOn)}` : ''].filter(Boolean).join(', ');
}

export function periodText(r: Pick<QuarterRow, 'postedFrom' | 'postedUntil'>): string {
  return r.postedUntil ? `Từ ${vn(r.postedFrom)} đến ${vn(r.postedUntil)}` : `Từ ${vn(r.postedFrom)} (thường xuyên)`;
}

export async function quarterlySpec(db: Executor, q: { unitCode: string; year: number; quarter: number; date: string }, rows: QuarterRow[]): Promise<Decree30Spec> {
  const unit = await getUnit(db, q.unitCode);
  if (!unit) throw new Error(`Unknown unit ${q.unitCode}`);
  const committee = await findAgency(db, unit.code, 'peoples_committee');
  const issuer = issuerFor(committee ?? { kind: 'peoples_committee', name: `Ủy ban nhân dân ${unit.fullName}`, shortName: null }, unit);
  return {
    heading: { ...issuer.heading, place: unit.name, date: q.date },
    title: {
      type: 'Danh mục',
      summary: `Thông tin đã công khai quý ${ROMAN[q.quarter - 1]} năm ${q.year}`,
      subtitle: `(Theo Điều 13 Luật Thực hiện dân chủ ở cơ sở năm 2022)`,
    },
    blocks: rows.length
      ? [
          {
            kind: 'table',
            size: 11,
            columns: [
              { title: 'STT', width: 0.7, align: 'center' },
              { title: 'Nội dung công khai', width: 4 },
              { title: 'Số, ngày văn bản', width: 2.2 },
              { title: 'Hình thức công khai', width: 2.6 },
              { title: 'Thời gian công khai', width: 2.4 },
            ],
            rows: rows.map((r, i) => [
              String(i + 1),
              r.title + (r.status === 'withdrawn' ? ' (đã thu hồi)' : ''),
              numberAndDate(r),
              r.forms.map(formLabel).join('; '),
              periodText(r),
            ]),
          },
        ]
      : [{ kind: 'paragraph', text: `Trong quý ${ROMAN[q.quarter - 1]} năm ${q.year} không có nội dung nào được công khai.` }],
    recipients: ['Ủy ban MTTQ Việt Nam ' + unit.fullName + ';', 'Niêm yết tại trụ sở;', 'Lưu: VT.'],
    signature: { lines: issuer.signature },
    meta: { title: `Danh mục thông tin công khai quý ${ROMAN[q.quarter - 1]}/${q.year} - ${unit.fullName}`, author: committee?.name ?? unit.fullName },
  };
}

export async function quarterlyDocx(db: Executor, q: { unitCode: string; year: number; quarter: number; date: string }, rows: QuarterRow[]): Promise<Buffer> {
  return renderDocx(await quarterlySpec(db, q, rows));
}

/** The same list as a spreadsheet: a title block, then one row per document. */
export async function quarterlyXlsx(db: Executor, q: { unitCode: string; year: number; quarter: number }, rows: QuarterRow[]): Promise<Buffer> {
  const unit = await getUnit(db, q.unitCode);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Đối Thoại';
  const ws = wb.addWorksheet(`Quy ${q.quarter}-${q.year}`, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [
    { key: 'stt', width: 6 },
    { key: 'title', width: 50 },
    { key: 'category', width: 32 },
    { key: 'number', width: 16 },
    { key: 'issued', width: 12 },
    { key: 'agency', width: 32 },
    { key: 'forms', width: 40 },
    { key: 'from', width: 12 },
    { key: 'until', width: 12 },
    { key: 'status', width: 14 },
  ];
  const font = { name: 'Times New Roman', size: 12 };
  ws.mergeCells('A1:J1');
  ws.getCell('A1').value = `DANH MỤC THÔNG TIN ĐÃ CÔNG KHAI QUÝ ${ROMAN[q.quarter - 1]} NĂM ${q.year}`;
  ws.getCell('A1').font = { ...font, size: 14, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells('A2:J2');
  ws.getCell('A2').value = unit?.fullName ?? q.unitCode;
  ws.getCell('A2').font = { ...font, italic: true };
  ws.getCell('A2').alignment = { horizontal: 'center' };
  const header = ws.getRow(4);
  header.values = ['STT', 'Nội dung công khai', 'Lĩnh vực', 'Số văn bản', 'Ngày ban hành', 'Cơ quan ban hành', 'Hình thức công khai', 'Công khai từ ngày', 'Đến ngày', 'Trạng thái'];
  header.font = { ...font, bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  rows.forEach((r, i) => {
    const row = ws.getRow(5 + i);
    row.values = [
      i + 1,
      r.title,
      r.category,
      r.docNumber ?? '',
      vn(r.issuedOn),
      r.agency,
      r.forms.map(formLabel).join('; '),
      vn(r.postedFrom),
      r.postedUntil ? vn(r.postedUntil) : 'Thường xuyên',
      r.status === 'withdrawn' ? 'Đã thu hồi' : 'Đã công khai',
    ];
    row.font = font;
    row.alignment = { vertical: 'top', wrapText: true };
  });
  const last = 4 + rows.length;
  for (let r = 4; r <= last; r++) {
    for (let c = 1; c <= 10; c++) {
      ws.getCell(r, c).border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    }
  }
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
