import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAdmin, type Principal } from '../../platform/access/principal';
import { forbidden, unauthorized } from '../../platform/http/errors';
import { safeReturnPath, signInUrl } from '../../platform/http/redirect';

/** A same-site relative path to come back to after signing in, or null (the platform's one check). */
export const safeNext = safeReturnPath;
export const loginUrl = signInUrl;

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
