import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { SESSION_COOKIE } from '../../../platform/http/csrf';
import { HttpError, ValidationError } from '../../../platform/http/errors';
import { validate } from '../../../platform/http/validate';
import { getSetting } from '../../../platform/settings/settings';
import { clearSessionCookie, startSessionCookie } from '../auth';
import { meta, pagePrincipal, safeNext } from '../policy';
import { changePasswordSchema, loginSchema, profileSchema, registerSchema, resetRequestSchema, resetSchema, tokenSchema, validateForm } from '../schema';
import {
  changePassword,
  createApiToken,
  getUser,
  listApiTokens,
  LockedError,
  login,
  logout,
  registerCitizen,
  requestPasswordReset,
  resetPassword,
  resetTokenValid,
  revokeApiToken,
  rolesOfUser,
  updateProfile,
} from '../service';
import { LoginPage } from '../views/login';
import { RegisterPage } from '../views/register';
import { ForgotPage, ResetPage } from '../views/password';
import { ProfilePage, type ProfileProps } from '../views/profile';
import type { LoginLimiter } from './limits';
import { DEMO_ACCOUNTS } from '../seed';
import { communesFor, formValues } from './forms';

type Body = Record<string, unknown>;

export async function pageRoutes(app: FastifyInstance, ctx: AppContext, limits: LoginLimiter) {
  /** In a demo installation the login page lists the demo accounts (their password is public). */
  const demoList = (req: FastifyRequest) =>
    ctx.config.demo ? DEMO_ACCOUNTS.map((a) => ({ email: a.email, name: a.name, role: req.t(`accounts.role.${a.role?.role ?? 'citizen'}`) })) : undefined;

  // ----- Sign in / out
  app.get('/dang-nhap', async (req, reply) => {
    const next = safeNext((req.query as Record<string, unknown>).next);
    if (req.principal) return reply.redirect(next ?? '/', 303);
    return reply.view(<LoginPage ctx={req.page()} next={next} demo={demoList(req)} />);
  });

  app.post('/dang-nhap', { preHandler: limits.login }, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const next = safeNext(body.next);
    const values = formValues(body, ['login']);
    const v = validate(loginSchema, body);
    if (!v.ok) {
      return reply.code(422).view(<LoginPage ctx={req.page()} values={values} errors={v.error.messages(req.t)} next={next} demo={demoList(req)} />);
    }
    try {
      const r = await login(ctx, v.data, { ...meta(req), previousSession: req.cookies[SESSION_COOKIE] });
      startSessionCookie(ctx, reply, r.token, r.maxAgeSeconds);
      reply.flash('ok', 'accounts.login.welcome', { name: r.user.name });
      return reply.redirect(next ?? '/', 303);
    } catch (e) {
      if (e instanceof LockedError) reply.header('retry-after', String(e.retryAfterSeconds));
      if (e instanceof HttpError && [401, 403, 423].includes(e.status)) {
        return reply.code(e.status).view(<LoginPage ctx={req.page()} values={values} error={req.t(e.messageKey, e.params)} next={next} demo={demoList(req)} />);
      }
      throw e;
    }
  });

  app.post('/dang-xuat', async (req, reply) => {
    await logout(ctx, req.cookies[SESSION_COOKIE], meta(req));
    clearSessionCookie(ctx, reply);
    reply.flash('ok', 'accounts.logout.done');
    return reply.redirect('/', 303);
  });

  // ----- Registration
  app.get('/dang-ky', async (req, reply) => {
    const next = safeNext((req.query as Record<string, unknown>).next);
    if (req.principal) return reply.redirect(next ?? '/tai-khoan', 303);
    return reply.view(<RegisterPage ctx={req.page()} communes={await communesFor(ctx)} next={next} />);
  });

  app.post('/dang-ky', { preHandler: limits.register }, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const next = safeNext(body.next);
    const values = formValues(body, ['name', 'email', 'phone', 'unitCode', 'address', 'terms']);
    const again = async (error: ValidationError) =>
      reply.code(422).view(<RegisterPage ctx={req.page()} values={values} errors={error.messages(req.t)} communes={await communesFor(ctx)} next={next} />);
    const v = validateForm(registerSchema, body, ['passwords', 'contact']);
    if (!v.ok) return again(v.error);
    try {
      const r = await registerCitizen(ctx, v.data, { ...meta(req), previousSession: req.cookies[SESSION_COOKIE] });
      if (r.outcome === 'mailed') {
        // The same answer whether or not the address was already registered.
        reply.flash('ok', 'accounts.register.mailed', { email: v.data.email! });
        return reply.redirect(next ? `/dang-nhap?next=${encodeURIComponent(next)}` : '/dang-nhap', 303);
      }
      startSessionCookie(ctx, reply, r.token, r.maxAgeSeconds);
      reply.flash('ok', 'accounts.register.done', { name: r.user.name });
      return reply.redirect(next ?? '/', 303);
    } catch (e) {
      if (e instanceof ValidationError) return again(e);
      throw e;
    }
  });

  // ----- Profile, password, tokens
  async function renderProfile(req: FastifyRequest, reply: FastifyReply, p: Principal, extra: Partial<ProfileProps> = {}, status = 200) {
    const user = await getUser(ctx.db, p.id);
    if (!user) throw new HttpError(404, 'error.notFound');
    const [roles, tokens, communes] = await Promise.all([rolesOfUser(ctx.db, p.id), listApiTokens(ctx.db, p.id), communesFor(ctx)]);
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .view(<ProfilePage ctx={req.page()} user={user} roles={roles} tokens={tokens} communes={communes} {...extra} />);
  }

  app.get('/tai-khoan', async (req, reply) => {
    const p = pagePrincipal(req, reply);
    if (!p) return reply;
    return renderProfile(req, reply, p);
  });

  app.post('/tai-khoan', async (req, reply) => {
    const p = pagePrincipal(req, reply);
    if (!p) return reply;
    const values = formValues(req.body, ['name', 'phone', 'unitCode', 'address']);
    const v = validate(profileSchema, req.body);
    try {
      if (!v.ok) throw v.error;
      await updateProfile(ctx, p, v.data, meta(req));
    } catch (e) {
      if (e instanceof ValidationError) return renderProfile(req, reply, p, { form: { which: 'profile', values, errors: e.messages(req.t) } }, 422);
      throw e;
    }
    reply.flash('ok', 'accounts.profile.saved');
    return reply.redirect('/tai-khoan', 303);
  });

  app.post('/tai-khoan/mat-khau', async (req, reply) => {
    const p = pagePrincipal(req, reply);
    if (!p) return reply;
    const v = validateForm(changePasswordSchema, req.body, ['passwords']);
    try {
      if (!v.ok) throw v.error;
      await changePassword(ctx, p, v.data, { ...meta(req), currentSession: p.via === 'session' ? req.cookies[SESSION_COOKIE] : null });
    } catch (e) {
      if (e instanceof ValidationError) return renderProfile(req, reply, p, { form: { which: 'password', values: {}, errors: e.messages(req.t) } }, 422);
      throw e;
    }
    reply.flash('ok', 'accounts.password.changed');
    return reply.redirect('/tai-khoan', 303);
  });

  app.post('/tai-khoan/ma-truy-cap', async (req, reply) => {
    const p = pagePrincipal(req, reply);
    if (!p) return reply;
    const values = formValues(req.body, ['tokenName']);
    const v = validate(tokenSchema, { name: values.tokenName });
    if (!v.ok) return renderProfile(req, reply, p, { form: { which: 'token', values, errors: v.error.messages(req.t) } }, 422);
    const created = await createApiToken(ctx, p, v.data, meta(req));
    // Shown once, on this answer: never stored in clear, never put in a cookie or a URL.
    return renderProfile(req, reply, p, { created: { name: created.name, token: created.token } }, 201);
  });

  app.post('/tai-khoan/ma-truy-cap/:id/thu-hoi', async (req, reply) => {
    const p = pagePrincipal(req, reply);
    if (!p) return reply;
    await revokeApiToken(ctx, p, Number((req.params as { id: string }).id), meta(req));
    reply.flash('ok', 'accounts.tokens.revoked');
    return reply.redirect('/tai-khoan#tokens', 303);
  });

  // ----- Password reset
  app.get('/quen-mat-khau', async (req, reply) => reply.view(<ForgotPage ctx={req.page()} />));

  app.post('/quen-mat-khau', { preHandler: limits.reset }, async (req, reply) => {
    const values = formValues(req.body, ['login']);
    const v = validate(resetRequestSchema, req.body);
    if (!v.ok) return reply.code(422).view(<ForgotPage ctx={req.page()} values={values} errors={v.error.messages(req.t)} />);
    await requestPasswordReset(ctx, v.data, meta(req));
    reply.flash('ok', 'accounts.forgot.sent', { minutes: await getSetting<number>(ctx.db, 'accounts.resetMinutes') });
    return reply.redirect('/quen-mat-khau', 303);
  });

  app.get('/dat-lai-mat-khau', async (req, reply) => {
    const token = String((req.query as Record<string, unknown>).token ?? '');
    const valid = await resetTokenValid(ctx, token);
    return reply
      .code(valid ? 200 : 400)
      .header('cache-control', 'no-store')
      .view(<ResetPage ctx={req.page()} token={token} valid={valid} />);
  });

  app.post('/dat-lai-mat-khau', { preHandler: limits.reset }, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const token = typeof body.token === 'string' ? body.token : '';
    const v = validateForm(resetSchema, body, ['passwords']);
    try {
      if (!v.ok) {
        if (!(await resetTokenValid(ctx, token))) throw new HttpError(400, 'accounts.error.resetInvalid');
        throw v.error;
      }
      await resetPassword(ctx, v.data, meta(req));
    } catch (e) {
      if (e instanceof ValidationError) {
        return reply.code(422).view(<ResetPage ctx={req.page()} token={token} valid={true} errors={e.messages(req.t)} />);
      }
      if (e instanceof HttpError && e.messageKey === 'accounts.error.resetInvalid') {
        return reply.code(400).view(<ResetPage ctx={req.page()} token="" valid={false} />);
      }
      throw e;
    }
    clearSessionCookie(ctx, reply);
    reply.flash('ok', 'accounts.reset.done');
    return reply.redirect('/dang-nhap', 303);
  });
}
