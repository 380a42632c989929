import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { HttpError } from '../../../platform/http/errors';
import { fold } from '../../../platform/text/text';
import { getAgencies } from '../../directory/service';
import { OPEN_STATES } from '../model';
import type { PetitionSettings } from '../settings';

/** How many of a person's latest petitions a new one is compared with (kéo dài, vượt cấp). */
const SAME_PERSON_RECENT = 50;

type Person = { petitionerId: number | null; phone: string | null; email: string | null };
type Earlier = { id: number; status: string; reopen_count: number; agency_id: number; submitted_at: Date };

/** Earlier petitions of the same person on a similar topic (trigram similarity on the folded text). */
async function similarEarlier(
  db: Executor,
  who: Person,
  text: { title: string; content: string },
  opts: { thresholdPct: number; since: Date; openOnly?: boolean },
): Promise<Earlier[]> {
  // The same person: their account, or (staff entry) their phone or e-mail; each condition through its own index.
  const people = [];
  if (who.petitionerId) people.push(sql`select id from petitions where petitioner_id = ${who.petitionerId} order by id desc limit ${SAME_PERSON_RECENT}`);
  if (who.phone) people.push(sql`select id from petitions where petitioner_phone = ${who.phone} order by id desc limit ${SAME_PERSON_RECENT}`);
  if (who.email) people.push(sql`select id from petitions where petitioner_email = ${who.email} order by id desc limit ${SAME_PERSON_RECENT}`);
  if (!people.length) return [];
  const ft = fold(text.title);
  const probe = fold(`${text.title} ${text.content}`).slice(0, 400);
  const threshold = opts.thresholdPct / 100;
  // The person's latest petitions (by any of the identities) are compared: a bound on the work per submission.
  const r = await sql<Earlier>`
    select p.id, p.status, p.reopen_count, p.agency_id, p.submitted_at
    from petitions p
    where p.id in (select id from (${sql.join(people.map((q) => sql`(${q})`), sql` union `)}) x order by id desc limit ${SAME_PERSON_RECENT})
      and p.submitted_at >= ${opts.since}
      and p.status not in ('withdrawn', 'merged')
      ${opts.openOnly ? sql`and p.status in (${sql.join(OPEN_STATES.map((s) => sql`${s}`))})` : sql``}
      and (similarity(f_fold(p.title), ${ft}) >= ${threshold}
        -- The longer comparison only where the titles alone are not alike (OR stops at the first true).
        or similarity(f_fold(left(p.title || ' ' || p.content, 400)), ${probe}) >= ${threshold})
    order by p.submitted_at desc, p.id desc
    limit 20`.execute(db);
  return r.rows;
}

/** A citizen's submissions per hour, by account and by address (429 over either limit); one statement. */
export async function rateLimit(db: Executor, s: PetitionSettings, principal: Principal, ip: string | null | undefined, now: Date): Promise<void> {
  const since = new Date(now.getTime() - 3600_000);
  const perAccount = s['petitions.rateLimit.perAccountPerHour'];
  const perIp = s['petitions.rateLimit.perIpPerHour'];
  // Counted only up to the limit (the work stays small however many a busy account or address has sent); one statement.
  const upTo = (where: ReturnType<typeof sql>, max: number) =>
    sql`(select count(*)::int from (select 1 from petitions where ${where} and created_at >= ${since} limit ${max}) x)`;
  const r = await sql<{ account: number; ip: number }>`select ${upTo(sql`petitioner_id = ${principal.id} and created_by = ${principal.id}`, perAccount)} as account,
      ${ip ? upTo(sql`submitted_ip = ${ip}`, perIp) : sql`0`} as ip`.execute(db);
  const { account, ip: fromIp } = r.rows[0];
  if (Number(account) >= perAccount || (ip && Number(fromIp) >= perIp)) throw new HttpError(429, 'petitions.error.rateLimited');
}

export interface Flags {
  /** Vượt cấp: sent to the province while the same case is open at the commune. */
  vuotCap: boolean;
  /** Kéo dài: the same case sent (or reopened) again and again. */
  keoDai: boolean;
  /** The earlier petition either flag points at. */
  relatedId: number | null;
  /** Earlier similar petitions and their reopenings. */
  repeats: number;
}

/**
 * The vượt cấp and kéo dài flags, from the person's petitions already committed: read before the transaction,
 * each earlier petition's agency level from the directory's cache (no join to plan on every submission).
 */
export async function flagsOf(
  db: Executor,
  s: PetitionSettings,
  who: Person,
  text: { title: string; content: string },
  agency: { unitLevel: string },
  now: Date,
): Promise<Flags> {
  const flags: Flags = { vuotCap: false, keoDai: false, relatedId: null, repeats: 0 };
  const lookback = new Date(now.getTime() - s['petitions.keoDai.lookbackDays'] * 86_400_000);
  if (agency.unitLevel === 'province') {
    const open = await similarEarlier(db, who, text, { thresholdPct: s['petitions.vuotCap.similarityPct'], since: lookback, openOnly: true });
    const agencies = await getAgencies(db, open.map((r) => r.agency_id));
    const atCommune = open.find((r) => agencies.get(r.agency_id)?.unitLevel === 'commune');
    if (atCommune) Object.assign(flags, { vuotCap: true, relatedId: atCommune.id });
  }
  const earlier = await similarEarlier(db, who, text, { thresholdPct: s['petitions.keoDai.similarityPct'], since: lookback });
  flags.repeats = earlier.length + earlier.reduce((n, r) => n + Number(r.reopen_count), 0);
  if (earlier.length && flags.repeats >= s['petitions.keoDai.repeatCount']) {
    flags.keoDai = true;
    flags.relatedId ??= earlier[0].id;
  }
  return flags;
}
