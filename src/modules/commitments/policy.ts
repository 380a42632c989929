import { grantsCovering, isAdmin, type Principal, type Role } from '../../platform/access/principal';
import type { MatrixRole, Permission, PermissionReach, PermissionTarget } from '../../platform/module';
import type { ActorRole } from './state-machine';

/**
 * Who may do what with a commitment (issue 13): only the responsible agency updates progress; only the unit's
 * Front (MTTQ, and Ban TTND as a Front role — a front_officer grant at either) records supervision and gives
 * verdicts; only a head (of the agency or of the unit) extends, transfers or cancels; officials of the unit and
 * the level above read; citizens see public commitments and those that answer them.
 */
export interface CommitmentRef extends PermissionTarget {
  agencyId: number;
  coAgencyIds?: number[];
  citizenIds?: number[];
  isPublic?: boolean;
}

const READ_ROLES: readonly Role[] = ['officer', 'head', 'front_officer', 'supervisor', 'admin'];
const RECORD_ROLES: readonly Role[] = ['officer', 'head', 'front_officer'];

const unitOf = (t: PermissionTarget) => ({ code: t.unitCode, provinceCode: t.provinceCode });

/** Officer or head at the agency. */
export function actsForAgency(p: Principal | null, agencyId: number | undefined): boolean {
  return !!p && agencyId !== undefined && p.roles.some((g) => (g.role === 'officer' || g.role === 'head') && g.agencyId === agencyId);
}

/** The Front officer of the commitment's own unit (not a province grant reaching down). */
export function isUnitFront(p: Principal | null, t: PermissionTarget): boolean {
  return !!p && p.roles.some((g) => g.role === 'front_officer' && g.unitCode === t.unitCode);
}

/** A head of the responsible agency, or a head in the commitment's unit (chair, Party secretary). */
export function isHeadFor(p: Principal | null, t: PermissionTarget): boolean {
  return !!p && p.roles.some((g) => g.role === 'head' && (g.agencyId === t.agencyId || g.unitCode === t.unitCode));
}

/** Officials of the unit, of the agencies involved, and of the level above (a province grant covers its communes). */
export function isOfficialReader(p: Principal | null, t: CommitmentRef): boolean {
  if (!p) return false;
  if (actsForAgency(p, t.agencyId) || (t.coAgencyIds ?? []).some((a) => actsForAgency(p, a))) return true;
  return grantsCovering(p, unitOf(t), READ_ROLES).length > 0;
}

/** Reads every commitment of the unit (a province: the whole province): its officials and the level above. */
export function readsUnitRegister(p: Principal | null, unit: { code: string; provinceCode: string }): boolean {
  return grantsCovering(p, unit, READ_ROLES).length > 0;
}

export function canRead(p: Principal | null, t: CommitmentRef): boolean {
  if (t.isPublic) return true;
  if (p && (t.citizenIds ?? []).includes(p.id)) return true;
  if (p && t.ownerId != null && t.ownerId === p.id) return true;
  return isOfficialReader(p, t);
}

/** Records a commitment made in the unit (the secretary of a conference, the reception desk, the petition's officer). */
export function canRecord(p: Principal | null, t: PermissionTarget): boolean {
  if (!p) return false;
  if (isAdmin(p) || actsForAgency(p, t.agencyId)) return true;
  return p.roles.some((g) => RECORD_ROLES.includes(g.role) && g.unitCode === t.unitCode);
}

/** The caller's relations to the commitment, for the transition table. */
export function actorRoles(p: Principal | null, t: PermissionTarget): ActorRole[] {
  const roles: ActorRole[] = [];
  if (actsForAgency(p, t.agencyId)) roles.push('agency');
  if (isUnitFront(p, t)) roles.push('front');
  if (isHeadFor(p, t)) roles.push('head');
  return roles;
}

/** Plans reception days and keeps the reception register: officers and heads of the unit. */
export function canManageReception(p: Principal | null, t: PermissionTarget): boolean {
  return !!p && (isAdmin(p) || p.roles.some((g) => (g.role === 'officer' || g.role === 'head') && g.unitCode === t.unitCode));
}

/** Compliance of the heads' reception days: the unit's heads, the level above, administrators. */
export function canReadCompliance(p: Principal | null, t: PermissionTarget): boolean {
  return !!p && (isAdmin(p) || grantsCovering(p, unitOf(t), ['head', 'supervisor', 'front_officer']).length > 0);
}

const reach = (m: Partial<Record<MatrixRole, PermissionReach>>) => m;

export const PERMISSIONS: Permission[] = [
  {
    action: 'commitments.commitment.read',
    label: 'commitments.perm.read',
    check: (p, t) => isOfficialReader(p, { ...t, agencyId: t.agencyId ?? -1 }) || (!!p && t.ownerId != null && t.ownerId === p.id),
    expect: reach({ citizen: 'own', officer: 'subtree', head: 'subtree', front_officer: 'subtree', supervisor: 'subtree', admin: 'subtree' }),
  },
  {
    action: 'commitments.commitment.create',
    label: 'commitments.perm.create',
    check: (p, t) => canRecord(p, t),
    expect: reach({ officer: 'own', head: 'own', front_officer: 'own', admin: 'any' }),
  },
  {
    action: 'commitments.progress.update',
    label: 'commitments.perm.progress',
    check: (p, t) => actsForAgency(p, t.agencyId),
    expect: reach({ officer: 'own', head: 'own' }),
  },
  {
    action: 'commitments.supervision.record',
    label: 'commitments.perm.supervise',
    check: (p, t) => isUnitFront(p, t),
    expect: reach({ front_officer: 'own' }),
  },
  {
    action: 'commitments.commitment.extend',
    label: 'commitments.perm.extend',
    check: (p, t) => isHeadFor(p, t),
    expect: reach({ head: 'own' }),
  },
  {
    action: 'commitments.commitment.cancel',
    label: 'commitments.perm.cancel',
    check: (p, t) => isHeadFor(p, t),
    expect: reach({ head: 'own' }),
  },
  {
    action: 'commitments.reception.manage',
    label: 'commitments.perm.reception',
    check: (p, t) => canManageReception(p, t),
    expect: reach({ officer: 'own', head: 'own', admin: 'any' }),
  },
  {
    action: 'commitments.reception.compliance',
    label: 'commitments.perm.compliance',
    check: (p, t) => canReadCompliance(p, t),
    expect: reach({ head: 'subtree', front_officer: 'subtree', supervisor: 'subtree', admin: 'any' }),
  },
];
