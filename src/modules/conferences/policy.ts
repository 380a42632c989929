import { grantsCovering, hasRole, type Principal, type Role } from '../../platform/access/principal';
import type { Permission, PermissionTarget } from '../../platform/module';

/**
 * Who may do what with conferences — the one place (the manifest's `permissions` and the routes call these):
 * - the unit's officers, heads and Front officers organise its conferences (an officer of another unit cannot);
 *   administrators those of the units their grant covers;
 * - a head of the unit (or an administrator) approves;
 * - anyone registers to attend; a signed-in person sends questions for themselves; a registration is cancelled
 *   by its owner or the organisers;
 * - the level above (supervisors, administrators covering the unit) acknowledges the conference report and sees
 *   which units are behind their yearly plan.
 */
export interface ConferenceScope {
  unitCode: string;
  provinceCode: string;
}

const ORGANISERS: readonly Role[] = ['officer', 'head', 'front_officer'];
const ABOVE: readonly Role[] = ['supervisor', 'admin'];

const target = (c: ConferenceScope) => ({ code: c.unitCode, provinceCode: c.provinceCode });
const adminCovers = (p: Principal | null, c: ConferenceScope) => grantsCovering(p, target(c), ['admin']).length > 0;

export function canManage(p: Principal | null, c: ConferenceScope): boolean {
  if (!p) return false;
  return p.roles.some((g) => ORGANISERS.includes(g.role) && g.unitCode === c.unitCode) || adminCovers(p, c);
}

export function canApprove(p: Principal | null, c: ConferenceScope): boolean {
  if (!p) return false;
  return p.roles.some((g) => g.role === 'head' && g.unitCode === c.unitCode) || adminCovers(p, c);
}

export function canOversee(p: Principal | null, c: ConferenceScope): boolean {
  return grantsCovering(p, target(c), ABOVE).length > 0;
}

export function canAsk(p: Principal | null): boolean {
  return !!p;
}

export function canCancelRegistration(p: Principal | null, c: ConferenceScope & { ownerId?: number | null }): boolean {
  if (!p) return false;
  return (c.ownerId != null && c.ownerId === p.id) || canManage(p, c);
}

/** Shows the officer menu: someone who organises conferences somewhere. */
export function isOrganiser(p: Principal | null | undefined): boolean {
  return hasRole(p, 'officer', 'head', 'front_officer', 'admin');
}

/** Units where the person organises conferences (their grants' units). */
export function organiserUnits(p: Principal | null): string[] {
  if (!p) return [];
  return [...new Set(p.roles.filter((g) => ORGANISERS.includes(g.role) || g.role === 'admin').map((g) => g.unitCode))];
}

/** Provinces (and units) whose plans the person oversees. */
export function overseenProvinces(p: Principal | null): string[] {
  if (!p) return [];
  return [...new Set(p.roles.filter((g) => ABOVE.includes(g.role) || g.unitLevel === 'province').map((g) => g.provinceCode))];
}

const scopeOf = (t: PermissionTarget): ConferenceScope => ({ unitCode: t.unitCode, provinceCode: t.provinceCode });

export const PERMISSIONS: Permission[] = [
  {
    action: 'conferences.conference.manage',
    label: 'conferences.perm.manage',
    check: (p, t) => canManage(p, scopeOf(t)),
    expect: { officer: 'own', head: 'own', front_officer: 'own', admin: 'subtree' },
  },
  {
    action: 'conferences.conference.approve',
    label: 'conferences.perm.approve',
    check: (p, t) => canApprove(p, scopeOf(t)),
    expect: { head: 'own', admin: 'subtree' },
  },
  {
    action: 'conferences.registration.create',
    label: 'conferences.perm.register',
    check: () => true,
    expect: { anonymous: 'any', citizen: 'any', officer: 'any', head: 'any', front_officer: 'any', supervisor: 'any', admin: 'any' },
  },
  {
    action: 'conferences.registration.cancel',
    label: 'conferences.perm.cancelRegistration',
    check: (p, t) => canCancelRegistration(p, { ...scopeOf(t), ownerId: t.ownerId }),
    expect: { citizen: 'own', officer: 'own', head: 'own', front_officer: 'own', admin: 'subtree' },
  },
  {
    action: 'conferences.question.ask',
    label: 'conferences.perm.ask',
    check: (p) => canAsk(p),
    expect: { citizen: 'any', officer: 'any', head: 'any', front_officer: 'any', supervisor: 'any', admin: 'any' },
  },
  {
    action: 'conferences.report.acknowledge',
    label: 'conferences.perm.acknowledge',
    check: (p, t) => canOversee(p, scopeOf(t)),
    expect: { supervisor: 'subtree', admin: 'subtree' },
  },
];
