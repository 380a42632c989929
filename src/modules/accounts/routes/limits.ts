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
 * handler with one store, attached as a preHandler to every route it guards, so that the form and
 * the API count together. Behind a proxy named in TRUST_PROXY, the IP is the client's; otherwise X-Forwarded-For is ignored.
 */
export function loginLimiters(app: FastifyInstance, ctx: AppContext): LoginLimiter {
  const make = () =>
    app.rateLimit({
      max: async () => getSetting<number>(ctx.db, 'accounts.loginRateMax'),
      timeWindow: async () => (await getSetting<number>(ctx.db, 'accounts.loginRateWindowMinutes')) * 60_000,
    });
  return { login: make(), reset: make(), register: make() };
}
