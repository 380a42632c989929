import type { Generated } from 'kysely';

/** Lifecycle of a disclosed document. */
export const DOCUMENT_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** State machine as data: which status may follow which. */
export const DOCUMENT_TRANSITIONS: Record<DocumentStatus, readonly DocumentStatus[]> = {
  draft: ['published'],
  published: ['withdrawn'],
  withdrawn: ['published'],
};

export function canTransition(from: DocumentStatus, to: DocumentStatus): boolean {
  return DOCUMENT_TRANSITIONS[from].includes(to);
}

/**
 * Forms of disclosure (grassroots-democracy law 2022, art. 12). Labels are messages
 * `disclosure.form.<code>`.
 */
export const DISCLOSURE_FORMS = [
  'notice_board',
  'web_portal',
  'radio',
  'village_head',
  'letter',
  'conference',
  'reception',
  'press',
  'mass_org',
  'social_network',
] as const;
export type DisclosureForm = (typeof DISCLOSURE_FORMS)[number];

/** Where a consultation stands, derived from its dates (civil dates in Asia/Ho_Chi_Minh) and its report. */
export type ConsultationPhase = 'scheduled' | 'open' | 'closed' | 'reported';

/** How officials answer a citizen's comment in the synthesis report (art. 28). */
export const MARKINGS = ['accepted', 'partly_accepted', 'explained'] as const;
export type Marking = (typeof MARKINGS)[number];

/** The comment box's target types this module uses. */
export const COMMENT_TARGET = 'consultation';
/** Entity type for follows and notifications. */
export const FOLLOW_TYPE = 'document';

declare module '../../platform/db/types' {
  interface Database {
    /** The law's list of what is disclosed (art. 11), editable by administrators. */
    disclosure_categories: {
      id: Generated<number>;
      code: string;
      name: string;
      name_en: string;
      /** Democracy rules and administrative procedures stay posted permanently (art. 13). */
      permanent: Generated<boolean>;
      active: Generated<boolean>;
      sort: Generated<number>;
    };
    documents: {
      id: Generated<number>;
      unit_code: string;
      agency_id: number;
      category_id: number;
      title: string;
      summary: string;
      body: string | null;
      /** As written on the document: "05/KH-UBND". */
      doc_number: string | null;
      issued_on: string | null;
      posted_from: string | null;
      /** null: posted permanently. */
      posted_until: string | null;
      /** jsonb array of DisclosureForm. */
      forms: unknown;
      /** jsonb array of strings. */
      tags: unknown;
      status: Generated<DocumentStatus>;
      /** f_fold(title, summary, number, tags): diacritic-insensitive search with a trigram index. */
      search: string;
      /** A GeoJSON FeatureCollection shown on a map, and its file name. */
      map_layer: unknown | null;
      map_layer_name: string | null;
      created_by: number | null;
      created_at: Date;
      updated_at: Date;
      published_at: Date | null;
      withdrawn_at: Date | null;
      withdrawn_reason: string | null;
    };
    /** A document opened for comment (lấy ý kiến) for a window of civil dates. */
    consultations: {
      id: Generated<number>;
      document_id: number;
      opens_on: string;
      closes_on: string;
      /** Why the window is shorter than the legal minimum, when it is. */
      short_reason: string | null;
      created_by: number | null;
      created_at: Date;
      opened_notified_at: Date | null;
      reminder_sent_at: Date | null;
      closed_at: Date | null;
      report_intro: string | null;
      report_number: string | null;
      report_docx: Uint8Array | null;
      report_pdf: Uint8Array | null;
      report_published_at: Date | null;
      report_published_by: number | null;
    };
    /** The parts or questions of a consultation that citizens comment on. */
    consultation_sections: {
      id: Generated<number>;
      consultation_id: number;
      position: number;
      title: string;
      question: string | null;
    };
  }
}

export interface DisclosureCategory {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  permanent: boolean;
  active: boolean;
  sort: number;
}

export interface DocumentFile {
  id: number | string;
  name: string;
  size: number;
  type: string;
  url: string;
}

export interface DisclosedDocument {
  id: number;
  unitCode: string;
  unitName: string;
  unitShortName: string;
  unitProvinceCode: string;
  unitLevel: 'province' | 'commune' | 'village';
  agencyId: number;
  agencyName: string;
  categoryId: number;
  categoryName: string;
  categoryNameEn: string;
  categoryPermanent: boolean;
  title: string;
  summary: string;
  body: string | null;
  docNumber: string | null;
  issuedOn: string | null;
  postedFrom: string | null;
  postedUntil: string | null;
  forms: DisclosureForm[];
  tags: string[];
  status: DocumentStatus;
  hasMap: boolean;
  mapLayerName: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
}

export interface ConsultationSection {
  id: number;
  position: number;
  title: string;
  question: string | null;
}

export interface Consultation {
  id: number;
  documentId: number;
  opensOn: string;
  closesOn: string;
  shortReason: string | null;
  sections: ConsultationSection[];
  closedAt: Date | null;
  reportIntro: string | null;
  reportNumber: string | null;
  reportPublishedAt: Date | null;
  hasPdf: boolean;
}
