import { grantsCovering, hasRole, type Principal } from '../../platform/access/principal';

/** What a permission check needs to know about a document. */
export interface DocumentScope {
  agencyId: number;
  unitCode: string;
  unitProvinceCode: string;
}

/** Roles of the issuing agency that draft, publish, open consultations and answer comments. */
export const ISSUER_ROLES = ['officer', 'head'] as const;

/**
 * Officers and heads of the issuing agency manage its documents; administrators manage those of
 * the units their grant covers (their unit, or every unit of their province for a provincial grant).
 */
export function canManageDocument(p: Principal | null | undefined, doc: DocumentScope): boolean {
  if (!p) return false;
  if (p.roles.some((g) => (ISSUER_ROLES as readonly string[]).includes(g.role) && g.agencyId === doc.agencyId)) return true;
  return grantsCovering(p, { code: doc.unitCode, provinceCode: doc.unitProvinceCode }, ['admin']).length > 0;
}

/** Whether the person has any role that can issue documents (shows the officer pages). */
export function isIssuer(p: Principal | null | undefined): boolean {
  return hasRole(p, 'officer', 'head', 'admin');
}

/** The agencies whose officer or head the person is. */
export function issuerAgencyIds(p: Principal | null | undefined): number[] {
  if (!p) return [];
  return [...new Set(p.roles.filter((g) => (ISSUER_ROLES as readonly string[]).includes(g.role)).map((g) => g.agencyId))];
}

/**
 * Whether an agency may issue a document about a unit: its own unit, or any unit of its province
 * for a provincial agency.
 */
export function agencyCoversUnit(
  agency: { unitCode: string; provinceCode: string; unitLevel: string },
  unit: { code: string; provinceCode: string },
): boolean {
  return agency.unitCode === unit.code || (agency.unitLevel === 'province' && agency.provinceCode === unit.provinceCode);
}
