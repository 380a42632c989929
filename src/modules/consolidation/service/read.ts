import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { fold } from '../../../platform/text/text';
import { todayInVietnam } from '../../../platform/calendar';
import { forbidden, notFound } from '../../../platform/http/errors';
import type { Principal } from '../../../platform/access/principal';
import { getAgencies, getCategories, getUnit } from '../../directory/service';
import { listForConsolidation, type ConsolidationPetition } from '../../petitions/service';
import type { PressingRule, Topic, TopicItem, TopicSummary } from '../model';
import { canReadTopics } from '../policy';
import { periodRange } from '../period';
import { civilDaysRange } from '../../../platform/http/validate';
import { consolidationSettings, type ConsolidationSettings } from '../settings';

/** Petitions still being handled (the petitions module's open states). */
const UNRESOLVED = new Set(['submitted', 'received', 'forwarded', 'assigned', 'answer_drafted', 'approved', 'reopened']);

type TopicRow = {
  id: number;
  unit_code: string;
  province_code: string;
  period: string;
  title: string;
  summary: string;
  category_id: number | null;
  agency_id: number | null;
};

/** Runs a query for ids a slice at a time (a statement takes at most 65,535 parameters). */
export async function inChunks<T>(ids: number[], run: (chunk: number[]) => Promise<T[]>, size = 10_000): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await run(ids.slice(i, i + size))));
  return out;
}

export interface Members {
  /** topic id → member petitions */
  byTopic: Map<number, ConsolidationPetition[]>;
  /** petition id → organisation that gathered it */
  organisation: Map<number, string>;
  /** petition id → village entered with the gathered opinion */
  village: Map<number, string>;
}

/** The members of topics, with what the gatherings recorded of them; one query per table. */
export async function loadMembers(db: Executor, topicIds: number[]): Promise<Members> {
  const byTopic = new Map<number, ConsolidationPetition[]>(topicIds.map((id) => [id, []]));
  const organisation = new Map<number, string>();
  const village = new Map<number, string>();
  if (!topicIds.length) return { byTopic, organisation, village };
  const members = await inChunks(topicIds, (c) => db.selectFrom('consolidation_members').select(['topic_id', 'petition_id']).where('topic_id', 'in', c).execute());
  const ids = members.map((m) => m.petition_id);
  const petitions = new Map((await listForConsolidation(db, { ids })).map((p) => [p.id, p]));
  for (const m of members) {
    const p = petitions.get(m.petition_id);
    if (p) byTopic.get(m.topic_id)!.push(p);
  }
  if (ids.length) {
    const gathered = await inChunks(ids, (c) =>
      db
        .selectFrom('consolidation_gathering_items as i')
        .innerJoin('consolidation_gatherings as g', 'g.id', 'i.gathering_id')
        .select(['i.petition_id', 'i.village', 'g.organisation'])
        .where('i.petition_id', 'in', c)
        .execute(),
    );
    for (const g of gathered) {
      organisation.set(g.petition_id, g.organisation);
      if (g.village) village.set(g.petition_id, g.village);
    }
  }
  return { byTopic, organisation, village };
}

function pressingRules(c: TopicSummary['counts'], raisedUnresolved: boolean, s: ConsolidationSettings): PressingRule[] {
  const rules: PressingRule[] = [];
  if (s.minPeople > 0 && c.people >= s.minPeople) rules.push('people');
  if (s.minVillages > 0 && c.villages >= s.minVillages) rules.push('villages');
  if (s.anyOverdue && c.overdue > 0) rules.push('overdue');
  if (s.anyReopened && c.reopened > 0) rules.push('reopened');
  if (s.raisedUnresolved && raisedUnresolved) rules.push('raised_unresolved');
  return rules;
}

/** Summaries of topic rows, pressing first (then by people, then newest). */
export async function summarise(ctx: Pick<AppContext, 'db' | 'clock'>, rows: TopicRow[], members?: Members): Promise<TopicSummary[]> {
  const db = ctx.db;
  const s = await consolidationSettings(db);
  const m = members ?? (await loadMembers(db, rows.map((r) => r.id)));
  const raised = rows.length
    ? await db.selectFrom('consolidation_raised').select(['topic_id', 'conference_id', 'held_on']).where('topic_id', 'in', rows.map((r) => r.id)).orderBy('held_on').execute()
    : [];
  const agencies = await getAgencies(db, rows.map((r) => r.agency_id).filter((x): x is number => x !== null));
  const categories = await getCategories(db, rows.map((r) => r.category_id).filter((x): x is number => x !== null));
  const today = todayInVietnam(ctx.clock.now());
  const out = rows.map((r): TopicSummary => {
    const items = m.byTopic.get(r.id) ?? [];
    const villages = new Set(items.map((p) => fold(m.village.get(p.id) ?? p.address ?? '')).filter(Boolean));
    const counts = {
      items: items.length,
      people: items.reduce((n, p) => n + p.peopleCount, 0),
      villages: villages.size,
      overdue: items.filter((p) => p.dueState === 'overdue' && UNRESOLVED.has(p.status)).length,
      reopened: items.filter((p) => p.status === 'reopened' || p.reopenCount > 0).length,
      keoDai: items.filter((p) => p.keoDai).length,
      vuotCap: items.filter((p) => p.vuotCap).length,
    };
    const sourceMap = new Map<string, { channel: string; organisation: string | null; items: number }>();
    for (const p of items) {
      const org = m.organisation.get(p.id) ?? null;
      const k = `${p.channel}|${org ?? ''}`;
      const e = sourceMap.get(k) ?? { channel: p.channel, organisation: org, items: 0 };
      e.items++;
      sourceMap.set(k, e);
    }
    const mine = raised.filter((x) => x.topic_id === r.id);
    const raisedUnresolved = mine.some((x) => x.held_on < today) && items.some((p) => UNRESOLVED.has(p.status));
    const rules = pressingRules(counts, raisedUnresolved, s);
    const dates = items.map((p) => p.submittedAt.getTime());
    return {
      id: r.id,
      unitCode: r.unit_code,
      period: r.period,
      title: r.title,
      summary: r.summary,
      categoryId: r.category_id,
      categoryName: r.category_id ? (categories.get(r.category_id)?.name ?? null) : null,
      agencyId: r.agency_id,
      agencyName: r.agency_id ? (agencies.get(r.agency_id)?.name ?? null) : null,
      pressing: rules.length > 0,
      pressingRule: rules[0] ?? null,
      pressingRules: rules,
      keoDai: counts.keoDai > 0 || raisedUnresolved,
      counts,
      sources: [...sourceMap.values()].sort((a, b) => b.items - a.items),
      firstAt: dates.length ? new Date(Math.min(...dates)) : null,
      latestAt: dates.length ? new Date(Math.max(...dates)) : null,
      raised: mine.map((x) => ({ conferenceId: x.conference_id, heldOn: x.held_on })),
    };
  });
  return out.sort((a, b) => Number(b.pressing) - Number(a.pressing) || b.counts.people - a.counts.people || b.counts.items - a.counts.items || a.id - b.id);
}

const TOPIC_COLUMNS = ['id', 'unit_code', 'province_code', 'period', 'title', 'summary', 'category_id', 'agency_id'] as const;

export function toItem(p: ConsolidationPetition, m: Members): TopicItem {
  return {
    petitionId: p.id,
    code: p.code,
    kind: p.kind,
    title: p.title,
    content: p.content,
    channel: p.channel,
    organisation: m.organisation.get(p.id) ?? null,
    address: m.village.get(p.id) ?? p.address,
    peopleCount: p.peopleCount,
    status: p.status,
    submittedAt: p.submittedAt,
  };
}

/** Active topics of a unit and period (a province code: its own topics), pressing first. */
export async function topicRows(db: Executor, unitCode: string, period: string): Promise<TopicRow[]> {
  return db.selectFrom('consolidation_topics').select(TOPIC_COLUMNS).where('unit_code', '=', unitCode).where('period', '=', period).where('status', '=', 'active').execute();
}

/** Active topics whose period overlaps [from, to), of a commune or of every unit of a province (a dashboard's count). */
export async function topicsOverlapping(db: Executor, scope: { unitCode?: string; from?: Date; to?: Date }): Promise<TopicRow[]> {
  let q = db.selectFrom('consolidation_topics').select(TOPIC_COLUMNS).where('status', '=', 'active');
  if (scope.unitCode) q = scope.unitCode.length <= 2 ? q.where('province_code', '=', scope.unitCode) : q.where('unit_code', '=', scope.unitCode);
  const rows = await q.execute();
  return rows.filter((r) => {
    const range = periodRange(r.period);
    return !!range && (!scope.to || range.from < scope.to) && (!scope.from || range.to > scope.from);
  });
}

/**
 * The topics list: by unit (a province: every unit of it), the civil days their period overlaps, pressing or not;
 * the caller's readable ones only (403 for a unit they may not read). Pressing first, as the dossier orders them.
 */
export async function listTopics(ctx: Pick<AppContext, 'db' | 'clock'>, p: Principal | null, f: { unit?: string; from?: string; to?: string; pressing?: boolean }): Promise<TopicSummary[]> {
  if (f.unit && !canReadTopics(p, (await unitTarget(ctx.db, f.unit)).target)) throw forbidden();
  const rows = (await topicsOverlapping(ctx.db, { unitCode: f.unit, ...civilDaysRange(f) })).filter((r) => canReadTopics(p, { unitCode: r.unit_code, provinceCode: r.province_code }));
  const topics = await summarise(ctx, rows);
  return f.pressing ? topics.filter((t) => t.pressing) : topics;
}

/** Summaries of the given topics, in the order asked (unknown and merged ones left out). Service for other modules. */
export async function listTopicSummaries(ctx: Pick<AppContext, 'db' | 'clock'>, ids: number[]): Promise<TopicSummary[]> {
  if (!ids.length) return [];
  const rows = await ctx.db.selectFrom('consolidation_topics').select(TOPIC_COLUMNS).where('id', 'in', ids).where('status', '=', 'active').execute();
  const byId = new Map((await summarise(ctx, rows)).map((t) => [t.id, t]));
  return ids.map((id) => byId.get(id)).filter((t): t is TopicSummary => !!t);
}

/**
 * One topic with its member petitions (no personal data). Without a principal (another module's service call)
 * no check is made; with one, the caller must be allowed to read the unit's topics.
 */
export async function getTopic(ctx: Pick<AppContext, 'db' | 'clock'>, id: number, principal?: Principal | null): Promise<Topic | null> {
  const row = await ctx.db.selectFrom('consolidation_topics').select([...TOPIC_COLUMNS, 'status', 'merged_into_id']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  if (principal !== undefined && !canReadTopics(principal, { unitCode: row.unit_code, provinceCode: row.province_code })) throw forbidden();
  const members = await loadMembers(ctx.db, [row.id]);
  const [summary] = await summarise(ctx, [row], members);
  const items = (members.byTopic.get(row.id) ?? []).sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime()).map((p) => toItem(p, members));
  return { ...summary, items };
}

/** The unit (404 when unknown) as a permission target. */
export async function unitTarget(db: Executor, unitCode: string) {
  const unit = await getUnit(db, unitCode);
  if (!unit || unit.level === 'village') throw notFound();
  return { unit, target: { unitCode: unit.code, provinceCode: unit.provinceCode } };
}
