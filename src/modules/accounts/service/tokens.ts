// Personal API tokens: created (shown once), listed, revoked by their owner.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { audit } from '../../../platform/audit/audit';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { notFound } from '../../../platform/http/errors';
import { clean } from '../../../platform/text/text';
import type { ApiToken } from '../model';
import { newSecret, sha256 } from './secrets';
import { forgetSessions } from './principal';
import type { RequestMeta } from './session';

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
    await forgetSessions(tx);
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
