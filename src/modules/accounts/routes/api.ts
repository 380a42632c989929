import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { SESSION_COOKIE } from '../../../platform/http/csrf';
import { notFound } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { clearSessionCookie, startSessionCookie } from '../auth';
import type { User } from '../model';
import { meta, requirePrincipal } from '../policy';
import { loginSchema, tokenSchema } from '../schema';
import { createApiToken, getUser, listApiTokens, LockedError, login, logout, revokeApiToken, rolesOfUser, type RoleInfo } from '../service';
import type { LoginLimiter } from './limits';

export function userJson(u: User, roles?: RoleInfo[]) {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    phone: u.phone,
    kind: u.kind,
    unitCode: u.unitCode,
    address: u.address,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    ...(roles
      ? { roles: roles.map((r) => ({ role: r.role, agencyId: r.agencyId, agencyCode: r.agencyCode, agencyName: r.agencyName })) }
      : {}),
  };
}

export async function apiRoutes(app: FastifyInstance, ctx: AppContext, limits: LoginLimiter) {
  app.post('/api/v1/auth/login', { preHandler: limits.login }, async (req, reply) => {
    const input = parse(loginSchema, req.body ?? {});
    try {
      const r = await login(ctx, input, { ...meta(req), previousSession: req.cookies[SESSION_COOKIE] });
      startSessionCookie(ctx, reply, r.token, r.maxAgeSeconds);
      return { user: userJson(r.user, await rolesOfUser(ctx.db, r.user.id)) };
    } catch (e) {
      if (e instanceof LockedError) reply.header('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  });

  app.post('/api/v1/auth/logout', async (req, reply) => {
    await logout(ctx, req.cookies[SESSION_COOKIE], meta(req));
    clearSessionCookie(ctx, reply);
    return reply.code(204).send();
  });

  app.get('/api/v1/me', async (req, reply) => {
    const p = requirePrincipal(req);
    const user = await getUser(ctx.db, p.id);
    if (!user) throw notFound();
    reply.header('cache-control', 'no-store');
    return userJson(user, await rolesOfUser(ctx.db, p.id));
  });

  app.get('/api/v1/me/tokens', async (req, reply) => {
    const p = requirePrincipal(req);
    reply.header('cache-control', 'no-store');
    const tokens = await listApiTokens(ctx.db, p.id);
    return {
      items: tokens.map((t) => ({
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        createdAt: t.createdAt.toISOString(),
        lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
        revokedAt: t.revokedAt ? t.revokedAt.toISOString() : null,
      })),
    };
  });

  app.post('/api/v1/me/tokens', async (req, reply) => {
    const p = requirePrincipal(req);
    const input = parse(tokenSchema, req.body ?? {});
    const t = await createApiToken(ctx, p, input, meta(req));
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ id: t.id, name: t.name, token: t.token, prefix: t.prefix, createdAt: t.createdAt.toISOString() });
  });

  app.delete('/api/v1/me/tokens/:id', async (req, reply) => {
    const p = requirePrincipal(req);
    await revokeApiToken(ctx, p, Number((req.params as { id: string }).id), meta(req));
    return reply.code(204).send();
  });
}
