import { fold } from '../../../platform/text/text';

/**
 * Vietnamese text → weighted terms: NFC, diacritics and case folded (so "nuoc duc" meets "nước đục"), syllables
 * and pairs of neighbouring syllables (Vietnamese words are mostly two syllables: "sạt lở", "bể lọc"), without
 * the words every petition uses ("đề nghị", "bà con", "phản ánh"…).
 */
const STOP = new Set(
  (
    'va cua la cac nhung co khong duoc da dang se cho voi tai o thi ma nay do de nghi kinh xin chung toi gia dinh ' +
    'rat mong viec khi lai ra vao len cung nhieu mot hai ba con nguoi dan phan anh kien cu tri thay mat ho ' +
    'nen vi vay tu den nay qua thoi gian sau truoc trong ngoai ngay moi hon het con cap chuc nang co quan som ' +
    'quan tam hien nay hang duoc bi phai ve theo nhu the nao gi ai dau ay kia nua van chua xa phuong ban to khu vuc'
  ).split(' '),
);
/** The folded syllables of a text. Place-kind words (bản, tổ, phường) are stop words alone; pairs keep "ban_co". */
/** Words that name a kind of place: the pair they start names the place ("ban_co", "to_3"). */
const PLACE_KIND = new Set(['ban', 'to', 'xa', 'phuong', 'khu', 'duong']);

export function syllables(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((s) => s.length > 0);
}

export interface TermOptions {
  /** Pairs of neighbouring syllables as terms (both not stop words). */
  bigrams: boolean;
}

export function termsOf(text: string, opts: TermOptions = { bigrams: true }): string[] {
  const syl = syllables(text);
  const out: string[] = [];
  for (let i = 0; i < syl.length; i++) {
    const s = syl[i];
    if (!STOP.has(s) && s.length > 1) out.push(s);
    if (opts.bigrams && i + 1 < syl.length) {
      const t = syl[i + 1];
      if (!(STOP.has(s) && STOP.has(t)) || PLACE_KIND.has(s)) out.push(`${s}_${t}`);
    }
  }
  return out;
}

/** Character trigrams of the folded text, as pg_trgm makes them (each word padded with two spaces before, one after). */
export function trigramsOf(text: string): string[] {
  const out: string[] = [];
  for (const w of syllables(text)) {
    const p = `  ${w} `;
    for (let i = 0; i + 3 <= p.length; i++) out.push(p.slice(i, i + 3));
  }
  return out;
}
