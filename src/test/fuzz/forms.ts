import fc from 'fast-check';
import { badContentType, badText } from './bad-values';
import { BOUNDARY, formEncode, multipartBody, type FuzzRequest, type Visitor } from './request';

/** The HTML forms of the app, found by crawling its pages, and generated bad submissions of each. */

export interface Field {
  name: string;
  /** input type, 'textarea' or 'select'. */
  type: string;
  value: string;
}
export interface Form {
  key: string;
  /** The page it was found on. */
  page: string;
  method: 'GET' | 'POST';
  action: string;
  multipart: boolean;
  fields: Field[];
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3]) : undefined;
};
const decodeEntities = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e as string] ?? _);

/** The forms of a page (the HTML our views render: no JavaScript needed to read them). */
export function formsOf(html: string, pageUrl: string): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, open, inner] = m;
    const method = (attr(open, 'method') ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const action = new URL(attr(open, 'action') || pageUrl, 'http://localhost:3000');
    if (action.origin !== 'http://localhost:3000') continue;
    const fields: Field[] = [];
    for (const t of inner.matchAll(/<(input|textarea|select)\b([^>]*)>/gi)) {
      const name = attr(t[2], 'name');
      if (!name) continue;
      const kind = t[1].toLowerCase();
      const type = kind === 'input' ? (attr(t[2], 'type') ?? 'text').toLowerCase() : kind;
      if (['submit', 'button', 'image', 'reset'].includes(type)) continue;
      let value = attr(t[2], 'value') ?? '';
      if (kind === 'select') value = /<option\b[^>]*\svalue="([^"]+)"/i.exec(inner.slice((t.index ?? 0)))?.[1] ?? '';
      if ((type === 'checkbox' || type === 'radio') && !value) value = 'on';
      if (type === 'radio' && fields.some((f) => f.name === name)) continue;
      fields.push({ name, type, value });
    }
    const multipart = (attr(open, 'enctype') ?? '').toLowerCase() === 'multipart/form-data';
    // The token is put back at submission (the visitor's own), never twice.
    action.searchParams.delete('_csrf');
    const path = action.pathname + action.search;
    forms.push({ key: `form ${method} ${template(action.pathname)} [${fields.map((f) => f.name).sort().join(',')}]`, page: pageUrl, method, action: path, multipart, fields });
  }
  return forms;
}

/** The links of a page to follow: same site, HTML pages only (no files, no language switch, no assets). */
export function linksOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*\shref="([^"#]+)/gi)) {
    const href = decodeEntities(m[1]);
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    if (/^\/(static|assets|lang|api|open311|files?|tep)\b|\.(pdf|docx|xlsx|csv|json|xml|zip|png|jpe?g|ics|rss)(\?|$)|\/(tai-ve|download|xuat)\b/i.test(href)) continue;
    out.push(href);
  }
  return out;
}

/** A URL's shape: codes and numbers replaced, so that one petition page stands for all of them. */
export function template(path: string): string {
  return path
    .split('?')[0]
    .replace(/\/[A-Z]{1,4}-\d{4}-\d+/g, '/{code}')
    .replace(/\/\d+(?=\/|$)/g, '/{n}');
}

/**
 * Crawls the app from its home page as a visitor: at most `maxPages` pages, two per URL shape; returns every
 * distinct form (one per method, action shape and field names).
 */
export async function crawl(
  get: (url: string) => Promise<{ status: number; type: string; body: string }>,
  opts: { start: string[]; maxPages: number },
): Promise<{ pages: string[]; forms: Form[] }> {
  const queue = [...opts.start];
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const forms = new Map<string, Form>();
  const pages: string[] = [];
  while (queue.length && pages.length < opts.maxPages) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const shape = template(url) + (url.includes('?') ? '?' : '');
    if ((shapes.get(shape) ?? 0) >= 2) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    const res = await get(url);
    if (res.status !== 200 || !res.type.startsWith('text/html')) continue;
    pages.push(url);
    for (const f of formsOf(res.body, url)) if (!forms.has(f.key)) forms.set(f.key, f);
    for (const l of linksOf(res.body)) if (!seen.has(l)) queue.push(l);
  }
  return { pages, forms: [...forms.values()] };
}

const ip = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map(([a, b]) => `198.19.${a}.${b}`);

/** Bad submissions of a form, as a browser (or a hostile client pretending to be one) would send them. */
export function submissionsFor(form: Form, visitor: Visitor): fc.Arbitrary<FuzzRequest> {
  const fields = form.fields.filter((f) => f.name !== '_csrf');
  const base = (): Array<[string, string]> => [['_csrf', visitor.csrf], ...fields.filter((f) => f.type !== 'file').map((f): [string, string] => [f.name, f.value || plausible(f)])];
  const names = fields.map((f) => f.name);

  type Sub = { mutation: string; values?: Array<[string, string]>; raw?: string; type?: string; dropCsrf?: boolean; cut?: number; typed?: boolean };
  const typedFields = new Set(fields.filter((f) => TYPED.has(f.type)).map((f) => f.name));
  const variants: Array<fc.Arbitrary<Sub>> = [];
  if (names.length) {
    variants.push(
      fc.tuple(fc.constantFrom(...names), badText).map(([name, v]) => ({
        mutation: `field ${name}`,
        values: base().map(([k, x]): [string, string] => [k, k === name ? v : x]),
        typed: typedFields.has(name),
      })),
      fc.tuple(fc.constantFrom(...names), badText, badText).map(([name, a, b]) => ({ mutation: `field ${name} repeated`, values: [...base(), [name, a], [name, b]] })),
      fc.tuple(fc.subarray(names, { minLength: 1 }), fc.constantFrom('', ' ')).map(([drop, v]) => ({
        mutation: `fields ${drop.join(',')} empty`,
        values: base().map(([k, x]): [string, string] => [k, drop.includes(k) ? v : x]),
        typed: drop.every((k) => typedFields.has(k)),
      })),
    );
  }
  if (form.method === 'POST') {
    variants.push(
      fc.constant({ mutation: 'no _csrf', dropCsrf: true }),
      fc.constantFrom('%', '%ZZ', 'a=%C3%28', 'a=%ED%A0%80&b', '_csrf', '=&=&', 'a'.repeat(300_000)).map((raw) => ({ mutation: 'raw body', raw })),
      badContentType.map((t) => ({ mutation: `content-type ${t}`, type: t })),
    );
    if (form.multipart) variants.push(fc.constantFrom(0.2, 0.5, 0.95).map((cut) => ({ mutation: `multipart cut at ${cut}`, cut })));
  }
  if (!variants.length) variants.push(fc.constant({ mutation: 'as is' }));

  return fc.tuple(fc.oneof(...variants), ip).map(([s, xff]): FuzzRequest => {
    const values = (s.values ?? base()).filter(([k]) => !(s.dropCsrf && k === '_csrf'));
    const headers: Record<string, string> = { accept: 'text/html', 'x-forwarded-for': xff };
    if (visitor.cookie) headers.cookie = visitor.cookie;
    const target = form.key;
    if (form.method === 'GET') {
      const sep = form.action.includes('?') ? '&' : '?';
      const q = s.raw ?? formEncode(values.filter(([k]) => k !== '_csrf'));
      return { kind: 'page', target, mutation: s.mutation, method: 'GET', url: form.action + (q ? sep + q : ''), headers, typed: s.typed };
    }
    let body: string;
    let type: string;
    let url = form.action;
    if (form.multipart && s.raw === undefined) {
      const files = fields.filter((f) => f.type === 'file').map((f) => ({ name: f.name, filename: 'ảnh.png', type: 'image/png', data: '\x89PNG\r\n' }));
      body = multipartBody(values, files, s.cut);
      type = `multipart/form-data; boundary=${BOUNDARY}`;
      // Multipart forms carry the token in the query too (the body is read by the handler, after the check).
      if (!s.dropCsrf) url += (url.includes('?') ? '&' : '?') + `_csrf=${visitor.csrf}`;
    } else {
      body = s.raw ?? formEncode(values);
      type = 'application/x-www-form-urlencoded';
    }
    headers['content-type'] = s.type ?? type;
    return { kind: 'page', target, mutation: s.mutation, method: 'POST', url, headers, body, typed: s.typed };
  });
}

/** The fields a person types into (a hidden field, a choice or a box to tick is the page's, not theirs). */
const TYPED = new Set(['text', 'textarea', 'email', 'tel', 'password', 'search', 'number', 'date', 'url', 'datetime-local', 'month', 'time']);

function plausible(f: Field): string {
  switch (f.type) {
    case 'email':
      return 'fuzz@example.com';
    case 'number':
      return '1';
    case 'date':
      return '2026-03-15';
    case 'tel':
      return '0912345678';
    case 'password':
      return 'MatKhau@2026x';
    case 'hidden':
      return '';
    default:
      return 'Đường tổ 5 phường Chiềng Cơi bị hỏng, đề nghị sửa chữa sớm.';
  }
}
