import type { Executor } from '../../../platform/db/types';
import { getAgency } from '../../directory/service';
import type { VisibilityRef } from '../policy';
import type { PetitionRef } from '../state-machine';
import type { PetitionRow } from './common';

/** The agencies above one (parent, grandparent…), read through the directory's cache; a cycle ends the walk. */
export async function supervisingAgencies(db: Executor, agency: { parentId: number | null } | undefined): Promise<number[]> {
  const out: number[] = [];
  let next = agency?.parentId ?? null;
  while (next !== null && !out.includes(next) && out.length < 10) {
    out.push(next);
    next = (await getAgency(db, next))?.parentId ?? null;
  }
  return out;
}

/** What the state machine and the visibility rules need of a petition row. */
export async function refOf(db: Executor, row: PetitionRow): Promise<PetitionRef & VisibilityRef> {
  const agency = await getAgency(db, row.agency_id);
  const agencyUnit = agency ? { code: agency.unitCode, provinceCode: agency.provinceCode } : { code: row.unit_code, provinceCode: row.province_code };
  return {
    enteredAgencyId: row.entered_agency_id,
    supervisingAgencies: await supervisingAgencies(db, agency),
    status: row.status,
    track: row.track,
    agencyId: row.agency_id,
    petitionerId: row.petitioner_id,
    agencyUnit,
    visibility: row.visibility,
    publishedAt: row.published_at,
    confidential: row.confidential,
    unit: { code: row.unit_code, provinceCode: row.province_code },
  };
}
