import { isAdmin, type Principal, type RoleGrant } from '../../platform/access/principal';
import type { Permission, PermissionTarget } from '../../platform/module';

/**
 * Who may do what with topics, gathered opinions and the dossier (issue 11 "Who may do what"):
 * - Front officers of the unit create and edit its topics and enter / import gathered opinions;
 * - handling officers and heads of that unit read them; the level above (a provincial grant) reads its subtree;
 * - administrators may do everything. Citizens see a topic only on a published conference agenda (the
 *   conferences module presents it, without personal data).
 */
const READERS = ['officer', 'head', 'front_officer', 'supervisor'] as const;

const covers = (g: RoleGrant, t: PermissionTarget) =>
  g.unitCode === t.unitCode || (g.unitLevel === 'province' && g.provinceCode === t.provinceCode);

export function canEditTopics(p: Principal | null, t: PermissionTarget): boolean {
  if (isAdmin(p)) return true;
  return !!p && p.roles.some((g) => g.role === 'front_officer' && g.unitCode === t.unitCode);
}

export function canReadTopics(p: Principal | null, t: PermissionTarget): boolean {
  if (isAdmin(p)) return true;
  return !!p && p.roles.some((g) => (READERS as readonly string[]).includes(g.role) && covers(g, t));
}

/** Units whose topics the caller may edit (their Front grants). */
export function editableUnits(p: Principal | null): string[] {
  return p ? [...new Set(p.roles.filter((g) => g.role === 'front_officer').map((g) => g.unitCode))] : [];
}

/** Units the caller reads by default (the unit of each reading grant). */
export function readableUnits(p: Principal | null): string[] {
  return p ? [...new Set(p.roles.filter((g) => (READERS as readonly string[]).includes(g.role)).map((g) => g.unitCode))] : [];
}

export const PERMISSIONS: Permission[] = [
  {
    action: 'consolidation.topic.edit',
    label: 'consolidation.permission.topicEdit',
    check: canEditTopics,
    expect: { front_officer: 'own', admin: 'any' },
  },
  {
    action: 'consolidation.gathering.import',
    label: 'consolidation.permission.gatheringImport',
    check: canEditTopics,
    expect: { front_officer: 'own', admin: 'any' },
  },
  {
    action: 'consolidation.topic.view',
    label: 'consolidation.permission.topicView',
    check: canReadTopics,
    expect: { officer: 'own', head: 'own', front_officer: 'own', supervisor: 'subtree', admin: 'any' },
  },
  {
    action: 'consolidation.dossier.export',
    label: 'consolidation.permission.dossierExport',
    check: canReadTopics,
    expect: { officer: 'own', head: 'own', front_officer: 'own', supervisor: 'subtree', admin: 'any' },
  },
];
