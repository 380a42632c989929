import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import type { Principal } from '../../platform/access/principal';
import { CSRF_COOKIE, newToken, SESSION_COOKIE } from '../../platform/http/csrf';
import { principalFromSession, principalFromToken } from './service';

/** Requests that never need to know who is calling (assets, probes). */
const ANONYMOUS = /^\/(assets|static)\/|^\/(healthz|readyz|favicon\.ico)(\?|$)/;

export function cookieOptions(ctx: AppContext, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.env === 'production',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** Sets the session cookie of a new session, and a fresh CSRF token with it. */
export function startSessionCookie(ctx: AppContext, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx, maxAgeSeconds));
  reply.setCookie(CSRF_COOKIE, newToken(), cookieOptions(ctx));
}

export function clearSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
}

/**
 * The manifest's authenticate hook. `Authorization: Bearer <token>` names a personal API token
 * (and the cookies are then ignored: a bad token is anonymous); otherwise the session cookie.
 * About two queries: the session (or token) with the user and role ids, then their agencies.
 */
export async function authenticate(ctx: AppContext, req: FastifyRequest): Promise<Principal | null> {
  if (ANONYMOUS.test(req.url)) return null;
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? principalFromToken(ctx, m[1]) : null;
  }
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return null;
  const found = await principalFromSession(ctx, token);
  // The platform keeps the reply on the request (server.ts onRequest): renew or drop the cookie.
  const reply = (req as unknown as { _reply?: FastifyReply })._reply;
  if (!found) {
    reply?.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
    return null;
  }
  if (found.refreshed) {
    reply?.setCookie(SESSION_COOKIE, token, cookieOptions(ctx, found.refreshed.maxAgeSeconds));
  }
  return found.principal;
}
