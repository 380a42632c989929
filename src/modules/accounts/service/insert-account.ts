// Accounts created directly, for the demo seed and tests.
import type { AppContext } from '../../../platform/context';
import { audit, SYSTEM_ACTOR, type AuditActor } from '../../../platform/audit/audit';
import type { Role } from '../../../platform/access/principal';
import { clean } from '../../../platform/text/text';
import type { UserKind } from '../model';
import { hashPassword } from '../password';
import { normalizeEmail, normalizePhone } from '../schema';
import { insertRole, insertUser } from './rows';

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
    const id = await insertUser(tx, {
      email: input.email ? normalizeEmail(input.email) : null,
      phone: input.phone ? normalizePhone(input.phone) : null,
      passwordHash: hash,
      name: clean(input.name),
      kind: input.kind,
      unitCode: input.unitCode ?? null,
      address: input.address ?? null,
      createdAt: now,
      lastLoginAt: null,
    });
    await audit(tx, { actor, action: 'account.create', entityType: 'user', entityId: id, after: { email: input.email ?? null, name: input.name, kind: input.kind }, at: now });
    for (const r of input.roles ?? []) {
      const rid = await insertRole(tx, id, r.role, r.agencyId, now);
      await audit(tx, { actor, action: 'role.assign', entityType: 'user', entityId: id, after: { assignmentId: rid, role: r.role, agencyId: r.agencyId }, at: now });
    }
    return id;
  });
}
