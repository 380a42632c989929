import type { Permission, PermissionTarget } from '../../platform/module';
import type { Principal } from '../../platform/access/principal';
import { actorRoles, TRANSITIONS, type PetitionRef } from './state-machine';
import type { ActionName } from './state-machine';
import { canSeeIdentity, relationOf, staffEntryGrants, staffEntryRefusal, type VisibilityRef } from './policy';

/** A private, general-track petition at the target's place (what the read and identity rules are checked on). */
function refAt(t: PermissionTarget): PetitionRef & VisibilityRef {
  const unit = { code: t.unitCode, provinceCode: t.provinceCode };
  return {
    status: 'submitted',
    track: 'general',
    visibility: 'private',
    publishedAt: null,
    petitionerId: t.ownerId ?? null,
    agencyId: t.agencyId ?? 0,
    confidential: false,
    enteredAgencyId: null,
    unit,
    agencyUnit: unit,
    supervisingAgencies: [],
  };
}

/** May the caller run this action of the transition table on such a petition (whatever its state)? */
function mayRun(action: ActionName) {
  const roles = new Set(TRANSITIONS.filter((r) => r.action === action).flatMap((r) => r.roles));
  return (p: Principal | null, t: PermissionTarget) => [...actorRoles(refAt(t), p)].some((r) => roles.has(r));
}

const OFFICIALS_OWN = { officer: 'own', head: 'own', front_officer: 'own', admin: 'own' } as const;

export const PETITION_PERMISSIONS: Permission[] = [
  {
    action: 'petitions.petition.submit',
    label: 'petitions.permission.submit',
    check: (p) => !!p,
    expect: { citizen: 'any', officer: 'any', head: 'any', front_officer: 'any', supervisor: 'any', admin: 'any' },
  },
  {
    action: 'petitions.petition.enter',
    label: 'petitions.permission.enter',
    check: (p, t) => {
      const agency = { id: t.agencyId ?? 0, unitCode: t.unitCode, provinceCode: t.provinceCode, unitLevel: t.unitCode === t.provinceCode ? 'province' : 'commune' };
      return staffEntryGrants(p).some((g) => staffEntryRefusal(g, { code: t.unitCode, provinceCode: t.provinceCode }, agency, true) === null);
    },
    expect: { officer: 'own', head: 'own', front_officer: 'own' },
  },
  {
    action: 'petitions.petition.readPrivate',
    label: 'petitions.permission.readPrivate',
    check: (p, t) => relationOf(p, refAt(t)) !== null,
    expect: { citizen: 'own', ...OFFICIALS_OWN, supervisor: 'subtree' },
  },
  {
    action: 'petitions.petition.identity',
    label: 'petitions.permission.identity',
    check: (p, t) => {
      const ref = refAt(t);
      return canSeeIdentity(p, ref, relationOf(p, ref));
    },
    expect: { citizen: 'own', ...OFFICIALS_OWN, supervisor: 'subtree' },
  },
  { action: 'petitions.petition.receive', label: 'petitions.permission.receive', check: mayRun('receive'), expect: { officer: 'own', head: 'own' } },
  { action: 'petitions.petition.approve', label: 'petitions.permission.approve', check: mayRun('approve'), expect: { head: 'own' } },
  { action: 'petitions.petition.merge', label: 'petitions.permission.merge', check: mayRun('merge'), expect: { officer: 'own', head: 'own', admin: 'own' } },
  {
    action: 'petitions.petition.note',
    label: 'petitions.permission.note',
    check: mayRun('note'),
    expect: { officer: 'own', head: 'own', front_officer: 'own', supervisor: 'subtree' },
  },
];
