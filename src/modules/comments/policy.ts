import { isAdmin, type Principal } from '../../platform/access/principal';

/** Roles that moderate the comments on their agency's pages. */
export const MODERATOR_ROLES = ['officer', 'head'] as const;

/** Agencies whose targets' comments this principal moderates; 'all' for an administrator (a system-wide role). */
export function moderatedAgencies(p: Principal | null): 'all' | number[] {
  if (!p) return [];
  if (isAdmin(p)) return 'all';
  return [...new Set(p.roles.filter((g) => (MODERATOR_ROLES as readonly string[]).includes(g.role)).map((g) => g.agencyId))];
}

export function canUseQueue(p: Principal | null): boolean {
  const m = moderatedAgencies(p);
  return m === 'all' || m.length > 0;
}

/** Moderates the comments of a target owned by this agency. */
export function mayModerateAt(p: Principal | null, agencyId: number | null | undefined): boolean {
  const m = moderatedAgencies(p);
  return m === 'all' || (agencyId != null && m.includes(agencyId));
}

/** Answers in the name of the agency: any role held there. */
export function mayPostAsAgency(p: Principal | null, agencyId: number | null | undefined): boolean {
  return !!p && agencyId != null && p.roles.some((g) => g.agencyId === agencyId);
}

/** The word list, blocks and per-unit settings are the administrator's. */
export function mayAdministerComments(p: Principal | null): boolean {
  return isAdmin(p);
}
