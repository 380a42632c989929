import { neutralizeBidi } from './bidi';

/**
 * Text no database can store: a NUL character (PostgreSQL refuses it in text) or a lone UTF-16 surrogate
 * ("\ud800", which JSON allows and jsonb refuses). Nobody types either; input carrying one is refused.
 */
export function isStorable(s: string): boolean {
  return !s.includes('\0') && s.isWellFormed();
}

/**
 * Unicode NFC, trimmed, bidi controls removed (`neutralizeBidi`): every text a user sends is stored this way
 * (NUL removed, lone surrogates made U+FFFD).
 */
export function clean(s: string): string {
  return neutralizeBidi(s.replaceAll('\0', '').toWellFormed().normalize('NFC').trim());
}

/** Folds case and Vietnamese diacritics ("Chiềng Cơi" → "chieng coi"), matching SQL f_fold(). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

const segmenter = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/** Characters as a person sees them: NFC, trimmed, grapheme clusters (the same count in the browser). */
export function visibleLength(s: string): number {
  let n = 0;
  for (const _ of segmenter.segment(clean(s))) n++;
  return n;
}

/** Words of a search query, folded, without SQL pattern characters. */
export function searchTerms(q: string): string[] {
  return fold(clean(q))
    .replace(/[%_\\]/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Splits text into plain and highlighted parts where a folded search term matches at the start of a word (as the
 * search matches words, and the last one as a prefix): "an" marks "An toàn", not the end of "toàn".
 */
export function highlightParts(text: string, terms: string[]): Array<{ text: string; hit: boolean }> {
  if (!terms.length || !text) return [{ text, hit: false }];
  // Fold char by char so indices map back to the original string.
  const chars = Array.from(text);
  const folded = chars.map((c) => fold(c) || c);
  const flat = folded.join('');
  const starts: number[] = [];
  let pos = 0;
  for (const f of folded) {
    starts.push(pos);
    pos += f.length;
  }
  const marks = new Array<boolean>(chars.length).fill(false);
  for (const term of terms) {
    if (term.length < 2) continue;
    for (let i = flat.indexOf(term); i !== -1; i = flat.indexOf(term, i + 1)) {
      if (i > 0 && WORD_CHAR.test(flat[i - 1])) continue;
      const end = i + term.length;
      for (let c = 0; c < chars.length; c++) if (starts[c] >= i && starts[c] < end) marks[c] = true;
    }
  }
  const out: Array<{ text: string; hit: boolean }> = [];
  chars.forEach((c, i) => {
    const last = out[out.length - 1];
    if (last && last.hit === marks[i]) last.text += c;
    else out.push({ text: c, hit: marks[i] });
  });
  return out;
}
