// A signed-in user edits their profile or changes their password.
import type { AppContext } from '../../../platform/context';
import { audit } from '../../../platform/audit/audit';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { ValidationError, notFound } from '../../../platform/http/errors';
import type { User } from '../model';
import { hashPassword, verifyPassword } from '../password';
import type { ProfileInput } from '../schema';
import { checkCommune, checkUnique, insertUnique } from './checks';
import { sha256 } from './secrets';
import type { RequestMeta } from './session';
import { getUser, publicFields } from './users';
import { forgetSessions } from './principal';

export async function updateProfile(ctx: AppContext, principal: Principal, input: ProfileInput, meta: RequestMeta = {}): Promise<User> {
  const before = await getUser(ctx.db, principal.id);
  if (!before) throw notFound();
  await checkCommune(ctx.db, input.unitCode);
  await checkUnique(ctx.db, null, input.phone, principal.id);
  if (!input.phone && !before.email) throw new ValidationError({ phone: 'accounts.error.emailOrPhone' });
  return insertUnique(() =>
    ctx.db.transaction().execute(async (tx) => {
    await forgetSessions(tx);
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
    await forgetSessions(tx);
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
