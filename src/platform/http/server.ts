import { returnPathOr } from './redirect';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { workerNumber } from '../cluster';
import { databaseRateLimitStore } from './rate-limit-store';
import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { AppContext } from '../context';
import type { ModuleManifest, NavItem } from '../module';
import type { Principal } from '../access/principal';
import { actorOf } from '../access/principal';
import { DEFAULT_LOCALE, isLocale, translator, type Locale, type Translate } from '../i18n/i18n';
import type { PageContext } from '../ui/page-context';
import { AssetStore } from '../ui/assets';
import { ErrorPage } from '../ui/error-page';
import { checkCsrf, ensureCsrfCookie } from './csrf';
import { HttpError, ValidationError } from './errors';
import { isApiPath, sendProblem } from './problem';
import { clientErrorHandler, frameworkErrors, problemTitle } from './framework-errors';
import { refuseUnstorableInput } from './input-guard';
import { registerOpenApi } from './openapi';
import { registerFileRoutes } from '../files/routes';
import { registerCompression, sendAsset } from './compression';
import { warmingNow, warmingUp } from '../warmup';
import { searchProvider } from '../search/provider';
import { ControllableClock } from '../clock';
import type { AuditActor } from '../audit/audit';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    locale: Locale;
    t: Translate;
    csrfToken: string;
    navCounts?: Record<string, number>;
    /** Everything a page view needs. */
    page(): PageContext;
    actor(): AuditActor;
  }
  interface FastifyInstance {
    /** Every route registered (method and URL pattern), in order: for tools that walk them all (the fuzz suite). */
    /** Every route registered; `eventStream` when its answer never ends (config: { eventStream: true }). */
    routeList: Array<{ method: string; url: string; eventStream?: boolean }>;
  }
  interface FastifyReply {
    /** Renders a page (a full <html> vnode) with the doctype. */
    view(vnode: VNode<any>): FastifyReply;
    /** A one-shot message shown on the next page (after a redirect). */
    flash(kind: 'ok' | 'error', messageKey: string, params?: Record<string, string | number>): FastifyReply;
  }
}

const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));
const FLASH_COOKIE = 'dt_flash';
const LANG_COOKIE = 'lang';

export interface ServerOptions {
  ctx: AppContext;
  modules: ModuleManifest[];
  assets: AssetStore;
  /** Runs the due jobs now (the app's JobRunner.runOnce); exposed only under NODE_ENV=test, for e2e tests. */
  runJobs?: () => Promise<number>;
}

/** Errors of the database meaning the input held text it cannot store, should any reach it unchecked. */
const BAD_TEXT_CODES = new Set(['22021', '22P05']);

/** The counts shown beside nav items (unread notifications…) for a page view. */
async function navCounts(ctx: AppContext, nav: NavItem[], p: Principal): Promise<Record<string, number>> {
  const counted = nav.filter((n) => n.count && (!n.visible || n.visible(p)));
  const values = await Promise.all(counted.map((n) => n.count!(ctx, p).catch(() => 0)));
  return Object.fromEntries(counted.map((n, i) => [n.href, values[i]]));
}

export async function buildServer({ ctx, modules, assets, runJobs }: ServerOptions): Promise<FastifyInstance> {
  const secure = ctx.config.env === 'production';
  const app = Fastify({
    loggerInstance: ctx.log,
    // A number (hops) is accepted at run time though absent from the typings.
    trustProxy: ctx.config.trustProxy as boolean | string,
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    frameworkErrors,
    clientErrorHandler,
  }) as unknown as FastifyInstance;

  const routeList: FastifyInstance['routeList'] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    const eventStream = (r.config as { eventStream?: boolean } | undefined)?.eventStream === true;
    for (const method of ([] as string[]).concat(r.method)) if (method !== 'HEAD') routeList.push({ method, url: r.url, eventStream });
  });

  await registerCompression(app);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 5, fields: 40, fieldSize: 64 * 1024 } });
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(ctx.db) });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: '1d', index: false });

  const nav: NavItem[] = modules.flatMap((m) => m.nav ?? []);
  const authenticators = modules.flatMap((m) => (m.authenticate ? [m.authenticate] : []));

  app.decorateRequest('principal', null);
  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', null as unknown as Translate);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('page', function (this: FastifyRequest): PageContext {
    const req = this;
    const reply = (req as unknown as { _reply: FastifyReply })._reply;
    let flash: PageContext['flash'] = null;
    const raw = req.cookies[FLASH_COOKIE];
    if (raw) {
      try {
        const f = JSON.parse(raw) as { kind: 'ok' | 'error'; key: string; params?: Record<string, string | number> };
        flash = { kind: f.kind === 'error' ? 'error' : 'ok', text: req.t(f.key, f.params) };
      } catch {
        /* ignore a malformed cookie */
      }
      reply?.clearCookie(FLASH_COOKIE, { path: '/' });
    }
    const url = req.url;
    return {
      t: req.t,
      locale: req.locale,
      principal: req.principal,
      csrf: req.csrfToken,
      nav,
      counts: req.navCounts,
      path: url.split('?')[0],
      url,
      flash,
      asset: (n) => assets.url(n),
    };
  });
  app.decorateRequest('actor', function (this: FastifyRequest) {
    return actorOf(this.principal);
  });
  app.decorateReply('view', function (this: FastifyReply, vnode: VNode<any>) {
    return this.type('text/html; charset=utf-8').send('<!doctype html>' + renderToString(vnode));
  });
  app.decorateReply('flash', function (this: FastifyReply, kind: 'ok' | 'error', key: string, params?: Record<string, string | number>) {
    return this.setCookie(FLASH_COOKIE, JSON.stringify({ kind, key, params }), { path: '/', httpOnly: true, sameSite: 'lax', secure });
  });

  app.addHook('onRequest', async (req, reply) => {
    (req as unknown as { _reply: FastifyReply })._reply = reply;
    const lang = req.cookies[LANG_COOKIE];
    req.locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
    req.t = translator(req.locale);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!isApiPath(req.url)) {
      reply.header('x-frame-options', 'DENY');
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
      );
      req.csrfToken = ensureCsrfCookie(req, reply, secure);
    }
    for (const auth of authenticators) {
      const p = await auth(ctx, req);
      if (p) {
        req.principal = p;
        break;
      }
    }
    if (req.principal && req.method === 'GET' && !isApiPath(req.url)) req.navCounts = await navCounts(ctx, nav, req.principal);
  });

  app.addHook('preValidation', refuseUnstorableInput);
  app.addHook('preHandler', async (req) => {
    checkCsrf(req, ctx.config.publicUrl);
  });

  app.setErrorHandler((err: any, req, reply) => {
    const t = req.t ?? translator(DEFAULT_LOCALE);
    let status = 500;
    let detail = t('error.internal');
    let errors: Array<{ field: string; message: string }> | undefined;
    let extra: Record<string, unknown> = {};
    if (err instanceof ValidationError) {
      status = 422;
      const msgs = err.messages(t);
      errors = Object.entries(msgs).map(([field, message]) => ({ field, message }));
      detail = t('error.validation');
    } else if (err instanceof HttpError) {
      status = err.status;
      detail = t(err.messageKey, err.params);
      extra = err.extra ?? {};
    } else if (BAD_TEXT_CODES.has(err.code)) {
      // A safety net: text checks happen before, so this is logged as the bug it is, and answered as bad input.
      req.log.error({ err }, 'unstorable text reached the database');
      // Tests see it too (the fuzz suite fails on it): the check belongs before the database.
      if (ctx.config.env === 'test') reply.header('x-safety-net', 'unstorable-text');
      status = 422;
      detail = t('validation.badText');
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      const byCode: Record<string, string> = {
        FST_ERR_CTP_BODY_TOO_LARGE: 'error.tooLarge',
        FST_REQ_FILE_TOO_LARGE: 'error.tooLarge',
        FST_FILES_LIMIT: 'error.tooManyFiles',
        FST_ERR_CTP_INVALID_MEDIA_TYPE: 'error.mediaType',
        FST_ERR_CTP_EMPTY_JSON_BODY: 'error.badJson',
        FST_ERR_CTP_INVALID_JSON_BODY: 'error.badJson',
      };
      detail = status === 429 ? t('error.rateLimited') : t(byCode[err.code] ?? (err.code === 'FST_ERR_VALIDATION' ? 'error.validation' : 'error.badRequest'));
      if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || String(err.message).includes('JSON')) detail = t('error.badJson');
    } else {
      req.log.error({ err }, 'unhandled error');
    }
    if (status === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
    if (isApiPath(req.url) || !String(req.headers.accept ?? '').includes('text/html')) {
      return sendProblem(reply, {
        type: status === 422 ? `${ctx.config.publicUrl}/problems/validation` : 'about:blank',
        title: problemTitle(t, status),
        status,
        detail,
        instance: req.url,
        ...(errors ? { errors } : {}),
        ...extra,
      });
    }
    return reply.code(status).view(h(ErrorPage, { ctx: req.page(), status, message: detail }));
  });

  app.setNotFoundHandler((req, reply) => {
    const t = req.t;
    if (isApiPath(req.url) || !String(req.headers.accept ?? 'text/html').includes('text/html')) {
      return sendProblem(reply, { type: 'about:blank', title: problemTitle(t, 404), status: 404, detail: t('error.notFound'), instance: req.url });
    }
    return reply.code(404).view(h(ErrorPage, { ctx: req.page(), status: 404, message: t('error.notFound') }));
  });

  app.get('/assets/*', async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    const a = assets.get(rel);
    if (!a) return reply.callNotFound();
    return sendAsset(req, reply, a);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      // Which of the server's processes answered (node:cluster numbers them from 1), so a probe can see each one warm.
      return { status: 'ok', database: ctx.dbKind, warming: warmingNow(), worker: workerNumber(), workers: ctx.config.workers };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: ctx.dbKind });
    }
  });

  app.get('/lang/:locale', async (req, reply) => {
    const { locale } = req.params as { locale: string };
    const safe = returnPathOr((req.query as Record<string, unknown>).next, '/');
    if (isLocale(locale)) reply.setCookie(LANG_COOKIE, locale, { path: '/', sameSite: 'lax', secure, maxAge: 365 * 86400 });
    return reply.redirect(safe, 303);
  });

  if (ctx.config.env === 'test' && ctx.clock instanceof ControllableClock) {
    const clock = ctx.clock;
    // Test-only: move the application's clock, so e2e tests can make a petition overdue.
    app.post('/__test/clock', async (req) => {
      const body = (req.body ?? {}) as { to?: string; advanceDays?: number; reset?: boolean };
      if (body.reset) clock.reset();
      if (body.to) clock.set(new Date(body.to));
      if (body.advanceDays) clock.advance(body.advanceDays * 86_400_000);
      return { now: clock.now().toISOString() };
    });
  }
  if (ctx.config.env === 'test' && runJobs) {
    // Test-only: run the due jobs (deadline scans, e-mails) now, at the application's clock.
    app.post('/__test/run-jobs', async () => ({ ran: await runJobs() }));
  }

  registerOpenApi(app, ctx, modules);
  registerFileRoutes(app, ctx);

  for (const m of modules) {
    if (m.routes) await app.register(async (scope) => m.routes!(scope, ctx), { name: m.name } as any);
  }
  // The search providers that hold something (a memory index) read it once the server is up, not at the first search.
  app.addHook('onReady', async () => {
    for (const corpus of modules.flatMap((m) => m.search?.corpora ?? [])) {
      const warm = searchProvider(ctx.config, corpus).warm;
      if (warm) warmingUp(`search.${corpus.name}`, warm(ctx));
    }
  });
  return app;
}
