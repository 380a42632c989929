/**
 * The petitions module's service API (see ../README.md). Pages, the JSON API, Open311, reports and other
 * modules use these functions, never the tables.
 */
export { createPetition, createPetitions, BatchValidationError, uploadAttachments, type CreateOptions, type CreateResult, type Upload } from './create';
export {
  transition,
  runTransition,
  receivePetition,
  directPetition,
  forwardPetition,
  assignPetition,
  bulkAssign,
  draftAnswer,
  requestChanges,
  approveAnswer,
  publishAnswer,
  ratePetition,
  closePetition,
  reopenPetition,
  mergePetition,
  withdrawPetition,
  extendDeadline,
  addNote,
  actionsFor,
  type Caller,
  type TransitionOptions,
  type BulkResult,
} from './transitions';
export {
  getPetitionForViewer,
  timeline,
  trackByCode,
  listInbox,
  listMine,
  listEnteredBy,
  listPublic,
  searchPetitions,
  similarPublic,
  refreshVocabulary,
  dueSummary,
  dueLists,
  type SearchResult,
  type DueSummaryRow,
} from './read';
export { listTemplates, getTemplate, saveTemplate, deleteTemplate } from './templates';
export { resolveAgency, listRoutes, saveRoute, deleteRoute } from './routing';
export { petitionStats, STATISTICS, type PetitionStats, type StatsScope } from './stats';
export { petitionCounts, compactPetitionStats, type Counts } from './aggregate';
export { assignableOfficers } from './people';
export { dueDate } from './deadlines';
export { petitionPath } from './common';
export { scanDeadlines } from '../jobs';
export { listForConsolidation, listTextsForConsolidation, setPetitionTopic, type ConsolidationPetition, type ConsolidationScope, type ConsolidationText } from './topics';
