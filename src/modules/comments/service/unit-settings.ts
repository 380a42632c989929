// Guests' rights overridden per unit.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, isAdmin, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { forbidden } from '../../../platform/http/errors';

export async function listUnitOverrides(db: Executor) {
  return db.selectFrom('comment_unit_settings').selectAll().orderBy('unit_code').execute();
}

/** Overrides guests' rights for one unit (null: follow the setting). Administrators. */
export async function setUnitOverride(
  ctx: AppContext,
  principal: Principal | null,
  unitCode: string,
  value: { guestAllowed: boolean | null; guestModeration: boolean | null },
  meta: { ip: string | null } = { ip: null },
): Promise<void> {
  if (!isAdmin(principal)) throw forbidden();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('comment_unit_settings').selectAll().where('unit_code', '=', unitCode).executeTakeFirst();
    if (value.guestAllowed === null && value.guestModeration === null) {
      await tx.deleteFrom('comment_unit_settings').where('unit_code', '=', unitCode).execute();
    } else {
      await tx
        .insertInto('comment_unit_settings')
        .values({ unit_code: unitCode, guest_allowed: value.guestAllowed, guest_moderation: value.guestModeration, updated_at: now })
        .onConflict((oc) => oc.column('unit_code').doUpdateSet({ guest_allowed: value.guestAllowed, guest_moderation: value.guestModeration, updated_at: now }))
        .execute();
    }
    await audit(tx, {
      actor: actorOf(principal),
      action: 'comment.unitSettings',
      entityType: 'unit',
      entityId: unitCode,
      before: before ? { guestAllowed: before.guest_allowed, guestModeration: before.guest_moderation } : null,
      after: value,
      ip: meta.ip,
      at: now,
    });
  });
}
