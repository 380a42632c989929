import type { AppContext } from '../../../platform/context';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { forbidden, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { planSchema } from '../schema';
import { listUnitCommitments, type CommitmentSummary } from './read';

/** The units where the caller is the Front (MTTQ or Ban TTND): where they supervise. */
export function frontUnits(p: Principal | null): string[] {
  return [...new Set((p?.roles ?? []).filter((g) => g.role === 'front_officer').map((g) => g.unitCode))];
}

export interface SupervisionPlan {
  id: number;
  unitCode: string;
  title: string;
  periodFrom: string;
  periodTo: string;
  commitmentIds: number[];
}

const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** The Front's supervision plan for a period: the commitments of its unit it will check. */
export async function createSupervisionPlan(ctx: AppContext, actor: Principal | null, input: unknown): Promise<SupervisionPlan> {
  if (!actor) throw unauthorized();
  const grant = actor.roles.find((g) => g.role === 'front_officer');
  if (!grant) throw forbidden('commitments.error.forbidden.finding');
  const d = parse(planSchema, input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const ids = [...new Set(d.commitmentIds)];
    if (ids.length) {
      const found = await tx.selectFrom('commitments').select('id').where('id', 'in', ids).where('unit_code', '=', grant.unitCode).execute();
      if (found.length !== ids.length) throw new ValidationError({ commitmentIds: 'commitments.error.planItems' });
    }
    const r = await tx
      .insertInto('supervision_plans')
      .values({ unit_code: grant.unitCode, agency_id: grant.agencyId, title: d.title, period_from: d.periodFrom, period_to: d.periodTo, created_by: actor.id, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (ids.length) await tx.insertInto('supervision_plan_items').values(ids.map((c) => ({ plan_id: r.id, commitment_id: c }))).execute();
    await audit(tx, { actor: actorOf(actor), action: 'commitment.plan', entityType: 'supervision_plan', entityId: r.id, after: { ...d, unitCode: grant.unitCode }, at: now });
    return { id: r.id, unitCode: grant.unitCode, title: d.title, periodFrom: d.periodFrom, periodTo: d.periodTo, commitmentIds: ids };
  });
}

/** The plans of the units, newest first, with their commitments. */
export async function listSupervisionPlans(ctx: AppContext, unitCodes: string[]): Promise<Array<SupervisionPlan & { items: CommitmentSummary[] }>> {
  if (!unitCodes.length) return [];
  const plans = await ctx.db.selectFrom('supervision_plans').selectAll().where('unit_code', 'in', unitCodes).orderBy('period_from', 'desc').orderBy('id', 'desc').limit(20).execute();
  const out = [];
  for (const p of plans) {
    const items = await ctx.db.selectFrom('supervision_plan_items').select('commitment_id').where('plan_id', '=', p.id).execute();
    const ids = new Set(items.map((i) => i.commitment_id));
    const all = ids.size ? (await listUnitCommitments(ctx, [p.unit_code], {}, 500)).items.filter((i) => ids.has(i.id)) : [];
    out.push({ id: p.id, unitCode: p.unit_code, title: p.title, periodFrom: day(p.period_from), periodTo: day(p.period_to), commitmentIds: [...ids], items: all });
  }
  return out;
}
