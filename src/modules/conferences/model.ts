import type { Generated } from 'kysely';

/** The conference's life (DOMAIN §6), as data: see state-machine.ts. */
export const STATES = ['draft', 'approved', 'announced', 'in_session', 'held', 'results_published', 'closed', 'cancelled', 'postponed'] as const;
export type ConferenceState = (typeof STATES)[number];

/** Who convenes it: the party committee's head, the People's Committee, a department, or jointly. */
export const KINDS = ['party_head', 'peoples_committee', 'department', 'joint'] as const;
export type ConferenceKind = (typeof KINDS)[number];

/** Why it is held: the yearly plan, or ad hoc (many citizens asked, a pressing topic, a direction from above). */
export const REASONS = ['periodic', 'voters_request', 'pressing_topic', 'direction'] as const;
export type ConferenceReason = (typeof REASONS)[number];

export const REGISTRATION_STATES = ['registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

export const QUESTION_STATES = ['pending', 'queued', 'current', 'answered', 'deferred', 'merged', 'passed_up', 'petition'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];
/** The competent level of a question: this conference's unit, or the level above (passed up and tracked there). */
export const QUESTION_LEVELS = ['here', 'above'] as const;
export type QuestionLevel = (typeof QUESTION_LEVELS)[number];

export const DOCUMENT_KINDS = ['minutes', 'conclusion'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface Chair {
  userId: number;
  name: string;
  title: string;
  agencyId: number;
}

export interface AgendaItem {
  id: number;
  position: number;
  title: string;
  minutes: number;
  topicId: number | null;
}

export interface Conference {
  id: number;
  unitCode: string;
  provinceCode: string;
  agencyId: number;
  kind: ConferenceKind;
  reason: ConferenceReason;
  reasonText: string | null;
  title: string;
  description: string | null;
  convening: number[];
  chairs: Chair[];
  agencies: number[];
  invited: string | null;
  venue: string | null;
  onlineUrl: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  registrationClosesAt: Date;
  questionsCloseAt: Date;
  status: ConferenceState;
  statusReason: string | null;
  shortNoticeReason: string | null;
  announcedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  resultsPublishedAt: Date | null;
  secretary: string | null;
  attendeesCount: number | null;
  attendeeGroups: string | null;
  sequence: number;
  eventSeq: number;
  currentQuestionId: number | null;
  currentAgendaItemId: number | null;
  topicIds: number[];
  planItemId: number | null;
  reportSentAt: Date | null;
  reportAckAt: Date | null;
  reportAckBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Registration {
  id: number;
  conferenceId: number;
  code: string;
  userId: number | null;
  name: string;
  phone: string;
  village: string | null;
  status: RegistrationState;
  checkedInAt: Date | null;
  createdAt: Date;
}

export interface Question {
  id: number;
  conferenceId: number;
  origin: 'advance' | 'floor';
  userId: number | null;
  askerName: string;
  askerVillage: string | null;
  content: string;
  petitionId: number | null;
  topicId: number | null;
  agendaItemId: number | null;
  position: number;
  level: QuestionLevel;
  assignedAgencyId: number | null;
  preparedAnswer: string | null;
  mergedInto: number | null;
  status: QuestionState;
  answeredByName: string | null;
  answeredByTitle: string | null;
  answer: string | null;
  answeredAt: Date | null;
  commitmentText: string | null;
  commitmentAgencyId: number | null;
  commitmentDeadline: string | null;
  commitmentId: number | null;
  createdPetitionId: number | null;
  createdAt: Date;
}

export interface LiveEvent {
  seq: number;
  kind: string;
  payload: Record<string, unknown>;
  at: Date;
}

declare module '../../platform/db/types' {
  interface Database {
    conference_plans: {
      id: Generated<number>;
      unit_code: string;
      year: number;
      note: string | null;
      created_by: number | null;
      created_at: Date;
    };
    conference_plan_items: {
      id: Generated<number>;
      plan_id: number;
      quarter: number;
      topic: string;
      conference_id: number | null;
    };
    conferences: {
      id: Generated<number>;
      unit_code: string;
      province_code: string;
      agency_id: number;
      kind: ConferenceKind;
      reason: ConferenceReason;
      reason_text: string | null;
      title: string;
      description: string | null;
      convening: unknown;
      chairs: unknown;
      agencies: unknown;
      invited: string | null;
      venue: string | null;
      online_url: string | null;
      starts_at: Date;
      ends_at: Date;
      capacity: number;
      registration_closes_at: Date;
      questions_close_at: Date;
      status: ConferenceState;
      status_reason: string | null;
      short_notice_reason: string | null;
      announced_at: Date | null;
      started_at: Date | null;
      ended_at: Date | null;
      results_published_at: Date | null;
      secretary: string | null;
      attendees_count: number | null;
      attendee_groups: string | null;
      sequence: Generated<number>;
      event_seq: Generated<number>;
      current_question_id: number | null;
      current_agenda_item_id: number | null;
      topic_ids: unknown;
      plan_item_id: number | null;
      report_sent_at: Date | null;
      report_ack_at: Date | null;
      report_ack_by: string | null;
      results_reminded_at: Date | null;
      registrants_reminded_at: Date | null;
      search: string;
      created_by: number | null;
      created_at: Date;
      updated_at: Date;
    };
    conference_agenda_items: {
      id: Generated<number>;
      conference_id: number;
      position: number;
      title: string;
      minutes: number;
      topic_id: number | null;
    };
    conference_registrations: {
      id: Generated<number>;
      conference_id: number;
      code: string;
      user_id: number | null;
      name: string;
      phone: string;
      village: string | null;
      status: RegistrationState;
      checked_in_at: Date | null;
      created_at: Date;
    };
    conference_questions: {
      id: Generated<number>;
      conference_id: number;
      origin: 'advance' | 'floor';
      user_id: number | null;
      asker_name: string;
      asker_village: string | null;
      content: string;
      petition_id: number | null;
      topic_id: number | null;
      agenda_item_id: number | null;
      position: number;
      level: QuestionLevel;
      assigned_agency_id: number | null;
      prepared_answer: string | null;
      merged_into: number | null;
      status: QuestionState;
      answered_by_name: string | null;
      answered_by_title: string | null;
      answer: string | null;
      answered_at: Date | null;
      commitment_text: string | null;
      commitment_agency_id: number | null;
      commitment_deadline: string | null;
      commitment_id: number | null;
      created_petition_id: number | null;
      created_at: Date;
    };
    conference_events: {
      id: Generated<number>;
      conference_id: number;
      seq: number;
      kind: string;
      payload: unknown;
      created_at: Date;
    };
    conference_documents: {
      id: Generated<number>;
      conference_id: number;
      kind: DocumentKind;
      version: number;
      number: number | null;
      year: number;
      content: unknown;
      status: 'draft' | 'issued';
      issued_at: Date | null;
      issued_by: number | null;
      docx: Uint8Array | null;
      pdf: Uint8Array | null;
      correction_of: number | null;
      created_at: Date;
    };
    conference_document_numbers: {
      issuer: string;
      year: number;
      kind: DocumentKind;
      last: number;
    };
  }
}
