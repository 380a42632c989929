import type { Generated } from 'kysely';

/**
 * Consolidation (tổng hợp ý kiến, kiến nghị): topics of similar petitions for a unit and period, the groups the
 * system proposes, what the Front officer decided, the opinions gathered at meetings, and the topics raised at
 * conferences (DOMAIN §6 "gather citizens' questions in advance").
 */

/** How a topic's member got there; every one but 'matched' is the officer's decision. */
export type MemberHow = 'accepted' | 'moved' | 'added' | 'merged' | 'split';
export type TopicStatus = 'active' | 'merged';
export type ProposalKind = 'new_topic' | 'join_topic';
export type ProposalStatus = 'open' | 'accepted' | 'rejected' | 'superseded';
export type RunStatus = 'queued' | 'running' | 'done' | 'failed';
/** What the next proposal run must respect: a rejected grouping, an item taken out of a topic. */
export type DecisionKind = 'rejected' | 'removed';

declare module '../../platform/db/types' {
  interface Database {
    consolidation_topics: {
      id: Generated<number>;
      unit_code: string;
      province_code: string;
      /** 'YYYY', 'YYYY-Qn', 'YYYY-Hn' or 'YYYY-MM' (see period.ts). */
      period: string;
      title: string;
      summary: string;
      category_id: number | null;
      /** The agency competent to answer. */
      agency_id: number | null;
      status: Generated<TopicStatus>;
      merged_into_id: number | null;
      /** The centroid of its members' term vectors (heaviest terms), for matching new petitions. */
      vector: Generated<Record<string, number>>;
      created_by: number | null;
      created_at: Date;
      updated_at: Date;
    };
    consolidation_members: {
      topic_id: number;
      petition_id: number;
      how: MemberHow;
      added_by: number | null;
      added_at: Date;
    };
    consolidation_runs: {
      id: Generated<number>;
      unit_code: string;
      period: string;
      status: RunStatus;
      done: Generated<number>;
      total: Generated<number>;
      proposals: Generated<number>;
      requested_by: number | null;
      error: string | null;
      created_at: Date;
      finished_at: Date | null;
    };
    consolidation_proposals: {
      id: Generated<number>;
      run_id: number;
      unit_code: string;
      period: string;
      kind: ProposalKind;
      /** The topic a 'join_topic' proposal adds to. */
      topic_id: number | null;
      title: string;
      category_id: number | null;
      agency_id: number | null;
      score: number;
      status: Generated<ProposalStatus>;
      decided_by: number | null;
      decided_at: Date | null;
      created_at: Date;
    };
    consolidation_proposal_items: { proposal_id: number; petition_id: number; score: number };
    consolidation_decisions: {
      id: Generated<number>;
      unit_code: string;
      period: string;
      kind: DecisionKind;
      petition_id: number;
      /** 'removed': the topic it must not be proposed for again. */
      topic_id: number | null;
      decided_by: number | null;
      decided_at: Date;
    };
    consolidation_gatherings: {
      id: Generated<number>;
      unit_code: string;
      /** The organisation that gathered (Hội Nông dân, Hội LHPN, Đoàn TN, Hội CCB, Công đoàn, chi bộ, tổ dân phố…). */
      organisation: string;
      organisation_agency_id: number | null;
      meeting: string;
      held_on: string;
      place: string | null;
      source: 'form' | 'import';
      filename: string | null;
      /** SHA-256 of an imported file: the same file is refused a second time. */
      file_sha256: string | null;
      rows: number;
      entered_by: number | null;
      created_at: Date;
    };
    consolidation_gathering_items: { gathering_id: number; row_no: number; petition_id: number; village: string | null };
    consolidation_raised: { topic_id: number; conference_id: number; held_on: string; recorded_at: Date };
    /** Inverse document frequencies of a unit's petitions, kept by the latest proposal run (terms seen twice or more). */
    consolidation_vocab: { unit_code: string; idf: Record<string, number>; docs: number; updated_at: Date };
    consolidation_dossiers: { id: Generated<number>; unit_code: string; period: string; created_at: Date };
  }
}

/** Why a topic is pressing (bức xúc): the first rule that fired. */
export type PressingRule = 'people' | 'villages' | 'overdue' | 'reopened' | 'raised_unresolved';

export interface TopicCounts {
  items: number;
  people: number;
  villages: number;
  overdue: number;
  reopened: number;
  keoDai: number;
  vuotCap: number;
}

export interface TopicSource {
  channel: string;
  organisation: string | null;
  items: number;
}

export interface TopicSummary {
  id: number;
  unitCode: string;
  period: string;
  title: string;
  summary: string;
  categoryId: number | null;
  categoryName: string | null;
  agencyId: number | null;
  agencyName: string | null;
  pressing: boolean;
  /** The rule shown beside the flag (the first that fired), null when not pressing. */
  pressingRule: PressingRule | null;
  /** Every rule that fired, in the settings' order; the first is shown. */
  pressingRules: PressingRule[];
  counts: TopicCounts;
  sources: TopicSource[];
  firstAt: Date | null;
  latestAt: Date | null;
  /** A member is kéo dài, or the topic was raised at an earlier conference and is still unresolved. */
  keoDai: boolean;
  /** Conferences where it was raised (recordTopicRaised). */
  raised: Array<{ conferenceId: number; heldOn: string }>;
}

/** A member petition as the dossier lists it: no personal data. */
export interface TopicItem {
  petitionId: number;
  code: string;
  kind: string;
  title: string;
  content: string;
  channel: string;
  organisation: string | null;
  address: string | null;
  peopleCount: number;
  status: string;
  submittedAt: Date;
}

export interface Topic extends TopicSummary {
  items: TopicItem[];
}

export interface Dossier {
  /** Stable: the same unit and period always give the same id. */
  id: number;
  key: string;
  unitCode: string;
  unitName: string;
  period: string;
  from: Date;
  to: Date;
  topics: TopicSummary[];
  ungroupedPetitionIds: number[];
}
