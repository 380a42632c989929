import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import { audit, SYSTEM_ACTOR } from '../../platform/audit/audit';
import type { RecurringJob } from '../../platform/jobs/jobs';
import { listAgencies } from '../directory/service';
import { usersWithRole } from '../accounts/service';
import { CODE_PREFIX, OPEN_STATES } from './model';
import { petitionSettings } from './settings';
import { addEvent, ensureCodeSequences, PETITION_COLUMNS, todayVN } from './service/common';
import { dueDate } from './service/deadlines';
import { agencyStaff, notifyPetition } from './service/notify';
import { runTransition } from './service/transitions';
import { refreshVocabulary } from './service/read';
import { forgetPublicResults } from './service/public-cache';
import { trimSearchChanges } from './service/public-index';
import { compactPetitionStats } from './service/aggregate';

/**
 * The deadline scan (every 15 minutes): marks due-soon and overdue petitions and escalates each once per
 * deadline — level 1 (due soon): the handling officer (or the agency's officers when unassigned); level 2
 * (overdue): the head; level 3 (overdue by N more working days): the supervisors of the level above (the
 * province's agencies). Each step in its own transaction, audited. Also: automatic closing of answered
 * petitions after the configured period, kéo dài for petitions open too long, expired idempotency keys.
 */
export async function scanDeadlines(ctx: AppContext): Promise<{ escalated: number; closed: number; keoDai: number }> {
  const s = await petitionSettings(ctx.db);
  const now = ctx.clock.now();
  const today = todayVN(ctx);
  const soonLimit = await dueDate(ctx, today, s['petitions.dueSoonDays'], 'working');
  const aboveLimit = await dueDate(ctx, today, -s['petitions.escalate.aboveAfterDays'], 'working');
  const supervisorsOf = new Map<string, number[]>();
  // Called inside a transaction: query through it (on the embedded database, ctx.db would wait for it).
  const supervisors = async (tx: typeof ctx.db, provinceCode: string) => {
    if (!supervisorsOf.has(provinceCode)) {
      const ids = new Set<number>();
      for (const a of await listAgencies(tx, { unitCode: provinceCode, limit: 5000 })) {
        for (const id of await usersWithRole(tx, { role: 'supervisor', agencyId: a.id })) ids.add(id);
      }
      supervisorsOf.set(provinceCode, [...ids]);
    }
    return supervisorsOf.get(provinceCode)!;
  };

  let escalated = 0;
  let lastId = 0;
  const open = sql.join(OPEN_STATES.map((x) => sql`${x}`));
  for (;;) {
    const batch = await sql<{ id: number }>`
      select id from petitions
      where step_due is not null and step_due <= ${soonLimit} and status in (${open}) and id > ${lastId}
        and (escalation_level < 3 or due_state <> 'overdue')
      order by id limit 200`.execute(ctx.db);
    if (!batch.rows.length) break;
    for (const { id } of batch.rows) {
      lastId = id;
      const changed = await ctx.db.transaction().execute(async (tx) => {
        const p = await tx.selectFrom('petitions').select(PETITION_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!p || !p.step_due || !(OPEN_STATES as readonly string[]).includes(p.status)) return false;
        const due = p.step_due;
        const state = due < today ? 'overdue' : due <= soonLimit ? 'due_soon' : 'ok';
        const level = due < aboveLimit ? 3 : due < today ? 2 : due <= soonLimit ? 1 : 0;
        if (state === p.due_state && level <= p.escalation_level) return false;
        const newLevel = Math.max(level, p.escalation_level);
        await tx.updateTable('petitions').set({ due_state: state, escalation_level: newLevel, updated_at: now }).where('id', '=', id).execute();
        const handler = p.assignee_id ? [p.assignee_id] : await agencyStaff(tx, p.agency_id, ['officer']);
        const ref = { id: p.id, code: p.code, title: p.title, status: p.status, track: p.track };
        const params = { due: due.split('-').reverse().join('/') };
        for (let l = p.escalation_level + 1; l <= newLevel; l++) {
          const recipients =
            l === 1 ? handler : l === 2 ? [...(await agencyStaff(tx, p.agency_id, ['head'])), ...handler] : await supervisors(tx, p.province_code);
          const event = l === 1 ? 'due_soon' : l === 2 ? 'overdue' : 'escalated';
          await addEvent(tx, { petitionId: id, type: event, from: p.status, to: p.status, actor: SYSTEM_ACTOR, public: false, data: { level: l, due }, at: now });
          await notifyPetition(tx, ref, event, recipients, { params, at: now });
        }
        await audit(tx, {
          actor: SYSTEM_ACTOR,
          action: 'petition.deadline',
          entityType: 'petition',
          entityId: id,
          before: { dueState: p.due_state, escalationLevel: p.escalation_level },
          after: { dueState: state, escalationLevel: newLevel, stepDue: due },
          at: now,
        });
        return newLevel > p.escalation_level;
      });
      if (changed) escalated++;
    }
  }

  // Automatic closing after the period, when the citizen neither rated nor reopened.
  const closeBefore = new Date(now.getTime() - s['petitions.autoCloseDays'] * 86_400_000);
  const toClose = await ctx.db
    .selectFrom('petitions')
    .select('id')
    .where('status', 'in', ['answered', 'directed'])
    .where('answered_at', '<', closeBefore)
    .orderBy('id')
    .limit(500)
    .execute();
  let closed = 0;
  for (const { id } of toClose) {
    await ctx.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('petitions').select(PETITION_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row || !['answered', 'directed'].includes(row.status)) return;
      await runTransition(tx, ctx, 'system', row, { action: 'close' });
      closed++;
    });
  }

  // Kéo dài: open longer than the configured number of days.
  const openBefore = new Date(now.getTime() - s['petitions.keoDai.openDays'] * 86_400_000);
  const longOpen = await ctx.db
    .selectFrom('petitions')
    .select('id')
    .where('status', 'in', [...OPEN_STATES])
    .where('keo_dai', '=', false)
    .where('submitted_at', '<', openBefore)
    .orderBy('id')
    .limit(500)
    .execute();
  for (const { id } of longOpen) {
    await ctx.db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('petitions').set({ keo_dai: true, updated_at: now }).where('id', '=', id).where('keo_dai', '=', false).returning(['id', 'status']).executeTakeFirst();
      if (!row) return;
      await addEvent(tx, { petitionId: id, type: 'flag_keo_dai', from: null, to: null, actor: SYSTEM_ACTOR, public: false, data: { openDays: s['petitions.keoDai.openDays'] }, at: now });
      await audit(tx, { actor: SYSTEM_ACTOR, action: 'petition.flag_keo_dai', entityType: 'petition', entityId: id, after: { keoDai: true }, at: now });
    });
  }

  // Petitions closed or flagged above show so in the public lists at once.
  forgetPublicResults();

  // New words for matching mistyped search words (and their counts, which let the search choose its plan).
  await refreshVocabulary(ctx.db, { settledBefore: new Date(now.getTime() - 60_000) });

  // Next year's tracking-code sequences exist before New Year's first petition.
  const year = Number(today.slice(0, 4));
  await ensureCodeSequences(ctx.db, Object.values(CODE_PREFIX), [year, year + 1]);

  // The public index's change log is kept a day (a process that has not looked for hours rebuilds its index).
  await trimSearchChanges(ctx.db);

  const ttl = new Date(now.getTime() - s['petitions.idempotency.ttlHours'] * 3600_000);
  await ctx.db.deleteFrom('idempotency_keys').where('created_at', '<', ttl).execute();
  return { escalated, closed, keoDai: longOpen.length };
}

export const RECURRING: RecurringJob[] = [
  { name: 'petitions.deadlines', everyMinutes: 15, run: async (ctx) => void (await scanDeadlines(ctx)) },
  // The dashboards' aggregate stays right without it; folding keeps what they sum small.
  { name: 'petitions.statsCompact', everyMinutes: 1, run: async (ctx) => void (await compactPetitionStats(ctx.db)) },
];
