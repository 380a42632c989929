import type { AppContext } from '../../../platform/context';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit, SYSTEM_ACTOR } from '../../../platform/audit/audit';
import { enqueue } from '../../../platform/jobs/jobs';
import { forbidden, notFound, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { listForConsolidation, listTextsForConsolidation } from '../../petitions/service';
import { periodRange } from '../period';
import { canEditTopics, canReadTopics } from '../policy';
import { acceptSchema, scopeSchema, splitSchema } from '../schema';
import { consolidationSettings } from '../settings';
import { asVector, cosine, DEFAULT_VECTOR_OPTIONS, docOf, groupSimilar, sumOf, TermTable, type CompactDoc } from '../similarity';
import { unitTarget } from './read';
import { attach, ENTITY } from './topics';
import { forgetMatching } from './match';

export const PROPOSE_JOB = 'consolidation.propose';
/** Above this many petitions a run groups field by field. */
const BLOCK_ALL = 5000;

/** Asks for a proposal run (a background job); returns the run, whose progress the officer's page shows. */
export async function requestProposals(ctx: AppContext, principal: Principal | null, input: unknown): Promise<{ runId: number }> {
  if (!principal) throw unauthorized();
  const data = parse(scopeSchema, input);
  const { unit, target } = await unitTarget(ctx.db, data.unitCode);
  if (!canEditTopics(principal, target)) throw forbidden();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const run = await tx
      .insertInto('consolidation_runs')
      .values({ unit_code: unit.code, period: data.period, status: 'queued', requested_by: principal.id, error: null, created_at: now, finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(tx, PROPOSE_JOB, { runId: run.id }, now);
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.proposals.request', entityType: 'consolidation_run', entityId: run.id, after: data, at: now });
    return { runId: run.id };
  });
}

const mostCommon = <T>(xs: T[]): T | null => {
  const n = new Map<T, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  let best: T | null = null;
  let k = 0;
  for (const [x, c] of n) if (c > k) [best, k] = [x, c];
  return best;
};

interface Draft {
  kind: 'new_topic' | 'join_topic';
  topicId: number | null;
  title: string;
  categoryId: number | null;
  agencyId: number | null;
  score: number;
  items: Array<{ id: number; score: number }>;
}

/**
 * The proposal run (job handler): the unit's petitions of the period that no topic holds are matched to its topics
 * (a 'join_topic' proposal per topic), the rest grouped by similarity (a 'new_topic' proposal per group of two or
 * more). What the officer decided stays: members stay where they are, a petition taken out of a topic is not
 * proposed for it again, the petitions of a rejected proposal are not proposed as a new group again. Open proposals
 * of the scope from earlier runs are superseded.
 */
export async function runProposals(ctx: AppContext, payload: { runId: number }): Promise<void> {
  const run = await ctx.db.selectFrom('consolidation_runs').selectAll().where('id', '=', payload.runId).executeTakeFirst();
  if (!run || run.status === 'done') return;
  try {
    await runScope(ctx, run);
  } catch (e) {
    await ctx.db.updateTable('consolidation_runs').set({ status: 'failed', error: String((e as Error).message ?? e).slice(0, 500), finished_at: ctx.clock.now() }).where('id', '=', run.id).execute();
    throw e;
  }
}

/** Petitions of the scope read per statement: a page at a time, only the columns grouping needs, so that the texts of the whole scope are never held (and a page is gone before the collector moves it to the old generation). */
const PAGE = 1000;

/** What a run keeps of each petition of its scope: its terms as numbers, its field and agency, no text. */
interface Item {
  id: number;
  categoryId: number | null;
  agencyId: number;
  doc: CompactDoc;
}

async function runScope(ctx: AppContext, run: { id: number; unit_code: string; period: string }) {
  const range = periodRange(run.period)!;
  const s = await consolidationSettings(ctx.db);
  const { unit } = await unitTarget(ctx.db, run.unit_code);
  const provinceScope = unit.level === 'province';
  const scope = provinceScope ? { provinceCode: unit.code, from: range.from, to: range.to } : { unitCodes: [unit.code], from: range.from, to: range.to };
  const progress = (done: number, total: number) =>
    ctx.db.updateTable('consolidation_runs').set({ status: 'running', done, total }).where('id', '=', run.id).execute();
  await progress(0, 0);

  // The scope read a page at a time: the frequencies counted and each petition's terms kept as numbers (the term
  // table), its text dropped with the page. Petitions a topic holds already are counted, not grouped.
  const table = new TermTable(DEFAULT_VECTOR_OPTIONS);
  const items: Item[] = [];
  const members = new Set<number>();
  let total = 0;
  for (let afterId = 0; ; ) {
    const page = await listTextsForConsolidation(ctx.db, { ...scope, afterId, limit: PAGE });
    if (!page.length) break;
    afterId = page[page.length - 1].id;
    total += page.length;
    const ids = page.map((p) => p.id);
    for (const m of await ctx.db.selectFrom('consolidation_members').select('petition_id').where('petition_id', 'in', ids).execute()) members.add(m.petition_id);
    const villages = new Map(
      (await ctx.db.selectFrom('consolidation_gathering_items').select(['petition_id', 'village']).where('petition_id', 'in', ids).execute()).map((r) => [r.petition_id, r.village]),
    );
    for (const p of page) {
      const doc = table.add(docOf(p, villages.get(p.id)));
      if (!members.has(p.id)) items.push({ id: p.id, categoryId: p.categoryId, agencyId: p.agencyId, doc });
    }
    if (page.length < PAGE) break;
  }
  await progress(0, total);
  const decisions = await ctx.db.selectFrom('consolidation_decisions').select(['kind', 'petition_id', 'topic_id']).where('unit_code', '=', unit.code).where('period', '=', run.period).execute();
  const rejected = new Set(decisions.filter((d) => d.kind === 'rejected').map((d) => d.petition_id));
  const removed = new Set(decisions.filter((d) => d.kind === 'removed').map((d) => `${d.petition_id}:${d.topic_id}`));

  // The unit's vocabulary kept for matching later.
  const weights = table.weights();
  const idf = table.idf(weights);
  const kept = Object.fromEntries([...idf].filter(([, w]) => w < Math.log((total + 1) / 2.5)).map(([t, w]) => [t, Math.round(w * 1000) / 1000]));
  await ctx.db
    .insertInto('consolidation_vocab')
    .values({ unit_code: unit.code, idf: JSON.stringify(kept) as any, docs: total, updated_at: ctx.clock.now() })
    .onConflict((oc) => oc.column('unit_code').doUpdateSet({ idf: JSON.stringify(kept) as any, docs: total, updated_at: ctx.clock.now() }))
    .execute();
  await forgetMatching(ctx.db);

  const topics = await ctx.db.selectFrom('consolidation_topics').select(['id', 'vector']).where('unit_code', '=', unit.code).where('period', '=', run.period).where('status', '=', 'active').execute();
  const centroids = topics.map((t) => ({ id: t.id, v: asVector(t.vector) }));
  const drafts = new Map<number, Draft>();
  const out: Draft[] = [];
  // A large scope is grouped field by field (a problem has one field): the vectors of one block at a time in memory.
  const blocks = new Map<string, Item[]>();
  for (const it of items) {
    const k = total > BLOCK_ALL ? String(it.categoryId) : 'all';
    const b = blocks.get(k);
    if (b) b.push(it);
    else blocks.set(k, [it]);
  }
  // The item that names each new group; its title is read once every block is grouped.
  const namedBy = new Map<Draft, number>();
  let done = total - items.length;
  for (const block of blocks.values()) {
    const vectors = block.map((it) => table.vector(it.doc, weights));
    const loose: number[] = [];
    block.forEach((it, k) => {
      let best: { id: number; s: number } | null = null;
      for (const c of centroids) {
        if (removed.has(`${it.id}:${c.id}`)) continue;
        const sim = cosine(vectors[k], c.v);
        if (sim >= s.threshold && (!best || sim > best.s)) best = { id: c.id, s: sim };
      }
      if (best) {
        const d = drafts.get(best.id) ?? { kind: 'join_topic' as const, topicId: best.id, title: '', categoryId: null, agencyId: null, score: 0, items: [] };
        d.items.push({ id: it.id, score: best.s });
        drafts.set(best.id, d);
      } else if (!rejected.has(it.id)) loose.push(k);
    });
    for (const g of groupSimilar(loose.map((k) => vectors[k]), s.threshold)) {
      const idx = g.map((j) => loose[j]);
      const ps = idx.map((k) => block[k]);
      // The title of the item closest to the others names the group. Its summed similarity to every member is its
      // product with the members' sum (unit vectors): linear in the group's size, where comparing pairs was quadratic.
      const sum = sumOf(idx.map((k) => vectors[k]));
      const centre = idx.map((a) => cosine(vectors[a], sum));
      const c = centre.indexOf(Math.max(...centre));
      const d: Draft = {
        kind: 'new_topic',
        topicId: null,
        title: '',
        categoryId: mostCommon(ps.map((p) => p.categoryId).filter((x): x is number => x !== null)),
        agencyId: mostCommon(ps.map((p) => p.agencyId)),
        score: centre[c] / idx.length,
        items: idx.map((k) => ({ id: block[k].id, score: cosine(vectors[k], vectors[idx[c]]) })),
      };
      namedBy.set(d, ps[c].id);
      out.push(d);
    }
    done += block.length;
    await progress(done, total);
  }
  const titles = new Map((await listForConsolidation(ctx.db, { ids: [...new Set(namedBy.values())] })).map((p) => [p.id, p.title]));
  for (const [d, id] of namedBy) d.title = titles.get(id) ?? '';
  out.unshift(...drafts.values());
  for (const d of drafts.values()) d.score = d.items.reduce((x, i) => x + i.score, 0) / d.items.length;

  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('consolidation_proposals').set({ status: 'superseded' }).where('unit_code', '=', unit.code).where('period', '=', run.period).where('status', '=', 'open').execute();
    for (const d of out) {
      const p = await tx
        .insertInto('consolidation_proposals')
        .values({ run_id: run.id, unit_code: unit.code, period: run.period, kind: d.kind, topic_id: d.topicId, title: d.title, category_id: d.categoryId, agency_id: d.agencyId, score: d.score, decided_by: null, decided_at: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let k = 0; k < d.items.length; k += 1000) {
        await tx.insertInto('consolidation_proposal_items').values(d.items.slice(k, k + 1000).map((i) => ({ proposal_id: p.id, petition_id: i.id, score: i.score }))).execute();
      }
    }
    await tx.updateTable('consolidation_runs').set({ status: 'done', done: total, total, proposals: out.length, finished_at: now }).where('id', '=', run.id).execute();
    await audit(tx, { actor: SYSTEM_ACTOR, action: 'consolidation.proposals.run', entityType: 'consolidation_run', entityId: run.id, after: { petitions: total, proposals: out.length }, at: now });
  });
}

export interface ProposalView {
  id: number;
  kind: 'new_topic' | 'join_topic';
  topicId: number | null;
  title: string;
  categoryId: number | null;
  agencyId: number | null;
  score: number;
  status: string;
  petitionIds: number[];
}

/** Open proposals of a unit and period (largest first) and the latest run. */
export async function listProposals(ctx: AppContext, principal: Principal | null, input: { unitCode: string; period: string }) {
  const { target } = await unitTarget(ctx.db, input.unitCode);
  if (!canReadTopics(principal, target)) throw forbidden();
  const rows = await ctx.db.selectFrom('consolidation_proposals').selectAll().where('unit_code', '=', input.unitCode).where('period', '=', input.period).where('status', '=', 'open').orderBy('id').execute();
  const items = rows.length ? await ctx.db.selectFrom('consolidation_proposal_items').select(['proposal_id', 'petition_id']).where('proposal_id', 'in', rows.map((r) => r.id)).execute() : [];
  const run = await ctx.db.selectFrom('consolidation_runs').selectAll().where('unit_code', '=', input.unitCode).where('period', '=', input.period).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const proposals: ProposalView[] = rows
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      topicId: r.topic_id,
      title: r.title,
      categoryId: r.category_id,
      agencyId: r.agency_id,
      score: r.score,
      status: r.status,
      petitionIds: items.filter((i) => i.proposal_id === r.id).map((i) => i.petition_id),
    }))
    .sort((a, b) => b.petitionIds.length - a.petitionIds.length || a.id - b.id);
  return { proposals, run: run ?? null };
}

async function openProposal(ctx: AppContext, principal: Principal | null, id: number) {
  if (!principal) throw unauthorized();
  const p = await ctx.db.selectFrom('consolidation_proposals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound();
  const { target } = await unitTarget(ctx.db, p.unit_code);
  if (!canEditTopics(principal, target)) throw forbidden();
  if (p.status !== 'open') throw new ValidationError({ proposal: 'consolidation.error.proposalClosed' });
  const items = (await ctx.db.selectFrom('consolidation_proposal_items').select('petition_id').where('proposal_id', '=', id).execute()).map((i) => i.petition_id);
  return { p, items, target };
}

/** Accepts a proposal: a new topic of its items (title etc. as the officer edited them), or its items join the topic. */
export async function acceptProposal(ctx: AppContext, principal: Principal | null, id: number, input: unknown): Promise<{ topicId: number }> {
  const { p, items, target } = await openProposal(ctx, principal, id);
  const data = parse(acceptSchema, input ?? {});
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    // Items the officer has grouped since the run stay where they are.
    const taken = new Set((await tx.selectFrom('consolidation_members').select('petition_id').where('petition_id', 'in', items.length ? items : [0]).execute()).map((m) => m.petition_id));
    const free = items.filter((i) => !taken.has(i));
    let topicId = p.topic_id;
    if (p.kind === 'new_topic') {
      const row = await tx
        .insertInto('consolidation_topics')
        .values({
          unit_code: p.unit_code,
          province_code: target.provinceCode,
          period: p.period,
          title: data.title ?? p.title,
          summary: data.summary ?? '',
          category_id: data.categoryId ?? p.category_id,
          agency_id: data.agencyId ?? p.agency_id,
          merged_into_id: null,
          created_by: principal!.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      topicId = row.id;
    }
    await attach(tx, topicId!, free, 'accepted', principal!.id, now);
    await tx.updateTable('consolidation_proposals').set({ status: 'accepted', decided_by: principal!.id, decided_at: now, topic_id: topicId }).where('id', '=', p.id).execute();
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.proposal.accept', entityType: ENTITY, entityId: topicId!, after: { proposalId: p.id, petitionIds: free, ...data }, at: now });
    return { topicId: topicId! };
  });
}

/** Rejects a proposal: its petitions are not proposed as a new group again in this period. */
export async function rejectProposal(ctx: AppContext, principal: Principal | null, id: number): Promise<void> {
  const { p, items } = await openProposal(ctx, principal, id);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('consolidation_proposals').set({ status: 'rejected', decided_by: principal!.id, decided_at: now }).where('id', '=', p.id).execute();
    if (items.length) {
      await tx
        .insertInto('consolidation_decisions')
        .values(items.map((i) => ({ unit_code: p.unit_code, period: p.period, kind: p.kind === 'join_topic' ? ('removed' as const) : ('rejected' as const), petition_id: i, topic_id: p.topic_id, decided_by: principal!.id, decided_at: now })))
        .execute();
    }
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.proposal.reject', entityType: 'consolidation_proposal', entityId: p.id, after: { petitionIds: items }, at: now });
  });
}

/** Splits the chosen items off into a proposal of their own (each part is then accepted or rejected). */
export async function splitProposal(ctx: AppContext, principal: Principal | null, id: number, input: unknown): Promise<{ proposalId: number }> {
  const { p, items } = await openProposal(ctx, principal, id);
  const data = parse(splitSchema, input);
  const chosen = data.petitionIds.filter((x) => items.includes(x));
  if (!chosen.length || chosen.length >= items.length) throw new ValidationError({ petitionIds: 'consolidation.error.splitAll' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const first = (await listForConsolidation(tx, { ids: [chosen[0]] }))[0];
    const row = await tx
      .insertInto('consolidation_proposals')
      .values({ run_id: p.run_id, unit_code: p.unit_code, period: p.period, kind: 'new_topic', topic_id: null, title: data.title ?? first?.title ?? p.title, category_id: p.category_id, agency_id: p.agency_id, score: p.score, decided_by: null, decided_at: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('consolidation_proposal_items').set({ proposal_id: row.id }).where('proposal_id', '=', p.id).where('petition_id', 'in', chosen).execute();
    await audit(tx, { actor: actorOf(principal), action: 'consolidation.proposal.split', entityType: 'consolidation_proposal', entityId: p.id, after: { newProposalId: row.id, petitionIds: chosen }, at: now });
    return { proposalId: row.id };
  });
}
