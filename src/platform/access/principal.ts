/** The roles an official can hold, each scoped to one agency. Citizens hold none. */
export const ROLES = ['officer', 'head', 'front_officer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  role: Role;
  agencyId: number;
  /** The administrative unit of the agency, and that unit's province (the same code for a provincial agency). */
  unitCode: string;
  provinceCode: string;
  unitLevel: 'province' | 'commune';
}

export interface Principal {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  kind: 'citizen' | 'official';
  /** The citizen's commune, where known. */
  unitCode: string | null;
  roles: RoleGrant[];
  /** How the request was authenticated: a session cookie or a Bearer API token. */
  via: 'session' | 'token';
}

export function hasRole(p: Principal | null | undefined, ...roles: Role[]): boolean {
  return !!p && p.roles.some((g) => roles.includes(g.role));
}

export function isAdmin(p: Principal | null | undefined): boolean {
  return hasRole(p, 'admin');
}

/** Grants of the given roles whose scope covers the unit: the unit itself, or its province for provincial agencies. */
export function grantsCovering(
  p: Principal | null | undefined,
  unit: { code: string; provinceCode: string },
  roles: readonly Role[],
): RoleGrant[] {
  if (!p) return [];
  return p.roles.filter(
    (g) =>
      roles.includes(g.role) &&
      (g.unitCode === unit.code || (g.unitLevel === 'province' && g.provinceCode === unit.provinceCode)),
  );
}

export function actorOf(p: Principal | null | undefined): { id: number | null; label: string } {
  return p ? { id: p.id, label: p.name } : { id: null, label: 'anonymous' };
}
