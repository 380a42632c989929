import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { audit, SYSTEM_ACTOR } from '../../platform/audit/audit';
import type { RecurringJob } from '../../platform/jobs/jobs';
import { listAgencies } from '../directory/service';
import { usersWithRole } from '../accounts/service';
import { notifyAll } from '../notifications/service';
import { addWorkingDaysFrom } from '../calendar/service';
import { OPEN_STATES } from './model';
import { commitmentSettings } from './settings';
import { todayVN } from './service/common';
import { commitmentPath, ENTITY } from './service/notify';
import { remindReceptionDays } from './reception/jobs';
import { forgetLists } from './service/cache';

const BATCH = 2000;
const working = sql.join(OPEN_STATES.map((s) => sql`${s}`));

interface Changed {
  id: number;
  code: string;
  text: string;
  deadline: string;
  agency_id: number;
  officer_id: number | null;
  province_code: string;
  old_level: number;
  new_level: number;
}

/**
 * The overdue scan (every 15 minutes), set-based so it stays within seconds over the whole register: due soon →
 * the responsible officer (or the agency's officers); overdue → the agency's head; overdue by N more working days
 * (setting) → the supervisors of the level above. Each level once per deadline (an extension resets it); each
 * batch in one transaction with its events, notices and one audit entry naming the commitments it moved.
 */
export async function scanCommitmentDeadlines(ctx: AppContext): Promise<{ changed: number; notified: number }> {
  const s = await commitmentSettings(ctx.db);
  const now = ctx.clock.now();
  const today = todayVN(ctx);
  const soon = await addWorkingDaysFrom(ctx, today, s['commitments.dueSoonDays']);
  const above = s['commitments.escalate.aboveAfterDays'] > 0 ? await addWorkingDaysFrom(ctx, today, -s['commitments.escalate.aboveAfterDays']) : today;
  // `deadline` is the commitment's own column in both the scan and the update (the CTE carries no deadline).
  const stateOf = sql`case when deadline < ${today} then 'overdue' when deadline <= ${soon} then 'due_soon' else 'ok' end`;
  const levelOf = sql`case when deadline < ${above} then 3 when deadline < ${today} then 2 when deadline <= ${soon} then 1 else 0 end`;
  let changed = 0;
  let notified = 0;
  for (;;) {
    const n = await ctx.db.transaction().execute(async (tx) => {
      const r = await sql<Changed>`
        with due as (
          select id, escalation_level from commitments
          where state in (${working}) and deadline <= ${soon} and (due_state <> ${stateOf} or escalation_level < ${levelOf})
          order by id limit ${BATCH} for update skip locked)
        update commitments c set due_state = ${stateOf}, escalation_level = greatest(c.escalation_level, ${levelOf}),
          updated_at = ${now}
        from due where c.id = due.id
        returning c.id, c.code, c.text, c.deadline::text as deadline, c.agency_id, c.officer_id, c.province_code, due.escalation_level as old_level, c.escalation_level as new_level`.execute(tx);
      if (!r.rows.length) return 0;
      notified += await escalate(tx, r.rows, now);
      await audit(tx, { actor: SYSTEM_ACTOR, action: 'commitment.deadline', entityType: ENTITY, entityId: r.rows[0].id, after: { today, moved: r.rows.map((x) => [x.id, x.new_level]) }, at: now });
      return r.rows.length;
    });
    changed += n;
    if (n < BATCH) break;
  }
  if (changed) forgetLists();
  return { changed, notified };
}

const EVENTS = ['', 'due_soon', 'overdue', 'escalated'] as const;

async function escalate(tx: Executor, rows: Changed[], now: Date): Promise<number> {
  const staff = new Map<string, number[]>();
  const cached = async (key: string, load: () => Promise<number[]>) => {
    if (!staff.has(key)) staff.set(key, await load());
    return staff.get(key)!;
  };
  const supervisors = (province: string) =>
    cached(`sup:${province}`, async () => {
      const ids = new Set<number>();
      for (const a of await listAgencies(tx, { unitCode: province, limit: 5000 })) for (const id of await usersWithRole(tx, { role: 'supervisor', agencyId: a.id })) ids.add(id);
      return [...ids];
    });
  const events: Array<Record<string, unknown>> = [];
  const notices: Parameters<typeof notifyAll>[1] = [];
  // The level above gets one notice per province and scan (how many went past the further limit), not one each.
  const aboveBy = new Map<string, number>();
  for (const c of rows) {
    for (let l = Number(c.old_level) + 1; l <= Number(c.new_level); l++) {
      const event = EVENTS[l];
      events.push({ commitment_id: c.id, type: event, public: l >= 2, actor_id: null, actor_label: SYSTEM_ACTOR.label, data: JSON.stringify({ level: l, due: c.deadline }), at: now });
      if (l === 3) {
        aboveBy.set(c.province_code, (aboveBy.get(c.province_code) ?? 0) + 1);
        continue;
      }
      const officers = c.officer_id ? [c.officer_id] : await cached(`o:${c.agency_id}`, () => usersWithRole(tx, { role: 'officer', agencyId: c.agency_id }));
      const recipients = l === 1 ? officers : [...(await cached(`h:${c.agency_id}`, () => usersWithRole(tx, { role: 'head', agencyId: c.agency_id }))), ...officers];
      if (recipients.length)
        notices.push({
          recipients,
          event: `commitment.${event}`,
          titleKey: `commitments.notify.${event}.title`,
          bodyKey: `commitments.notify.${event}.body`,
          params: { code: c.code, text: c.text.length > 120 ? `${c.text.slice(0, 117)}…` : c.text, due: c.deadline.split('-').reverse().join('/') },
          link: commitmentPath(c),
          entity: { type: ENTITY, id: c.id },
          at: now,
        });
    }
  }
  for (const [province, n] of aboveBy) {
    const recipients = await supervisors(province);
    if (recipients.length)
      notices.push({ recipients, event: 'commitment.escalated', titleKey: 'commitments.notify.escalated.title', bodyKey: 'commitments.notify.escalated.body', params: { n }, link: '/can-bo/cam-ket/tong-quan', entity: { type: 'commitment_escalation', id: province }, at: now });
  }
  for (let i = 0; i < events.length; i += 1000) await tx.insertInto('commitment_events').values(events.slice(i, i + 1000) as never).execute();
  await notifyAll(tx, notices);
  return notices.length;
}

export const RECURRING: RecurringJob[] = [
  { name: 'commitments.deadlines', everyMinutes: 15, run: async (ctx) => void (await scanCommitmentDeadlines(ctx)) },
  { name: 'commitments.receptionReminders', everyMinutes: 24 * 60, run: async (ctx) => void (await remindReceptionDays(ctx)) },
];
