// The rows every way of creating an account writes: the user, and a role assignment.
import type { Executor } from '../../../platform/db/types';
import type { Role } from '../../../platform/access/principal';
import type { UserKind } from '../model';

export interface NewUser {
  email: string | null;
  phone: string | null;
  passwordHash: string;
  name: string;
  kind: UserKind;
  unitCode: string | null;
  address: string | null;
  createdAt: Date;
  /** Set when the new user is signed in (or counted so) at once. */
  lastLoginAt: Date | null;
}

/** Inserts a user (active, not locked); the id. */
export async function insertUser(tx: Executor, u: NewUser): Promise<number> {
  const { id } = await tx
    .insertInto('users')
    .values({
      email: u.email,
      phone: u.phone,
      password_hash: u.passwordHash,
      full_name: u.name,
      kind: u.kind,
      unit_code: u.unitCode,
      address: u.address,
      locked_until: null,
      created_at: u.createdAt,
      last_login_at: u.lastLoginAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Gives a role at an agency; the assignment's id, or null when the user already had it. */
export async function insertRole(tx: Executor, userId: number, role: Role, agencyId: number, now: Date): Promise<number | null> {
  const row = await tx
    .insertInto('role_assignments')
    .values({ user_id: userId, role, agency_id: agencyId, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'role', 'agency_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
