// The principal (who is calling) of a session cookie or of a personal API token.
import type { ExpressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AppContext } from '../../../platform/context';
import type { Database, Executor } from '../../../platform/db/types';
import type { Principal, Role, RoleGrant } from '../../../platform/access/principal';
import { getSetting } from '../../../platform/settings/settings';
import { ReadCache } from '../../../platform/cache';
import { afterCommit } from '../../../platform/db/after-commit';
import { getAgencies } from '../../directory/service';
import type { Agency } from '../../directory/model';
import type { UserKind } from '../model';
import { sha256 } from './secrets';
import { identityColumns } from './users';

interface PrincipalRow {
  id: number;
  email: string | null;
  phone: string | null;
  name: string;
  kind: UserKind;
  unitCode: string | null;
  roles: Array<{ role: Role; agency_id: number }>;
}


/** The user's role assignments as a JSON array, in the same query as the user. */
function rolesOf(eb: ExpressionBuilder<Database & { u: Database['users'] }, 'u'>) {
  return jsonArrayFrom(eb.selectFrom('role_assignments as r').select(['r.role', 'r.agency_id']).whereRef('r.user_id', '=', 'u.id')).as(
    'roles',
  );
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
  const row = await sessionRows.get(ctx.db, id, () => readSession(ctx.db, id));
  if (!row) return null;
  const now = ctx.clock.now();
  if (row.expires_at.getTime() <= now.getTime()) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    sessionRows.dropHere(ctx.db, id);
    return null;
  }
  let refreshed = null;
  if (now.getTime() - row.last_seen_at.getTime() > REFRESH_AFTER_MS) {
    refreshed = await slideSession(ctx, id, now);
    // Read again next time, with the new expiry. Another process keeping the old row slides it once too, harmlessly.
    sessionRows.dropHere(ctx.db, id);
  }
  return { principal: await toPrincipal(ctx.db, row as unknown as PrincipalRow, 'session'), refreshed };
}

function readSession(db: Executor, id: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(identityColumns)
    .select(['s.expires_at', 's.last_seen_at'])
    .select((eb) => rolesOf(eb))
    .where('s.id', '=', id)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
}

/**
 * The row of a session with its user and roles, by session id: read by every request of a signed-in person. The
 * agencies of the roles are not kept here (the directory's own cache answers them, forgotten on its changes).
 */
const sessionRows = new ReadCache<NonNullable<Awaited<ReturnType<typeof readSession>>>>('accounts.sessions', { max: 20_000, ttlMs: 60_000 });

/**
 * After a change to sessions, API tokens, users or their roles (sign-in and sign-out, a revoked token, status,
 * profile, password, roles): once it has committed, every process reads the sessions and tokens again, so that a closed session or a disabled account is refused
 * at once and a new role applies at once.
 */
export function forgetSessions(tx: Executor): Promise<void> {
  return afterCommit(tx, () => {
    sessionRows.forget();
    tokenRows.forget();
  });
}

/** Moves a session's expiry `accounts.sessionDays` from now. */
async function slideSession(ctx: AppContext, id: string, now: Date): Promise<{ maxAgeSeconds: number }> {
  const days = await getSetting<number>(ctx.db, 'accounts.sessionDays');
  await ctx.db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: new Date(now.getTime() + days * 86_400_000) })
    .where('id', '=', id)
    .execute();
  return { maxAgeSeconds: days * 86_400 };
}

/** The principal of a personal API token (Bearer), or null when unknown, revoked or the account is disabled. */
export async function principalFromToken(ctx: AppContext, token: string): Promise<Principal | null> {
  if (!/^dt_[\w-]{20,100}$/.test(token)) return null;
  const hash = sha256(token);
  const row = await tokenRows.get(ctx.db, hash, () => readToken(ctx.db, hash));
  if (!row) return null;
  const now = ctx.clock.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOKEN_TOUCH_AFTER_MS) {
    await ctx.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tokenId).execute();
    tokenRows.dropHere(ctx.db, hash);
  }
  return toPrincipal(ctx.db, row as unknown as PrincipalRow, 'token');
}

function readToken(db: Executor, hash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(identityColumns)
    .select(['t.id as tokenId', 't.last_used_at'])
    .select((eb) => rolesOf(eb))
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
}

/** The row of an API token with its user and roles, by the token's hash: kept and forgotten as the sessions' rows. */
const tokenRows = new ReadCache<NonNullable<Awaited<ReturnType<typeof readToken>>>>('accounts.tokens', { max: 5_000, ttlMs: 60_000 });
