import { inflateRawSync } from 'node:zlib';

/**
 * Reads one entry of a ZIP archive (a .docx or .xlsx) through its central directory: enough for
 * tests and checks to look inside generated Office files without another dependency.
 * Supports stored and deflated entries; returns null when the entry is absent.
 */
export function readZipEntry(zip: Buffer, name: string): Buffer | null {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('Not a ZIP archive');
  const count = zip.readUInt16LE(eocd + 10);
  let off = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(off) !== 0x02014b50) throw new Error('Corrupt ZIP central directory');
    const method = zip.readUInt16LE(off + 10);
    const csize = zip.readUInt32LE(off + 20);
    const nameLen = zip.readUInt16LE(off + 28);
    const extraLen = zip.readUInt16LE(off + 30);
    const commentLen = zip.readUInt16LE(off + 32);
    const local = zip.readUInt32LE(off + 42);
    const entry = zip.subarray(off + 46, off + 46 + nameLen).toString('utf8');
    if (entry === name) {
      const lnameLen = zip.readUInt16LE(local + 26);
      const lextraLen = zip.readUInt16LE(local + 28);
      const start = local + 30 + lnameLen + lextraLen;
      const data = zip.subarray(start, start + csize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`Unsupported ZIP method ${method}`);
    }
    off += 46 + nameLen + extraLen + commentLen;
  }
  return null;
}

/** The visible text of a .docx body (the w:t runs of word/document.xml, joined; paragraphs on lines). */
export function docxText(docx: Buffer): string {
  const xml = readZipEntry(docx, 'word/document.xml')?.toString('utf8') ?? '';
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<w:br\/>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
