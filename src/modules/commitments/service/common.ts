import { sql, type Selectable } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Database, Executor } from '../../../platform/db/types';
import { todayInVietnam, type IsoDate } from '../../../platform/calendar';
import { HttpError, notFound } from '../../../platform/http/errors';
import type { AuditActor } from '../../../platform/audit/audit';
import type { Commitment, EventType } from '../model';
import { isOverdue } from '../state-machine';
import type { CommitmentRef } from '../policy';

export type CommitmentRow = Selectable<Database['commitments']>;

export function todayVN(ctx: Pick<AppContext, 'clock'>): IsoDate {
  return todayInVietnam(ctx.clock.now());
}

/** Dates come back as strings on both engines (the date type parser is the platform's). */
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
export const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : typeof v === 'string' ? (JSON.parse(v) as number[]) : []);

export function toCommitment(r: CommitmentRow, citizenIds: number[], today: IsoDate): Commitment {
  const deadline = day(r.deadline);
  return {
    id: r.id,
    code: r.code,
    unitCode: r.unit_code,
    provinceCode: r.province_code,
    source: { kind: r.source_kind, refId: r.source_ref_id, href: r.source_href, label: r.source_label },
    promisedBy: { name: r.promised_by_name, title: r.promised_by_title },
    promisedOn: day(r.promised_on),
    agencyId: r.agency_id,
    officerId: r.officer_id,
    coAgencyIds: numbers(r.co_agency_ids),
    deadline,
    originalDeadline: day(r.original_deadline),
    text: r.text,
    topicId: r.topic_id,
    categoryId: r.category_id,
    citizenIds,
    petitionIds: numbers(r.petition_ids),
    state: r.state,
    overdue: isOverdue(r.state, deadline, today),
    dueState: isOverdue(r.state, deadline, today) ? 'overdue' : r.due_state === 'overdue' ? 'ok' : r.due_state,
    progressPct: r.progress_pct,
    extensionCount: r.extension_count,
    transferCount: r.transfer_count,
    keoDai: r.keo_dai,
    isPublic: r.is_public,
    petitionId: r.petition_id,
    petitionCode: r.petition_code,
    transferredToId: r.transferred_to_id,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function refOf(c: Commitment): CommitmentRef {
  return { unitCode: c.unitCode, provinceCode: c.provinceCode, agencyId: c.agencyId, coAgencyIds: c.coAgencyIds, citizenIds: c.citizenIds, isPublic: c.isPublic };
}

export async function citizensOf(db: Executor, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await db.selectFrom('commitment_citizens').select(['commitment_id', 'user_id']).where('commitment_id', 'in', ids).orderBy('user_id').execute();
  for (const r of rows) out.get(r.commitment_id)!.push(r.user_id);
  return out;
}

/** The commitment as stored; inside a use case's transaction `lock` takes the row for the change. */
export async function loadCommitment(db: Executor, ctx: Pick<AppContext, 'clock'>, idOrCode: number | string, lock = false): Promise<Commitment> {
  let q = db.selectFrom('commitments').selectAll();
  if (typeof idOrCode === 'number') {
    if (!Number.isInteger(idOrCode) || idOrCode <= 0 || idOrCode > 2_147_483_647) throw notFound('commitments.error.notFound');
    q = q.where('id', '=', idOrCode);
  } else {
    if (!CODE_PATTERN.test(idOrCode.trim().toUpperCase())) throw notFound('commitments.error.notFound');
    q = q.where('code', '=', idOrCode.trim().toUpperCase());
  }
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('commitments.error.notFound');
  return toCommitment(row, (await citizensOf(db, [row.id])).get(row.id)!, todayVN(ctx));
}

export const CODE_PATTERN = /^CK-\d{4}-\d{6,}$/;

export async function addEvent(
  tx: Executor,
  e: { commitmentId: number; type: EventType; from?: string | null; to?: string | null; public: boolean; actor: AuditActor; note?: string | null; pct?: number | null; milestone?: string | null; data?: unknown; at: Date },
): Promise<number> {
  const r = await tx
    .insertInto('commitment_events')
    .values({
      commitment_id: e.commitmentId,
      type: e.type,
      from_state: e.from ?? null,
      to_state: e.to ?? null,
      public: e.public,
      actor_id: e.actor.id,
      actor_label: e.actor.label,
      note: e.note ?? null,
      pct: e.pct ?? null,
      milestone: e.milestone ?? null,
      data: JSON.stringify(e.data ?? {}),
      at: e.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** `CK-2026-000123`: a tracking code from one sequence (a rolled-back change leaves a gap). */
export function nextCode(year: number) {
  return sql<string>`(select ${`CK-${year}-`} || lpad(nextval('commitments_code_seq')::text, 6, '0'))`;
}

export const unprocessable = (key: string) => new HttpError(422, key);

/** Runs in the caller's transaction when given one, else in a new one. */
export function inTx<T>(ctx: Pick<AppContext, 'db'>, tx: Executor | undefined, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : ctx.db.transaction().execute(fn);
}
