// Password reset by e-mail: a link valid for `accounts.resetMinutes`, used once.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { audit } from '../../../platform/audit/audit';
import { getSetting } from '../../../platform/settings/settings';
import { HttpError } from '../../../platform/http/errors';
import { translate, type Locale } from '../../../platform/i18n/i18n';
import { hashPassword } from '../password';
import { findForLogin } from './login';
import { resetLink, sendLater } from './mail';
import { newSecret, sha256 } from './secrets';
import type { RequestMeta } from './session';
import { getUser } from './users';
import { forgetSessions } from './principal';

export async function createResetToken(tx: Executor, userId: number, now: Date, minutes: number): Promise<string> {
  const token = newSecret();
  await tx
    .insertInto('password_resets')
    .values({ token_hash: sha256(token), user_id: userId, created_at: now, expires_at: new Date(now.getTime() + minutes * 60_000), used_at: null })
    .execute();
  return token;
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
    await forgetSessions(tx);
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
