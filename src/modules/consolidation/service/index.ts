/**
 * The consolidation module's service API (see ../README.md). Its pages and API, and other modules (the
 * conferences module builds an agenda from the dossier and records the topics it raised), use these.
 */
export { getDossier, dossierContent } from './dossier';
export { getTopic, listTopicSummaries } from './read';
export { recordTopicRaised } from './raised';
export { matchPetition } from './match';
export { createTopic, updateTopic, moveItems, removeItems, mergeTopics, splitTopic } from './topics';
export { requestProposals, runProposals, listProposals, acceptProposal, rejectProposal, splitProposal, PROPOSE_JOB, type ProposalView } from './proposals';
export type { Dossier, Topic, TopicSummary, TopicItem, TopicCounts, TopicSource, PressingRule } from '../model';
export { periodRange, periodLabel, quarterOf } from '../period';
