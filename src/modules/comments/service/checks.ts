// The rules a comment is checked against: the limits, guests' rights per unit, names that impersonate, held words.
import type { Executor } from '../../../platform/db/types';
import { getSettings } from '../../../platform/settings/settings';
import { ValidationError } from '../../../platform/http/errors';
import { skeleton } from '../../../platform/text/skeleton';
import { listAgencies } from '../../directory/service';
import { checkComment, type CommentLimits } from '../rules';

export const COMMENT_SETTING_KEYS = [
  'comments.minLength',
  'comments.maxLength',
  'comments.guestAllowed',
  'comments.guestModeration',
  'comments.pageSize',
  'comments.repliesShown',
];

/** The limits in force (settings comments.minLength / comments.maxLength). */
export async function commentLimits(db: Executor, preloaded?: Record<string, number | boolean | string>): Promise<CommentLimits> {
  const s = preloaded ?? (await getSettings(db, ['comments.minLength', 'comments.maxLength']));
  return { min: Number(s['comments.minLength']), max: Number(s['comments.maxLength']) };
}

/** Guests' rights on a unit: the settings, overridden per unit where an administrator said so. */
export async function guestPolicy(
  db: Executor,
  unitCode: string | null,
  preloaded?: Record<string, number | boolean | string>,
): Promise<{ allowed: boolean; moderated: boolean }> {
  const s = preloaded ?? (await getSettings(db, ['comments.guestAllowed', 'comments.guestModeration']));
  let allowed = Boolean(s['comments.guestAllowed']);
  let moderated = Boolean(s['comments.guestModeration']);
  if (unitCode) {
    const o = await db.selectFrom('comment_unit_settings').selectAll().where('unit_code', '=', unitCode).executeTakeFirst();
    if (o?.guest_allowed != null) allowed = o.guest_allowed;
    if (o?.guest_moderation != null) moderated = o.guest_moderation;
  }
  return { allowed, moderated };
}

/** Checks a body against the limits; the ValidationError names the field `body`. */
export function bodyError(body: string, limits: CommentLimits): ValidationError | null {
  const c = checkComment(body, limits);
  if (c.problem === 'short') return new ValidationError({ body: 'comments.error.short' }, { body: { min: limits.min } });
  if (c.problem === 'long') return new ValidationError({ body: 'comments.error.long' }, { body: { max: limits.max, count: c.count } });
  return null;
}

const OFFICIAL_WORDS = [
  'ubnd', 'uy ban', 'hdnd', 'hoi dong nhan dan', 'chu tich', 'bi thu', 'dang uy', 'tinh uy', 'thanh uy', 'huyen uy',
  'mttq', 'mat tran to quoc', 'cong an', 'can bo', 'quan tri vien', 'admin', 'chinh quyen', 'so noi vu', 'van phong',
  'giam doc', 'truong ban', 'truong phong', 'thanh tra',
];

/** The words of a text as it looks (its skeleton: invisible characters and look-alike letters do not hide a word). */
function wordsOf(s: string): string {
  return ` ${skeleton(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

let agencyNamesCache: { at: number; names: string[] } | null = null;
async function agencyNames(db: Executor): Promise<string[]> {
  if (agencyNamesCache && Date.now() - agencyNamesCache.at < 5 * 60_000) return agencyNamesCache.names;
  const list = await listAgencies(db, { includeInactive: true, limit: 20_000 });
  const names = list.flatMap((a) => [a.name, a.shortName ?? '']).map((n) => wordsOf(n).trim()).filter((n) => n.length >= 4);
  agencyNamesCache = { at: Date.now(), names };
  return names;
}

/** A guest name that looks like an official's or an agency's ("UBND", "Ủy ban…", "Chủ tịch…"). */
export async function impersonates(db: Executor, name: string): Promise<boolean> {
  const w = wordsOf(name);
  if (OFFICIAL_WORDS.some((o) => w.includes(` ${o} `))) return true;
  return (await agencyNames(db)).some((n) => w.includes(` ${n} `));
}

/**
 * The words of the moderation list found in a text, matched whole-word on both skeletons (so "Đ"/"đ"/"d", case,
 * zero-width characters, soft hyphens, bidi overrides, full-width and Cyrillic look-alike letters alike).
 */
export async function heldWords(db: Executor, text: string): Promise<string[]> {
  const words = await db.selectFrom('moderation_words').select(['word', 'folded']).execute();
  const w = wordsOf(text);
  return words.filter((x) => {
    const f = wordsOf(x.word).trim();
    // A phrase whose spaces were replaced by an invisible character reads as one word: matched too.
    return f.length > 0 && (w.includes(` ${f} `) || (f.includes(' ') && w.includes(` ${f.replaceAll(' ', '')} `)));
  }).map((x) => x.word);
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A Vietnamese phone number (0XXXXXXXXX or +84XXXXXXXXX), normalised to 0XXXXXXXXX, or null. */
export function normalizePhone(s: string): string | null {
  const d = s.replace(/[\s.\-()]/g, '');
  const m = /^(?:\+?84|0)([35789]\d{8})$/.exec(d);
  return m ? `0${m[1]}` : null;
}
