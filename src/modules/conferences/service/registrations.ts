import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { HttpError, conflict, forbidden, notFound } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { formatDateTime } from '../../../platform/i18n/i18n';
import { enqueue } from '../../../platform/jobs/jobs';
import { notify } from '../../notifications/service';
import type { Registration } from '../model';
import { canCancelRegistration, canManage } from '../policy';
import { registrationSchema } from '../schema';
import { OPEN_FOR_REGISTRATION } from '../state-machine';
import { actor, conferencePath, ENTITY, getConference, lockConference, toRegistration } from './common';
import { SMS_JOB } from './notify';

// Letters and digits that cannot be confused when read aloud or typed at the door (no 0/O, 1/I/L).
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function shortCode(): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Normalises a Vietnamese phone number to digits ("+84 912 …" → "0912…"). */
function normalPhone(raw: string): string {
  const digits = raw.replace(/[^0-9+]/g, '');
  return digits.startsWith('+84') ? '0' + digits.slice(3) : digits.replace(/\+/g, '');
}

async function countRegistered(tx: Executor, conferenceId: number): Promise<number> {
  const r = await tx
    .selectFrom('conference_registrations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('conference_id', '=', conferenceId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Registers someone to attend (a citizen with an account, or anyone by name and phone): within capacity it is
 * confirmed, beyond it goes to the waiting list; after registration closes it is refused with the time.
 */
export async function register(ctx: AppContext, p: Principal | null, conferenceId: number, input: unknown): Promise<Registration> {
  const data = parse(registrationSchema, input);
  const phone = normalPhone(data.phone);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!OPEN_FOR_REGISTRATION.includes(c.status)) throw conflict('conferences.error.notOpen');
    if (now >= c.registrationClosesAt) throw conflict('conferences.error.registrationClosed', { at: formatDateTime(c.registrationClosesAt) });
    const dup = await tx
      .selectFrom('conference_registrations')
      .select('id')
      .where('conference_id', '=', conferenceId)
      .where('phone', '=', phone)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (dup) throw conflict('conferences.error.alreadyRegistered');
    const status = (await countRegistered(tx, conferenceId)) < c.capacity ? 'registered' : 'waitlisted';
    let row;
    for (let attempt = 0; ; attempt++) {
      const code = shortCode();
      const taken = await tx.selectFrom('conference_registrations').select('id').where('code', '=', code).executeTakeFirst();
      if (taken && attempt < 20) continue;
      row = await tx
        .insertInto('conference_registrations')
        .values({ conference_id: conferenceId, code, user_id: p?.id ?? null, name: data.name, phone, village: data.village ?? null, status, checked_in_at: null, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      break;
    }
    const reg = toRegistration(row);
    await audit(tx, { actor: actor(p), action: 'conference.register', entityType: 'conference_registration', entityId: reg.id, after: { conferenceId, code: reg.code, status }, at: now });
    return reg;
  });
}

export async function getRegistrationByCode(db: Executor, code: string): Promise<Registration | undefined> {
  const wanted = code.trim().toUpperCase();
  // Only what shortCode() makes can match: anything else (NUL, a surrogate, a page of text) is unknown, unread.
  if (wanted.length !== 6 || [...wanted].some((ch) => !ALPHABET.includes(ch))) return undefined;
  const r = await db.selectFrom('conference_registrations').selectAll().where('code', '=', wanted).executeTakeFirst();
  return r ? toRegistration(r) : undefined;
}

/**
 * Cancels a registration: by its owner, the organisers, or whoever holds its code and phone number. A confirmed
 * place that frees up goes to the first on the waiting list, who is told.
 */
export async function cancelRegistration(ctx: AppContext, p: Principal | null, code: string, opts: { phone?: string } = {}): Promise<Registration> {
  const now = ctx.clock.now();
  const found = await getRegistrationByCode(ctx.db, code);
  if (!found) throw notFound();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, found.conferenceId);
    const byPhone = !!opts.phone && normalPhone(opts.phone) === found.phone;
    if (!byPhone && !canCancelRegistration(p, { ...c, ownerId: found.userId })) throw forbidden();
    if (found.status === 'cancelled') return found;
    const row = await tx.updateTable('conference_registrations').set({ status: 'cancelled' }).where('id', '=', found.id).returningAll().executeTakeFirstOrThrow();
    await audit(tx, { actor: actor(p), action: 'conference.registration.cancel', entityType: 'conference_registration', entityId: found.id, before: { status: found.status }, after: { status: 'cancelled' }, at: now });
    if (found.status === 'registered' && (await countRegistered(tx, c.id)) < c.capacity) {
      const next = await tx
        .selectFrom('conference_registrations')
        .selectAll()
        .where('conference_id', '=', c.id)
        .where('status', '=', 'waitlisted')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (next) {
        await tx.updateTable('conference_registrations').set({ status: 'registered' }).where('id', '=', next.id).execute();
        await audit(tx, { actor: actor(p), action: 'conference.registration.promote', entityType: 'conference_registration', entityId: next.id, before: { status: 'waitlisted' }, after: { status: 'registered' }, at: now });
        const params = { title: c.title, code: next.code };
        if (next.user_id !== null) {
          await notify(tx, {
            recipients: [Number(next.user_id)],
            event: 'conference.promoted',
            titleKey: 'conferences.notify.promoted.title',
            bodyKey: 'conferences.notify.promoted.body',
            params,
            link: `/hoi-nghi/dang-ky/${next.code}`,
            entity: { type: ENTITY, id: c.id },
            at: now,
          });
        } else {
          await enqueue(tx, SMS_JOB, { to: next.phone, conferenceId: c.id, event: 'promoted', params });
        }
      }
    }
    return toRegistration(row);
  });
}

/** Checks a registration in at the door (the organisers). */
export async function checkIn(ctx: AppContext, p: Principal | null, conferenceId: number, code: string): Promise<Registration> {
  const c = await getConference(ctx.db, conferenceId);
  if (!canManage(p, c)) throw forbidden();
  const reg = await getRegistrationByCode(ctx.db, code);
  if (!reg || reg.conferenceId !== conferenceId) throw new HttpError(404, 'conferences.error.unknownCode');
  if (reg.status === 'cancelled') throw conflict('conferences.error.cancelledCode');
  if (reg.checkedInAt) return reg;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await lockConference(tx, conferenceId);
    const row = await tx.updateTable('conference_registrations').set({ checked_in_at: now }).where('id', '=', reg.id).returningAll().executeTakeFirstOrThrow();
    await audit(tx, { actor: actor(p), action: 'conference.checkin', entityType: 'conference_registration', entityId: reg.id, after: { checkedInAt: now }, at: now });
    return toRegistration(row);
  });
}

export async function listRegistrations(ctx: AppContext, p: Principal | null, conferenceId: number): Promise<Registration[]> {
  const c = await getConference(ctx.db, conferenceId);
  if (!canManage(p, c)) throw forbidden();
  const rows = await ctx.db.selectFrom('conference_registrations').selectAll().where('conference_id', '=', conferenceId).orderBy('id').execute();
  return rows.map(toRegistration);
}

export async function myRegistrations(ctx: AppContext, p: Principal): Promise<Array<Registration & { title: string; startsAt: Date; href: string }>> {
  const rows = await ctx.db
    .selectFrom('conference_registrations as r')
    .innerJoin('conferences as c', 'c.id', 'r.conference_id')
    .selectAll('r')
    .select(['c.title as ctitle', 'c.starts_at as cstarts'])
    .where('r.user_id', '=', p.id)
    .orderBy('c.starts_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...toRegistration(r), title: r.ctitle, startsAt: r.cstarts, href: conferencePath(r.conference_id) }));
}

export async function registrationCounts(db: Executor, conferenceId: number): Promise<{ registered: number; waitlisted: number; checkedIn: number }> {
  const r = await db
    .selectFrom('conference_registrations')
    .select([
      sql<number>`count(*) filter (where status = 'registered')::int`.as('registered'),
      sql<number>`count(*) filter (where status = 'waitlisted')::int`.as('waitlisted'),
      sql<number>`count(*) filter (where checked_in_at is not null)::int`.as('checkedIn'),
    ])
    .where('conference_id', '=', conferenceId)
    .executeTakeFirstOrThrow();
  return { registered: Number(r.registered), waitlisted: Number(r.waitlisted), checkedIn: Number(r.checkedIn) };
}
