import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAdmin, type Principal } from '../access/principal';
import { forbidden, unauthorized } from './errors';
import { signInUrl } from './redirect';


/**
 * A signed-in caller, for a page or an API route: a page without one sends the browser to sign in and back
 * (the caller returns `reply`), the API answers 401.
 */
export function requireUser(req: FastifyRequest, reply: FastifyReply): Principal | null {
  if (req.principal) return req.principal;
  if (req.url.startsWith('/api/')) throw unauthorized();
  void reply.redirect(signInUrl(req.url), 303);
  return null;
}

/**
 * Guards the administrator pages (a preHandler): an anonymous visitor opening a page is sent to sign in (and back),
 * anything else without the administrator role is refused with 403.
 */
export async function adminOnly(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!req.principal) {
    if (req.method === 'GET' && !req.url.startsWith('/api/')) {
      return reply.redirect(signInUrl(req.url), 303) as unknown as void;
    }
    throw unauthorized();
  }
  if (!isAdmin(req.principal)) throw forbidden();
}
