import type { AppContext } from '../../../platform/context';
import { ValidationError } from '../../../platform/http/errors';
import { listForConsolidation } from '../../petitions/service';
import type { Dossier, Topic } from '../model';
import { periodRange } from '../period';
import { inChunks, loadMembers, summarise, toItem, topicRows, unitTarget } from './read';

/**
 * The consolidated dossier of a unit and period: its topics (pressing first) and the petitions left ungrouped.
 * Its id is stable (one row per unit and period, made the first time it is asked for): what a conference's agenda
 * is built from. Service for other modules: no permission check here; routes check `consolidation.topic.view`.
 */
export async function getDossier(ctx: Pick<AppContext, 'db' | 'clock'>, input: { unitCode: string; period: string }): Promise<Dossier> {
  const range = periodRange(input.period);
  if (!range) throw new ValidationError({ period: 'consolidation.error.period' });
  const { unit } = await unitTarget(ctx.db, input.unitCode);
  const id = await dossierId(ctx, unit.code, input.period);
  const rows = await topicRows(ctx.db, unit.code, input.period);
  const topics = await summarise(ctx, rows);
  const grouped = await ctx.db
    .selectFrom('consolidation_members as m')
    .innerJoin('consolidation_topics as t', 't.id', 'm.topic_id')
    .select('m.petition_id')
    .where('t.unit_code', '=', unit.code)
    .execute();
  const inTopic = new Set(grouped.map((g) => g.petition_id));
  const all = await listForConsolidation(ctx.db, { unitCodes: [unit.code], from: range.from, to: range.to });
  return {
    id,
    key: `${unit.code}:${input.period}`,
    unitCode: unit.code,
    unitName: unit.fullName,
    period: input.period,
    from: range.from,
    to: range.to,
    topics,
    ungroupedPetitionIds: all.filter((p) => !inTopic.has(p.id)).map((p) => p.id),
  };
}

async function dossierId(ctx: Pick<AppContext, 'db' | 'clock'>, unitCode: string, period: string): Promise<number> {
  const found = await ctx.db.selectFrom('consolidation_dossiers').select('id').where('unit_code', '=', unitCode).where('period', '=', period).executeTakeFirst();
  if (found) return found.id;
  await ctx.db
    .insertInto('consolidation_dossiers')
    .values({ unit_code: unitCode, period, created_at: ctx.clock.now() })
    .onConflict((oc) => oc.columns(['unit_code', 'period']).doNothing())
    .execute();
  const row = await ctx.db.selectFrom('consolidation_dossiers').select('id').where('unit_code', '=', unitCode).where('period', '=', period).executeTakeFirstOrThrow();
  return row.id;
}

/** The dossier with every topic's items and the ungrouped petitions (for the DOCX / XLSX documents). */
export async function dossierContent(ctx: Pick<AppContext, 'db' | 'clock'>, input: { unitCode: string; period: string }) {
  const dossier = await getDossier(ctx, input);
  const members = await loadMembers(ctx.db, dossier.topics.map((t) => t.id));
  const topics: Topic[] = dossier.topics.map((t) => ({
    ...t,
    items: (members.byTopic.get(t.id) ?? []).sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime()).map((p) => toItem(p, members)),
  }));
  const ungroupedRows = await listForConsolidation(ctx.db, { ids: dossier.ungroupedPetitionIds });
  const orgs = await loadGatheredOf(ctx, dossier.ungroupedPetitionIds);
  const ungrouped = ungroupedRows.map((p) => toItem(p, orgs));
  return { dossier, topics, ungrouped };
}

async function loadGatheredOf(ctx: Pick<AppContext, 'db'>, ids: number[]) {
  const organisation = new Map<number, string>();
  const village = new Map<number, string>();
  if (ids.length) {
    const rows = await inChunks(ids, (c) =>
      ctx.db
        .selectFrom('consolidation_gathering_items as i')
        .innerJoin('consolidation_gatherings as g', 'g.id', 'i.gathering_id')
        .select(['i.petition_id', 'i.village', 'g.organisation'])
        .where('i.petition_id', 'in', c)
        .execute(),
    );
    for (const r of rows) {
      organisation.set(r.petition_id, r.organisation);
      if (r.village) village.set(r.petition_id, r.village);
    }
  }
  return { byTopic: new Map(), organisation, village };
}
