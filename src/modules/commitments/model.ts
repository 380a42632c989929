import type { Generated } from 'kysely';

/**
 * Commitments (cam kết, kết luận) made by heads on a conference floor, on a reception day or in a petition's
 * answer, tracked to the day they are kept, under the Fatherland Front's supervision (DOMAIN §3, §6).
 */

export const STATES = ['open', 'in_progress', 'done_awaiting_verification', 'verified_kept', 'verified_not_kept', 'cancelled'] as const;
export type CommitmentState = (typeof STATES)[number];

/**
 * Still being worked on: deadlines run, the escalation job watches them. A commitment the Front found not kept is
 * reopened: the agency works on it again (progress, report done) with the finding attached.
 */
export const OPEN_STATES: readonly CommitmentState[] = ['open', 'in_progress', 'verified_not_kept'];
/** Closed for good. */
export const FINAL_STATES: readonly CommitmentState[] = ['verified_kept', 'cancelled'];

export const SOURCE_KINDS = ['conference_question', 'reception_case', 'petition'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const FINDING_METHODS = ['field_visit', 'document_review', 'citizens_opinion'] as const;
export type FindingMethod = (typeof FINDING_METHODS)[number];

export type DueState = 'ok' | 'due_soon' | 'overdue';

/** Where a commitment was made: the source module's record, linked both ways (the source shows ours by refId). */
export interface CommitmentSource {
  kind: SourceKind;
  refId: string;
  href: string;
  label: string;
}

export interface Commitment {
  id: number;
  code: string;
  unitCode: string;
  provinceCode: string;
  source: CommitmentSource;
  promisedBy: { name: string; title: string };
  promisedOn: string;
  agencyId: number;
  officerId: number | null;
  coAgencyIds: number[];
  deadline: string;
  originalDeadline: string;
  text: string;
  topicId: string | null;
  categoryId: number | null;
  citizenIds: number[];
  petitionIds: number[];
  state: CommitmentState;
  /** Derived from the deadline and today for open ones; stored by the escalation job for lists. */
  overdue: boolean;
  dueState: DueState;
  progressPct: number;
  extensionCount: number;
  transferCount: number;
  keoDai: boolean;
  isPublic: boolean;
  petitionId: number | null;
  petitionCode: string | null;
  transferredToId: number | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type EventType =
  | 'created'
  | 'progress'
  | 'start'
  | 'report_done'
  | 'finding'
  | 'verify_kept'
  | 'verify_not_kept'
  | 'extend'
  | 'transfer'
  | 'cancel'
  | 'due_soon'
  | 'overdue'
  | 'escalated'
  | 'petition';

declare module '../../platform/db/types' {
  interface Database {
    commitments: {
      id: Generated<number>;
      code: string;
      unit_code: string;
      province_code: string;
      source_kind: SourceKind;
      source_ref_id: string;
      source_href: string;
      source_label: string;
      promised_by_name: string;
      promised_by_title: string;
      promised_on: string;
      agency_id: number;
      officer_id: number | null;
      co_agency_ids: unknown;
      deadline: string;
      original_deadline: string;
      text: string;
      /** A free key of the topic (a consolidation topic, a conference theme): promised before and not kept → kéo dài. */
      topic_id: string | null;
      category_id: number | null;
      petition_ids: unknown;
      state: CommitmentState;
      due_state: Generated<DueState>;
      escalation_level: Generated<number>;
      progress_pct: Generated<number>;
      extension_count: Generated<number>;
      transfer_count: Generated<number>;
      keo_dai: Generated<boolean>;
      is_public: Generated<boolean>;
      petition_id: number | null;
      petition_code: string | null;
      transferred_to_id: number | null;
      cancel_reason: string | null;
      source: Generated<'live' | 'demo' | 'generated'>;
      created_by: number | null;
      created_at: Date;
      updated_at: Date;
    };
    commitment_citizens: { commitment_id: number; user_id: number };
    commitment_events: {
      id: Generated<number>;
      commitment_id: number;
      type: EventType;
      from_state: string | null;
      to_state: string | null;
      public: boolean;
      actor_id: number | null;
      actor_label: string;
      note: string | null;
      pct: number | null;
      milestone: string | null;
      data: unknown;
      at: Date;
    };
    commitment_findings: {
      id: Generated<number>;
      commitment_id: number;
      on_date: string;
      method: FindingMethod;
      finding: string;
      verdict: 'kept' | 'not_kept' | null;
      agency_id: number;
      by_id: number;
      by_label: string;
      created_at: Date;
    };
    supervision_plans: {
      id: Generated<number>;
      unit_code: string;
      agency_id: number;
      title: string;
      period_from: string;
      period_to: string;
      created_by: number;
      created_at: Date;
    };
    supervision_plan_items: { plan_id: number; commitment_id: number };
  }
}
