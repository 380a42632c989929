import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { notFound } from '../../../platform/http/errors';
import { searchTerms } from '../../../platform/text/text';
import { getAgencies, getUnits } from '../../directory/service';
import { listCommitmentsBySource } from '../../commitments/service';
import type { Conference, ConferenceState } from '../model';
import { canManage, canOversee, organiserUnits } from '../policy';
import { HELD_STATES, PUBLIC } from '../state-machine';
import { civilDaysRange } from '../../../platform/http/validate';
import type { IsoDate } from '../../../platform/calendar/dates';
import { agendaOf, getConference, questionsOf, toConference } from './common';
import { issuedDocuments, conferenceDocuments } from './documents';
import { registrationCounts } from './registrations';
import { publicReads } from './cache';

export interface ListItem {
  id: number;
  title: string;
  unitCode: string;
  unitName: string;
  venue: string | null;
  startsAt: Date;
  endsAt: Date;
  status: ConferenceState;
  shortNotice: boolean;
}

const UPCOMING: ConferenceState[] = ['announced', 'in_session', 'postponed'];
const PAST: ConferenceState[] = ['held', 'results_published', 'closed', 'cancelled'];

export interface PublicListOptions {
  when: 'upcoming' | 'past';
  /** A commune, or a province (every commune of it). */
  unitCode?: string;
  q?: string;
  /** Starting on these civil days of Vietnam, both included. */
  from?: IsoDate;
  to?: IsoDate;
  /** Held (and since published or closed) only. */
  state?: 'held';
  page?: number;
  limit?: number;
}

/** The public lists: upcoming conferences (soonest first) or past ones (latest first), by unit, days, state, words. */
export async function listPublic(ctx: AppContext, opts: PublicListOptions): Promise<{ items: ListItem[]; hasMore: boolean }> {
  const limit = Math.min(opts.limit ?? 20, 100);
  const page = Math.max(1, opts.page ?? 1);
  const key = `list:${JSON.stringify([opts.when, opts.unitCode ?? '', searchTerms(opts.q ?? ''), opts.from ?? '', opts.to ?? '', opts.state ?? '', page, limit])}`;
  return (await publicReads.get(ctx.db, key, () => readPublicList(ctx, opts, page, limit))) as { items: ListItem[]; hasMore: boolean };
}

async function readPublicList(ctx: AppContext, opts: PublicListOptions, page: number, limit: number) {
  const statuses = opts.when === 'upcoming' ? UPCOMING : PAST;
  let q = ctx.db
    .selectFrom('conferences')
    .select(['id', 'title', 'unit_code', 'venue', 'starts_at', 'ends_at', 'status', 'short_notice_reason'])
    .where('status', 'in', opts.state === 'held' ? statuses.filter((s) => HELD_STATES.includes(s)) : statuses);
  if (opts.unitCode) q = q.where(opts.unitCode.length <= 2 ? 'province_code' : 'unit_code', '=', opts.unitCode);
  const days = civilDaysRange(opts);
  if (days.from) q = q.where('starts_at', '>=', days.from);
  if (days.to) q = q.where('starts_at', '<', days.to);
  for (const t of searchTerms(opts.q ?? '')) q = q.where('search', 'like', `%${t}%`);
  q = opts.when === 'upcoming' ? q.orderBy('starts_at', 'asc').orderBy('id', 'asc') : q.orderBy('starts_at', 'desc').orderBy('id', 'desc');
  const rows = await q.limit(limit + 1).offset((page - 1) * limit).execute();
  const units = await getUnits(ctx.db, [...new Set(rows.map((r) => r.unit_code))]);
  return {
    items: rows.slice(0, limit).map((r) => ({
      id: r.id,
      title: r.title,
      unitCode: r.unit_code,
      unitName: units.get(r.unit_code)?.fullName ?? r.unit_code,
      venue: r.venue,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      status: r.status,
      shortNotice: !!r.short_notice_reason,
    })),
    hasMore: rows.length > limit,
  };
}

/** The conferences the person organises (their units), latest first. */
export async function listManaged(ctx: AppContext, p: Principal | null, opts: { page?: number } = {}): Promise<ListItem[]> {
  const units = organiserUnits(p);
  if (!units.length) return [];
  const provinceAdmin = (p?.roles ?? []).filter((g) => g.role === 'admin' && g.unitLevel === 'province').map((g) => g.provinceCode);
  let q = ctx.db.selectFrom('conferences').select(['id', 'title', 'unit_code', 'venue', 'starts_at', 'ends_at', 'status', 'short_notice_reason']);
  q = q.where((eb) => eb.or([eb('unit_code', 'in', units), ...(provinceAdmin.length ? [eb('province_code', 'in', provinceAdmin)] : [])]));
  const rows = await q.orderBy('starts_at', 'desc').orderBy('id', 'desc').limit(50).offset(((opts.page ?? 1) - 1) * 50).execute();
  const unitMap = await getUnits(ctx.db, [...new Set(rows.map((r) => r.unit_code))]);
  return rows.map((r) => ({ id: r.id, title: r.title, unitCode: r.unit_code, unitName: unitMap.get(r.unit_code)?.fullName ?? r.unit_code, venue: r.venue, startsAt: r.starts_at, endsAt: r.ends_at, status: r.status, shortNotice: !!r.short_notice_reason }));
}

/** Whether the caller may see the conference at all (announced ones are public; drafts only for the organisers and above). */
export function canSee(p: Principal | null, c: Conference): boolean {
  return PUBLIC.includes(c.status) || canManage(p, c) || canOversee(p, c);
}

export async function getVisibleConference(ctx: AppContext, p: Principal | null, id: number): Promise<Conference> {
  const c = await getConference(ctx.db, id);
  if (!canSee(p, c)) throw notFound();
  return c;
}

/** Everything the conference page shows: its public part read through the cache, the organisers' view fresh. */
export async function conferencePage(ctx: AppContext, p: Principal | null, id: number) {
  const cached = (await publicReads.get(ctx.db, `page:${id}`, () => readConferencePage(ctx, id, false))) as Awaited<ReturnType<typeof readConferencePage>>;
  if (!canSee(p, cached.conference)) throw notFound();
  const v = canManage(p, cached.conference) ? await readConferencePage(ctx, id, true) : cached;
  // The commitments made on the floor, as the commitments register keeps them now (state, deadline, overdue).
  const made = v.questions.filter((q) => q.commitmentId).map((q) => String(q.id));
  const commitments = (await listCommitmentsBySource(ctx, 'conference_question', made)).filter((k) => k.isPublic || v.manage);
  return { ...v, commitments };
}

async function readConferencePage(ctx: AppContext, id: number, manage: boolean) {
  const c = await getConference(ctx.db, id);
  const [agenda, questions, counts, docs, units] = await Promise.all([
    agendaOf(ctx.db, id),
    questionsOf(ctx.db, id),
    registrationCounts(ctx.db, id),
    manage ? conferenceDocuments(ctx.db, id) : issuedDocuments(ctx.db, id),
    getUnits(ctx.db, [c.unitCode]),
  ]);
  const agencyIds = [c.agencyId, ...c.agencies, ...c.convening, ...questions.flatMap((q) => [q.commitmentAgencyId, q.assignedAgencyId]).filter((x): x is number => !!x)];
  // Before the session the public sees no questions (they are the citizens' own); from the session on, those put on the floor.
  const shown = manage ? questions : questions.filter((q) => ['current', 'answered', 'passed_up', 'petition', 'deferred'].includes(q.status) && c.status !== 'announced');
  const agencies = await getAgencies(ctx.db, [...new Set(agencyIds)]);
  return { conference: c, unitName: units.get(c.unitCode)?.fullName ?? c.unitCode, agenda, questions: shown, counts, docs, agencies, manage };
}

/** Conferences of a unit for its calendar feed (announced and later, not drafts), newest first. */
export async function unitFeed(db: Executor, unitCode: string): Promise<Conference[]> {
  const rows = await db.selectFrom('conferences').selectAll().where('unit_code', '=', unitCode).where('status', 'in', [...PUBLIC]).orderBy('starts_at', 'desc').limit(500).execute();
  return rows.map(toConference);
}

export async function countConferences(db: Executor, where: { unitCode?: string; provinceCode?: string; statuses: ConferenceState[]; from?: Date; to?: Date }): Promise<number> {
  let q = db.selectFrom('conferences').select(sql<number>`count(*)::int`.as('n')).where('status', 'in', where.statuses);
  if (where.unitCode) q = q.where('unit_code', '=', where.unitCode);
  if (where.provinceCode) q = q.where('province_code', '=', where.provinceCode);
  if (where.from) q = q.where('starts_at', '>=', where.from);
  if (where.to) q = q.where('starts_at', '<', where.to);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
