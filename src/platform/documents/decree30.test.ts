import { describe, expect, it } from 'vitest';
import { docxText, readZipEntry } from './zip';
import { documentNumberLine, issuerLines, numberLine, placeDateLine, renderDocx, renderPdf, type Decree30Spec } from './decree30';

const spec: Decree30Spec = {
  heading: {
    issuer: issuerLines('Ủy ban nhân dân', 'Phường Chiềng Cơi'),
    boldAll: true,
    number: numberLine(5, 'KH', 'UBND'),
    place: 'Chiềng Cơi',
    date: '2026-03-05',
  },
  title: { type: 'Kế hoạch', summary: 'Phát triển kinh tế - xã hội năm 2026' },
  blocks: [
    { kind: 'heading', text: 'I. MỤC ĐÍCH, YÊU CẦU' },
    { kind: 'paragraph', text: 'Nội dung đoạn văn có dấu tiếng Việt: ỹ ỵ ự ở đ Ư Ơ.' },
    {
      kind: 'table',
      columns: [
        { title: 'STT', width: 1, align: 'center' },
        { title: 'Nội dung', width: 5 },
      ],
      rows: [['1', 'Dòng thứ nhất'], ['2', 'Dòng thứ hai']],
    },
  ],
  recipients: ['UBND tỉnh Sơn La;', 'Lưu: VT.'],
  signature: { lines: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: 'Nguyễn Văn A' },
};

describe('Decree 30 documents', () => {
  it('writes the place-date line with zero-padded days and January/February', () => {
    expect(placeDateLine('Chiềng Cơi', '2026-03-05')).toBe('Chiềng Cơi, ngày 05 tháng 3 năm 2026');
    expect(placeDateLine('Chiềng Cơi', '2026-02-15')).toBe('Chiềng Cơi, ngày 15 tháng 02 năm 2026');
    expect(placeDateLine('Chiềng Cơi', '2026-01-09')).toBe('Chiềng Cơi, ngày 09 tháng 01 năm 2026');
    expect(placeDateLine('Sơn La', '2026-12-31')).toBe('Sơn La, ngày 31 tháng 12 năm 2026');
    // An instant is read in Asia/Ho_Chi_Minh: 20:00 UTC on 4 March is already 5 March in Viet Nam.
    expect(placeDateLine('Chiềng Cơi', new Date('2026-03-04T20:00:00Z'))).toBe('Chiềng Cơi, ngày 05 tháng 3 năm 2026');
  });

  it('writes the number line, blank when the clerk has not assigned a number', () => {
    expect(numberLine(5, 'KH', 'UBND')).toBe('Số: 05/KH-UBND');
    expect(numberLine(123, 'BC', 'UBND')).toBe('Số: 123/BC-UBND');
    expect(numberLine(null, 'BC', 'UBND')).toMatch(/^Số: \u00a0+\/BC-UBND$/);
    expect(documentNumberLine('05/KH-UBND')).toBe('Số: 05/KH-UBND');
    expect(documentNumberLine('Số: 05/KH-UBND')).toBe('Số: 05/KH-UBND');
    expect(documentNumberLine('  ')).toBeNull();
    expect(issuerLines('Ủy ban nhân dân', 'Phường Chiềng Cơi')).toEqual(['ỦY BAN NHÂN DÂN', 'PHƯỜNG CHIỀNG CƠI']);
  });

  it('renders a DOCX with the national heading, the issuer, the number and place-date lines and the body', async () => {
    const buf = await renderDocx(spec);
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const text = docxText(buf);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('ỦY BAN NHÂN DÂN\nPHƯỜNG CHIỀNG CƠI');
    expect(text).toContain('Số: 05/KH-UBND');
    expect(text).toContain('Chiềng Cơi, ngày 05 tháng 3 năm 2026');
    expect(text).toContain('KẾ HOẠCH');
    expect(text).toContain('Dòng thứ hai');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('Nguyễn Văn A');
    const xml = readZipEntry(buf, 'word/document.xml')!.toString('utf8');
    // A4 portrait, left margin 30 mm, Times New Roman.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('w:left="1701"');
    expect(xml).toContain('Times New Roman');
    // Page numbers only from page 2: a distinct first-page header.
    expect(xml).toContain('<w:titlePg/>');
  });

  it('renders a PDF with an embedded font that has the Vietnamese glyphs', async () => {
    const buf = await renderPdf({ ...spec, blocks: [...spec.blocks, ...Array.from({ length: 40 }, (_, i) => ({ kind: 'paragraph' as const, text: `Đoạn ${i + 1}: tiếp thu, giải trình ý kiến của Nhân dân về dự thảo kế hoạch.` }))] });
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = buf.toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/DejaVuSerifCondensed/);
    // Long enough to need a second page.
    expect((raw.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });
});
