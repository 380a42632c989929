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

/** One petition to compare with the same person's earlier ones: who, its text, from when, how alike. */
interface Probe {
  who: Person;
  text: { title: string; content: string };
  since: Date;
  thresholdPct: number;
}

/** How many probes one statement compares, and how many such statements run at once over the pool (the server's cores). */
const PROBES_PER_STATEMENT = 200;
const STATEMENTS_AT_ONCE = 4;

/**
 * For each probe, the earlier petitions of the same person on a similar topic (trigram similarity on the folded
 * text), latest first: a few statements for a whole batch, each probe's reads those a petition alone would make.
 * Most of the work is the server's similarity() on each earlier petition, so the same probe (one person's same
 * opinion twice in a file) is compared once, and the statements share the server's cores.
 */
async function similarEarlier(db: Executor, probes: Probe[], openOnly: boolean): Promise<Earlier[][]> {
  // The same person: their account, or (staff entry) their phone or e-mail. A probe with none of them has no earlier petitions.
  const distinct = new Map<string, { who: Person; ft: string; probe: string; since: string; threshold: number; rows: Earlier[] }>();
  const keys = probes.map((p) => {
    if (!p.who.petitionerId && !p.who.phone && !p.who.email) return null;
    const q = {
      who: { petitionerId: p.who.petitionerId || null, phone: p.who.phone || null, email: p.who.email || null },
      ft: fold(p.text.title),
      probe: fold(`${p.text.title} ${p.text.content}`).slice(0, 400),
      since: p.since.toISOString(),
      threshold: p.thresholdPct / 100,
    };
    const key = JSON.stringify(q);
    if (!distinct.has(key)) distinct.set(key, { ...q, rows: [] });
    return key;
  });
  const asked = [...distinct.values()];
  const chunks = Array.from({ length: Math.ceil(asked.length / PROBES_PER_STATEMENT) }, (_, k) => asked.slice(k * PROBES_PER_STATEMENT, (k + 1) * PROBES_PER_STATEMENT));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      const column = <T>(f: (p: (typeof asked)[number]) => T) => chunk.map(f);
      // Each identity through its own index (a null one finds nothing); the person's latest petitions are compared,
      // a bound on the work per petition. The threshold is a real, as similarity() is (the comparison a single one made).
      const r = await sql<Earlier & { i: number }>`
        select q.i - 1 as i, e.id, e.status, e.reopen_count, e.agency_id, e.submitted_at
        from unnest(${column((p) => p.who.petitionerId)}::int[], ${column((p) => p.who.phone)}::text[], ${column((p) => p.who.email)}::text[],
            ${column((p) => p.ft)}::text[], ${column((p) => p.probe)}::text[], ${column((p) => p.since)}::timestamptz[], ${column((p) => p.threshold)}::real[])
          with ordinality as q(petitioner_id, phone, email, ft, probe, since, threshold, i)
        cross join lateral (
          select p.id, p.status, p.reopen_count, p.agency_id, p.submitted_at
          from petitions p
          where p.id in (select id from (
              (select id from petitions where petitioner_id = q.petitioner_id order by id desc limit ${SAME_PERSON_RECENT})
              union (select id from petitions where petitioner_phone = q.phone order by id desc limit ${SAME_PERSON_RECENT})
              union (select id from petitions where petitioner_email = q.email order by id desc limit ${SAME_PERSON_RECENT})
            ) x order by id desc limit ${SAME_PERSON_RECENT})
            and p.submitted_at >= q.since
            and p.status not in ('withdrawn', 'merged')
            ${openOnly ? sql`and p.status in (${sql.join(OPEN_STATES.map((s) => sql`${s}`))})` : sql``}
            and (similarity(f_fold(p.title), q.ft) >= q.threshold
              -- The longer comparison only where the titles alone are not alike (OR stops at the first true).
              or similarity(f_fold(left(p.title || ' ' || p.content, 400)), q.probe) >= q.threshold)
          order by p.submitted_at desc, p.id desc
          limit 20) e
        order by q.i, e.submitted_at desc, e.id desc`.execute(db);
      for (const { i, ...row } of r.rows) chunk[Number(i)].rows.push(row);
    }
  };
  await Promise.all(Array.from({ length: Math.min(STATEMENTS_AT_ONCE, chunks.length) }, worker));
  return keys.map((key) => (key ? distinct.get(key)!.rows : []));
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

/** What the flags of one new petition are judged from. */
export interface FlagsInput {
  s: PetitionSettings;
  who: Person;
  text: { title: string; content: string };
  agency: { unitLevel: string };
  now: Date;
}

/**
 * The vượt cấp and kéo dài flags of new petitions (a batch: each judged as if alone, from the petitions already
 * committed; not from one another), read before the transaction in two statements for the whole batch; each earlier
 * petition's agency level from the directory's cache (no join to plan).
 */
export async function flagsOf(db: Executor, items: FlagsInput[]): Promise<Flags[]> {
  const flags = items.map((): Flags => ({ vuotCap: false, keoDai: false, relatedId: null, repeats: 0 }));
  const probe = (it: FlagsInput, thresholdPct: number): Probe => ({
    who: it.who,
    text: it.text,
    since: new Date(it.now.getTime() - it.s['petitions.keoDai.lookbackDays'] * 86_400_000),
    thresholdPct,
  });
  const atProvince = items.flatMap((it, i) => (it.agency.unitLevel === 'province' ? [i] : []));
  if (atProvince.length) {
    const open = await similarEarlier(db, atProvince.map((i) => probe(items[i], items[i].s['petitions.vuotCap.similarityPct'])), true);
    const agencies = await getAgencies(db, [...new Set(open.flat().map((r) => r.agency_id))]);
    atProvince.forEach((i, k) => {
      const atCommune = open[k].find((r) => agencies.get(r.agency_id)?.unitLevel === 'commune');
      if (atCommune) Object.assign(flags[i], { vuotCap: true, relatedId: atCommune.id });
    });
  }
  const earlier = await similarEarlier(db, items.map((it) => probe(it, it.s['petitions.keoDai.similarityPct'])), false);
  items.forEach((it, i) => {
    const f = flags[i];
    f.repeats = earlier[i].length + earlier[i].reduce((n, r) => n + Number(r.reopen_count), 0);
    if (earlier[i].length && f.repeats >= it.s['petitions.keoDai.repeatCount']) {
      f.keoDai = true;
      f.relatedId ??= earlier[i][0].id;
    }
  });
  return flags;
}
