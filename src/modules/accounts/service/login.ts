// Signing in: the login's account, failures counted (for unknown logins too) and the lock-out, the new session.
import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { audit, SYSTEM_ACTOR } from '../../../platform/audit/audit';
import { getSetting } from '../../../platform/settings/settings';
import { HttpError } from '../../../platform/http/errors';
import { formatDateTime } from '../../../platform/i18n/i18n';
import { clean } from '../../../platform/text/text';
import type { User } from '../model';
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from '../password';
import { looksLikeEmail, normalizeEmail, normalizePhone } from '../schema';
import { getUser } from './users';
import { closePreviousSession, createSession, type RequestMeta } from './session';

/** Wrong login or password (the same whether or not the account exists). */
export class BadLoginError extends HttpError {
  constructor() {
    super(401, 'accounts.error.badLogin');
  }
}

/** Too many failures: signing in is refused until `until`. */
export class LockedError extends HttpError {
  constructor(
    readonly until: Date,
    now: Date,
  ) {
    const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    super(423, 'accounts.error.locked', { time: formatDateTime(until) }, { retryAfter, lockedUntil: until.toISOString() });
  }
  get retryAfterSeconds(): number {
    return Number(this.extra?.retryAfter ?? 60);
  }
}

/** The account a login (e-mail or phone number) names, with what signing in needs. */
export async function findForLogin(db: Executor, login: string) {
  const q = db
    .selectFrom('users')
    .select(['id', 'password_hash', 'status', 'failed_logins', 'locked_until']);
  if (looksLikeEmail(login)) return q.where('email', '=', normalizeEmail(login)).executeTakeFirst();
  const phone = normalizePhone(login);
  return phone ? q.where('phone', '=', phone).executeTakeFirst() : undefined;
}

/** The key under which failures of a login that matches no account are counted. */
function loginKey(login: string): string {
  if (looksLikeEmail(login)) return 'e:' + normalizeEmail(login);
  return 'p:' + (normalizePhone(login) ?? clean(login).toLowerCase());
}

/** The settings of the lock-out: failures in a row allowed, and for how long a login is then locked. */
async function lockRules(ctx: AppContext): Promise<{ max: number; minutes: number }> {
  const max = await getSetting<number>(ctx.db, 'accounts.maxFailedLogins');
  const minutes = await getSetting<number>(ctx.db, 'accounts.lockMinutes');
  return { max, minutes };
}

/** The answer to a failure: locked (when this failure locked the login), or a bad login. */
function refuse(until: Date | null, now: Date): never {
  if (until) throw new LockedError(until, now);
  throw new BadLoginError();
}

/** Counts a failure for a login that matches no account, exactly as for an account. */
async function failUnknown(ctx: AppContext, login: string, now: Date): Promise<never> {
  const key = loginKey(login);
  const { max, minutes } = await lockRules(ctx);
  const until = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('login_throttle').selectAll().where('login_key', '=', key).forUpdate().executeTakeFirst();
    if (row?.locked_until && row.locked_until > now) return row.locked_until;
    const failures = (row?.failures ?? 0) + 1;
    const lock = failures >= max ? new Date(now.getTime() + minutes * 60_000) : null;
    const values = { failures: lock ? 0 : failures, locked_until: lock, updated_at: now };
    await tx
      .insertInto('login_throttle')
      .values({ login_key: key, ...values })
      .onConflict((oc) => oc.column('login_key').doUpdateSet(values))
      .execute();
    return lock;
  });
  return refuse(until, now);
}

/** Counts a wrong password for an account; the failure that reaches the limit locks it (audited). */
async function failAccount(ctx: AppContext, accountId: number, now: Date, meta: RequestMeta): Promise<never> {
  const { max, minutes } = await lockRules(ctx);
  const until = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('users')
      .set({ failed_logins: sql`failed_logins + 1` })
      .where('id', '=', accountId)
      .returning(['failed_logins'])
      .executeTakeFirstOrThrow();
    if (row.failed_logins < max) return null;
    const lock = new Date(now.getTime() + minutes * 60_000);
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: lock }).where('id', '=', accountId).execute();
    await audit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'account.lock',
      entityType: 'user',
      entityId: accountId,
      after: { lockedUntil: lock, failures: row.failed_logins },
      ip: meta.ip ?? null,
      at: now,
    });
    return lock;
  });
  return refuse(until, now);
}

/**
 * Signs in with an e-mail or phone number and a password, and opens a new session (the one the
 * browser had, if any, is closed: a session id never survives a login). The same answer and the
 * same work (one password hash) whether the account exists or not. After `accounts.maxFailedLogins`
 * failures in a row the login is locked for `accounts.lockMinutes`.
 */
export async function login(
  ctx: AppContext,
  input: { login: string; password: string },
  meta: RequestMeta & { previousSession?: string | null },
): Promise<{ user: User; token: string; maxAgeSeconds: number }> {
  const now = ctx.clock.now();
  const account = await findForLogin(ctx.db, input.login);
  if (!account) {
    await dummyVerify(input.password);
    return failUnknown(ctx, input.login, now);
  }
  const ok = await verifyPassword(input.password, account.password_hash);
  if (account.locked_until && account.locked_until > now) throw new LockedError(account.locked_until, now);
  if (!ok) return failAccount(ctx, account.id, now, meta);
  if (account.status !== 'active') throw new HttpError(403, 'accounts.error.disabled');
  const rehash = needsRehash(account.password_hash) ? await hashPassword(input.password) : null;
  return signIn(ctx, account.id, rehash, now, meta);
}

/** The password was right: the failures are forgotten, the hash renewed if it is old, a session opened. */
async function signIn(
  ctx: AppContext,
  accountId: number,
  rehash: string | null,
  now: Date,
  meta: RequestMeta & { previousSession?: string | null },
): Promise<{ user: User; token: string; maxAgeSeconds: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now, ...(rehash ? { password_hash: rehash } : {}) })
      .where('id', '=', accountId)
      .execute();
    await closePreviousSession(tx, meta.previousSession);
    const session = await createSession(tx, accountId, now, meta);
    const user = (await getUser(tx, accountId))!;
    await audit(tx, {
      actor: { id: user.id, label: user.name },
      action: 'account.login',
      entityType: 'user',
      entityId: user.id,
      ip: meta.ip ?? null,
      at: now,
    });
    return { user, token: session.token, maxAgeSeconds: session.maxAgeSeconds };
  });
}
