import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from '../../../platform/lazy-libs/exceljs';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { HttpError } from '../../../platform/http/errors';
import { fold } from '../../../platform/text/text';
import { consolidationSettings } from '../settings';
import { recordGathering, type GatheringResult, type OpinionColumn, type OpinionRow } from './gatherings';

/** The import file's columns: Vietnamese headers (matched without diacritics or case), the first is required. */
export const COLUMNS: Array<{ key: OpinionColumn | 'no'; header: string; width: number }> = [
  { key: 'no', header: 'STT', width: 6 },
  { key: 'text', header: 'Nội dung ý kiến', width: 70 },
  { key: 'peopleCount', header: 'Số người', width: 10 },
  { key: 'village', header: 'Thôn, bản, tổ dân phố', width: 22 },
  { key: 'name', header: 'Họ và tên', width: 22 },
  { key: 'phone', header: 'Số điện thoại', width: 16 },
  { key: 'kind', header: 'Loại', width: 14 },
];
const BY_HEADER = new Map(COLUMNS.map((c) => [fold(c.header).replace(/[^a-z0-9]/g, ''), c.key]));

/** "Khiếu nại" → khieu_nai (the petitions kinds); anything else is passed on and refused by petitions. */
const KIND_BY_LABEL: Record<string, string> = { kiennghi: 'kien_nghi', phananh: 'phan_anh', gopy: 'gop_y', khieunai: 'khieu_nai', tocao: 'to_cao' };

export class FileRefused extends HttpError {}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v).trim();
}

async function readSheet(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  const isZip = data.length > 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
  try {
    if (isZip) {
      await wb.xlsx.load(data as unknown as ArrayBuffer);
    } else {
      const text = data.toString('utf8');
      // Text that is not UTF-8 (or binary) is not a CSV file we can read.
      if (text.includes('\ufffd') || text.includes('\u0000')) throw new Error('not text');
      await wb.csv.read(Readable.from([text.replace(/^\ufeff/, '')]));
    }
  } catch {
    throw new FileRefused(415, 'consolidation.error.format');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new FileRefused(415, 'consolidation.error.format');
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const vals: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (vals[col - 1] = cellText(cell.value)));
    out[n - 1] = vals;
  });
  return Array.from(out, (r) => r ?? []);
}

/** The opinions of a file, each with its row number in the file (the header is row 1). */
export async function parseOpinionFile(data: Buffer, maxRows: number): Promise<OpinionRow[]> {
  const rows = await readSheet(data);
  const header = rows[0] ?? [];
  const keys = header.map((h) => {
    const k = fold(h ?? '').replace(/[^a-z0-9]/g, '');
    if (!k) return null;
    const key = BY_HEADER.get(k);
    if (!key) throw new FileRefused(422, 'consolidation.error.unknownColumn', { name: h });
    return key;
  });
  if (!keys.includes('text')) throw new FileRefused(422, 'consolidation.error.missingColumn', { name: COLUMNS[1].header });
  const out: OpinionRow[] = [];
  rows.slice(1).forEach((r, i) => {
    const row: OpinionRow = { row: i + 2, text: '' };
    keys.forEach((k, c) => {
      const v = (r[c] ?? '').trim();
      if (!k || k === 'no' || !v) return;
      if (k === 'kind') row.kind = KIND_BY_LABEL[fold(v).replace(/[^a-z]/g, '')] ?? v;
      else (row as any)[k] = v;
    });
    if (row.text || row.village || row.name || row.phone || row.peopleCount) out.push(row);
  });
  if (out.length > maxRows) throw new FileRefused(413, 'consolidation.error.tooManyRows', { max: maxRows });
  return out;
}

/** Imports a file of gathered opinions (XLSX or CSV) for a meeting, all or nothing; the same file twice is refused. */
export async function importGathering(ctx: AppContext, principal: Principal | null, meeting: unknown, file: { filename: string; data: Buffer }): Promise<GatheringResult> {
  const s = await consolidationSettings(ctx.db);
  if (file.data.length > s.maxBytes) throw new FileRefused(413, 'consolidation.error.tooLarge', { max: `${s.maxBytes / 1024 / 1024} MB` });
  if (!file.data.length) throw new FileRefused(422, 'consolidation.error.emptyFile');
  const rows = await parseOpinionFile(file.data, s.maxRows);
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  return recordGathering(ctx, principal, meeting, rows, { filename: file.filename, sha256 });
}

/** The template to fill in: the Vietnamese headers, an example row, and a sheet of instructions. */
export async function opinionTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Đối Thoại';
  const ws = wb.addWorksheet('Ý kiến');
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.addRow({ no: 1, text: 'Đường vào bản Hài bị sạt lở sau mưa lớn, đề nghị phường sớm khắc phục để bà con đi lại an toàn.', peopleCount: 12, village: 'Bản Hài', name: '', phone: '', kind: 'Kiến nghị' });
  const help = wb.addWorksheet('Hướng dẫn');
  help.columns = [{ header: 'Cột', width: 24 }, { header: 'Cách ghi', width: 90 }];
  help.getRow(1).font = { bold: true };
  help.addRows([
    ['Nội dung ý kiến', 'Bắt buộc, từ 20 ký tự. Mỗi dòng một ý kiến, kiến nghị. Xóa dòng ví dụ trước khi nhập.'],
    ['Số người', 'Số người cùng ý kiến (để trống = 1).'],
    ['Thôn, bản, tổ dân phố', 'Nơi có vấn đề hoặc nơi ở của người nêu ý kiến.'],
    ['Họ và tên, Số điện thoại', 'Không bắt buộc; được bảo mật như mọi kiến nghị.'],
    ['Loại', 'Kiến nghị, Phản ánh, Góp ý, Khiếu nại hoặc Tố cáo (để trống = Kiến nghị). Khiếu nại, tố cáo được chuyển sang trình tự pháp luật.'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
