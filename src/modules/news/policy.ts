import { isAdmin, type Principal } from '../../platform/access/principal';

/** Roles that write news for their agency. */
export const EDITOR_ROLES = ['officer', 'head'] as const;

/** Writes news for this agency: its officer or head, or an administrator. */
export function mayEditFor(p: Principal | null, agencyId: number | null | undefined): boolean {
  if (!p) return false;
  if (isAdmin(p)) return true;
  return agencyId != null && p.roles.some((g) => (EDITOR_ROLES as readonly string[]).includes(g.role) && g.agencyId === agencyId);
}

export function isEditor(p: Principal | null): boolean {
  return !!p && (isAdmin(p) || p.roles.some((g) => (EDITOR_ROLES as readonly string[]).includes(g.role)));
}

export function canEditArticle(p: Principal | null, a: { agencyId: number | null }): boolean {
  return mayEditFor(p, a.agencyId);
}
