// The row of a commented thing (comment_targets): created with its first comment, its counts and version kept.
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import { commentTarget } from '../targets';

export async function ensureTarget(tx: Executor, targetType: string, targetId: number, now: Date): Promise<void> {
  const exists = await tx
    .selectFrom('comment_targets')
    .select('target_id')
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  if (exists) return;
  const def = commentTarget(targetType);
  const scope = def?.scope ? await def.scope(tx, targetId) : { unitCode: null, agencyId: null };
  await tx
    .insertInto('comment_targets')
    .values({ target_type: targetType, target_id: targetId, unit_code: scope.unitCode, agency_id: scope.agencyId, updated_at: now })
    .onConflict((oc) => oc.columns(['target_type', 'target_id']).doNothing())
    .execute();
}

/** Marks a target as changed (its pages are read afresh). */
export async function touchTarget(tx: Executor, targetType: string, targetId: number, at: Date): Promise<void> {
  await tx
    .updateTable('comment_targets')
    .set((eb) => ({ updated_at: sql<Date>`greatest(${eb.ref('updated_at')} + interval '1 millisecond', ${at})` }))
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .execute();
}

/** Adds delta to the cached counts of a target (a comment became visible: +1; stopped being visible: −1). */
export async function bumpCounts(tx: Executor, c: { target_type: string; target_id: number | string; parent_id: number | string | null }, delta: number, now: Date) {
  await tx
    .updateTable('comment_targets')
    .set((eb) => ({
      visible_count: eb('visible_count', '+', delta),
      top_count: c.parent_id == null ? eb('top_count', '+', delta) : eb.ref('top_count'),
      updated_at: sql<Date>`greatest(${eb.ref('updated_at')} + interval '1 millisecond', ${now})`,
    }))
    .where('target_type', '=', c.target_type)
    .where('target_id', '=', Number(c.target_id))
    .execute();
  if (c.parent_id != null) {
    await tx
      .updateTable('comments')
      .set((eb) => ({ reply_count: eb('reply_count', '+', delta) }))
      .where('id', '=', Number(c.parent_id))
      .execute();
  }
}

