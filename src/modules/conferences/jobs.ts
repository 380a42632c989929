import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import type { JobHandler, RecurringJob } from '../../platform/jobs/jobs';
import { audit, SYSTEM_ACTOR } from '../../platform/audit/audit';
import { getSetting } from '../../platform/settings/settings';
import { formatDate, formatDateTime, translate } from '../../platform/i18n/i18n';
import { notify } from '../notifications/service';
import { fitSms, smsAdapter } from '../notifications/sms';
import { SETTINGS } from './settings';
import { toConference } from './service/common';
import { notifyAgencies, notifyRegistrants, SMS_JOB } from './service/notify';

/** An SMS to someone registered without an account (their phone is all we have). */
const sendSms: JobHandler = async (ctx, payload: { to: string; conferenceId: number; event: string; params: Record<string, string | number> }) => {
  const title = translate('vi', `conferences.notify.${payload.event}.title`, payload.params);
  const url = `${ctx.config.publicUrl}/hoi-nghi/${payload.conferenceId}`;
  await smsAdapter(ctx.log).send(payload.to, fitSms(`${translate('vi', 'conferences.sms.prefix')}: `, title, url));
};

/**
 * Reminders (every half hour): the registered before the day, the agencies that still owe a prepared answer,
 * and the organisers as the results deadline approaches. Each is sent once (its time is kept on the conference).
 */
export async function runReminders(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const hours = await getSetting<number>(ctx.db, SETTINGS.registrantReminderHours);
  const resultsDays = await getSetting<number>(ctx.db, SETTINGS.resultsDays);
  const reminderDays = await getSetting<number>(ctx.db, SETTINGS.reminderDays);
  const soon = await ctx.db
    .selectFrom('conferences')
    .select('id')
    .where('status', '=', 'announced')
    .where('registrants_reminded_at', 'is', null)
    .where('starts_at', '>', now)
    .where('starts_at', '<=', new Date(now.getTime() + hours * 3600_000))
    .execute();
  for (const { id } of soon) {
    await ctx.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('conferences').selectAll().where('id', '=', id).where('registrants_reminded_at', 'is', null).forUpdate().executeTakeFirst();
      if (!row) return;
      const c = toConference(row);
      const at = formatDateTime(c.startsAt);
      await notifyRegistrants(ctx, tx, c, 'reminder', { at });
      const owed = await tx
        .selectFrom('conference_questions')
        .select(['assigned_agency_id', sql<number>`count(*)::int`.as('n')])
        .where('conference_id', '=', id)
        .where('assigned_agency_id', 'is not', null)
        .where('prepared_answer', 'is', null)
        .where('status', 'in', ['pending', 'queued'])
        .groupBy('assigned_agency_id')
        .execute();
      for (const o of owed) await notifyAgencies(ctx, tx, c, [Number(o.assigned_agency_id)], 'prepare', { count: Number(o.n), at });
      await tx.updateTable('conferences').set({ registrants_reminded_at: now }).where('id', '=', id).execute();
      await audit(tx, { actor: SYSTEM_ACTOR, action: 'conference.remind', entityType: 'conference', entityId: id, at: now });
    });
  }
  const dueBefore = new Date(now.getTime() - Math.max(0, resultsDays - reminderDays) * 86400_000);
  const due = await ctx.db.selectFrom('conferences').select('id').where('status', '=', 'held').where('results_reminded_at', 'is', null).where('ended_at', '<=', dueBefore).execute();
  for (const { id } of due) {
    await ctx.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('conferences').selectAll().where('id', '=', id).where('results_reminded_at', 'is', null).forUpdate().executeTakeFirst();
      if (!row) return;
      const c = toConference(row);
      const dueOn = formatDate(new Date((c.endedAt ?? c.endsAt).getTime() + resultsDays * 86400_000));
      await notifyAgencies(ctx, tx, c, [c.agencyId], 'resultsDue', { due: dueOn });
      const chairs = c.chairs.map((ch) => ch.userId);
      if (chairs.length) {
        await notify(tx, {
          recipients: chairs,
          event: 'conference.resultsDue',
          titleKey: 'conferences.notify.resultsDue.title',
          bodyKey: 'conferences.notify.resultsDue.body',
          params: { title: c.title, due: dueOn },
          link: `/can-bo/hoi-nghi/${c.id}`,
          entity: { type: 'conference', id: c.id },
          at: now,
        });
      }
      await tx.updateTable('conferences').set({ results_reminded_at: now }).where('id', '=', id).execute();
    });
  }
}

export const JOBS: Record<string, JobHandler> = { [SMS_JOB]: sendSms };
export const RECURRING: RecurringJob[] = [{ name: 'conferences.reminders', everyMinutes: 30, run: runReminders }];
