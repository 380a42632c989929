// Opening and closing sessions; what the request tells about its caller.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { audit } from '../../../platform/audit/audit';
import { getSetting } from '../../../platform/settings/settings';
import { getUser } from './users';
import { newSecret, sha256 } from './secrets';
import { forgetSessions } from './principal';

export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export async function createSession(tx: Executor, userId: number, now: Date, meta: RequestMeta): Promise<{ token: string; maxAgeSeconds: number }> {
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

/** Closes the session a browser had before signing in or registering: a session id never survives a login. */
export async function closePreviousSession(tx: Executor, previousSession: string | null | undefined): Promise<void> {
  if (!previousSession) return;
  await tx.deleteFrom('sessions').where('id', '=', sha256(previousSession)).execute();
  await forgetSessions(tx);
}

/** Closes the session of the cookie (if it is one). */
export async function logout(ctx: AppContext, token: string | undefined, meta: RequestMeta = {}): Promise<void> {
  if (!token) return;
  await ctx.db.transaction().execute(async (tx) => {
    await forgetSessions(tx);
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
