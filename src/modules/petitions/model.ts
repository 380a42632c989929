import type { Generated } from 'kysely';

/**
 * Petitions (kiến nghị, phản ánh, góp ý) and the legal track (khiếu nại, tố cáo).
 * DOMAIN §4–5: kinds, channels, the hard legal branch, working-day deadlines, flags.
 */

export const PETITION_KINDS = ['kien_nghi', 'phan_anh', 'gop_y', 'khieu_nai', 'to_cao'] as const;
export type PetitionKind = (typeof PETITION_KINDS)[number];

/** The hard branch: complaints and denunciations follow the statutory procedure, never public. */
export const LEGAL_KINDS: readonly PetitionKind[] = ['khieu_nai', 'to_cao'];
export type Track = 'general' | 'legal';
export function trackOf(kind: PetitionKind): Track {
  return LEGAL_KINDS.includes(kind) ? 'legal' : 'general';
}

/** Tracking-code prefixes: `KN-2026-000123` (general) and `KNTC-2026-000045` (legal track), a sequence per year. */
export const CODE_PREFIX: Record<Track, string> = { general: 'KN', legal: 'KNTC' };
export const CODE_PATTERN = /^(KN|KNTC)-(\d{4})-(\d{6,})$/;

export const CHANNELS = [
  'web',
  'reception_desk',
  'conference_floor',
  'front_gathering',
  'letter',
  'hotline',
  'open311',
  'api',
] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels through which staff enter a petition on behalf of a citizen. */
export const STAFF_CHANNELS: readonly Channel[] = ['reception_desk', 'conference_floor', 'front_gathering', 'letter', 'hotline'];

export type Visibility = 'public' | 'private';
/** Where a row came from: live use, the demo seed, or the benchmark generator. */
export type PetitionSource = 'live' | 'demo' | 'generated';

export const STATES = [
  'submitted',
  'received',
  'directed',
  'forwarded',
  'assigned',
  'answer_drafted',
  'approved',
  'answered',
  'closed',
  'reopened',
  'merged',
  'withdrawn',
] as const;
export type PetitionState = (typeof STATES)[number];

/** States where the petition is still being handled (deadlines run, the job watches them). */
export const OPEN_STATES: readonly PetitionState[] = [
  'submitted',
  'received',
  'forwarded',
  'assigned',
  'answer_drafted',
  'approved',
  'reopened',
];
/** "New" items of an agency's inbox: waiting for intake (receive / direct / forward). */
export const INTAKE_STATES: readonly PetitionState[] = ['submitted', 'forwarded', 'reopened'];
export const FINISHED_STATES: readonly PetitionState[] = ['answered', 'directed', 'closed', 'merged', 'withdrawn'];

export type DueState = 'ok' | 'due_soon' | 'overdue';

/**
 * Escalation levels reached for the current deadline (each notified once):
 * 1 due soon → handling officer; 2 overdue → head; 3 overdue by N more working days → level above.
 */
export type EscalationLevel = 0 | 1 | 2 | 3;

export const FLAGS = ['keo_dai', 'vuot_cap'] as const;
export type PetitionFlag = (typeof FLAGS)[number];

declare module '../../platform/db/types' {
  interface Database {
    petitions: {
      id: Generated<number>;
      code: string;
      kind: PetitionKind;
      track: Track;
      title: string;
      content: string;
      category_id: number | null;
      /** The commune-level unit (or the province '14') the petition is about. */
      unit_code: string;
      /** Province of unit_code, for province-wide scopes without a join. */
      province_code: string;
      address: string | null;
      lon: number | null;
      lat: number | null;
      people_count: Generated<number>;
      channel: Channel;
      source: Generated<PetitionSource>;
      visibility: Visibility;
      /** The denouncer's identity is confidential (tố cáo). */
      confidential: Generated<boolean>;
      petitioner_id: number | null;
      petitioner_name: string | null;
      petitioner_phone: string | null;
      petitioner_email: string | null;
      petitioner_address: string | null;
      petitioner_id_no: string | null;
      /** Staff entry: who entered it, for which agency, where (reception desk, gathering…). */
      entered_by: number | null;
      entered_agency_id: number | null;
      entered_place: string | null;
      submitted_ip: string | null;
      status: PetitionState;
      /** The competent agency currently handling it. */
      agency_id: number;
      assignee_id: number | null;
      /** Deadline for the answer to the citizen ('YYYY-MM-DD'). */
      reply_due: string | null;
      /** Deadline of the current step (intake, statutory acceptance, answer), the one the job watches. */
      step_due: string | null;
      due_state: Generated<DueState>;
      escalation_level: Generated<number>;
      keo_dai: Generated<boolean>;
      vuot_cap: Generated<boolean>;
      /** The earlier petition a flag refers to (the case still open at the commune, the repeated one). */
      related_id: number | null;
      forward_count: Generated<number>;
      extension_count: Generated<number>;
      reopen_count: Generated<number>;
      merged_into_id: number | null;
      /** Receipt / register number (số vào sổ), and the directed-to competent body (hướng dẫn). */
      receipt_no: string | null;
      directed_to: string | null;
      directed_agency_id: number | null;
      /** The published answer, copied here for the public list and the search document. */
      answer_text: string | null;
      answered_at: Date | null;
      answered_on_time: boolean | null;
      published_at: Date | null;
      rating: number | null;
      rating_comment: string | null;
      rated_at: Date | null;
      /** Consolidation topic (a later module) and the dialogue conference where it was raised. */
      topic_id: number | null;
      conference_id: number | null;
      submitted_at: Date;
      received_at: Date | null;
      closed_at: Date | null;
      created_by: number | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      /** Full-text vector of the folded text: title weighted A, content and answer B (GIN). */
      search_tsv: Generated<string>;
    };
    petition_events: {
      id: Generated<number>;
      petition_id: number;
      type: string;
      from_state: PetitionState | null;
      to_state: PetitionState | null;
      actor_id: number | null;
      actor_label: string;
      /** Shown on the public timeline (without personal data). */
      public: boolean;
      note: string | null;
      data: unknown;
      at: Date;
    };
    petition_answers: {
      id: Generated<number>;
      petition_id: number;
      text: string;
      drafted_by: number | null;
      drafted_at: Date;
      doc_no: string | null;
      status: 'draft' | 'changes_requested' | 'approved' | 'published' | 'superseded';
      review_note: string | null;
      approved_by: number | null;
      approved_at: Date | null;
      published_by: number | null;
      published_at: Date | null;
    };
    petition_attachments: {
      id: Generated<number>;
      petition_id: number;
      answer_id: number | null;
      /** A file of src/platform/files (uuid). */
      file_id: string;
      filename: string;
      kind: string;
      size: number;
      added_by: number | null;
      added_at: Date;
    };
    petition_answer_templates: {
      id: Generated<number>;
      agency_id: number;
      title: string;
      body: string;
      created_by: number | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      active: Generated<boolean>;
    };
    /** Routing rules: the most specific (unit, category) match wins; no match → commune People's Committee. */
    petition_routes: {
      id: Generated<number>;
      unit_code: string | null;
      category_id: number | null;
      kind: PetitionKind | null;
      agency_id: number;
      note: string | null;
      created_by: number | null;
      created_at: Generated<Date>;
    };
    /** Every folded word of the petitions, for matching mistyped search words (refreshed by the deadline job). */
    petition_words: { word: string; ndoc: Generated<number> };
    petition_words_state: { id: number; updated_to: Date; ndocs: Generated<number> };
    idempotency_keys: {
      key: string;
      scope: string;
      principal: string;
      request_hash: string;
      status: number;
      response: unknown;
      created_at: Date;
    };
  }
}

/** A petition as the service hands it out (camelCase); personal fields may be masked for the viewer. */
export interface Petition {
  id: number;
  code: string;
  kind: PetitionKind;
  track: Track;
  title: string;
  content: string;
  categoryId: number | null;
  unitCode: string;
  provinceCode: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  peopleCount: number;
  channel: Channel;
  source: PetitionSource;
  visibility: Visibility;
  confidential: boolean;
  petitionerId: number | null;
  petitionerName: string | null;
  petitionerPhone: string | null;
  petitionerEmail: string | null;
  petitionerAddress: string | null;
  petitionerIdNo: string | null;
  enteredBy: number | null;
  enteredAgencyId: number | null;
  enteredPlace: string | null;
  status: PetitionState;
  agencyId: number;
  assigneeId: number | null;
  replyDue: string | null;
  stepDue: string | null;
  dueState: DueState;
  escalationLevel: number;
  keoDai: boolean;
  vuotCap: boolean;
  relatedId: number | null;
  forwardCount: number;
  extensionCount: number;
  reopenCount: number;
  mergedIntoId: number | null;
  receiptNo: string | null;
  directedTo: string | null;
  directedAgencyId: number | null;
  answerText: string | null;
  answeredAt: Date | null;
  answeredOnTime: boolean | null;
  publishedAt: Date | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  topicId: number | null;
  conferenceId: number | null;
  submittedAt: Date;
  receivedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PetitionEvent {
  id: number;
  petitionId: number;
  type: string;
  fromState: PetitionState | null;
  toState: PetitionState | null;
  actorId: number | null;
  /** Null on the public timeline (no personal data); an agency name or the actor's name otherwise. */
  actorLabel: string | null;
  public: boolean;
  note: string | null;
  data: Record<string, unknown>;
  at: Date;
}

export interface PetitionAnswer {
  id: number;
  petitionId: number;
  text: string;
  draftedBy: number | null;
  draftedAt: Date;
  docNo: string | null;
  status: 'draft' | 'changes_requested' | 'approved' | 'published' | 'superseded';
  reviewNote: string | null;
  approvedBy: number | null;
  approvedAt: Date | null;
  publishedBy: number | null;
  publishedAt: Date | null;
}

export interface PetitionAttachment {
  id: number;
  petitionId: number;
  answerId: number | null;
  fileId: string;
  filename: string;
  kind: string;
  size: number;
  addedAt: Date;
}

export interface AnswerTemplate {
  id: number;
  agencyId: number;
  title: string;
  body: string;
  active: boolean;
  updatedAt: Date;
}

export interface PetitionRoute {
  id: number;
  unitCode: string | null;
  categoryId: number | null;
  kind: PetitionKind | null;
  agencyId: number;
  note: string | null;
}

/** A page of a keyset-paginated list: `next` is an opaque cursor, null on the last page. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** What the viewer may learn of the petitioner. */
export type PetitionerView =
  | { kind: 'hidden' } // public: nothing personal
  | { kind: 'confidential' } // tố cáo, viewer not entitled: "Danh tính được bảo mật"
  | {
      kind: 'shown';
      id: number | null;
      name: string | null;
      phone: string | null;
      email: string | null;
      address: string | null;
      idNo: string | null;
    };

export type ViewerRelation = 'public' | 'owner' | 'official';

/** One row of a list (inbox, mine, public, search). */
export interface PetitionListItem {
  id: number;
  code: string;
  kind: PetitionKind;
  track: Track;
  title: string;
  excerpt: string;
  status: PetitionState;
  categoryId: number | null;
  categoryName: string | null;
  unitCode: string;
  unitName: string;
  agencyId: number;
  agencyName: string;
  assigneeId: number | null;
  channel: Channel;
  visibility: Visibility;
  peopleCount: number;
  replyDue: string | null;
  stepDue: string | null;
  dueState: DueState;
  keoDai: boolean;
  vuotCap: boolean;
  forwardCount: number;
  rating: number | null;
  submittedAt: Date;
  answeredAt: Date | null;
  publishedAt: Date | null;
  /** Only for officials of the covering units and the owner (never in public lists). */
  petitionerName?: string | null;
  /** Search only: folded terms to highlight, and the rank. */
  rank?: number;
}

/** Everything the detail page needs, already filtered for the viewer. */
export interface PetitionDetail {
  petition: Petition;
  relation: ViewerRelation;
  petitioner: PetitionerView;
  categoryName: string | null;
  unitName: string;
  agencyName: string;
  directedAgencyName: string | null;
  assigneeName: string | null;
  mergedIntoCode: string | null;
  /** The latest answer draft/approval (officials of the agency), or the published answer. */
  answer: PetitionAnswer | null;
  attachments: PetitionAttachment[];
  timeline: PetitionEvent[];
  /** Action names this viewer may run now (with what each requires, see state-machine.ts). */
  actions: string[];
  followers: number;
  isFollowing: boolean;
}

/** The public status of a petition by its tracking code (no account, no personal data). */
export interface TrackedStatus {
  code: string;
  kind: PetitionKind;
  track: Track;
  status: PetitionState;
  /** Null for the legal track and private petitions. */
  title: string | null;
  agencyName: string;
  submittedAt: Date;
  replyDue: string | null;
  answeredAt: Date | null;
  publicUrl: string | null;
  timeline: Array<{ type: string; toState: PetitionState | null; at: Date }>;
}
