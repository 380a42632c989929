import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { getSetting } from '../../../platform/settings/settings';

export type Limiter = ReturnType<FastifyInstance['rateLimit']>;
export interface LoginLimiter {
  /** Sign-in attempts, shared by the login page and the JSON API (one counter per IP address). */
  login: Limiter;
  /** Password reset requests and uses. */
  reset: Limiter;
  /** New registrations. */
  register: Limiter;
}

/**
 * Per-IP limits (@fastify/rate-limit) with the administrator's settings. Each limiter is one
 * handler with its own keys, attached as a preHandler to every route it guards, so that the form and
 * the API count together. Behind a proxy named in TRUST_PROXY, the IP is the client's; otherwise X-Forwarded-For is ignored.
 */
export function loginLimiters(app: FastifyInstance, ctx: AppContext): LoginLimiter {
  // Counted in the database (platform/http/rate-limit-store.ts), so every process of the server counts together.
  const make = (what: string) =>
    app.rateLimit({
      keyGenerator: (req) => `${what}:${req.ip}`,
      max: async () => getSetting<number>(ctx.db, 'accounts.loginRateMax'),
      timeWindow: async () => (await getSetting<number>(ctx.db, 'accounts.loginRateWindowMinutes')) * 60_000,
    });
  return { login: make('login'), reset: make('reset'), register: make('register') };
}
