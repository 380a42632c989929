import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

export const CSRF_COOKIE = 'dt_csrf';
export const SESSION_COOKIE = 'dt_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Gives the browser a CSRF cookie (double-submit token) if it has none. */
export function ensureCsrfCookie(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  let token = req.cookies[CSRF_COOKIE];
  if (!token || !/^[\w-]{20,64}$/.test(token)) {
    token = newToken();
    reply.setCookie(CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  }
  return token;
}

function isSameOrigin(req: FastifyRequest, publicUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'same-origin') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  const host = req.headers.host;
  try {
    const o = new URL(origin);
    return o.host === host || o.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Forms must echo the CSRF cookie in `_csrf`. A multipart form's body is read by its route, after this check, so
 * its token is not in the address: without `_csrf` in the query string, a multipart form must come from our own
 * origin (every browser sends Origin or Sec-Fetch-Site with a form POST; the session cookie is SameSite=Lax besides).
 * Putting the token in the action URL left it in the address bar when the form came back with an error.
 * JSON calls carrying the session cookie must come from our own origin. Bearer-token calls carry no
 * ambient credential and need neither.
 */
export function checkCsrf(req: FastifyRequest, publicUrl: string): void {
  if (!UNSAFE.has(req.method)) return;
  if (/^Bearer\s/i.test(req.headers.authorization ?? '')) return;
  const type = String(req.headers['content-type'] ?? '');
  const isForm = type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
  if (isForm) {
    const cookie = req.cookies[CSRF_COOKIE];
    const query = (req.query as Record<string, unknown> | undefined)?._csrf;
    if (type.startsWith('multipart/form-data') && query === undefined) {
      if (!cookie || !isSameOrigin(req, publicUrl)) throw new HttpError(403, 'error.csrf');
      return;
    }
    const sent =
      (req.body as Record<string, unknown> | undefined)?._csrf ?? (req.query as Record<string, unknown> | undefined)?._csrf;
    if (!cookie || typeof sent !== 'string' || !same(cookie, sent)) throw new HttpError(403, 'error.csrf');
    return;
  }
  if (req.cookies[SESSION_COOKIE] && !isSameOrigin(req, publicUrl)) throw new HttpError(403, 'error.crossOrigin');
}
