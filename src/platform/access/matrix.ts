import type { Principal, Role, RoleGrant } from './principal';
import type { MatrixRole, PermissionReach, PermissionTarget } from '../module';

/**
 * The fixtures of the role × action matrix (src/platform/access/matrix.test.ts): a caller per MATRIX_ROLES role,
 * scoped to one commune (the supervisor to its province), and targets placed in that commune, in another commune of
 * the same province, at the province itself, and in another province. Kept apart from the test so a module's own
 * tests can reuse them.
 */
export const PROVINCE = '14';
export const OWN_COMMUNE = '03670';
export const OTHER_COMMUNE = '03646';
export const OTHER_PROVINCE = '01';
export const OTHER_PROVINCE_COMMUNE = '00004';

/** The agencies of the fixtures: the caller's, and one at each other place. */
export const AGENCY = { own: 101, otherCommune: 102, province: 201, otherProvince: 301 } as const;
export const CITIZEN_ID = 7001;

export type TargetPlace = 'ownCommune' | 'otherCommune' | 'province' | 'otherProvince';
export const TARGET_PLACES: readonly TargetPlace[] = ['ownCommune', 'otherCommune', 'province', 'otherProvince'];

export function matrixTarget(place: TargetPlace): PermissionTarget {
  switch (place) {
    case 'ownCommune':
      return { unitCode: OWN_COMMUNE, provinceCode: PROVINCE, agencyId: AGENCY.own, ownerId: CITIZEN_ID };
    case 'otherCommune':
      return { unitCode: OTHER_COMMUNE, provinceCode: PROVINCE, agencyId: AGENCY.otherCommune, ownerId: CITIZEN_ID + 1 };
    case 'province':
      return { unitCode: PROVINCE, provinceCode: PROVINCE, agencyId: AGENCY.province, ownerId: CITIZEN_ID + 2 };
    case 'otherProvince':
      return { unitCode: OTHER_PROVINCE_COMMUNE, provinceCode: OTHER_PROVINCE, agencyId: AGENCY.otherProvince, ownerId: CITIZEN_ID + 3 };
  }
}

function official(id: number, role: Role, level: 'commune' | 'province'): Principal {
  const grant: RoleGrant =
    level === 'commune'
      ? { role, agencyId: AGENCY.own, unitCode: OWN_COMMUNE, provinceCode: PROVINCE, unitLevel: 'commune' }
      : { role, agencyId: AGENCY.province, unitCode: PROVINCE, provinceCode: PROVINCE, unitLevel: 'province' };
  return { id, name: `${role} ${id}`, email: `${role}@example.com`, phone: null, kind: 'official', unitCode: null, roles: [grant], via: 'session' };
}

export function matrixPrincipal(role: MatrixRole): Principal | null {
  switch (role) {
    case 'anonymous':
      return null;
    case 'citizen':
      return { id: CITIZEN_ID, name: 'Nguyễn Văn An', email: 'congdan@example.com', phone: null, kind: 'citizen', unitCode: OWN_COMMUNE, roles: [], via: 'session' };
    case 'supervisor':
      return official(7100, 'supervisor', 'province');
    default:
      return official(7200 + ['officer', 'head', 'front_officer', 'admin'].indexOf(role), role, 'commune');
  }
}

/** What `reach` means for this role at this place (see PermissionReach in platform/module.ts). */
export function expected(role: MatrixRole, reach: PermissionReach, place: TargetPlace): boolean {
  if (reach === 'any') return true;
  if (reach === 'none' || role === 'anonymous') return false;
  // A citizen's own things: the target that is theirs (ownerId) — in their commune.
  if (role === 'citizen') return place === 'ownCommune';
  const provinceScoped = role === 'supervisor';
  if (reach === 'own') return provinceScoped ? place === 'province' : place === 'ownCommune';
  // Below a province: its communes; nothing is below a commune.
  if (reach === 'below') return provinceScoped && (place === 'ownCommune' || place === 'otherCommune');
  return provinceScoped ? place !== 'otherProvince' : place === 'ownCommune';
}
