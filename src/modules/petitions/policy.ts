import { sql, type Expression, type SqlBool } from 'kysely';
import { grantsCovering, type Principal, type Role, type RoleGrant } from '../../platform/access/principal';
import type { Track, ViewerRelation, Visibility } from './model';

/**
 * Who may see what (DOMAIN §5.2, PRODUCT §1 "permissions are scoped"):
 * - anyone: public general-track petitions whose answer was published (no personal data);
 * - the petitioner: their own petitions;
 * - officials: general-track petitions about units their grants cover, or handled by an agency there (a
 *   commune officer never sees another commune's private petitions); the legal track only at the competent
 *   agency (officer/head) and for supervisors/administrators covering it;
 * - the petitioner's identity (name, phone, e-mail, address, ID number; confidential under Decree 154/2026 art. 12,
 *   DOMAIN §5.2): only the petitioner, the agencies that handle the petition (the competent agency's officers and
 *   heads, the staff of the agency that entered it) and its chain of supervision: the heads of the agencies above the
 *   competent one; at a commune, the commune's leadership (its heads: Party secretary, People's Council chair); the
 *   Fatherland Front of the same unit, which supervises the handling (grassroots-democracy law art. 28); supervisors
 *   and administrators whose grants cover it — not every official who may read the petition (another commune's
 *   Front, a provincial department walking ids);
 * - the denouncer's identity (tố cáo): only the petitioner and the officers/heads of the competent agency.
 */

const READ_ROLES: readonly Role[] = ['officer', 'head', 'front_officer', 'supervisor', 'admin'];
const LEGAL_OVERSIGHT: readonly Role[] = ['supervisor', 'admin'];

/** What the identity rule reads of a petition. */
export interface IdentityRef {
  agencyId: number;
  confidential: boolean;
  /** The agency whose staff entered it for the citizen, if any. */
  enteredAgencyId: number | null;
  agencyUnit: { code: string; provinceCode: string };
  /** The agencies above the competent one (its parent, that one's parent…), from the directory. */
  supervisingAgencies: readonly number[];
}

export interface VisibilityRef extends IdentityRef {
  track: Track;
  visibility: Visibility;
  publishedAt: Date | null;
  petitionerId: number | null;
  unit: { code: string; provinceCode: string };
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

/** Is the caller among those who handle or supervise the petition, and so may know who sent it? */
export function mayKnowPetitioner(principal: Principal | null, p: IdentityRef): boolean {
  if (!principal) return false;
  if (actsFor(principal, p.agencyId)) return true;
  if (p.confidential) return false;
  if (p.enteredAgencyId !== null && principal.roles.some((g) => STAFF_ENTRY_ROLES.includes(g.role) && g.agencyId === p.enteredAgencyId)) return true;
  const atCommune = p.agencyUnit.code !== p.agencyUnit.provinceCode;
  const supervises = principal.roles.some(
    (g) =>
      (g.role === 'head' && (p.supervisingAgencies.includes(g.agencyId) || (atCommune && g.unitCode === p.agencyUnit.code))) ||
      (g.role === 'front_officer' && g.unitCode === p.agencyUnit.code),
  );
  return supervises || grantsCovering(principal, p.agencyUnit, LEGAL_OVERSIGHT).length > 0;
}

/** May the caller see who the petitioner is? */
export function canSeeIdentity(principal: Principal | null, p: VisibilityRef, relation: ViewerRelation | null): boolean {
  if (relation === 'owner') return true;
  if (relation !== 'official') return false;
  return mayKnowPetitioner(principal, p);
}

/** A read of the identity that the audit trail must record: by someone else than the petitioner, of a denunciation
 *  or of a petition the citizen kept private. */
export function identityReadAudited(p: { confidential: boolean; visibility: Visibility }, relation: ViewerRelation | null): boolean {
  return relation === 'official' && (p.confidential || p.visibility === 'private');
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

/** The units an official caller's grants cover: for the general track, and (supervisors, administrators) the legal one. */
function scopeUnits(principal: Principal) {
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
  return { units, provinces, legalUnits, legalProvinces };
}

/** The units whose agencies officialScopeSql needs (ask the directory for `agencyIdsAt` of them). */
export function scopeAgencyUnits(principal: Principal | null): string[] {
  if (!principal) return [];
  const s = scopeUnits(principal);
  return [...new Set([...s.units, ...s.provinces, ...s.legalUnits, ...s.legalProvinces])];
}

/**
 * The SQL condition "an official caller may see this petition" over `p` (petitions), given the agencies seated at
 * each of the units of scopeAgencyUnits (from the directory: a petition handled by an agency there is in scope).
 * False when the caller holds no official role.
 */
export function officialScopeSql(principal: Principal | null, agenciesAt: ReadonlyMap<string, readonly number[]>): Expression<SqlBool> {
  if (!principal) return sql<boolean>`false`;
  const agencies = inboxAgencies(principal);
  const { units, provinces, legalUnits, legalProvinces } = scopeUnits(principal);
  const handledAt = (codes: Set<string>) => {
    const ids = [...new Set([...codes].flatMap((c) => agenciesAt.get(c) ?? []))];
    return ids.length ? sql<boolean>`p.agency_id in (${lit(ids)})` : sql<boolean>`false`;
  };
  const parts: Expression<SqlBool>[] = [];
  if (agencies.length) parts.push(sql<boolean>`p.agency_id in (${lit(agencies)})`);
  const general: Expression<SqlBool>[] = [];
  if (units.size) general.push(sql<boolean>`p.unit_code in (${lit([...units])}) or ${handledAt(units)}`);
  if (provinces.size) general.push(sql<boolean>`p.province_code in (${lit([...provinces])}) or ${handledAt(provinces)}`);
  if (general.length) parts.push(sql<boolean>`(p.track = 'general' and (${sql.join(general, sql` or `)}))`);
  const legal: Expression<SqlBool>[] = [];
  if (legalUnits.size) legal.push(handledAt(legalUnits));
  if (legalProvinces.size) legal.push(sql<boolean>`p.province_code in (${lit([...legalProvinces])}) or ${handledAt(legalProvinces)}`);
  if (legal.length) parts.push(sql<boolean>`(p.track = 'legal' and (${sql.join(legal, sql` or `)}))`);
  if (!parts.length) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** Public condition over `p`. */
export const publicSql = sql<boolean>`(p.visibility = 'public' and p.track = 'general' and p.published_at is not null)`;

/** The roles that enter petitions on behalf of citizens (reception desk, letters, hotline, Front gatherings). */
export const STAFF_ENTRY_ROLES: readonly Role[] = ['officer', 'head', 'front_officer'];

/** The caller's grants that let them enter petitions for citizens. */
export function staffEntryGrants(principal: Principal | null): RoleGrant[] {
  return principal ? principal.roles.filter((g) => STAFF_ENTRY_ROLES.includes(g.role)) : [];
}

/** The agencies a staff member may name as the competent one: their commune's, or (provincial) their own. */
export function mayChooseAgency(grant: RoleGrant, agency: { id: number; unitCode: string }): boolean {
  return grant.unitLevel === 'province' ? agency.id === grant.agencyId : agency.unitCode === grant.unitCode;
}

/**
 * Why a staff entry through `grant` is refused, or null when it is allowed (citizen-reception law art. 28: a body
 * takes in what is within its competence and directs the citizen elsewhere otherwise):
 * - a commune grant (People's Committee, Party Committee, Front of the commune) enters petitions about its own
 *   commune only, into that commune's agencies, or where the administrator's routing rules send them (a
 *   provincial agency of the same province);
 * - a provincial grant (a department, the reception board) enters into its own agency only: its own
 *   province-level competence, never straight into a commune's agency.
 */
export function staffEntryRefusal(
  grant: RoleGrant,
  unit: { code: string; provinceCode: string },
  agency: { id: number; unitCode: string; provinceCode: string; unitLevel: string },
  chosen: boolean,
): { field: 'unitCode' | 'agencyId'; key: string } | null {
  if (!STAFF_ENTRY_ROLES.includes(grant.role)) return { field: 'agencyId', key: 'petitions.error.staffOnly' };
  if (unit.provinceCode !== grant.provinceCode) return { field: 'unitCode', key: 'petitions.error.staffOutsideUnit' };
  if (grant.unitLevel === 'province') {
    return mayChooseAgency(grant, agency) ? null : { field: 'agencyId', key: 'petitions.error.staffOutsideAgency' };
  }
  if (unit.code !== grant.unitCode) return { field: 'unitCode', key: 'petitions.error.staffOutsideUnit' };
  if (mayChooseAgency(grant, agency)) return null;
  const routedUp = !chosen && agency.unitLevel === 'province' && agency.provinceCode === grant.provinceCode;
  return routedUp ? null : { field: 'agencyId', key: 'petitions.error.staffOutsideAgency' };
}
