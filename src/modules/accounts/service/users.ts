// Reading users (also for other modules: names and e-mails for notifications, who holds a role).
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import type { Role } from '../../../platform/access/principal';
import { getAgencies } from '../../directory/service';
import type { User } from '../model';

/** Who a user is, as both a User and a Principal carry it (alias u). */
export const identityColumns = [
  'u.id',
  sql<string | null>`u.email::text`.as('email'),
  'u.phone',
  'u.full_name as name',
  'u.kind',
  'u.unit_code as unitCode',
] as const;

const userColumns = [
  ...identityColumns,
  'u.address',
  'u.status',
  'u.locked_until as lockedUntil',
  'u.created_at as createdAt',
  'u.last_login_at as lastLoginAt',
] as const;

export function userQuery(db: Executor) {
  return db.selectFrom('users as u').select(userColumns);
}

export async function getUser(db: Executor, id: number): Promise<User | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  return userQuery(db).where('u.id', '=', id).executeTakeFirst();
}

/** Users by id (e.g. to address notifications), keyed by id; unknown ids are absent. */
export async function getUsers(db: Executor, ids: number[]): Promise<Map<number, User>> {
  const wanted = [...new Set(ids.filter((i) => Number.isSafeInteger(i)))];
  if (!wanted.length) return new Map();
  const rows = await userQuery(db).where('u.id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Ids of the active users holding a role at an agency (e.g. the head, to notify). */
export async function usersWithRole(db: Executor, q: { role: Role | Role[]; agencyId: number }): Promise<number[]> {
  const roles = Array.isArray(q.role) ? q.role : [q.role];
  if (!roles.length) return [];
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.id')
    .distinct()
    .where('r.role', 'in', roles)
    .where('r.agency_id', '=', q.agencyId)
    .where('u.status', '=', 'active')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}

export interface RoleInfo {
  id: number;
  role: Role;
  agencyId: number;
  agencyName: string;
  agencyCode: string;
  unitName: string;
  createdAt: Date;
}

/** A user's role assignments with their agencies, for profile and administration pages. */
export async function rolesOfUser(db: Executor, userId: number): Promise<RoleInfo[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select(['id', 'role', 'agency_id as agencyId', 'created_at as createdAt'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const agencies = await getAgencies(db, rows.map((r) => r.agencyId));
  return rows.map((r) => {
    const a = agencies.get(r.agencyId);
    return { ...r, agencyName: a?.name ?? '', agencyCode: a?.code ?? '', unitName: a?.unitName ?? '' };
  });
}

/** What the audit trail records of a user (never a password hash). */
export function publicFields(u: User) {
  return { email: u.email, phone: u.phone, name: u.name, kind: u.kind, unitCode: u.unitCode, address: u.address, status: u.status };
}
