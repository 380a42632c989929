export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];
export const DEFAULT_LOCALE: Locale = 'vi';
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type Messages = Record<string, string>;
export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

const catalogues: Record<Locale, Messages> = { vi: {}, en: {} };

/**
 * Adds a module's messages. Both languages must carry the same keys, so a missing translation
 * fails at start-up instead of showing a raw key to a citizen.
 */
export function addMessages<K extends string>(vi: Record<K, string>, en: Record<K, string>): void {
  const missing = Object.keys(vi).filter((k) => !(k in en));
  const extra = Object.keys(en).filter((k) => !(k in vi));
  if (missing.length || extra.length) {
    throw new Error(`Message catalogue mismatch: missing in en [${missing}], missing in vi [${extra}]`);
  }
  for (const k of Object.keys(vi)) {
    if (k in catalogues.vi && catalogues.vi[k] !== (vi as Messages)[k]) throw new Error(`Duplicate message key ${k}`);
  }
  Object.assign(catalogues.vi, vi);
  Object.assign(catalogues.en, en);
}

export function hasMessage(key: string): boolean {
  return key in catalogues.vi;
}

export function allMessageKeys(): string[] {
  return Object.keys(catalogues.vi);
}

export function translate(locale: Locale, key: string, params?: Params): string {
  const template = catalogues[locale][key] ?? catalogues.vi[key];
  if (template === undefined) return key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    params[name] === undefined ? m : typeof params[name] === 'number' ? formatNumber(locale, params[name] as number) : String(params[name]),
  );
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

export function isLocale(v: unknown): v is Locale {
  return v === 'vi' || v === 'en';
}

const numberFormats = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-GB'),
};
export function formatNumber(locale: Locale, n: number): string {
  return numberFormats[locale].format(n);
}

const dateParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 13/06/1975: plain arithmetic from then on. */
const FIXED_OFFSET_SINCE = Date.UTC(1975, 5, 13);
const pad = (n: number) => String(n).padStart(2, '0');

function parts(d: Date) {
  if (d.getTime() >= FIXED_OFFSET_SINCE) {
    const v = new Date(d.getTime() + 7 * 3600_000);
    return { day: pad(v.getUTCDate()), month: pad(v.getUTCMonth() + 1), year: String(v.getUTCFullYear()), hour: pad(v.getUTCHours()), minute: pad(v.getUTCMinutes()) };
  }
  const p = Object.fromEntries(dateParts.formatToParts(d).map((x) => [x.type, x.value]));
  return p as Record<'day' | 'month' | 'year' | 'hour' | 'minute', string>;
}

/** dd/mm/yyyy in Asia/Ho_Chi_Minh. Accepts a Date or a 'YYYY-MM-DD' civil date. */
export function formatDate(d: Date | string | null | undefined): string {
  if (d == null) return '';
  if (typeof d === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
    d = new Date(d);
  }
  const p = parts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export function formatDateTime(d: Date | string | null | undefined): string {
  if (d == null) return '';
  const date = typeof d === 'string' ? new Date(d) : d;
  const p = parts(date);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** The ISO timestamp for <time datetime>. */
export function isoDate(d: Date | string): string {
  return typeof d === 'string' ? d : d.toISOString();
}
