import { sql, type Expression, type SqlBool } from 'kysely';
import { grantsCovering, type Principal, type Role } from '../../platform/access/principal';
import type { Track, ViewerRelation, Visibility } from './model';

/**
 * Who may see what (DOMAIN §5.2, PRODUCT §1 "permissions are scoped"):
 * - anyone: public general-track petitions whose answer was published (no personal data);
 * - the petitioner: their own petitions;
 * - officials: general-track petitions about units their grants cover, or handled by an agency there (a
 *   commune officer never sees another commune's private petitions); the legal track only at the competent
 *   agency (officer/head) and for supervisors/administrators covering it;
 * - the denouncer's identity (tố cáo): only the petitioner and the officers/heads of the competent agency.
 */

const READ_ROLES: readonly Role[] = ['officer', 'head', 'front_officer', 'supervisor', 'admin'];
const LEGAL_OVERSIGHT: readonly Role[] = ['supervisor', 'admin'];

export interface VisibilityRef {
  track: Track;
  visibility: Visibility;
  publishedAt: Date | null;
  petitionerId: number | null;
  agencyId: number;
  confidential: boolean;
  unit: { code: string; provinceCode: string };
  agencyUnit: { code: string; provinceCode: string };
}

export function isPubliclyVisible(p: Pick<VisibilityRef, 'track' | 'visibility' | 'publishedAt'>): boolean {
  return p.track === 'general' && p.visibility === 'public' && p.publishedAt !== null;
}

/** Holds officer or head at the agency. */
export function actsFor(principal: Principal | null, agencyId: number): boolean {
  return !!principal && principal.roles.some((g) => (g.role === 'officer' || g.role === 'head') && g.agencyId === agencyId);
}

export function isOfficialViewer(principal: Principal | null, p: VisibilityRef): boolean {
  if (!principal) return false;
  if (actsFor(principal, p.agencyId)) return true;
  if (p.track === 'legal') return grantsCovering(principal, p.agencyUnit, LEGAL_OVERSIGHT).length > 0;
  return grantsCovering(principal, p.unit, READ_ROLES).length > 0 || grantsCovering(principal, p.agencyUnit, READ_ROLES).length > 0;
}

/** How the caller relates to the petition, or null when they may not see it at all. */
export function relationOf(principal: Principal | null, p: VisibilityRef): ViewerRelation | null {
  if (principal && p.petitionerId !== null && principal.id === p.petitionerId) return 'owner';
  if (isOfficialViewer(principal, p)) return 'official';
  if (isPubliclyVisible(p)) return 'public';
  return null;
}

/** May the caller see who the petitioner is? */
export function canSeeIdentity(principal: Principal | null, p: VisibilityRef, relation: ViewerRelation | null): boolean {
  if (relation === 'owner') return true;
  if (relation !== 'official') return false;
  if (p.confidential) return actsFor(principal, p.agencyId);
  return true;
}

/** Agencies where the caller is officer or head (their inbox). */
export function inboxAgencies(principal: Principal | null): number[] {
  if (!principal) return [];
  return [...new Set(principal.roles.filter((g) => g.role === 'officer' || g.role === 'head').map((g) => g.agencyId))];
}

/**
 * Whose inbox the caller sees: the handling agency's (officer, head), the Fatherland Front's (follows and supervises,
 * does not answer), a supervisor's (escalations: overdue, protracted, over-level) or an administrator's.
 */
export type InboxRole = 'handler' | 'front' | 'supervisor' | 'admin';
export function inboxRole(principal: Principal): InboxRole {
  if (inboxAgencies(principal).length) return 'handler';
  if (principal.roles.some((g) => g.role === 'front_officer')) return 'front';
  if (principal.roles.some((g) => g.role === 'supervisor')) return 'supervisor';
  return 'admin';
}

export function isOfficial(principal: Principal | null): boolean {
  return !!principal && principal.roles.some((g) => READ_ROLES.includes(g.role));
}

const lit = (xs: readonly (string | number)[]) => sql.join(xs.map((x) => sql`${x}`));

/**
 * The SQL condition "an official caller may see this petition" over `p` (petitions) joined with `a` (its agency).
 * False when the caller holds no official role.
 */
export function officialScopeSql(principal: Principal | null): Expression<SqlBool> {
  if (!principal) return sql<boolean>`false`;
  const agencies = inboxAgencies(principal);
  const units = new Set<string>();
  const provinces = new Set<string>();
  const legalUnits = new Set<string>();
  const legalProvinces = new Set<string>();
  for (const g of principal.roles) {
    if (!READ_ROLES.includes(g.role)) continue;
    if (g.unitLevel === 'province') provinces.add(g.provinceCode);
    else units.add(g.unitCode);
    if (LEGAL_OVERSIGHT.includes(g.role)) {
      if (g.unitLevel === 'province') legalProvinces.add(g.provinceCode);
      else legalUnits.add(g.unitCode);
    }
  }
  const parts: Expression<SqlBool>[] = [];
  if (agencies.length) parts.push(sql<boolean>`p.agency_id in (${lit(agencies)})`);
  const general: Expression<SqlBool>[] = [];
  if (units.size) general.push(sql<boolean>`p.unit_code in (${lit([...units])}) or a.unit_code in (${lit([...units])})`);
  if (provinces.size) general.push(sql<boolean>`p.province_code in (${lit([...provinces])}) or a.unit_code in (${lit([...provinces])})`);
  if (general.length) parts.push(sql<boolean>`(p.track = 'general' and (${sql.join(general, sql` or `)}))`);
  const legal: Expression<SqlBool>[] = [];
  if (legalUnits.size) legal.push(sql<boolean>`a.unit_code in (${lit([...legalUnits])})`);
  if (legalProvinces.size) legal.push(sql<boolean>`p.province_code in (${lit([...legalProvinces])}) or a.unit_code in (${lit([...legalProvinces])})`);
  if (legal.length) parts.push(sql<boolean>`(p.track = 'legal' and (${sql.join(legal, sql` or `)}))`);
  if (!parts.length) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** Public condition over `p`. */
export const publicSql = sql<boolean>`(p.visibility = 'public' and p.track = 'general' and p.published_at is not null)`;
