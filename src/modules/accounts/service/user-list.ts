// The administrators' list of users: search, filters, one page at a time.
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import type { Role } from '../../../platform/access/principal';
import { searchTerms } from '../../../platform/text/text';
import type { User, UserKind, UserStatus } from '../model';
import { userQuery } from './users';

export interface UserListItem extends User {
  roles: Role[];
}

export async function listUsers(
  db: Executor,
  opts: { q?: string; kind?: UserKind; role?: Role; status?: UserStatus; limit?: number; offset?: number } = {},
): Promise<{ items: UserListItem[]; more: boolean }> {
  const limit = Math.min(opts.limit ?? 50, 200);
  let q = userQuery(db).select((eb) =>
    eb
      .selectFrom('role_assignments as r')
      .select(sql<Role[]>`coalesce(array_agg(distinct r.role), '{}')`.as('roles'))
      .whereRef('r.user_id', '=', 'u.id')
      .as('roles'),
  );
  for (const term of searchTerms(opts.q ?? '')) q = q.where('u.search', 'like', `%${term}%`);
  if (opts.kind) q = q.where('u.kind', '=', opts.kind);
  if (opts.status) q = q.where('u.status', '=', opts.status);
  if (opts.role) {
    const role = opts.role;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('role_assignments as r2').select('r2.id').whereRef('r2.user_id', '=', 'u.id').where('r2.role', '=', role)),
    );
  }
  const rows = await q
    .orderBy('u.full_name')
    .orderBy('u.id')
    .limit(limit + 1)
    .offset(opts.offset ?? 0)
    .execute();
  const items = rows.slice(0, limit).map((r) => ({ ...r, roles: parseRoles(r.roles) }));
  return { items, more: rows.length > limit };
}

/** array_agg of text arrives as an array (pg) or as the '{a,b}' literal (some drivers). */
function parseRoles(v: unknown): Role[] {
  if (Array.isArray(v)) return v as Role[];
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean) as Role[];
  return [];
}
