import type { Executor } from '../../../platform/db/types';
import type { Channel, DueState, PetitionKind, PetitionState } from '../model';

/**
 * What the consolidation module reads of petitions (general track only: complaints and denunciations follow the
 * statutory procedure and are never consolidated), and the one thing it writes: a petition's topic.
 * No personal data: the petitioner's identity stays where the petitions module shows it.
 */
export interface ConsolidationPetition {
  id: number;
  code: string;
  kind: PetitionKind;
  title: string;
  content: string;
  categoryId: number | null;
  unitCode: string;
  provinceCode: string;
  address: string | null;
  peopleCount: number;
  channel: Channel;
  status: PetitionState;
  dueState: DueState;
  keoDai: boolean;
  vuotCap: boolean;
  reopenCount: number;
  agencyId: number;
  enteredAgencyId: number | null;
  enteredPlace: string | null;
  topicId: number | null;
  submittedAt: Date;
}

/** Still counted: not merged into another petition, not withdrawn. */
const COUNTED = ['submitted', 'received', 'directed', 'forwarded', 'assigned', 'answer_drafted', 'approved', 'answered', 'closed', 'reopened'] as const;

/** A page of a scope: the petitions after `afterId` (in id order), at most `limit` of them. */
type Page = { afterId?: number; limit?: number };

export type ConsolidationScope =
  | ({ unitCodes: string[]; from: Date; to: Date; ungroupedOnly?: boolean } & Page)
  | ({ provinceCode: string; from: Date; to: Date; ungroupedOnly?: boolean } & Page)
  | { ids: number[] };

function scoped<Q extends { where: any }>(q: Q, scope: Exclude<ConsolidationScope, { ids: number[] }>): Q {
  let r: any = q.where('track', '=', 'general').where('status', 'in', COUNTED).where('submitted_at', '>=', scope.from).where('submitted_at', '<', scope.to);
  r = 'unitCodes' in scope ? r.where('unit_code', 'in', scope.unitCodes.length ? scope.unitCodes : ['']) : r.where('province_code', '=', scope.provinceCode);
  if (scope.ungroupedOnly) r = r.where('topic_id', 'is', null);
  if (scope.afterId !== undefined) r = r.where('id', '>', scope.afterId);
  if (scope.limit !== undefined) r = r.limit(scope.limit);
  return r;
}

export async function listForConsolidation(db: Executor, scope: ConsolidationScope): Promise<ConsolidationPetition[]> {
  let q = db
    .selectFrom('petitions')
    .select([
      'id', 'code', 'kind', 'title', 'content', 'category_id', 'unit_code', 'province_code', 'address', 'people_count', 'channel', 'status',
      'due_state', 'keo_dai', 'vuot_cap', 'reopen_count', 'agency_id', 'entered_agency_id', 'entered_place', 'topic_id', 'submitted_at',
    ]);
  if ('ids' in scope) {
    if (!scope.ids.length) return [];
    // A statement takes at most 65,535 parameters: long lists a slice at a time.
    if (scope.ids.length > 10_000) {
      const out: ConsolidationPetition[] = [];
      for (let i = 0; i < scope.ids.length; i += 10_000) out.push(...(await listForConsolidation(db, { ids: scope.ids.slice(i, i + 10_000) })));
      return out;
    }
    q = q.where('track', '=', 'general').where('id', 'in', scope.ids);
  } else q = scoped(q, scope);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    kind: r.kind,
    title: r.title,
    content: r.content,
    categoryId: r.category_id,
    unitCode: r.unit_code,
    provinceCode: r.province_code,
    address: r.address,
    peopleCount: r.people_count,
    channel: r.channel,
    status: r.status,
    dueState: r.due_state,
    keoDai: r.keo_dai,
    vuotCap: r.vuot_cap,
    reopenCount: r.reopen_count,
    agencyId: r.agency_id,
    enteredAgencyId: r.entered_agency_id,
    enteredPlace: r.entered_place,
    topicId: r.topic_id,
    submittedAt: r.submitted_at,
  }));
}

/** What grouping reads of a petition: its text, field, place and agency (a page of a scope, in id order). */
export type ConsolidationText = Pick<ConsolidationPetition, 'id' | 'title' | 'content' | 'categoryId' | 'unitCode' | 'address' | 'agencyId'>;

/** The texts of a scope's petitions (as listForConsolidation selects them), only the columns grouping needs. */
export async function listTextsForConsolidation(db: Executor, scope: Exclude<ConsolidationScope, { ids: number[] }>): Promise<ConsolidationText[]> {
  const q = db.selectFrom('petitions').select(['id', 'title', 'content', 'category_id as categoryId', 'unit_code as unitCode', 'address', 'agency_id as agencyId']);
  return scoped(q, scope).orderBy('id').execute();
}

/** Sets (or clears, with null) the consolidation topic of petitions, in the caller's transaction. */
export async function setPetitionTopic(tx: Executor, petitionIds: number[], topicId: number | null): Promise<void> {
  if (!petitionIds.length) return;
  await tx.updateTable('petitions').set({ topic_id: topicId }).where('id', 'in', petitionIds).execute();
}
