import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { ValidationError, forbidden } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { getSetting } from '../../../platform/settings/settings';
import { childUnits, getUnit } from '../../directory/service';
import { canManage, canOversee } from '../policy';
import { planSchema } from '../schema';
import { SETTINGS } from '../settings';
import { actor } from './common';

export interface PlanItem {
  id: number;
  quarter: number;
  topic: string;
  conferenceId: number | null;
}

export interface Plan {
  id: number;
  unitCode: string;
  year: number;
  note: string | null;
  items: PlanItem[];
}

export async function getPlan(db: Executor, unitCode: string, year: number): Promise<Plan | null> {
  const plan = await db.selectFrom('conference_plans').selectAll().where('unit_code', '=', unitCode).where('year', '=', year).executeTakeFirst();
  if (!plan) return null;
  const items = await db.selectFrom('conference_plan_items').selectAll().where('plan_id', '=', plan.id).orderBy('quarter').orderBy('id').execute();
  return { id: plan.id, unitCode, year, note: plan.note, items: items.map((i) => ({ id: i.id, quarter: i.quarter, topic: i.topic, conferenceId: i.conference_id })) };
}

/** Saves the unit's yearly plan (planned conferences by quarter, with their topics); items already held keep their link. */
export async function savePlan(ctx: AppContext, p: Principal | null, input: unknown): Promise<Plan> {
  const data = parse(planSchema, input);
  const unit = await getUnit(ctx.db, data.unitCode);
  if (!unit) throw new ValidationError({ unitCode: 'conferences.error.unit' });
  if (!canManage(p, { unitCode: unit.code, provinceCode: unit.provinceCode })) throw forbidden();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const before = await getPlan(tx, unit.code, data.year);
    let planId = before?.id;
    if (!planId) {
      planId = (await tx.insertInto('conference_plans').values({ unit_code: unit.code, year: data.year, note: data.note ?? null, created_by: p?.id ?? null, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      await tx.updateTable('conference_plans').set({ note: data.note ?? null }).where('id', '=', planId).execute();
    }
    await tx.deleteFrom('conference_plan_items').where('plan_id', '=', planId).where('conference_id', 'is', null).execute();
    if (data.items.length) await tx.insertInto('conference_plan_items').values(data.items.map((i) => ({ plan_id: planId!, quarter: i.quarter, topic: i.topic, conference_id: null }))).execute();
    await audit(tx, { actor: actor(p), action: 'conference.plan.save', entityType: 'conference_plan', entityId: planId, before, after: data, at: now });
  });
  return (await getPlan(ctx.db, unit.code, data.year))!;
}

export interface UnitProgress {
  unitCode: string;
  unitName: string;
  required: number;
  planned: number;
  held: number;
  behind: boolean;
  /** Held conferences whose results were not published within the setting's days. */
  lateResults: number;
  /** Reports sent up and not yet acknowledged. */
  unacknowledged: number;
}

/**
 * The level above's view: for every commune of the province, the conferences required this year (the frequency
 * setting, or more if planned), held so far, and which units are behind plan or late with results.
 */
export async function planProgress(ctx: AppContext, p: Principal | null, provinceCode: string, year: number): Promise<UnitProgress[]> {
  const province = await getUnit(ctx.db, provinceCode);
  if (!province || !canOversee(p, { unitCode: province.code, provinceCode: province.code })) throw forbidden();
  const perYear = await getSetting<number>(ctx.db, SETTINGS.perYear);
  const resultsDays = await getSetting<number>(ctx.db, SETTINGS.resultsDays);
  const from = new Date(`${year}-01-01T00:00:00+07:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+07:00`);
  const now = ctx.clock.now();
  const units = await childUnits(ctx.db, provinceCode);
  const held = await ctx.db
    .selectFrom('conferences')
    .select([
      'unit_code',
      sql<number>`count(*) filter (where status in ('held','results_published','closed'))::int`.as('held'),
      sql<number>`count(*) filter (where status = 'held' and ended_at < ${new Date(now.getTime() - resultsDays * 86400_000)})::int`.as('late'),
      sql<number>`count(*) filter (where report_sent_at is not null and report_ack_at is null)::int`.as('unack'),
    ])
    .where('province_code', '=', provinceCode)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .groupBy('unit_code')
    .execute();
  const planned = await ctx.db
    .selectFrom('conference_plans as p')
    .innerJoin('conference_plan_items as i', 'i.plan_id', 'p.id')
    .select(['p.unit_code', sql<number>`count(*)::int`.as('n')])
    .where('p.year', '=', year)
    .groupBy('p.unit_code')
    .execute();
  const heldBy = new Map(held.map((r) => [r.unit_code, r]));
  const plannedBy = new Map(planned.map((r) => [r.unit_code, Number(r.n)]));
  return units.map((u) => {
    const h = heldBy.get(u.code);
    const pl = plannedBy.get(u.code) ?? 0;
    const required = Math.max(perYear, pl);
    const n = Number(h?.held ?? 0);
    return { unitCode: u.code, unitName: u.fullName, required, planned: pl, held: n, behind: n < required, lateResults: Number(h?.late ?? 0), unacknowledged: Number(h?.unack ?? 0) };
  });
}
