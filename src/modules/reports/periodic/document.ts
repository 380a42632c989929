import ExcelJS from '../../../platform/lazy-libs/exceljs';
import type { Executor } from '../../../platform/db/types';
import { formatVnDate } from '../../../platform/calendar/dates';
import { issuerLines, renderDocx, renderPdf, type Decree30Block, type Decree30Heading, type Decree30Spec } from '../../../platform/documents/decree30';
import { findAgency, getAgency, getUnit } from '../../directory/service';
import type { Agency } from '../../directory/model';
import { today } from '../period';
import type { PeriodicReport } from './model';

const PERIOD_TITLE: Record<PeriodicReport['kind'], (r: PeriodicReport) => string> = {
  month: (r) => `tháng ${String(r.month).padStart(2, '0')} năm ${r.year}`,
  q1: (r) => `quý I năm ${r.year}`,
  h1: (r) => `6 tháng đầu năm ${r.year}`,
  m9: (r) => `9 tháng năm ${r.year}`,
  year: (r) => `năm ${r.year}`,
};

export const periodTitle = (r: PeriodicReport) => PERIOD_TITLE[r.kind](r);
const vn = (iso: string) => formatVnDate(iso) ?? iso;
const num = (v: number, kind: string) => (kind === 'percent' ? `${v.toLocaleString('vi-VN')} %` : v.toLocaleString('vi-VN'));

/** The heading and signature of the issuing body: the state layout, or the Party's for a Party committee. */
function issuer(agency: Agency, unitName: string, parentName: string | null) {
  if (agency.kind === 'party_committee') {
    const lines = agency.unitLevel === 'province' || !parentName ? issuerLines(agency.name) : issuerLines(`Đảng bộ ${parentName}`, agency.name);
    return { heading: { issuer: lines, boldAll: false, layout: 'party' } as Decree30Heading, signature: ['T/M BAN THƯỜNG VỤ', 'BÍ THƯ'] };
  }
  if (agency.kind === 'peoples_committee') return { heading: { issuer: issuerLines('Ủy ban nhân dân', unitName), boldAll: true } as Decree30Heading, signature: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'] };
  return { heading: { issuer: issuerLines(agency.name), boldAll: true } as Decree30Heading, signature: ['THỦ TRƯỞNG CƠ QUAN'] };
}

/** The report as a Decree 30 document: figures of the frozen snapshot, the narrative, the communes' table. */
export async function reportSpec(db: Executor, r: PeriodicReport): Promise<Decree30Spec> {
  const completeness = r.figures.completeness ?? null;
  const agency = await getAgency(db, r.agencyId);
  const unit = await getUnit(db, r.unitCode);
  if (!agency || !unit) throw new Error(`report ${r.id}: unknown agency or unit`);
  const parent = unit.parentCode ? await getUnit(db, unit.parentCode) : undefined;
  const iss = issuer(agency, unit.fullName, parent?.fullName ?? null);
  const above = parent ? await findAgency(db, parent.code, agency.kind === 'party_committee' ? 'party_committee' : 'peoples_committee') : undefined;
  const s = r.figures;
  const period = periodTitle(r);
  const blocks: Decree30Block[] = [
    { kind: 'paragraph', text: `Thực hiện quy định về chế độ báo cáo định kỳ, ${agency.name} báo cáo kết quả tiếp nhận, giải quyết kiến nghị, phản ánh của Nhân dân và thực hiện dân chủ ở cơ sở ${period} (từ ngày ${vn(s.from)} đến ngày ${vn(s.to)}; số liệu tính đến ${vn(today(new Date(s.asOf)))}) như sau:` },
    { kind: 'heading', text: 'I. KẾT QUẢ' },
  ];
  if (s.empty) blocks.push({ kind: 'paragraph', text: `Trong kỳ báo cáo không phát sinh số liệu: không có kiến nghị, phản ánh nào được tiếp nhận và không có văn bản nào được công khai trên hệ thống.` });
  const groups = [...new Set(s.figures.map((f) => f.group))];
  groups.forEach((g, gi) => {
    blocks.push({ kind: 'paragraph', text: `${gi + 1}. ${g}`, bold: true, indent: true });
    blocks.push({
      kind: 'table',
      columns: [
        { title: 'STT', width: 0.7, align: 'center' },
        { title: 'Chỉ tiêu', width: 5 },
        { title: 'Số liệu', width: 1.6, align: 'right' },
      ],
      rows: s.figures.filter((f) => f.group === g).map((f, i) => [String(i + 1), f.label, num(f.value, f.kind)]),
    });
  });
  if (s.children.length) {
    const keys = s.figures.filter((f) => f.kind === 'count').slice(0, 5);
    blocks.push({ kind: 'heading', text: 'II. SỐ LIỆU CỦA CÁC XÃ, PHƯỜNG' });
    blocks.push({ kind: 'paragraph', text: `Chi tiết số liệu của ${s.children.length} xã, phường tại Phụ lục kèm theo; các đơn vị có số liệu trong kỳ:` });
    const withData = s.children.filter((c) => keys.some((k) => (c.values[k.key] ?? 0) > 0));
    blocks.push({
      kind: 'table',
      size: 10,
      columns: [{ title: 'Đơn vị', width: 3 }, ...keys.map((k) => ({ title: k.label, width: 1.4, align: 'right' as const }))],
      rows: (withData.length ? withData : []).map((c) => [c.name, ...keys.map((k) => num(c.values[k.key] ?? 0, 'count'))]),
    });
  }
  if (completeness) {
    blocks.push({ kind: 'heading', text: `${s.children.length ? 'III' : 'II'}. TÌNH HÌNH BÁO CÁO CỦA CẤP DƯỚI` });
    blocks.push({ kind: 'paragraph', text: `Số đơn vị phải báo cáo: ${completeness.expected}; đã báo cáo: ${completeness.actual}; đúng hạn: ${completeness.onTime}; chưa báo cáo: ${completeness.expected - completeness.actual}.` });
    const missing = completeness.missing;
    if (missing.length) blocks.push({ kind: 'paragraph', text: `Các đơn vị chưa báo cáo: ${missing.join(', ')}.` });
  }
  blocks.push({ kind: 'heading', text: `${completeness ? (s.children.length ? 'IV' : 'III') : s.children.length ? 'III' : 'II'}. ĐÁNH GIÁ, PHƯƠNG HƯỚNG` });
  for (const para of (r.narrative || 'Không có nội dung bổ sung.').split(/\n\s*\n|\r?\n/).filter((x) => x.trim())) blocks.push({ kind: 'paragraph', text: para.trim() });
  return {
    heading: { ...iss.heading, number: r.numberText ? `Số: ${r.numberText}` : agency.kind === 'party_committee' ? 'Số       -BC/ĐU' : `Số:        /BC-${agency.kind === 'peoples_committee' ? 'UBND' : 'CQ'}`, place: unit.name, date: r.issuedAt ? today(r.issuedAt) : today(r.generatedAt) },
    title: { type: 'Báo cáo', summary: `Kết quả tiếp nhận, giải quyết kiến nghị, phản ánh và thực hiện dân chủ ở cơ sở ${period}` },
    blocks,
    recipients: [`${above?.name ?? 'Cơ quan cấp trên'} (để báo cáo);`, 'Thường trực HĐND, Ủy ban MTTQ cùng cấp;', 'Lưu: VT.'],
    signature: { lines: iss.signature },
    meta: { title: `Báo cáo ${period} - ${unit.fullName}`, author: agency.name },
  };
}

export async function reportDocx(db: Executor, r: PeriodicReport): Promise<Buffer> {
  return renderDocx(await reportSpec(db, r));
}

export async function reportPdf(db: Executor, r: PeriodicReport): Promise<Buffer> {
  return renderPdf(await reportSpec(db, r));
}

/** The annex: the figures, and for a province one row per commune. */
export async function reportXlsx(r: PeriodicReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Đối Thoại';
  const font = { name: 'Times New Roman', size: 12 };
  const ws = wb.addWorksheet('Số liệu');
  ws.columns = [{ width: 6 }, { width: 30 }, { width: 50 }, { width: 14 }];
  ws.addRow([`PHỤ LỤC SỐ LIỆU BÁO CÁO ${periodTitle(r).toUpperCase()} - ${r.figures.unit.name.toUpperCase()}`]).font = { ...font, bold: true };
  ws.addRow([`Từ ${vn(r.figures.from)} đến ${vn(r.figures.to)}; số liệu tính đến ${vn(today(new Date(r.figures.asOf)))}`]).font = { ...font, italic: true };
  ws.addRow([]);
  ws.addRow(['STT', 'Nhóm', 'Chỉ tiêu', 'Số liệu']).font = { ...font, bold: true };
  r.figures.figures.forEach((f, i) => (ws.addRow([i + 1, f.group, f.label, f.value]).font = font));
  if (r.figures.children.length) {
    const keys = r.figures.figures.filter((f) => f.kind === 'count');
    const wc = wb.addWorksheet('Xã, phường');
    wc.addRow(['Mã', 'Đơn vị', ...keys.map((k) => k.label)]).font = { ...font, bold: true };
    for (const c of r.figures.children) wc.addRow([c.code, c.name, ...keys.map((k) => c.values[k.key] ?? 0)]).font = font;
    wc.columns.forEach((col, i) => (col.width = i === 1 ? 32 : 14));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
