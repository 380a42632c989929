import fc from 'fast-check';
import { isApiPath } from '../../platform/http/problem';
import { badContentType, badRawBody, badText, badUrlPart } from './bad-values';
import { formEncode, type FuzzRequest, type Visitor } from './request';

/**
 * Every registered route the OpenAPI document does not describe (pages, their POST actions, Open311, files,
 * exports), with bad path parameters, query strings and bodies: field names are guessed, since nothing declares them.
 */

export interface Route {
  method: string;
  url: string;
  /** Its answer never ends (server-sent events): not fuzzed here, inject would wait for ever. */
  eventStream?: boolean;
}

/** `/api/v1/units/{code}` and `/api/v1/units/:code` name the same route. */
export const routeKey = (method: string, url: string) => `${method} ${url.replace(/\{([^}]+)\}/g, ':$1')}`;

/** Test-only, static-file and event-stream routes are left out (the static plugin serves files, it reads no input). */
export function routesToFuzz(all: Route[], described: Set<string>): Route[] {
  const seen = new Set<string>();
  return all.filter((r) => {
    const k = routeKey(r.method, r.url);
    if (seen.has(k) || described.has(k) || r.eventStream || r.url.startsWith('/__test/') || r.method === 'OPTIONS') return false;
    seen.add(k);
    return true;
  });
}

const FIELD_NAMES = ['q', 'title', 'content', 'name', 'body', 'note', 'reason', 'email', 'phone', 'login', 'password', 'code', 'id', 'ids', 'status', 'unit', 'unitCode', 'page', 'cursor', 'next', 'from', 'to', 'action', 'value', 'all'];
const PLAUSIBLE: Record<string, string> = { format: 'json', locale: 'vi', code: 'KN-2026-000001', slug: 'tin-moi' };
const COOKIES = ['dt_session', 'dt_csrf', 'lang', 'dt_flash'];
const FLASHES = [
  { kind: 'error', key: '__proto__', params: { a: { b: 1 } } },
  { kind: 'ok', key: 'error.validation', params: null },
  { kind: ['x'], key: 12 },
  [],
].map((f) => encodeURIComponent(JSON.stringify(f)));
const ip = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map(([a, b]) => `198.20.${a}.${b}`);

export function routeRequests(route: Route, visitor: Visitor): fc.Arbitrary<FuzzRequest> {
  const params = [...route.url.matchAll(/:([A-Za-z_]\w*)|\*/g)].map((m) => m[1] ?? '*');
  const fill = (bad: Record<string, string>) =>
    route.url.replace(/:([A-Za-z_]\w*)|\*/g, (_, name) => bad[name ?? '*'] ?? PLAUSIBLE[name] ?? '1');
  const api = isApiPath(route.url);
  const unsafe = route.method !== 'GET';
  const pair = fc.tuple(fc.constantFrom(...FIELD_NAMES), badText);

  type Sub = { mutation: string; path?: Record<string, string>; query?: string; body?: string; type?: string; cookie?: string };
  const variants: Array<fc.Arbitrary<Sub>> = [
    fc.tuple(fc.constantFrom(...FIELD_NAMES), badUrlPart).map(([k, v]) => ({ mutation: `query.${k}`, query: `${k}=${v}&${k}=1` })),
    // The app's own cookies, tampered with (they come before the visitor's, so they are the ones read).
    fc.tuple(fc.constantFrom(...COOKIES), fc.oneof(badUrlPart, fc.constantFrom(...FLASHES))).map(([k, v]) => ({ mutation: `cookie ${k}`, cookie: `${k}=${v}` })),
  ];
  for (const p of params) variants.push(badUrlPart.map((v) => ({ mutation: `path.${p}`, path: { [p]: v } })));
  if (unsafe) {
    variants.push(
      fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => ({ mutation: `form ${pairs.map(([k]) => k).join(',')}`, body: formEncode(pairs), type: 'application/x-www-form-urlencoded' })),
      fc.dictionary(fc.constantFrom(...FIELD_NAMES), badText, { minKeys: 1, maxKeys: 4 }).map((o) => ({ mutation: 'json', body: JSON.stringify(o), type: 'application/json' })),
      badRawBody.map((b) => ({ mutation: 'raw json', body: b, type: 'application/json' })),
      badContentType.map((t) => ({ mutation: `content-type ${t}`, body: 'a=1&b=%00', type: t })),
    );
  }
  return fc.tuple(fc.oneof(...variants), ip).map(([s, xff]): FuzzRequest => {
    const query = [s.query, unsafe ? `_csrf=${visitor.csrf}` : ''].filter(Boolean).join('&');
    const headers: Record<string, string> = { accept: api ? 'application/json' : 'text/html', 'x-forwarded-for': xff };
    const cookie = [s.cookie, visitor.cookie].filter(Boolean).join('; ');
    if (cookie) headers.cookie = cookie;
    if (unsafe) headers.origin = 'http://localhost:3000';
    if (s.type) headers['content-type'] = s.type;
    const target = routeKey(route.method, route.url);
    return { kind: api ? 'api' : 'page', target, mutation: s.mutation, method: route.method, url: fill(s.path ?? {}) + (query ? `?${query}` : ''), headers, body: s.body };
  });
}
