// The maintenance job's part in accounts.
import type { AppContext } from '../../../platform/context';

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
