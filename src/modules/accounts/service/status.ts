// An administrator disables or enables an account, or lifts a lock-out.
import type { AppContext } from '../../../platform/context';
import { audit } from '../../../platform/audit/audit';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { HttpError, notFound } from '../../../platform/http/errors';
import type { UserStatus } from '../model';
import { requireAdminActor } from './checks';
import type { RequestMeta } from './session';
import { forgetSessions } from './principal';

/** Disables (closing every session and token use) or enables an account; enabling also lifts a lock. */
export async function setUserStatus(ctx: AppContext, principal: Principal, id: number, status: UserStatus, meta: RequestMeta = {}): Promise<void> {
  requireAdminActor(principal);
  if (id === principal.id && status === 'disabled') throw new HttpError(409, 'accounts.error.selfDisable');
  await ctx.db.transaction().execute(async (tx) => {
    await forgetSessions(tx);
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
