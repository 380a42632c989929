/**
 * The conferences module's service API (see ../README.md): pages, the JSON API, jobs and other modules (commitments,
 * reports) use these functions, never the tables.
 */
export { createConference, updateConference, transitionConference, approveConference, announceConference, type TransitionInput } from './conferences';
export { register, cancelRegistration, checkIn, listRegistrations, myRegistrations, registrationCounts, getRegistrationByCode } from './registrations';
export {
  askQuestion,
  floorQuestion,
  organiseQuestion,
  mergeQuestion,
  setCurrentQuestion,
  setCurrentItem,
  answerQuestion,
  deferQuestion,
  getQuestion,
  myQuestions,
  publicQuestion,
} from './questions';
export { eventsSince, liveHub, LiveHub } from './live';
export { draftDocument, editDocument, issueDocument, correctDocument, documentFile, documentSpec, conferenceDocuments, issuedDocuments, isPartyChaired, type ConferenceDocument } from './documents';
export { listPublic, listManaged, conferencePage, getVisibleConference, canSee, unitFeed, countConferences, type ListItem } from './read';
export { listQuestions, FLOOR_STATES, type QuestionListItem, type QuestionListOptions } from './question-list';
export { getPlan, savePlan, planProgress, type Plan, type UnitProgress } from './plans';
export { passUnanswered, sendReport, acknowledgeReport, reportInbox } from './followup';
export { conferenceIcs, unitCalendar, conferenceUid } from './ics';
export { getConference, findConference, agendaOf, questionsOf, conferencePath, vnParts, vnInstant, LIVE_CHANNEL } from './common';
