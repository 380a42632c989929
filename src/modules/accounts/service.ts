import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { audit, SYSTEM_ACTOR, type AuditActor } from '../../platform/audit/audit';
import { actorOf, type Principal, type Role, type RoleGrant } from '../../platform/access/principal';
import { getSetting } from '../../platform/settings/settings';
import { HttpError, ValidationError, forbidden, notFound } from '../../platform/http/errors';
import { formatDateTime, translate, type Locale } from '../../platform/i18n/i18n';
import { clean, searchTerms } from '../../platform/text/text';
import { getAgencies, getAgency, getUnit, homeProvinceCode, listAgencies } from '../directory/service';
import type { Agency } from '../directory/model';
import type { ApiToken, User, UserKind, UserStatus } from './model';
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from './password';
import {
  looksLikeEmail,
  normalizeEmail,
  normalizePhone,
  type OfficialInput,
  type ProfileInput,
  type RegisterInput,
  type UserEditInput,
} from './schema';

export { normalizePhone } from './schema';

// ---------------------------------------------------------------------------------------------
// Reading users (also for other modules: names and e-mails for notifications, who holds a role)

const userColumns = [
  'u.id',
  sql<string | null>`u.email::text`.as('email'),
  'u.phone',
  'u.full_name as name',
  'u.kind',
  'u.unit_code as unitCode',
  'u.address',
  'u.status',
  'u.locked_until as lockedUntil',
  'u.created_at as createdAt',
  'u.last_login_at as lastLoginAt',
] as const;

function userQuery(db: Executor) {
  return db.selectFrom('users as u').select(userColumns);
}

export async function getUser(db: Executor, id: number): Promise<User | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  return userQuery(db).where('u.id', '=', id).executeTakeFirst();
}

/** Users by id (e.g. to address notifications), keyed by id; unknown ids are absent. */
export async function getUsers(db: Executor, ids: number[]): Promise<Map<number, User>> {
  const wanted = [...new Set(ids.filter((i) => Number.isSafeInteger(i)))];
  if (!wanted.length) return new Map();
  const rows = await userQuery(db).where('u.id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Ids of the active users holding a role at an agency (e.g. the head, to notify). */
export async function usersWithRole(db: Executor, q: { role: Role | Role[]; agencyId: number }): Promise<number[]> {
  const roles = Array.isArray(q.role) ? q.role : [q.role];
  if (!roles.length) return [];
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.id')
    .distinct()
    .where('r.role', 'in', roles)
    .where('r.agency_id', '=', q.agencyId)
    .where('u.status', '=', 'active')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}

/** The account a login (e-mail or phone number) names, with what signing in needs. */
async function findForLogin(db: Executor, login: string) {
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

export interface RoleInfo {
  id: number;
  role: Role;
  agencyId: number;
  agencyName: string;
  agencyCode: string;
  unitName: string;
  createdAt: Date;
}

/** A user's role assignments with their agencies, for profile and administration pages. */
export async function rolesOfUser(db: Executor, userId: number): Promise<RoleInfo[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select(['id', 'role', 'agency_id as agencyId', 'created_at as createdAt'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const agencies = await getAgencies(db, rows.map((r) => r.agencyId));
  return rows.map((r) => {
    const a = agencies.get(r.agencyId);
    return { ...r, agencyName: a?.name ?? '', agencyCode: a?.code ?? '', unitName: a?.unitName ?? '' };
  });
}

// ---------------------------------------------------------------------------------------------
// Principals

interface PrincipalRow {
  id: number;
  email: string | null;
  phone: string | null;
  name: string;
  kind: UserKind;
  unitCode: string | null;
  roles: Array<{ role: Role; agency_id: number }>;
}

function principalColumns() {
  return [
    'u.id',
    sql<string | null>`u.email::text`.as('email'),
    'u.phone',
    'u.full_name as name',
    'u.kind',
    'u.unit_code as unitCode',
  ] as const;
}

/** The second (and last) query of a request: the agencies of the user's roles, with their units. */
async function toPrincipal(db: Executor, row: PrincipalRow, via: 'session' | 'token'): Promise<Principal> {
  const roles = Array.isArray(row.roles) ? row.roles : [];
  const agencies = roles.length ? await getAgencies(db, roles.map((r) => Number(r.agency_id))) : new Map<number, Agency>();
  const grants: RoleGrant[] = [];
  for (const r of roles) {
    const a = agencies.get(Number(r.agency_id));
    if (!a || !a.active) continue;
    grants.push({
      role: r.role,
      agencyId: a.id,
      unitCode: a.unitCode,
      provinceCode: a.provinceCode,
      unitLevel: a.unitLevel === 'province' ? 'province' : 'commune',
    });
  }
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    kind: row.kind,
    unitCode: row.unitCode,
    roles: grants,
    via,
  };
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const REFRESH_AFTER_MS = 5 * 60_000;
const TOKEN_TOUCH_AFTER_MS = 60_000;

/**
 * The principal of a session cookie, or null (unknown, expired, disabled account). Sliding expiry:
 * when the session was last seen more than a few minutes ago its expiry moves forward, and
 * `refreshed` says so, so that the caller can renew the cookie too.
 */
export async function principalFromSession(
  ctx: AppContext,
  token: string,
): Promise<{ principal: Principal; refreshed: { maxAgeSeconds: number } | null } | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const id = sha256(token);
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(principalColumns())
    .select(['s.expires_at', 's.last_seen_at'])
    .select((eb) =>
      jsonArrayFrom(eb.selectFrom('role_assignments as r').select(['r.role', 'r.agency_id']).whereRef('r.user_id', '=', 'u.id')).as(
        'roles',
      ),
    )
    .where('s.id', '=', id)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;
  const now = ctx.clock.now();
  if (row.expires_at.getTime() <= now.getTime()) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  let refreshed: { maxAgeSeconds: number } | null = null;
  if (now.getTime() - row.last_seen_at.getTime() > REFRESH_AFTER_MS) {
    const days = await getSetting<number>(ctx.db, 'accounts.sessionDays');
    await ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: new Date(now.getTime() + days * 86_400_000) })
      .where('id', '=', id)
      .execute();
    refreshed = { maxAgeSeconds: days * 86_400 };
  }
  return { principal: await toPrincipal(ctx.db, row as unknown as PrincipalRow, 'session'), refreshed };
}

/** The principal of a personal API token (Bearer), or null when unknown, revoked or the account is disabled. */
export async function principalFromToken(ctx: AppContext, token: string): Promise<Principal | null> {
  if (!/^dt_[\w-]{20,100}$/.test(token)) return null;
  const hash = sha256(token);
  const row = await ctx.db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(principalColumns())
    .select(['t.id as tokenId', 't.last_used_at'])
    .select((eb) =>
      jsonArrayFrom(eb.selectFrom('role_assignments as r').select(['r.role', 'r.agency_id']).whereRef('r.user_id', '=', 'u.id')).as(
        'roles',
      ),
    )
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;
  const now = ctx.clock.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOKEN_TOUCH_AFTER_MS) {
    await ctx.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tokenId).execute();
  }
  return toPrincipal(ctx.db, row as unknown as PrincipalRow, 'token');
}

// ---------------------------------------------------------------------------------------------
// Signing in and out

export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

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

async function createSession(tx: Executor, userId: number, now: Date, meta: RequestMeta): Promise<{ token: string; maxAgeSeconds: number }> {
  const days = await getSetting<number>(tx, 'accounts.sessionDays');
  const token = newSecret();
  await tx
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + days * 86_400_000),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent ? meta.userAgent.slice(0, 300) : null,
    })
    .execute();
  return { token, maxAgeSeconds: days * 86_400 };
}

/** Counts a failure for a login that matches no account, exactly as for an account. */
async function failUnknown(ctx: AppContext, login: string, now: Date): Promise<never> {
  const key = loginKey(login);
  const max = await getSetting<number>(ctx.db, 'accounts.maxFailedLogins');
  const minutes = await getSetting<number>(ctx.db, 'accounts.lockMinutes');
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
  if (until) throw new LockedError(until, now);
  throw new BadLoginError();
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
  if (!ok) {
    const max = await getSetting<number>(ctx.db, 'accounts.maxFailedLogins');
    const minutes = await getSetting<number>(ctx.db, 'accounts.lockMinutes');
    const until = await ctx.db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('users')
        .set({ failed_logins: sql`failed_logins + 1` })
        .where('id', '=', account.id)
        .returning(['failed_logins'])
        .executeTakeFirstOrThrow();
      if (row.failed_logins < max) return null;
      const lock = new Date(now.getTime() + minutes * 60_000);
      await tx.updateTable('users').set({ failed_logins: 0, locked_until: lock }).where('id', '=', account.id).execute();
      await audit(tx, {
        actor: SYSTEM_ACTOR,
        action: 'account.lock',
        entityType: 'user',
        entityId: account.id,
        after: { lockedUntil: lock, failures: row.failed_logins },
        ip: meta.ip ?? null,
        at: now,
      });
      return lock;
    });
    if (until) throw new LockedError(until, now);
    throw new BadLoginError();
  }
  if (account.status !== 'active') throw new HttpError(403, 'accounts.error.disabled');
  const rehash = needsRehash(account.password_hash) ? await hashPassword(input.password) : null;
  return ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now, ...(rehash ? { password_hash: rehash } : {}) })
      .where('id', '=', account.id)
      .execute();
    if (meta.previousSession) await tx.deleteFrom('sessions').where('id', '=', sha256(meta.previousSession)).execute();
    const session = await createSession(tx, account.id, now, meta);
    const user = (await getUser(tx, account.id))!;
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

/** Closes the session of the cookie (if it is one). */
export async function logout(ctx: AppContext, token: string | undefined, meta: RequestMeta = {}): Promise<void> {
  if (!token) return;
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .deleteFrom('sessions')
      .where('id', '=', sha256(token))
      .returning(['user_id'])
      .executeTakeFirst();
    if (!row) return;
    const user = await getUser(tx, row.user_id);
    await audit(tx, {
      actor: { id: row.user_id, label: user?.name ?? String(row.user_id) },
      action: 'account.logout',
      entityType: 'user',
      entityId: row.user_id,
      ip: meta.ip ?? null,
      at: ctx.clock.now(),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Registration and profile

async function checkCommune(db: Executor, code: string | undefined, field = 'unitCode'): Promise<void> {
  if (!code) return;
  const unit = await getUnit(db, code);
  if (!unit || unit.level !== 'commune') throw new ValidationError({ [field]: 'accounts.error.commune' });
}

/** The province whose communes citizens choose from when they register: the one the site serves. */
export async function registrationProvince(db: Executor): Promise<string> {
  return homeProvinceCode(db);
}

async function checkUnique(db: Executor, email: string | undefined | null, phone: string | undefined | null, exceptId?: number) {
  const errors: Record<string, string> = {};
  if (email) {
    let q = db.selectFrom('users').select('id').where('email', '=', email);
    if (exceptId) q = q.where('id', '<>', exceptId);
    if (await q.executeTakeFirst()) errors.email = 'accounts.error.emailTaken';
  }
  if (phone) {
    let q = db.selectFrom('users').select('id').where('phone', '=', phone);
    if (exceptId) q = q.where('id', '<>', exceptId);
    if (await q.executeTakeFirst()) errors.phone = 'accounts.error.phoneTaken';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** A concurrent insert won the race for an e-mail or phone number: the same message as the check. */
function uniqueViolation(e: unknown): ValidationError | null {
  const err = e as { code?: string; constraint?: string; message?: string; detail?: string };
  if (err?.code !== '23505') return null;
  const text = `${err.constraint ?? ''} ${err.message ?? ''} ${err.detail ?? ''}`;
  if (text.includes('phone')) return new ValidationError({ phone: 'accounts.error.phoneTaken' });
  if (text.includes('email')) return new ValidationError({ email: 'accounts.error.emailTaken' });
  return null;
}

async function insertUnique<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw uniqueViolation(e) ?? e;
  }
}

/**
 * A citizen registers. The commune must be one of the registration province's.
 * With an e-mail address the answer must not tell whether the address is already registered: either way a mail goes
 * to it (a welcome, or "someone tried to register with your address") and nobody is signed in ('mailed'); the
 * caller shows the same page. With a phone number only, the new citizen is signed in at once ('signedIn').
 */
export async function registerCitizen(
  ctx: AppContext,
  input: RegisterInput,
  meta: RequestMeta & { previousSession?: string | null; locale?: Locale } = {},
): Promise<{ outcome: 'mailed' } | { outcome: 'signedIn'; user: User; token: string; maxAgeSeconds: number }> {
  const province = await registrationProvince(ctx.db);
  const unit = await getUnit(ctx.db, input.unitCode);
  if (!unit || unit.level !== 'commune' || unit.provinceCode !== province) {
    throw new ValidationError({ unitCode: 'accounts.error.commune' });
  }
  // The password is hashed on both paths, so the time taken does not tell either.
  const hash = await hashPassword(input.password);
  const locale = meta.locale ?? 'vi';
  const now = ctx.clock.now();
  const owner = input.email ? await ctx.db.selectFrom('users').select(['id', 'full_name']).where('email', '=', input.email).executeTakeFirst() : undefined;
  if (owner) {
    await checkUnique(ctx.db, null, input.phone);
    await ctx.db.transaction().execute((tx) =>
      audit(tx, { actor: SYSTEM_ACTOR, action: 'account.registerAttempt', entityType: 'user', entityId: owner.id, ip: meta.ip ?? null, at: now }),
    );
    sendLater(ctx, {
      to: input.email!,
      subject: translate(locale, 'accounts.mail.registerAgainSubject'),
      text: translate(locale, 'accounts.mail.registerAgainBody', { name: owner.full_name, login: `${ctx.config.publicUrl}/dang-nhap`, reset: `${ctx.config.publicUrl}/quen-mat-khau` }),
    });
    return { outcome: 'mailed' };
  }
  await checkUnique(ctx.db, input.email, input.phone);
  const created = await insertUnique(() =>
    ctx.db.transaction().execute(async (tx) => {
      const { id } = await tx
        .insertInto('users')
        .values({
          email: input.email ?? null,
          phone: input.phone ?? null,
          password_hash: hash,
          full_name: input.name,
          kind: 'citizen',
          unit_code: input.unitCode,
          address: input.address ?? null,
          locked_until: null,
          created_at: now,
          last_login_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (meta.previousSession) await tx.deleteFrom('sessions').where('id', '=', sha256(meta.previousSession)).execute();
      // With an e-mail nobody is signed in: the answer must look like the one for a registered address.
      const session = input.email ? null : await createSession(tx, id, now, meta);
      const user = (await getUser(tx, id))!;
      await audit(tx, {
        actor: { id, label: user.name },
        action: 'account.register',
        entityType: 'user',
        entityId: id,
        after: publicFields(user),
        ip: meta.ip ?? null,
        at: now,
      });
      return { user, session };
    }),
  );
  if (created.session) return { outcome: 'signedIn', user: created.user, token: created.session.token, maxAgeSeconds: created.session.maxAgeSeconds };
  sendLater(ctx, {
    to: input.email!,
    subject: translate(locale, 'accounts.mail.welcomeSubject'),
    text: translate(locale, 'accounts.mail.welcomeBody', { name: created.user.name, login: `${ctx.config.publicUrl}/dang-nhap` }),
  });
  return { outcome: 'mailed' };
}

/** What the audit trail records of a user (never a password hash). */
function publicFields(u: User) {
  return { email: u.email, phone: u.phone, name: u.name, kind: u.kind, unitCode: u.unitCode, address: u.address, status: u.status };
}

export async function updateProfile(ctx: AppContext, principal: Principal, input: ProfileInput, meta: RequestMeta = {}): Promise<User> {
  const before = await getUser(ctx.db, principal.id);
  if (!before) throw notFound();
  await checkCommune(ctx.db, input.unitCode);
  await checkUnique(ctx.db, null, input.phone, principal.id);
  if (!input.phone && !before.email) throw new ValidationError({ phone: 'accounts.error.emailOrPhone' });
  return insertUnique(() =>
    ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({
          full_name: input.name,
          phone: input.phone ?? null,
          unit_code: input.unitCode ?? null,
          address: input.address ?? null,
        })
        .where('id', '=', principal.id)
        .execute();
      const after = (await getUser(tx, principal.id))!;
      await audit(tx, {
        actor: actorOf(principal),
        action: 'account.profileUpdate',
        entityType: 'user',
        entityId: principal.id,
        before: publicFields(before),
        after: publicFields(after),
        ip: meta.ip ?? null,
        at: ctx.clock.now(),
      });
      return after;
    }),
  );
}

/** Changes one's password (the current one is required); every other session of the account is closed. */
export async function changePassword(
  ctx: AppContext,
  principal: Principal,
  input: { current: string; password: string },
  meta: RequestMeta & { currentSession?: string | null } = {},
): Promise<void> {
  const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', principal.id).executeTakeFirst();
  if (!row) throw notFound();
  if (!(await verifyPassword(input.current, row.password_hash))) throw new ValidationError({ current: 'accounts.error.currentPassword' });
  const hash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', principal.id).execute();
    let del = tx.deleteFrom('sessions').where('user_id', '=', principal.id);
    if (meta.currentSession) del = del.where('id', '<>', sha256(meta.currentSession));
    await del.execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'account.passwordChange',
      entityType: 'user',
      entityId: principal.id,
      ip: meta.ip ?? null,
      at: ctx.clock.now(),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Password reset by e-mail

function resetLink(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}/dat-lai-mat-khau?token=${encodeURIComponent(token)}`;
}

async function createResetToken(tx: Executor, userId: number, now: Date, minutes: number): Promise<string> {
  const token = newSecret();
  await tx
    .insertInto('password_resets')
    .values({ token_hash: sha256(token), user_id: userId, created_at: now, expires_at: new Date(now.getTime() + minutes * 60_000), used_at: null })
    .execute();
  return token;
}

/** Sends after the transaction committed, without making the caller wait (the answer must not tell). */
function sendLater(ctx: AppContext, msg: { to: string; subject: string; text: string }): void {
  ctx.mailer.send(msg).catch((err) => ctx.log.error({ err, to: msg.to }, 'password mail not sent'));
}

/**
 * Asks for a password reset link by e-mail. The caller answers the same whether the account exists,
 * has no e-mail, or is disabled; a link is valid for `accounts.resetMinutes` and works once.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  input: { login: string },
  meta: RequestMeta & { locale?: Locale } = {},
): Promise<void> {
  const account = await findForLogin(ctx.db, input.login);
  if (!account || account.status !== 'active') return;
  const user = await getUser(ctx.db, account.id);
  if (!user?.email) return;
  const now = ctx.clock.now();
  const minutes = await getSetting<number>(ctx.db, 'accounts.resetMinutes');
  const token = await ctx.db.transaction().execute(async (tx) => {
    const t = await createResetToken(tx, user.id, now, minutes);
    await audit(tx, {
      actor: { id: user.id, label: user.name },
      action: 'account.passwordResetRequest',
      entityType: 'user',
      entityId: user.id,
      ip: meta.ip ?? null,
      at: now,
    });
    return t;
  });
  const locale = meta.locale ?? 'vi';
  sendLater(ctx, {
    to: user.email,
    subject: translate(locale, 'accounts.mail.resetSubject'),
    text: translate(locale, 'accounts.mail.resetBody', { name: user.name, link: resetLink(ctx, token), minutes }),
  });
}

async function liveReset(db: Executor, token: string, now: Date) {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('password_resets')
    .select(['token_hash', 'user_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= now) return undefined;
  return row;
}

/** Whether a reset link can still be used (for the page that asks for the new password). */
export async function resetTokenValid(ctx: AppContext, token: string): Promise<boolean> {
  return !!(await liveReset(ctx.db, token, ctx.clock.now()));
}

/** Sets a new password with a reset link, once; every session of the account is closed and the lock lifted. */
export async function resetPassword(ctx: AppContext, input: { token: string; password: string }, meta: RequestMeta = {}): Promise<void> {
  const now = ctx.clock.now();
  if (!(await liveReset(ctx.db, input.token, now))) throw new HttpError(400, 'accounts.error.resetInvalid');
  const hash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (tx) => {
    // Claim the token in the transaction: of two concurrent uses, one wins.
    const claimed = await tx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', sha256(input.token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!claimed) throw new HttpError(400, 'accounts.error.resetInvalid');
    await tx
      .updateTable('users')
      .set({ password_hash: hash, failed_logins: 0, locked_until: null })
      .where('id', '=', claimed.user_id)
      .execute();
    await tx.deleteFrom('sessions').where('user_id', '=', claimed.user_id).execute();
    const user = await getUser(tx, claimed.user_id);
    await audit(tx, {
      actor: { id: claimed.user_id, label: user?.name ?? String(claimed.user_id) },
      action: 'account.passwordReset',
      entityType: 'user',
      entityId: claimed.user_id,
      ip: meta.ip ?? null,
      at: now,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Personal API tokens

export async function createApiToken(
  ctx: AppContext,
  principal: Principal,
  input: { name: string },
  meta: RequestMeta = {},
): Promise<{ id: number; name: string; token: string; prefix: string; createdAt: Date }> {
  const token = 'dt_' + newSecret();
  const prefix = token.slice(0, 10);
  const name = clean(input.name);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('api_tokens')
      .values({ user_id: principal.id, name, token_hash: sha256(token), prefix, created_at: now, last_used_at: null, revoked_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'account.tokenCreate',
      entityType: 'api_token',
      entityId: id,
      after: { name, prefix, userId: principal.id },
      ip: meta.ip ?? null,
      at: now,
    });
    return { id, name, token, prefix, createdAt: now };
  });
}

export async function listApiTokens(db: Executor, userId: number): Promise<ApiToken[]> {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at as createdAt', 'last_used_at as lastUsedAt', 'revoked_at as revokedAt'])
    .where('user_id', '=', userId)
    .orderBy('revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one of one's own tokens (404 for anybody else's). */
export async function revokeApiToken(ctx: AppContext, principal: Principal, id: number, meta: RequestMeta = {}): Promise<void> {
  if (!Number.isSafeInteger(id)) throw notFound();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('api_tokens')
      .select(['id', 'name', 'prefix', 'revoked_at'])
      .where('id', '=', id)
      .where('user_id', '=', principal.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.revoked_at) return;
    await tx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'account.tokenRevoke',
      entityType: 'api_token',
      entityId: id,
      before: { name: row.name, prefix: row.prefix },
      ip: meta.ip ?? null,
      at: now,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Administration

export interface UserListItem extends User {
  roles: Role[];
}

export async function listUsers(
  db: Executor,
  opts: { q?: string; kind?: UserKind; role?: Role; status?: UserStatus; limit?: number; offset?: number } = {},
): Promise<{ items: UserListItem[]; more: boolean }> {
  const limit = Math.min(opts.limit ?? 50, 200);
  let q = userQuery(db).select((eb) =>
    eb
      .selectFrom('role_assignments as r')
      .select(sql<Role[]>`coalesce(array_agg(distinct r.role), '{}')`.as('roles'))
      .whereRef('r.user_id', '=', 'u.id')
      .as('roles'),
  );
  for (const term of searchTerms(opts.q ?? '')) q = q.where('u.search', 'like', `%${term}%`);
  if (opts.kind) q = q.where('u.kind', '=', opts.kind);
  if (opts.status) q = q.where('u.status', '=', opts.status);
  if (opts.role) {
    const role = opts.role;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('role_assignments as r2').select('r2.id').whereRef('r2.user_id', '=', 'u.id').where('r2.role', '=', role)),
    );
  }
  const rows = await q
    .orderBy('u.full_name')
    .orderBy('u.id')
    .limit(limit + 1)
    .offset(opts.offset ?? 0)
    .execute();
  const items = rows.slice(0, limit).map((r) => ({ ...r, roles: parseRoles(r.roles) }));
  return { items, more: rows.length > limit };
}

/** array_agg of text arrives as an array (pg) or as the '{a,b}' literal (some drivers). */
function parseRoles(v: unknown): Role[] {
  if (Array.isArray(v)) return v as Role[];
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean) as Role[];
  return [];
}

function requireAdminActor(principal: Principal): void {
  if (!principal.roles.some((g) => g.role === 'admin')) throw forbidden();
}

/** An administrator creates an official, with an initial password or a link (by e-mail) to set one. */
export async function createOfficial(
  ctx: AppContext,
  principal: Principal,
  input: OfficialInput,
  meta: RequestMeta & { locale?: Locale } = {},
): Promise<User> {
  requireAdminActor(principal);
  await checkUnique(ctx.db, input.email, input.phone);
  const hash = await hashPassword(input.password ?? newSecret(24));
  const now = ctx.clock.now();
  const hours = input.sendReset ? await getSetting<number>(ctx.db, 'accounts.inviteHours') : 0;
  const { user, token } = await insertUnique(() =>
    ctx.db.transaction().execute(async (tx) => {
      const { id } = await tx
        .insertInto('users')
        .values({
          email: input.email ?? null,
          phone: input.phone ?? null,
          password_hash: hash,
          full_name: input.name,
          kind: 'official',
          unit_code: null,
          address: null,
          locked_until: null,
          created_at: now,
          last_login_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const user = (await getUser(tx, id))!;
      const token = input.sendReset ? await createResetToken(tx, id, now, hours * 60) : null;
      await audit(tx, {
        actor: actorOf(principal),
        action: 'account.create',
        entityType: 'user',
        entityId: id,
        after: { ...publicFields(user), invited: input.sendReset },
        ip: meta.ip ?? null,
        at: now,
      });
      return { user, token };
    }),
  );
  if (token && user.email) {
    const locale = meta.locale ?? 'vi';
    sendLater(ctx, {
      to: user.email,
      subject: translate(locale, 'accounts.mail.inviteSubject'),
      text: translate(locale, 'accounts.mail.inviteBody', { name: user.name, link: resetLink(ctx, token), hours }),
    });
  }
  return user;
}

export async function updateUser(ctx: AppContext, principal: Principal, id: number, input: UserEditInput, meta: RequestMeta = {}): Promise<User> {
  requireAdminActor(principal);
  const before = await getUser(ctx.db, id);
  if (!before) throw notFound();
  await checkCommune(ctx.db, input.unitCode);
  await checkUnique(ctx.db, input.email, input.phone, id);
  if (input.kind === 'citizen') {
    const roles = await ctx.db.selectFrom('role_assignments').select('id').where('user_id', '=', id).executeTakeFirst();
    if (roles) throw new ValidationError({ kind: 'accounts.error.citizenWithRoles' });
  }
  return insertUnique(() =>
    ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({
          full_name: input.name,
          email: input.email ?? null,
          phone: input.phone ?? null,
          kind: input.kind,
          unit_code: input.unitCode ?? null,
          address: input.address ?? null,
        })
        .where('id', '=', id)
        .execute();
      const after = (await getUser(tx, id))!;
      await audit(tx, {
        actor: actorOf(principal),
        action: 'account.update',
        entityType: 'user',
        entityId: id,
        before: publicFields(before),
        after: publicFields(after),
        ip: meta.ip ?? null,
        at: ctx.clock.now(),
      });
      return after;
    }),
  );
}

/** Disables (closing every session and token use) or enables an account; enabling also lifts a lock. */
export async function setUserStatus(ctx: AppContext, principal: Principal, id: number, status: UserStatus, meta: RequestMeta = {}): Promise<void> {
  requireAdminActor(principal);
  if (id === principal.id && status === 'disabled') throw new HttpError(409, 'accounts.error.selfDisable');
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('users').select(['status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    if (before.status === status) return;
    await tx
      .updateTable('users')
      .set(status === 'active' ? { status, failed_logins: 0, locked_until: null } : { status })
      .where('id', '=', id)
      .execute();
    if (status === 'disabled') await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: status === 'active' ? 'account.enable' : 'account.disable',
      entityType: 'user',
      entityId: id,
      before: { status: before.status },
      after: { status },
      ip: meta.ip ?? null,
      at: ctx.clock.now(),
    });
  });
}

/** Lifts a lock-out before it ends. */
export async function unlockUser(ctx: AppContext, principal: Principal, id: number, meta: RequestMeta = {}): Promise<void> {
  requireAdminActor(principal);
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('users').select(['locked_until', 'failed_logins']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'account.unlock',
      entityType: 'user',
      entityId: id,
      before: { lockedUntil: before.locked_until, failures: before.failed_logins },
      ip: meta.ip ?? null,
      at: ctx.clock.now(),
    });
  });
}

async function insertRole(tx: Executor, userId: number, role: Role, agencyId: number, now: Date): Promise<number | null> {
  const row = await tx
    .insertInto('role_assignments')
    .values({ user_id: userId, role, agency_id: agencyId, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'role', 'agency_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Gives an official a role at an agency. */
export async function assignRole(
  ctx: AppContext,
  principal: Principal,
  input: { userId: number; role: Role; agencyId: number },
  meta: RequestMeta = {},
): Promise<void> {
  requireAdminActor(principal);
  const user = await getUser(ctx.db, input.userId);
  if (!user) throw notFound();
  if (user.kind !== 'official') throw new ValidationError({ role: 'accounts.error.roleForCitizen' });
  const agency = await getAgency(ctx.db, input.agencyId);
  if (!agency || !agency.active) throw new ValidationError({ agencyId: 'accounts.error.agency' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const id = await insertRole(tx, user.id, input.role, agency.id, now);
    if (id === null) return;
    await audit(tx, {
      actor: actorOf(principal),
      action: 'role.assign',
      entityType: 'user',
      entityId: user.id,
      after: { assignmentId: id, role: input.role, agencyId: agency.id, agencyCode: agency.code },
      ip: meta.ip ?? null,
      at: now,
    });
  });
}

/** Takes a role away. An administrator cannot take away their own administrator role. */
export async function revokeRole(ctx: AppContext, principal: Principal, assignmentId: number, meta: RequestMeta = {}): Promise<void> {
  requireAdminActor(principal);
  if (!Number.isSafeInteger(assignmentId)) throw notFound();
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('role_assignments')
      .select(['id', 'user_id', 'role', 'agency_id'])
      .where('id', '=', assignmentId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.user_id === principal.id && row.role === 'admin') throw new HttpError(409, 'accounts.error.selfRevoke');
    await tx.deleteFrom('role_assignments').where('id', '=', assignmentId).execute();
    await audit(tx, {
      actor: actorOf(principal),
      action: 'role.revoke',
      entityType: 'user',
      entityId: row.user_id,
      before: { assignmentId: row.id, role: row.role, agencyId: row.agency_id },
      ip: meta.ip ?? null,
      at: ctx.clock.now(),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Operators and the demo

/** The People's Committee of the first province (in the official order) that has one. */
async function provincialCommittee(db: Executor): Promise<Agency | undefined> {
  const committees = await listAgencies(db, { kind: 'peoples_committee', limit: 5000 });
  return committees.find((a) => a.unitLevel === 'province');
}

export class NoAgencyError extends Error {}

/**
 * Creates (or, for an existing e-mail, updates) a system administrator for the CLI: an official
 * with the given password and the admin role at the People's Committee of the first province that
 * has one. Without any such agency the account is still created or updated, and NoAgencyError says
 * that the role could not be given (load the directory, then run the command again).
 */
export async function createAdmin(
  ctx: AppContext,
  input: { email: string; name: string; password: string },
): Promise<{ userId: number; created: boolean; agency: { code: string; name: string } }> {
  const email = normalizeEmail(input.email);
  const name = clean(input.name).replace(/\s+/g, ' ');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`E-mail không hợp lệ: ${input.email}`);
  if (name.length < 2) throw new Error('Họ tên quá ngắn.');
  if (input.password.length < 8 || /^\d+$/.test(input.password)) {
    throw new Error('Mật khẩu cần ít nhất 8 ký tự và không được chỉ gồm chữ số.');
  }
  const hash = await hashPassword(input.password);
  const agency = await provincialCommittee(ctx.db);
  const now = ctx.clock.now();
  const actor: AuditActor = { id: null, label: 'cli' };
  const result = await ctx.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('users').select(['id']).where('email', '=', email).executeTakeFirst();
    let userId: number;
    if (existing) {
      userId = existing.id;
      await tx
        .updateTable('users')
        .set({ full_name: name, password_hash: hash, kind: 'official', status: 'active', failed_logins: 0, locked_until: null })
        .where('id', '=', userId)
        .execute();
      await audit(tx, { actor, action: 'account.update', entityType: 'user', entityId: userId, after: { name, kind: 'official', status: 'active', passwordSet: true }, at: now });
    } else {
      const row = await tx
        .insertInto('users')
        .values({ email, phone: null, password_hash: hash, full_name: name, kind: 'official', unit_code: null, address: null, locked_until: null, created_at: now, last_login_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = row.id;
      await audit(tx, { actor, action: 'account.create', entityType: 'user', entityId: userId, after: { email, name, kind: 'official' }, at: now });
    }
    if (agency) {
      const id = await insertRole(tx, userId, 'admin', agency.id, now);
      if (id !== null) {
        await audit(tx, { actor, action: 'role.assign', entityType: 'user', entityId: userId, after: { assignmentId: id, role: 'admin', agencyId: agency.id, agencyCode: agency.code }, at: now });
      }
    }
    return { userId, created: !existing };
  });
  if (!agency) {
    throw new NoAgencyError(
      `Đã ${result.created ? 'tạo' : 'cập nhật'} tài khoản ${email} nhưng CHƯA gán quyền quản trị: chưa có Ủy ban nhân dân cấp tỉnh nào trong danh bạ cơ quan. ` +
        'Hãy nạp danh bạ (seed-demo, hoặc tạo UBND tỉnh), rồi chạy lại create-admin với cùng e-mail.',
    );
  }
  return { ...result, agency: { code: agency.code, name: agency.name } };
}

/** Creates an account directly (demo seed, tests): no validation beyond the database's. */
export async function insertAccount(
  ctx: AppContext,
  input: {
    email?: string | null;
    phone?: string | null;
    name: string;
    /** A password, or (for many accounts with the same known password, e.g. the demo) its hash. */
    password: string | { hash: string };
    kind: UserKind;
    unitCode?: string | null;
    address?: string | null;
    roles?: Array<{ role: Role; agencyId: number }>;
  },
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<number> {
  const hash = typeof input.password === 'string' ? await hashPassword(input.password) : input.password.hash;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('users')
      .values({
        email: input.email ? normalizeEmail(input.email) : null,
        phone: input.phone ? normalizePhone(input.phone) : null,
        password_hash: hash,
        full_name: clean(input.name),
        kind: input.kind,
        unit_code: input.unitCode ?? null,
        address: input.address ?? null,
        locked_until: null,
        created_at: now,
        last_login_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { actor, action: 'account.create', entityType: 'user', entityId: id, after: { email: input.email ?? null, name: input.name, kind: input.kind }, at: now });
    for (const r of input.roles ?? []) {
      const rid = await insertRole(tx, id, r.role, r.agencyId, now);
      await audit(tx, { actor, action: 'role.assign', entityType: 'user', entityId: id, after: { assignmentId: rid, role: r.role, agencyId: r.agencyId }, at: now });
    }
    return id;
  });
}

/** Deletes expired sessions, used or expired reset links and stale throttle rows (housekeeping). */
export async function purgeExpired(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  await ctx.db
    .deleteFrom('password_resets')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used_at', 'is not', null)]))
    .execute();
  await ctx.db
    .deleteFrom('login_throttle')
    .where('updated_at', '<', new Date(now.getTime() - 86_400_000))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute();
}
