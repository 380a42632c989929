import { grantsCovering, hasRole, type Principal, type Role } from '../../platform/access/principal';
import type { Permission, PermissionTarget } from '../../platform/module';

/**
 * Who may do what in reports — the one place (the manifest's `permissions` and the routes call these):
 * - figures: officials see their own subtree (a provincial grant: the province and its communes; a commune grant:
 *   that commune); citizens and visitors see the public figures of every unit (dashboard/scope.ts);
 * - a unit's officers and heads prepare its periodic reports; its heads issue them; administrators covering the unit
 *   do both;
 * - the level above (supervisors, heads and officers of the province, administrators) acknowledges the reports of
 *   its communes, sees which are late or missing, and comments on the yearly ranking;
 * - administrators edit the evaluation's criteria and weights.
 */
export interface ReportScope {
  unitCode: string;
  provinceCode: string;
}

const WRITERS: readonly Role[] = ['officer', 'head'];
const ABOVE: readonly Role[] = ['supervisor', 'head', 'officer', 'admin'];
const adminCovers = (p: Principal | null, s: ReportScope) => grantsCovering(p, { code: s.unitCode, provinceCode: s.provinceCode }, ['admin']).length > 0;

export function canPrepare(p: Principal | null, s: ReportScope): boolean {
  return !!p && (p.roles.some((g) => WRITERS.includes(g.role) && g.unitCode === s.unitCode) || adminCovers(p, s));
}

export function canIssue(p: Principal | null, s: ReportScope): boolean {
  return !!p && (p.roles.some((g) => g.role === 'head' && g.unitCode === s.unitCode) || adminCovers(p, s));
}

/** The level above a commune: a provincial grant of the same province (never the commune itself). */
export function isAbove(p: Principal | null, s: ReportScope): boolean {
  if (!p || s.unitCode === s.provinceCode) return false;
  return p.roles.some((g) => ABOVE.includes(g.role) && g.unitLevel === 'province' && g.provinceCode === s.provinceCode);
}

export function canSeeReport(p: Principal | null, s: ReportScope): boolean {
  return canPrepare(p, s) || isAbove(p, s) || (!!p && p.roles.some((g) => g.unitCode === s.unitCode));
}

export function canEditCriteria(p: Principal | null): boolean {
  return hasRole(p, 'admin');
}

/** Units whose reports the person prepares (their grants' units, heads and officers). */
export function preparerUnits(p: Principal | null): string[] {
  if (!p) return [];
  return [...new Set(p.roles.filter((g) => WRITERS.includes(g.role) || g.role === 'admin').map((g) => g.unitCode))];
}

/** Provinces whose communes' reports the person receives. */
export function receivingProvinces(p: Principal | null): string[] {
  if (!p) return [];
  return [...new Set(p.roles.filter((g) => ABOVE.includes(g.role) && g.unitLevel === 'province').map((g) => g.provinceCode))];
}

const scopeOf = (t: PermissionTarget): ReportScope => ({ unitCode: t.unitCode, provinceCode: t.provinceCode });

export const PERMISSIONS: Permission[] = [
  {
    action: 'reports.figures.public',
    label: 'reports.perm.figuresPublic',
    check: () => true,
    expect: { anonymous: 'any', citizen: 'any', officer: 'any', head: 'any', front_officer: 'any', supervisor: 'any', admin: 'any' },
  },
  {
    action: 'reports.report.prepare',
    label: 'reports.perm.prepare',
    check: (p, t) => canPrepare(p, scopeOf(t)),
    expect: { officer: 'own', head: 'own', admin: 'subtree' },
  },
  {
    action: 'reports.report.issue',
    label: 'reports.perm.issue',
    check: (p, t) => canIssue(p, scopeOf(t)),
    expect: { head: 'own', admin: 'subtree' },
  },
  {
    action: 'reports.report.acknowledge',
    label: 'reports.perm.acknowledge',
    check: (p, t) => isAbove(p, scopeOf(t)),
    expect: { supervisor: 'below' },
  },
  {
    action: 'reports.ranking.comment',
    label: 'reports.perm.comment',
    check: (p, t) => isAbove(p, scopeOf(t)),
    expect: { supervisor: 'below' },
  },
  {
    action: 'reports.criteria.edit',
    label: 'reports.perm.criteria',
    check: (p) => canEditCriteria(p),
    expect: { admin: 'any' },
  },
];
