// An administrator gives an official a role at an agency, or takes it away.
import type { AppContext } from '../../../platform/context';
import { audit } from '../../../platform/audit/audit';
import { actorOf, type Principal, type Role } from '../../../platform/access/principal';
import { HttpError, ValidationError, notFound } from '../../../platform/http/errors';
import { getAgency } from '../../directory/service';
import { requireAdminActor } from './checks';
import { insertRole } from './rows';
import type { RequestMeta } from './session';
import { getUser } from './users';
import { forgetSessions } from './principal';

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
    await forgetSessions(tx);
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
    await forgetSessions(tx);
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
