// Comment rows as the views show them.
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { getAgencies } from '../../directory/service';
import type { CommentStatus, CommentView, Decision, HoldReason } from '../model';

export const commentColumns = [
  'c.id',
  'c.target_type',
  'c.target_id',
  'c.section',
  'c.parent_id',
  'c.author_id',
  'c.author_name',
  'c.as_agency_id',
  'c.body',
  'c.status',
  'c.created_at',
  'c.report_count',
  'c.reply_count',
  'c.decision',
  'c.explanation',
] as const;

/** What a new comment says: where, who, the text, and whether it is shown or held. */
export interface NewComment {
  targetType: string;
  targetId: number;
  section: string | null;
  parentId: number | null;
  authorId: number | null;
  authorName: string;
  guestContact: string | null;
  asAgencyId: number | null;
  body: string;
  status: CommentStatus;
  holdReason: HoldReason | null;
  ip: string | null;
  at: Date;
}

/** The row of a new comment (posted, seeded or generated): nothing decided on it yet by a moderator or an agency. */
export function newCommentRow(c: NewComment) {
  return {
    target_type: c.targetType,
    target_id: c.targetId,
    section: c.section,
    parent_id: c.parentId,
    author_id: c.authorId,
    author_name: c.authorName,
    guest_contact: c.guestContact,
    as_agency_id: c.asAgencyId,
    body: c.body,
    status: c.status,
    hold_reason: c.holdReason,
    moderation_note: null,
    decision: null,
    explanation: null,
    decided_at: null,
    decided_by: null,
    ip: c.ip,
    created_at: c.at,
    updated_at: c.at,
  };
}

export type Row = {
  id: number | string;
  target_type: string;
  target_id: number | string;
  section: string | null;
  parent_id: number | string | null;
  author_id: number | string | null;
  author_name: string;
  as_agency_id: number | null;
  body: string;
  status: CommentStatus;
  created_at: Date | string;
  report_count: number;
  reply_count: number;
  decision: Decision | null;
  explanation: string | null;
};

export function toView(r: Row, agencies: Map<number, { id: number; name: string }>, viewer: Principal | null, reported: Set<number>): CommentView {
  const id = Number(r.id);
  const authorId = r.author_id == null ? null : Number(r.author_id);
  const agency = r.as_agency_id != null ? agencies.get(r.as_agency_id) ?? null : null;
  return {
    id,
    targetType: r.target_type,
    targetId: Number(r.target_id),
    section: r.section,
    parentId: r.parent_id == null ? null : Number(r.parent_id),
    author: { name: r.author_name, userId: authorId, guest: authorId == null, agency: agency ? { id: agency.id, name: agency.name } : null },
    body: r.body,
    status: r.status,
    createdAt: new Date(r.created_at),
    reportCount: Number(r.report_count),
    replyCount: Number(r.reply_count),
    decision: r.decision,
    explanation: r.explanation,
    replies: [],
    reportedByViewer: reported.has(id),
    pendingOwn: r.status === 'pending' && viewer != null && authorId === viewer.id,
  };
}

export async function agencyMap(db: Executor, rows: Row[]): Promise<Map<number, { id: number; name: string }>> {
  const ids = [...new Set(rows.map((r) => r.as_agency_id).filter((x): x is number => x != null))];
  const m = await getAgencies(db, ids);
  return new Map([...m].map(([k, a]) => [k, { id: a.id, name: a.name }]));
}

export async function getComment(db: Executor, id: number, viewer: Principal | null = null): Promise<CommentView | undefined> {
  const r = (await db.selectFrom('comments as c').select(commentColumns).where('c.id', '=', id).executeTakeFirst()) as Row | undefined;
  if (!r) return undefined;
  return toView(r, await agencyMap(db, [r]), viewer, new Set());
}
