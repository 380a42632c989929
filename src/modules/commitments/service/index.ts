/**
 * The commitments module's service API (see ../README.md). Its pages, its JSON API, the conferences module, the
 * petitions' answers and the reception register use these functions, never the tables.
 *
 * Stable for other modules:
 *   createCommitment(ctx, actor, input, tx?)        → Commitment
 *   listCommitmentsBySource(ctx, kind, refIds)     → SourceCommitment[] (state, deadline, overdue, href)
 *   listPetitionCommitments(ctx, principal, id)    → those made in a petition's answer the reader may see
 */
export { createCommitment, type CreateCommitmentOptions } from './create';
export {
  listCommitmentsBySource,
  listPetitionCommitments,
  getCommitmentForViewer,
  listPublicCommitments,
  listAgencyCommitments,
  listUnitCommitments,
  listProvinceCommitments,
  listMyCommitments,
  countsByAgency,
  PAGE_SIZE,
  type SourceCommitment,
  type CommitmentSummary,
  type CommitmentPage,
  type CommitmentDetail,
  type TimelineEntry,
  type Finding,
} from './read';
export { updateProgress, recordFinding, extendCommitment, transferCommitment, cancelCommitment, startCommitment, type ActOptions, type Upload } from './transitions';
export { commitmentPath } from './notify';
export type { Commitment, CommitmentSource, CommitmentState, SourceKind } from '../model';
export type { CreateCommitmentInput } from '../schema';
export { turnIntoPetition } from './petition';
export { scanCommitmentDeadlines } from '../jobs';
export {
  planReceptionDay,
  listReceptionDays,
  getReceptionDay,
  setReceptionDayStatus,
  bookSlot,
  recordCase,
  readRegister,
  readCompliance,
  complianceOf,
  requiredDays,
  headKindOf,
  type ComplianceRow,
} from '../reception/service';
export { remindReceptionDays } from '../reception/jobs';
export type { ReceptionDay, ReceptionCase } from '../reception/model';
export { createSupervisionPlan, listSupervisionPlans, frontUnits, type SupervisionPlan } from './supervision';
