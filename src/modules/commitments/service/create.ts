import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { afterCommit } from '../../../platform/db/after-commit';
import { forbidden, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { addDays } from '../../../platform/calendar';
import { getAgencies, getCategory, getUnit } from '../../directory/service';
import { addWorkingDaysFrom } from '../../calendar/service';
import { follow } from '../../notifications/service';
import type { Commitment } from '../model';
import { canRecord } from '../policy';
import { createCommitmentSchema, type CreateCommitmentInput } from '../schema';
import { commitmentSettings } from '../settings';
import { addEvent, inTx, loadCommitment, nextCode, todayVN } from './common';
import { ENTITY, notifyCommitment } from './notify';
import { forgetLists } from './cache';

export interface CreateCommitmentOptions {
  /** Demo seed and benchmark generator only. */
  source?: 'live' | 'demo' | 'generated';
  /** Demo seed only: when it was recorded (defaults to the clock). */
  at?: Date;
  /** Demo seed only: nobody is told. */
  silent?: boolean;
}

/**
 * Records a commitment (cam kết) made on a conference floor, at a reception day or in a petition's answer.
 * Runs in the caller's transaction when `tx` is given (a conference's minutes, a reception case), else in its own.
 * The deadline is a date or a number of working days after the day it was promised; a topic promised before
 * and not kept (or left overdue) in the unit flags it kéo dài. The citizens it answers follow it.
 */
export async function createCommitment(
  ctx: AppContext,
  actor: Principal | null,
  input: CreateCommitmentInput | Record<string, unknown>,
  tx?: Executor,
  opts: CreateCommitmentOptions = {},
): Promise<Commitment> {
  if (!actor) throw unauthorized();
  const data = parse(createCommitmentSchema, input);
  const now = opts.at ?? ctx.clock.now();
  const today = todayVN({ clock: { now: () => now } });
  const promisedOn = data.promisedOn ?? today;
  // The working calendar is read before the transaction (it is cached; see docs/architecture.md).
  const deadline = data.deadline ?? (await addWorkingDaysFrom(ctx, promisedOn, data.deadlineWorkingDays!));
  if (deadline < promisedOn) throw new ValidationError({ deadline: 'commitments.error.deadlineBeforePromise' });
  const s = await commitmentSettings(ctx.db);

  const created = await inTx(ctx, tx, async (tx) => {
    const unit = await getUnit(tx, data.unitCode);
    if (!unit || unit.level === 'village') throw new ValidationError({ unitCode: 'commitments.error.unit' });
    const agencyIds = [data.agencyId, ...data.coAgencyIds];
    const agencies = await getAgencies(tx, agencyIds);
    if (!agencies.get(data.agencyId)?.active) throw new ValidationError({ agencyId: 'commitments.error.agency' });
    if (data.coAgencyIds.some((a) => !agencies.get(a)?.active)) throw new ValidationError({ coAgencyIds: 'commitments.error.agency' });
    if (data.categoryId && !(await getCategory(tx, data.categoryId))) throw new ValidationError({ categoryId: 'commitments.error.category' });
    if (!canRecord(actor, { unitCode: unit.code, provinceCode: unit.provinceCode, agencyId: data.agencyId })) throw forbidden('commitments.error.mayNotRecord');

    const keoDai = data.topicId ? await promisedBeforeAndNotKept(tx, unit.code, data.topicId, addDays(today, -s['commitments.keoDai.lookbackDays']), today) : false;
    const year = Number(today.slice(0, 4));
    const row = await tx
      .insertInto('commitments')
      .values({
        code: nextCode(year),
        unit_code: unit.code,
        province_code: unit.provinceCode,
        source_kind: data.source.kind,
        source_ref_id: data.source.refId,
        source_href: data.source.href,
        source_label: data.source.label,
        promised_by_name: data.promisedBy.name,
        promised_by_title: data.promisedBy.title,
        promised_on: promisedOn,
        agency_id: data.agencyId,
        officer_id: data.officerId ?? null,
        co_agency_ids: JSON.stringify([...new Set(data.coAgencyIds)]),
        deadline,
        original_deadline: deadline,
        text: data.text,
        topic_id: data.topicId ?? null,
        category_id: data.categoryId ?? null,
        petition_ids: JSON.stringify([...new Set(data.petitionIds)]),
        state: 'open',
        keo_dai: keoDai,
        is_public: data.isPublic,
        source: opts.source ?? 'live',
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    const citizens = [...new Set(data.citizenIds)];
    if (citizens.length) {
      await tx.insertInto('commitment_citizens').values(citizens.map((u) => ({ commitment_id: row.id, user_id: u }))).execute();
      for (const u of citizens) await follow(tx, u, ENTITY, row.id);
    }
    const who = actorOf(actor);
    await addEvent(tx, { commitmentId: row.id, type: 'created', to: 'open', public: true, actor: who, data: { deadline, keoDai }, at: now });
    await audit(tx, {
      actor: who,
      action: 'commitment.create',
      entityType: ENTITY,
      entityId: row.id,
      after: { code: row.code, source: data.source, agencyId: data.agencyId, deadline, keoDai, citizens: citizens.length },
      at: now,
    });
    const created = await loadCommitment(tx, ctx, row.id);
    if (!opts.silent) await notifyCommitment(tx, created, 'created', { at: now, actorId: actor.id });
    // In a caller's transaction (a conference's answer, a reception case) too: the lists are emptied once it commits.
    await afterCommit(tx, forgetLists);
    return created;
  });
  return created;
}

/** The unit's earlier commitment on the topic that the Front found not kept, or that is still overdue. */
async function promisedBeforeAndNotKept(tx: Executor, unitCode: string, topicId: string, since: string, today: string): Promise<boolean> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from commitments
    where unit_code = ${unitCode} and topic_id = ${topicId} and promised_on >= ${since}
      and (state = 'verified_not_kept' or (state in ('open','in_progress') and deadline < ${today}))`.execute(tx);
  return r.rows[0].n > 0;
}
