import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAdmin, type Principal } from '../../platform/access/principal';
import { forbidden, unauthorized } from '../../platform/http/errors';

/** A same-site relative path to come back to after signing in, or null. */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length === 0 || next.length > 1000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  try {
    const u = new URL(next, 'http://x.invalid');
    if (u.origin !== 'http://x.invalid') return null;
  } catch {
    return null;
  }
  return next;
}

export function loginUrl(next: string): string {
  return `/dang-nhap?next=${encodeURIComponent(next)}`;
}

/** For API routes: the caller, or 401. */
export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

/** For pages: the caller, or a redirect to the login page (returns null: the reply is sent). */
export function pagePrincipal(req: FastifyRequest, reply: FastifyReply): Principal | null {
  if (req.principal) return req.principal;
  void reply.redirect(loginUrl(req.url), 303);
  return null;
}

/** For administration pages: anonymous → login; signed in without the admin role → 403. */
export function pageAdmin(req: FastifyRequest, reply: FastifyReply): Principal | null {
  const p = pagePrincipal(req, reply);
  if (!p) return null;
  if (!isAdmin(p)) throw forbidden();
  return p;
}

export function meta(req: FastifyRequest) {
  return { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, locale: req.locale };
}
