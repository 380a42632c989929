/**
 * State documents in the Decree 30/2020/NĐ-CP layout (domain §8), as DOCX (docx) and PDF (pdfkit).
 *
 * A module describes a document once as a {@link Decree30Spec} — issuer, number line, place and
 * date, type name and summary, body blocks (paragraphs, headings, tables), recipients and
 * signature — and renders it with {@link renderDocx} or {@link renderPdf}. The small helpers
 * ({@link placeDateLine}, {@link numberLine}, {@link issuerLines}) are usable on their own, e.g. in
 * an HTML preview.
 *
 * Layout: A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman (DOCX),
 * DejaVu Serif Condensed (PDF: Times New Roman cannot be shipped, DejaVu carries every Vietnamese
 * glyph); national heading top right (12–13 pt bold caps, motto 13–14 pt bold with a rule under it),
 * issuer top left (caps, the issuing body bold, a short rule); "Số: …" under the issuer, the place
 * and date in italics beside it; body 14 pt justified with a 1.27 cm first-line indent; page numbers
 * from page 2, centred in the top margin.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { parseIsoDate, todayInVietnam, type IsoDate } from '../calendar/dates';

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';
/** The Party documents' heading (Hướng dẫn 36): top right, bold, underlined; the issuer ends with a "*". */
export const PARTY_NAME = 'ĐẢNG CỘNG SẢN VIỆT NAM';

/** Upper case as Vietnamese writes it ("Phường Chiềng Cơi" → "PHƯỜNG CHIỀNG CƠI"). */
export function upperVi(s: string): string {
  return s.normalize('NFC').toLocaleUpperCase('vi-VN');
}

/**
 * The place-and-date line: "Chiềng Cơi, ngày 05 tháng 3 năm 2026". Days below 10 and the months
 * January and February are written with a leading zero (Decree 30, appendix I).
 */
export function placeDateLine(place: string, date: Date | IsoDate): string {
  const iso = typeof date === 'string' ? date : todayInVietnam(date);
  const p = parseIsoDate(iso);
  if (!p) throw new RangeError(`Invalid date ${iso}`);
  const day = String(p.day).padStart(2, '0');
  const month = p.month <= 2 ? String(p.month).padStart(2, '0') : String(p.month);
  return `${place}, ngày ${day} tháng ${month} năm ${p.year}`;
}

/**
 * The number line: "Số: 05/KH-UBND". Without a number (assigned by the clerk at issue) the
 * space is left blank: "Số:        /BC-UBND".
 */
export function numberLine(number: string | number | null | undefined, typeAbbr: string, issuerAbbr: string): string {
  const n = number === null || number === undefined || number === '' ? '\u00a0'.repeat(8) : String(number).padStart(2, '0');
  return `Số: ${n}/${typeAbbr}-${issuerAbbr}`;
}

/** "Số: 05/KH-UBND" as typed by a person: the prefix is added when missing. */
export function documentNumberLine(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.normalize('NFC').trim();
  if (!s) return null;
  return /^số\s*:/i.test(s) ? s : `Số: ${s}`;
}

/**
 * Issuer lines for the top left: the parent body (plain caps), then the issuing body (bold caps).
 * issuerLines('Ủy ban nhân dân', 'Phường Chiềng Cơi') → ['ỦY BAN NHÂN DÂN', 'PHƯỜNG CHIỀNG CƠI'].
 */
export function issuerLines(...lines: string[]): string[] {
  return lines.filter((l) => l && l.trim()).map(upperVi);
}

export interface Decree30Heading {
  /** Issuer lines top left; every line is bold when boldAll, else only the last (the issuing body). */
  issuer: string[];
  /** True when all issuer lines name the issuing body itself (e.g. ỦY BAN NHÂN DÂN / PHƯỜNG CHIỀNG CƠI). */
  boldAll?: boolean;
  /** The full number line, e.g. numberLine(5, 'KH', 'UBND'); omitted: no number line. */
  number?: string | null;
  /** Place and date; omitted for minutes (Form 1.9 has no place/date line). */
  place?: string;
  date?: Date | IsoDate;
  /** 'party': a Party document (ĐẢNG CỘNG SẢN VIỆT NAM top right, "*" under the issuer); default 'state'. */
  layout?: 'state' | 'party';
}

export interface TextRunSpec {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Decree30Block =
  | {
      kind: 'paragraph';
      text: string | TextRunSpec[];
      align?: 'justify' | 'center' | 'left' | 'right';
      /** First-line indent (default true for justified body text). */
      indent?: boolean;
      bold?: boolean;
      italic?: boolean;
      size?: number;
    }
  /** A section heading in the body: bold, left, no indent. */
  | { kind: 'heading'; text: string }
  | {
      kind: 'table';
      /** Column titles and relative widths (any unit; they are scaled to the text width). */
      columns: Array<{ title: string; width: number; align?: 'left' | 'center' | 'right' }>;
      rows: string[][];
      /** Font size of the table, default 12 pt. */
      size?: number;
    };

export interface Decree30Signature {
  /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", … (first line, bold caps). */
  lines: string[];
  /** The signer's name, printed under the space for the signature. */
  name?: string;
}

export interface Decree30Spec {
  heading: Decree30Heading;
  /** Type name (caps, bold) and summary line (bold, rule under it). */
  title?: { type: string; summary?: string; subtitle?: string };
  blocks: Decree30Block[];
  /** "Nơi nhận:" entries; the list should end with "Lưu: VT, …". */
  recipients?: string[];
  signature?: Decree30Signature;
  /** A second signature in the left half instead of the recipients (minutes, Form 1.9: THƯ KÝ left, CHỦ TỌA right). */
  leftSignature?: Decree30Signature;
  /** Document properties. */
  meta?: { title?: string; author?: string };
}

// ---------------------------------------------------------------- DOCX

const FONT = 'Times New Roman';
/** A4 in twips, and the margins (top/bottom 20 mm, left 30 mm, right 15 mm). */
const PAGE = { width: 11906, height: 16838, top: 1134, bottom: 1134, left: 1701, right: 851 };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const LEFT_COL = Math.round(TEXT_WIDTH * 0.4);
const RIGHT_COL = TEXT_WIDTH - LEFT_COL;
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };
const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };
const CELL_LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

const hp = (pt: number) => Math.round(pt * 2);
const alignOf = (a?: string) =>
  a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : a === 'left' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED;

/** Rough width in twips of bold Times text, to draw rules about as long as a line of text. */
function estimateTwips(text: string, pt: number): number {
  return Math.round([...text].length * pt * 0.52 * 20);
}

/** An empty paragraph whose bottom border is a centred rule of the given length inside a cell. */
function rule(cellWidth: number, length: number): Paragraph {
  const side = Math.max(0, Math.round((cellWidth - length) / 2));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    indent: { left: side, right: side },
    spacing: { before: 0, after: 60, line: 120 },
    border: { bottom: LINE },
    children: [new TextRun({ text: '', size: 4, font: FONT })],
  });
}

function p(text: string, opts: { bold?: boolean; italic?: boolean; size?: number; align?: string; after?: number; before?: number }): Paragraph {
  return new Paragraph({
    alignment: alignOf(opts.align ?? 'center'),
    spacing: { before: opts.before ?? 0, after: opts.after ?? 0 },
    children: [new TextRun({ text, bold: opts.bold, italics: opts.italic, size: hp(opts.size ?? 13), font: FONT })],
  });
}

function headingTable(h: Decree30Heading): Table {
  const left: Paragraph[] = h.issuer.map((line, i) =>
    p(line, { bold: h.boldAll || i === h.issuer.length - 1, size: 13 }),
  );
  const last = h.issuer[h.issuer.length - 1] ?? '';
  if (h.layout === 'party') left.push(p('*', { size: 13 }));
  else left.push(rule(LEFT_COL, Math.min(LEFT_COL - 400, Math.max(900, Math.round(estimateTwips(last, 13) / 2)))));
  if (h.number) left.push(p(h.number, { size: 13, before: 60 }));
  const right: Paragraph[] =
    h.layout === 'party'
      ? [p(PARTY_NAME, { bold: true, size: 14 }), rule(RIGHT_COL, estimateTwips(PARTY_NAME, 14))]
      : [p(NATIONAL_NAME, { bold: true, size: 12 }), p(NATIONAL_MOTTO, { bold: true, size: 13 }), rule(RIGHT_COL, estimateTwips(NATIONAL_MOTTO, 13))];
  if (h.place && h.date) right.push(p(placeDateLine(h.place, h.date), { italic: true, size: 14, before: 60 }));
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({ children, width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, verticalAlign: VerticalAlign.TOP });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LEFT_COL, RIGHT_COL],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, LEFT_COL), cell(right, RIGHT_COL)] })],
  });
}

function runsOf(text: string | TextRunSpec[], base: { bold?: boolean; italic?: boolean; size: number }): TextRun[] {
  const parts = typeof text === 'string' ? [{ text }] : text;
  return parts.flatMap((r) => {
    // Line breaks inside a paragraph's text become Word line breaks.
    const lines = r.text.split('\n');
    return lines.map(
      (line, i) =>
        new TextRun({
          text: line,
          break: i > 0 ? 1 : undefined,
          bold: r.bold ?? base.bold,
          italics: r.italic ?? base.italic,
          size: hp(base.size),
          font: FONT,
        }),
    );
  });
}

function blockToDocx(b: Decree30Block): Array<Paragraph | Table> {
  if (b.kind === 'heading') {
    return [new Paragraph({ spacing: { before: 120, after: 60 }, children: [new TextRun({ text: b.text, bold: true, size: hp(14), font: FONT })] })];
  }
  if (b.kind === 'paragraph') {
    const align = b.align ?? 'justify';
    const indent = b.indent ?? align === 'justify';
    return [
      new Paragraph({
        alignment: alignOf(align),
        indent: indent ? { firstLine: 720 } : undefined,
        spacing: { before: 0, after: 120, line: 300 },
        children: runsOf(b.text, { bold: b.bold, italic: b.italic, size: b.size ?? 14 }),
      }),
    ];
  }
  const total = b.columns.reduce((s, c) => s + c.width, 0) || 1;
  const widths = b.columns.map((c) => Math.floor((c.width / total) * TEXT_WIDTH));
  const size = b.size ?? 12;
  const borders = { top: CELL_LINE, bottom: CELL_LINE, left: CELL_LINE, right: CELL_LINE };
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      borders,
      verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: String(text ?? '')
        .split('\n')
        .map(
          (line) =>
            new Paragraph({
              alignment: header ? AlignmentType.CENTER : alignOf(b.columns[i].align ?? 'left'),
              children: [new TextRun({ text: line, bold: header, size: hp(size), font: FONT })],
            }),
        ),
    });
  return [
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [
        new TableRow({ tableHeader: true, children: b.columns.map((c, i) => cell(c.title, i, true)) }),
        ...b.rows.map((r) => new TableRow({ cantSplit: true, children: b.columns.map((_, i) => cell(r[i] ?? '', i, false)) })),
      ],
    }),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
  ];
}

function signatureParagraphs(sig: Decree30Signature): Paragraph[] {
  const out = sig.lines.map((line) => p(line, { bold: true, size: 14 }));
  out.push(p('', { size: 14, after: 1400 }));
  if (sig.name) out.push(p(sig.name, { bold: true, size: 14 }));
  return out;
}

function closingTable(spec: Decree30Spec): Table | null {
  if (!spec.recipients?.length && !spec.signature && !spec.leftSignature) return null;
  const left: Paragraph[] = [];
  if (spec.leftSignature) left.push(...signatureParagraphs(spec.leftSignature));
  else if (spec.recipients?.length) {
    left.push(
      new Paragraph({ children: [new TextRun({ text: 'Nơi nhận:', bold: true, italics: true, size: hp(12), font: FONT })] }),
      ...spec.recipients.map(
        (r) => new Paragraph({ children: [new TextRun({ text: r.startsWith('-') ? r : `- ${r}`, size: hp(11), font: FONT })] }),
      ),
    );
  } else left.push(new Paragraph({ children: [] }));
  const right: Paragraph[] = [];
  if (spec.signature) right.push(...signatureParagraphs(spec.signature));
  else right.push(new Paragraph({ children: [] }));
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({ children, width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [Math.round(TEXT_WIDTH / 2), TEXT_WIDTH - Math.round(TEXT_WIDTH / 2)],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, Math.round(TEXT_WIDTH / 2)), cell(right, TEXT_WIDTH - Math.round(TEXT_WIDTH / 2))] })],
  });
}

/** Renders the spec as a .docx file. */
export async function renderDocx(spec: Decree30Spec): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [headingTable(spec.heading)];
  if (spec.title) {
    children.push(p(upperVi(spec.title.type), { bold: true, size: 14, before: 360 }));
    if (spec.title.summary) children.push(p(spec.title.summary, { bold: true, size: 14 }));
    if (spec.title.subtitle) children.push(p(spec.title.subtitle, { italic: true, size: 14 }));
    children.push(rule(TEXT_WIDTH, 1800));
    children.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
  }
  for (const b of spec.blocks) children.push(...blockToDocx(b));
  const closing = closingTable(spec);
  if (closing) children.push(closing);
  const section: ISectionOptions = {
    properties: {
      titlePage: true,
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: 567, footer: 567 },
      },
    },
    headers: {
      first: new Header({ children: [new Paragraph({ children: [] })] }),
      default: new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: [PageNumber.CURRENT], size: hp(13), font: FONT })],
          }),
        ],
      }),
    },
    children,
  };
  const doc = new Document({
    creator: spec.meta?.author ?? 'Đối Thoại',
    title: spec.meta?.title ?? spec.title?.type ?? '',
    styles: { default: { document: { run: { font: FONT, size: hp(14) } } } },
    sections: [section],
  });
  return Packer.toBuffer(doc);
}

// ---------------------------------------------------------------- PDF

const require = createRequire(import.meta.url);
let fontDir: string | undefined;
/** The folder of the DejaVu TrueType fonts shipped by the dejavu-fonts-ttf package. */
function fonts(): Record<'regular' | 'bold' | 'italic' | 'boldItalic', string> {
  fontDir ??= path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return {
    regular: path.join(fontDir, 'DejaVuSerifCondensed.ttf'),
    bold: path.join(fontDir, 'DejaVuSerifCondensed-Bold.ttf'),
    italic: path.join(fontDir, 'DejaVuSerifCondensed-Italic.ttf'),
    boldItalic: path.join(fontDir, 'DejaVuSerifCondensed-BoldItalic.ttf'),
  };
}

const MM = 72 / 25.4;
const PDF_MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

function fontName(bold?: boolean, italic?: boolean): string {
  return bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular';
}

/** Renders the spec as a PDF (the same content as the DOCX). */
export async function renderPdf(spec: Decree30Spec): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit'); // about 28 MB resident: loaded by the first PDF, not at start
  const f = fonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: PDF_MARGIN,
    bufferPages: true,
    lang: 'vi-VN',
    info: { Title: spec.meta?.title ?? spec.title?.type ?? '', Author: spec.meta?.author ?? 'Đối Thoại', Creator: 'Đối Thoại' },
  });
  // Registered by name and chosen only by name: pdfkit caches a font under the key it was first chosen by, and a font
  // also given to the constructor (by path) made every later choice of it by name read and parse the file again —
  // about 10 ms a paragraph.
  for (const [name, file] of Object.entries(f)) doc.registerFont(name, file);
  doc.font('regular');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const x0 = PDF_MARGIN.left;
  const width = doc.page.width - PDF_MARGIN.left - PDF_MARGIN.right;
  const bottom = () => doc.page.height - PDF_MARGIN.bottom;

  /** Writes one centred line in a column, shrinking the font if it would not fit on one line. */
  const centred = (text: string, x: number, w: number, y: number, o: { bold?: boolean; italic?: boolean; size: number }) => {
    doc.font(fontName(o.bold, o.italic));
    let size = o.size;
    doc.fontSize(size);
    while (size > 8 && doc.widthOfString(text) > w) doc.fontSize((size -= 0.5));
    doc.text(text, x, y, { width: w, align: 'center', lineBreak: false });
    return { y: y + doc.currentLineHeight(true) + 1, textWidth: doc.widthOfString(text) };
  };
  const hrule = (cx: number, len: number, y: number) => {
    doc.moveTo(cx - len / 2, y).lineTo(cx + len / 2, y).lineWidth(0.6).stroke('#000');
  };

  // Heading: issuer left (40 %), national heading right (60 %).
  const h = spec.heading;
  const lw = width * 0.4;
  const rw = width - lw;
  let ly = PDF_MARGIN.top;
  let lastWidth = 0;
  h.issuer.forEach((line, i) => {
    const r = centred(line, x0, lw, ly, { bold: h.boldAll || i === h.issuer.length - 1, size: 12.5 });
    ly = r.y;
    lastWidth = r.textWidth;
  });
  if (h.layout === 'party') ly = centred('*', x0, lw, ly, { size: 12.5 }).y;
  else {
    hrule(x0 + lw / 2, Math.max(40, Math.min(lw - 20, lastWidth / 2)), ly + 2);
    ly += 8;
  }
  let ry = PDF_MARGIN.top;
  if (h.layout === 'party') {
    const party = centred(PARTY_NAME, x0 + lw, rw, ry, { bold: true, size: 13.5 });
    ry = party.y;
    hrule(x0 + lw + rw / 2, party.textWidth, ry + 1);
  } else {
    ry = centred(NATIONAL_NAME, x0 + lw, rw, ry, { bold: true, size: 12 }).y;
    const motto = centred(NATIONAL_MOTTO, x0 + lw, rw, ry, { bold: true, size: 13 });
    ry = motto.y;
    hrule(x0 + lw + rw / 2, motto.textWidth, ry + 1);
  }
  ry += 8;
  const lineY = Math.max(ly, ry);
  if (h.number) centred(h.number, x0, lw, lineY, { size: 13 });
  if (h.place && h.date) centred(placeDateLine(h.place, h.date), x0 + lw, rw, lineY, { italic: true, size: 13 });
  doc.font('regular').fontSize(13);
  let y = lineY + doc.currentLineHeight(true) + 18;

  const ensure = (need: number) => {
    if (y + need > bottom()) {
      doc.addPage();
      y = PDF_MARGIN.top;
    }
  };

  if (spec.title) {
    doc.font('bold').fontSize(14);
    const type = upperVi(spec.title.type);
    doc.text(type, x0, y, { width, align: 'center' });
    y = doc.y;
    if (spec.title.summary) {
      doc.text(spec.title.summary, x0, y, { width, align: 'center' });
      y = doc.y;
    }
    if (spec.title.subtitle) {
      doc.font('italic').text(spec.title.subtitle, x0, y, { width, align: 'center' });
      y = doc.y;
    }
    hrule(x0 + width / 2, 90, y + 5);
    y += 18;
  }

  for (const b of spec.blocks) {
    if (b.kind === 'heading') {
      doc.font('bold').fontSize(13.5);
      ensure(doc.heightOfString(b.text, { width }) + 20);
      doc.text(b.text, x0, y + 4, { width });
      y = doc.y + 4;
    } else if (b.kind === 'paragraph') {
      const size = b.size ?? 13.5;
      const align = b.align ?? 'justify';
      const indent = b.indent ?? align === 'justify';
      const runs = typeof b.text === 'string' ? [{ text: b.text }] : b.text;
      doc.fontSize(size);
      const plain = runs.map((r) => r.text).join('');
      doc.font(fontName(b.bold, b.italic));
      ensure(Math.min(doc.heightOfString(plain, { width, indent: indent ? 36 : 0 }), 3 * doc.currentLineHeight(true)));
      doc.x = x0;
      doc.y = y;
      runs.forEach((r, i) => {
        doc.font(fontName(r.bold ?? b.bold, r.italic ?? b.italic)).fontSize(size);
        doc.text(r.text, i === 0 ? x0 : undefined, i === 0 ? y : undefined, {
          width,
          align,
          indent: i === 0 && indent ? 36 : 0,
          continued: i < runs.length - 1,
          paragraphGap: 0,
        });
      });
      y = doc.y + 6;
    } else {
      const size = b.size ?? 11;
      const total = b.columns.reduce((s, c) => s + c.width, 0) || 1;
      const widths = b.columns.map((c) => (c.width / total) * width);
      const pad = 3;
      const rowHeight = (cells: string[], bold: boolean) => {
        doc.font(bold ? 'bold' : 'regular').fontSize(size);
        return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * pad }))) + 2 * pad;
      };
      const drawRow = (cells: string[], bold: boolean, hgt: number) => {
        let x = x0;
        cells.forEach((c, i) => {
          doc.rect(x, y, widths[i], hgt).lineWidth(0.5).stroke('#000');
          doc.font(bold ? 'bold' : 'regular').fontSize(size);
          doc.text(c || '', x + pad, y + pad, { width: widths[i] - 2 * pad, align: bold ? 'center' : (b.columns[i].align ?? 'left') });
          x += widths[i];
        });
        y += hgt;
      };
      const titles = b.columns.map((c) => c.title);
      const headH = rowHeight(titles, true);
      ensure(headH + 20);
      drawRow(titles, true, headH);
      for (const r of b.rows) {
        const cells = b.columns.map((_, i) => r[i] ?? '');
        const hgt = rowHeight(cells, false);
        if (y + hgt > bottom()) {
          doc.addPage();
          y = PDF_MARGIN.top;
          drawRow(titles, true, headH);
        }
        drawRow(cells, false, hgt);
      }
      y += 10;
    }
  }

  if (spec.recipients?.length || spec.signature || spec.leftSignature) {
    const half = width / 2;
    doc.font('regular').fontSize(11);
    const recH = (spec.recipients?.length ?? 0) * 14 + 20;
    ensure(Math.max(recH, 130));
    const top = y + 6;
    const sign = (sig: Decree30Signature, x: number) => {
      let sy = top;
      for (const line of sig.lines) sy = centred(line, x, half, sy, { bold: true, size: 13.5 }).y;
      if (sig.name) centred(sig.name, x, half, sy + 70, { bold: true, size: 13.5 });
    };
    if (spec.leftSignature) sign(spec.leftSignature, x0);
    else if (spec.recipients?.length) {
      doc.font('boldItalic').fontSize(12).text('Nơi nhận:', x0, top, { width: half });
      doc.font('regular').fontSize(11);
      for (const r of spec.recipients) doc.text(r.startsWith('-') ? r : `- ${r}`, x0, doc.y, { width: half - 10 });
    }
    if (spec.signature) sign(spec.signature, x0 + half);
  }

  // Page numbers from page 2, centred in the top margin.
  const range = doc.bufferedPageRange();
  for (let i = 1; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.font('regular').fontSize(12);
    doc.text(String(i + 1), x0, PDF_MARGIN.top / 2 - 6, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
