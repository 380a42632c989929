/** Reading urlencoded form bodies, query strings and path parameters the same way in every module. */

/** The string fields of a urlencoded form body (repeated fields: the first one), without the CSRF token. */
export function formValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === '_csrf') continue;
      const s = Array.isArray(v) ? v[0] : v;
      if (typeof s === 'string') out[k] = s;
    }
  }
  return out;
}

/** A parsed form or JSON body as an object, repeated fields kept ({} when the request had none, or not an object). */
export function formBody(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A query-string value as a trimmed NFC string ('' when absent or not a string), at most `max` characters. */
export function queryString(query: unknown, key: string, max = 200): string {
  const v = (query as Record<string, unknown> | undefined)?.[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.normalize('NFC').trim().slice(0, max) : '';
}

/** A positive page number from the query (1 when absent or invalid). */
export function pageNumber(query: unknown): number {
  const n = Number(queryString(query, 'page'));
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** A positive integer id from a path parameter, or null. */
export function idParam(v: string | undefined): number | null {
  return v && /^\d{1,9}$/.test(v) ? Number(v) : null;
}
