/**
 * Removing what identifies a person from free text before it is published as open data: the exact strings known
 * to belong to the person (name, phone, e-mail, address, ID number), then anything shaped like an e-mail address,
 * a Vietnamese phone number or a citizen ID number.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// 0912 345 678, 0912.345.678, +84 912345678, (0212) 3852 123
const PHONE = /(?:\+?84|\(?0)\d{1,3}\)?(?:[\s.-]?\d){7,9}/g;
const ID_NO = /\b\d{9}(?:\d{3})?\b/g;
export const REDACTED = '[…]';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function anonymiseText(text: string | null | undefined, known: Array<string | null | undefined> = []): string {
  if (!text) return '';
  let out = text.normalize('NFC');
  for (const k of known) {
    const s = k?.normalize('NFC').trim();
    if (s && s.length >= 3) out = out.replace(new RegExp(escapeRe(s), 'giu'), REDACTED);
  }
  return out.replace(EMAIL, REDACTED).replace(PHONE, REDACTED).replace(ID_NO, REDACTED);
}
