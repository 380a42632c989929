import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { enqueueMany } from '../../../platform/jobs/jobs';
import { notify } from '../../notifications/service';
import { usersWithRole } from '../../accounts/service';
import type { Conference } from '../model';
import { conferencePath, ENTITY } from './common';

export const SMS_JOB = 'conferences.sms';

/**
 * Tells everyone registered (in the app and by e-mail for those with an account; by SMS to the phone of those
 * without one) what happened to the conference: `event` names conferences.notify.<event>.title/.body.
 */
export async function notifyRegistrants(ctx: AppContext, tx: Executor, c: Conference, event: string, params: Record<string, string | number> = {}): Promise<void> {
  const regs = await tx.selectFrom('conference_registrations').select(['user_id', 'phone']).where('conference_id', '=', c.id).where('status', '<>', 'cancelled').execute();
  const users = regs.filter((r) => r.user_id !== null).map((r) => Number(r.user_id));
  const all = { title: c.title, ...params };
  if (users.length) {
    await notify(tx, {
      recipients: users,
      event: `conference.${event}`,
      titleKey: `conferences.notify.${event}.title`,
      bodyKey: `conferences.notify.${event}.body`,
      params: all,
      link: conferencePath(c.id),
      entity: { type: ENTITY, id: c.id },
      at: ctx.clock.now(),
    });
  }
  const phones = regs.filter((r) => r.user_id === null).map((r) => r.phone);
  if (phones.length) {
    await enqueueMany(
      tx,
      phones.map((to) => ({ name: SMS_JOB, payload: { to, conferenceId: c.id, event, params: all } })),
    );
  }
}

/** Tells the staff of agencies (by role) about the conference. */
export async function notifyAgencies(ctx: AppContext, tx: Executor, c: Conference, agencyIds: number[], event: string, params: Record<string, string | number> = {}): Promise<void> {
  const recipients = (await Promise.all([...new Set(agencyIds)].map((agencyId) => usersWithRole(tx, { role: ['officer', 'head'], agencyId })))).flat();
  if (!recipients.length) return;
  await notify(tx, {
    recipients,
    event: `conference.${event}`,
    titleKey: `conferences.notify.${event}.title`,
    bodyKey: `conferences.notify.${event}.body`,
    params: { title: c.title, ...params },
    link: `/can-bo/hoi-nghi/${c.id}`,
    entity: { type: ENTITY, id: c.id },
    at: ctx.clock.now(),
  });
}
