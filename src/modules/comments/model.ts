import type { Generated } from 'kysely';

/** Where a comment stands. Guests' comments and those caught by the word list start as pending. */
export const COMMENT_STATUSES = ['pending', 'visible', 'hidden'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** Why a comment is held or hidden (shown to moderators). */
export const HOLD_REASONS = ['guest', 'words', 'reports', 'moderator'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const REPORT_REASONS = ['spam', 'offensive', 'off_topic'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** How an agency took a consultation comment into account (báo cáo tiếp thu, giải trình). */
export const DECISIONS = ['accepted', 'partly_accepted', 'explained'] as const;
export type Decision = (typeof DECISIONS)[number];

export type ModerationAction = 'approve' | 'hide' | 'restore';

/** The moderation state machine, as data. */
export const TRANSITIONS: Record<ModerationAction, { from: CommentStatus[]; to: CommentStatus }> = {
  approve: { from: ['pending'], to: 'visible' },
  hide: { from: ['pending', 'visible'], to: 'hidden' },
  restore: { from: ['hidden'], to: 'visible' },
};

export function canTransition(from: CommentStatus, action: ModerationAction): boolean {
  return TRANSITIONS[action].from.includes(from);
}

export function nextState(from: CommentStatus, action: ModerationAction): CommentStatus {
  if (!canTransition(from, action)) throw new Error(`comment: cannot ${action} from ${from}`);
  return TRANSITIONS[action].to;
}

declare module '../../platform/db/types' {
  interface Database {
    comments: {
      id: Generated<number>;
      target_type: string;
      target_id: number;
      /** Part of the target commented on (a section of a consultation document), or null for the whole. */
      section: string | null;
      /** The top-level comment this replies to (replies are one level deep). */
      parent_id: number | null;
      /** The signed-in author (users.id), null for a guest. */
      author_id: number | null;
      /** The name shown: the account's name when posted, or the guest's. */
      author_name: string;
      /** A guest's e-mail or phone, for moderators only. */
      guest_contact: string | null;
      /** An official replying as an agency (a role the author held at posting time, checked by the server). */
      as_agency_id: number | null;
      body: string;
      status: CommentStatus;
      hold_reason: HoldReason | null;
      /** The moderator's reason for the last hide/restore. */
      moderation_note: string | null;
      report_count: Generated<number>;
      reply_count: Generated<number>;
      decision: Decision | null;
      explanation: string | null;
      decided_at: Date | null;
      decided_by: number | null;
      ip: string | null;
      created_at: Date;
      updated_at: Date;
    };
    /** One row per commented thing: cached counts and the scope moderators are checked against. */
    comment_targets: {
      target_type: string;
      target_id: number;
      /** Visible comments, replies included. */
      visible_count: Generated<number>;
      /** Visible top-level comments (the pages of the list). */
      top_count: Generated<number>;
      unit_code: string | null;
      agency_id: number | null;
      updated_at: Date;
    };
    comment_reports: {
      comment_id: number;
      user_id: number;
      reason: ReportReason;
      created_at: Date;
    };
    comment_blocks: {
      user_id: number;
      user_name: string;
      reason: string;
      blocked_by: number | null;
      created_at: Date;
    };
    moderation_words: {
      id: Generated<number>;
      word: string;
      /** fold(word): matching ignores case and diacritics ("đ" and "d" alike). */
      folded: string;
      created_by: number | null;
      created_at: Date;
    };
    /** Per-unit overrides of comments.guestAllowed / comments.guestModeration (null = the setting). */
    comment_unit_settings: {
      unit_code: string;
      guest_allowed: boolean | null;
      guest_moderation: boolean | null;
      updated_at: Date;
    };
  }
}

export interface CommentAuthor {
  name: string;
  /** A signed-in account (never shown as a link; used to tell the viewer their own comments). */
  userId: number | null;
  guest: boolean;
  /** Set when an official replied as an agency: the agency's name comes from the server. */
  agency: { id: number; name: string } | null;
}

/** A comment as pages and the API show it. The body is plain text (rendered as text, never HTML). */
export interface CommentView {
  id: number;
  targetType: string;
  targetId: number;
  section: string | null;
  parentId: number | null;
  author: CommentAuthor;
  body: string;
  status: CommentStatus;
  createdAt: Date;
  reportCount: number;
  replyCount: number;
  decision: Decision | null;
  explanation: string | null;
  /** Top-level comments carry their replies (oldest first, at most comments.repliesShown of them). */
  replies: CommentView[];
  /** The viewer already reported it. */
  reportedByViewer: boolean;
  /** The viewer's own comment, still awaiting moderation. */
  pendingOwn: boolean;
}

export interface CommentPage {
  items: CommentView[];
  /** Opaque cursor of the next page, or null on the last page. */
  nextCursor: string | null;
  /** Visible comments, replies included. */
  total: number;
  /** Visible top-level comments. */
  topTotal: number;
}
