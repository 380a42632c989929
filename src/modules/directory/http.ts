import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAdmin } from '../../platform/access/principal';
import { forbidden, unauthorized } from '../../platform/http/errors';

/**
 * Guards the administrator pages: an anonymous visitor opening a page is sent to sign in (and back),
 * anything else without the administrator role is refused with 403.
 */
export async function adminOnly(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!req.principal) {
    if (req.method === 'GET' && !req.url.startsWith('/api/')) {
      return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303) as unknown as void;
    }
    throw unauthorized();
  }
  if (!isAdmin(req.principal)) throw forbidden();
}

/** The string fields of a urlencoded form body (repeated fields: the first one). */
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

/** A query-string value as a trimmed string ('' when absent or repeated oddly). */
export function queryString(query: unknown, key: string): string {
  const v = (query as Record<string, unknown> | undefined)?.[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.normalize('NFC').trim().slice(0, 200) : '';
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
