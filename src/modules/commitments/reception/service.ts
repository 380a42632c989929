import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { conflict, forbidden, notFound, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { daysInMonth, weekdayOf, ymdToIso } from '../../../platform/calendar/dates';
import { findAgency, getAgency, getUnit } from '../../directory/service';
import type { Agency } from '../../directory/model';
import { BatchValidationError, createPetitions } from '../../petitions/service';
import { createCommitment } from '../service/create';
import { canManageReception, canReadCompliance } from '../policy';
import { createCommitmentSchema } from '../schema';
import { commitmentSettings } from '../settings';
import { todayVN } from '../service/common';
import type { HeadKind, ReceptionCase, ReceptionDay, ScheduleStatus } from './model';
import { bookingSchema, caseSchema, receptionDaySchema } from './schema';

const ENTITY = 'reception_day';
/** A refused promise's fields, named as the case form names them. */
const PROMISE_FIELD: Record<string, string> = { deadline: 'promiseDeadline', deadlineWorkingDays: 'promiseWorkingDays', agencyId: 'promiseAgencyId' };
/** A refusal of the promise, its messages beside the case form's fields. */
function promiseRefusal(e: unknown): unknown {
  if (!(e instanceof ValidationError)) return e;
  const field = (f: string) => PROMISE_FIELD[f] ?? 'promise';
  return new ValidationError(Object.fromEntries(Object.entries(e.errors).map(([f, k]) => [field(f), k])), Object.fromEntries(Object.entries(e.params).map(([f, v]) => [field(f), v])));
}
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** The legal frequency that applies to the head of an agency (DOMAIN §4). */
export function headKindOf(a: Pick<Agency, 'kind' | 'unitLevel'>): HeadKind {
  if (a.kind === 'party_committee') return a.unitLevel === 'province' ? 'party_secretary_province' : 'party_secretary_commune';
  if (a.kind === 'peoples_committee' && a.unitLevel !== 'province') return 'chair_commune';
  return 'other';
}

type DayRow = {
  id: number; unit_code: string; province_code: string; agency_id: number; head_kind: HeadKind; head_name: string; head_title: string;
  on_date: string; starts: string; ends: string; place: string; slots: number; status: ScheduleStatus; note: string | null; booked?: number | string;
};

function toDay(r: DayRow): ReceptionDay {
  return {
    id: r.id, unitCode: r.unit_code, provinceCode: r.province_code, agencyId: r.agency_id, headKind: r.head_kind, headName: r.head_name,
    headTitle: r.head_title, onDate: day(r.on_date), starts: r.starts, ends: r.ends, place: r.place, slots: r.slots, booked: Number(r.booked ?? 0),
    status: r.status, note: r.note,
  };
}

function daysQuery(db: Executor) {
  return db
    .selectFrom('reception_days as d')
    .selectAll('d')
    .select((eb) => eb.selectFrom('reception_bookings as b').select(sql<number>`count(*)::int`.as('n')).whereRef('b.day_id', '=', 'd.id').as('booked'));
}

export async function getReceptionDay(db: Executor, id: number): Promise<ReceptionDay> {
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw notFound('reception.error.notFound');
  const r = await daysQuery(db).where('d.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('reception.error.notFound');
  return toDay(r as DayRow);
}

/** The published schedule of a unit between two dates (public: place, hours, free slots). */
export async function listReceptionDays(ctx: AppContext, unitCode: string, from: string, to: string): Promise<ReceptionDay[]> {
  const rows = await daysQuery(ctx.db).where('d.unit_code', '=', unitCode).where('d.on_date', '>=', from).where('d.on_date', '<=', to).orderBy('d.on_date').orderBy('d.starts').orderBy('d.id').execute();
  return rows.map((r) => toDay(r as DayRow));
}

/** Plans a head's reception day at the unit (an officer or head of the unit). */
export async function planReceptionDay(ctx: AppContext, actor: Principal | null, unitCode: string, input: unknown, opts: { source?: 'live' | 'demo'; status?: ScheduleStatus } = {}): Promise<ReceptionDay> {
  if (!actor) throw unauthorized();
  const d = parse(receptionDaySchema, input);
  const unit = await getUnit(ctx.db, unitCode);
  if (!unit) throw notFound('reception.error.unit');
  if (!canManageReception(actor, { unitCode: unit.code, provinceCode: unit.provinceCode })) throw forbidden('reception.error.forbidden');
  const agency = await getAgency(ctx.db, d.agencyId);
  if (!agency?.active || agency.unitCode !== unit.code) throw new ValidationError({ agencyId: 'reception.error.agency' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('reception_days')
      .values({
        unit_code: unit.code, province_code: unit.provinceCode, agency_id: agency.id, head_kind: headKindOf(agency), head_name: d.headName, head_title: d.headTitle,
        on_date: d.onDate, starts: d.starts, ends: d.ends, place: d.place, slots: d.slots, status: opts.status ?? 'planned', note: d.note ?? null,
        source: opts.source ?? 'live', created_by: actor.id, created_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { actor: actorOf(actor), action: 'reception.plan', entityType: ENTITY, entityId: r.id, after: { ...d, agencyId: agency.id }, at: now });
    return getReceptionDay(tx, r.id);
  });
}

/** Marks a day held or cancelled (the unit's officers and heads). */
export async function setReceptionDayStatus(ctx: AppContext, actor: Principal | null, id: number, status: 'held' | 'cancelled'): Promise<ReceptionDay> {
  if (!actor) throw unauthorized();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const d = await getReceptionDay(tx, id);
    if (!canManageReception(actor, d)) throw forbidden('reception.error.forbidden');
    if (d.status === status) return d;
    await tx.updateTable('reception_days').set({ status, updated_at: now }).where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(actor), action: `reception.${status}`, entityType: ENTITY, entityId: id, before: { status: d.status }, after: { status }, at: now });
    return getReceptionDay(tx, id);
  });
}

/** A citizen books the next free slot of a planned day to come (or simply comes without one). */
export async function bookSlot(ctx: AppContext, actor: Principal | null, id: number, input: unknown): Promise<{ slotNo: number; at: string }> {
  if (!actor) throw unauthorized();
  const b = parse(bookingSchema, input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const d = await getReceptionDay(tx, id);
    await sql`select id from reception_days where id = ${id} for update`.execute(tx);
    if (d.status !== 'planned' || d.onDate < todayVN(ctx)) throw conflict('reception.error.closed');
    const taken = await tx.selectFrom('reception_bookings').select(sql<number>`count(*)::int`.as('n')).where('day_id', '=', id).executeTakeFirstOrThrow();
    const slotNo = Number(taken.n) + 1;
    if (slotNo > d.slots) throw conflict('reception.error.full');
    await tx.insertInto('reception_bookings').values({ day_id: id, slot_no: slotNo, user_id: actor.id, name: b.name, phone: b.phone ?? null, topic: b.topic, created_at: now }).execute();
    await audit(tx, { actor: actorOf(actor), action: 'reception.book', entityType: ENTITY, entityId: id, after: { slotNo }, at: now });
    return { slotNo, at: slotTime(d, slotNo) };
  });
}

/** When a slot starts: the day's hours shared evenly among its slots. */
export function slotTime(d: Pick<ReceptionDay, 'starts' | 'ends' | 'slots'>, slotNo: number): string {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const len = (m(d.ends) - m(d.starts)) / Math.max(d.slots, 1);
  const at = Math.round(m(d.starts) + (slotNo - 1) * len);
  return `${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}`;
}

/**
 * One case at the desk, entered in the reception register (Form 03/TCD): it becomes a petition through the petitions
 * module (channel reception_desk) and what the head promised becomes a commitment (source reception_case). The
 * promise is checked before anything is written; the petition, the register's row and the commitment are written in
 * one transaction (the petitions module's createPetitions with its `within`), so a refusal of any leaves none.
 */
export async function recordCase(ctx: AppContext, actor: Principal | null, dayId: number, input: unknown, opts: { at?: Date; silent?: boolean } = {}): Promise<ReceptionCase> {
  if (!actor) throw unauthorized();
  const d = await getReceptionDay(ctx.db, dayId);
  if (!canManageReception(actor, d)) throw forbidden('reception.error.forbidden');
  if (d.status === 'cancelled') throw conflict('reception.error.cancelledDay');
  const c = parse(caseSchema, input);
  const now = opts.at ?? ctx.clock.now();
  const commitmentDraft = (refId: string, petitionId?: number) => ({
    source: { kind: 'reception_case' as const, refId, href: `/tiep-cong-dan/${d.unitCode}/so?ngay=${d.onDate}#ca-${refId}`, label: `Tiếp công dân ngày ${d.onDate.split('-').reverse().join('/')} — ${d.headTitle}` },
    unitCode: d.unitCode,
    promisedBy: { name: d.headName, title: d.headTitle },
    promisedOn: d.onDate,
    agencyId: c.promiseAgencyId ?? d.agencyId,
    deadline: c.promiseDeadline,
    deadlineWorkingDays: c.promiseWorkingDays,
    text: c.promise,
    categoryId: c.categoryId,
    petitionIds: petitionId ? [petitionId] : [],
    isPublic: c.kind === 'kien_nghi' || c.kind === 'phan_anh',
  });
  if (c.promise) {
    try {
      parse(createCommitmentSchema, commitmentDraft('0'));
    } catch (e) {
      throw promiseRefusal(e);
    }
  }
  const grant = actor.roles.find((g) => (g.role === 'officer' || g.role === 'head') && g.unitCode === d.unitCode);
  const petitionInput = {
    kind: c.kind,
    title: c.title,
    content: c.summary,
    unitCode: d.unitCode,
    categoryId: c.categoryId,
    peopleCount: c.peopleCount,
    visibility: 'private',
    channel: 'reception_desk',
    enteredAgencyId: grant?.agencyId,
    enteredPlace: d.place,
    petitioner: { name: c.citizenName, address: c.citizenAddress, idNo: c.idNo, phone: c.phone },
  };
  try {
    // One transaction: the petition (through the petitions module), the register's row and the commitment, or none.
    const { result } = await createPetitions(ctx, actor, [petitionInput], { at: opts.at, silent: opts.silent }, async (tx, [{ petition }]) => {
      const year = d.onDate.slice(0, 4);
      await sql`select pg_advisory_xact_lock(hashtext(${`reception:${d.unitCode}:${year}`}))`.execute(tx);
      const last = await tx.selectFrom('reception_cases').select(sql<number>`coalesce(max(row_no), 0)::int`.as('n')).where('unit_code', '=', d.unitCode).where('on_date', '>=', `${year}-01-01`).where('on_date', '<=', `${year}-12-31`).executeTakeFirstOrThrow();
      const row = await tx
        .insertInto('reception_cases')
        .values({
          day_id: d.id, unit_code: d.unitCode, row_no: Number(last.n) + 1, on_date: d.onDate, citizen_name: c.citizenName, citizen_address: c.citizenAddress ?? null,
          id_no: c.idNo ?? null, summary: c.summary, kind: c.kind, people_count: c.peopleCount, handled_before: c.handledBefore ?? null, within_competence: c.withinCompetence,
          directed_to: c.directedTo ?? null, forwarded_to: c.forwardedTo ?? null, result: c.result ?? null, petition_id: petition.id, petition_code: petition.code,
          commitment_code: null, entered_by: actor.id, created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let commitmentCode: string | null = null;
      if (c.promise) {
        const k = await createCommitment(ctx, actor, commitmentDraft(String(row.id), petition.id), tx, { at: opts.at, silent: opts.silent }).catch((e) => {
          throw promiseRefusal(e);
        });
        commitmentCode = k.code;
        await tx.updateTable('reception_cases').set({ commitment_code: k.code }).where('id', '=', row.id).execute();
      }
      if (d.status === 'planned') await tx.updateTable('reception_days').set({ status: 'held', updated_at: now }).where('id', '=', d.id).execute();
      await audit(tx, { actor: actorOf(actor), action: 'reception.case', entityType: ENTITY, entityId: d.id, after: { caseId: row.id, petition: petition.code, commitment: commitmentCode }, at: now });
      return (await listRegister(tx, d.unitCode, { dayId: d.id })).find((x) => x.id === row.id)!;
    });
    return result;
  } catch (e) {
    // One petition asked for: its field messages as for a single one.
    if (e instanceof BatchValidationError) throw new ValidationError(e.rows[0].errors, e.rows[0].params);
    throw e;
  }
}

/** The reception register of a unit (officials only: names, addresses and ID numbers are in it). */
export async function listRegister(db: Executor, unitCode: string, f: { dayId?: number; from?: string; to?: string }): Promise<ReceptionCase[]> {
  let q = db.selectFrom('reception_cases').selectAll().where('unit_code', '=', unitCode);
  if (f.dayId) q = q.where('day_id', '=', f.dayId);
  if (f.from) q = q.where('on_date', '>=', f.from);
  if (f.to) q = q.where('on_date', '<=', f.to);
  const rows = await q.orderBy('on_date').orderBy('row_no').limit(5000).execute();
  return rows.map((r) => ({
    id: r.id, scheduleId: r.day_id, unitCode: r.unit_code, rowNo: r.row_no, onDate: day(r.on_date), citizenName: r.citizen_name, citizenAddress: r.citizen_address,
    idNo: r.id_no, summary: r.summary, kind: r.kind, peopleCount: r.people_count, handledBefore: r.handled_before, withinCompetence: r.within_competence,
    directedTo: r.directed_to, forwardedTo: r.forwarded_to, result: r.result, petitionId: r.petition_id, petitionCode: r.petition_code, commitmentCode: r.commitment_code,
  }));
}

/** The register as the caller may read it: the unit's officials and the level above. */
export async function readRegister(ctx: AppContext, actor: Principal | null, unitCode: string, f: { dayId?: number; from?: string; to?: string }): Promise<ReceptionCase[]> {
  const unit = await getUnit(ctx.db, unitCode);
  if (!unit) throw notFound('reception.error.unit');
  if (!actor) throw unauthorized();
  if (!canManageReception(actor, { unitCode: unit.code, provinceCode: unit.provinceCode }) && !canReadCompliance(actor, { unitCode: unit.code, provinceCode: unit.provinceCode })) throw forbidden('reception.error.forbidden');
  return listRegister(ctx.db, unit.code, f);
}

export interface ComplianceRow {
  unitCode: string;
  agencyId: number;
  agencyName: string;
  headKind: HeadKind;
  required: number;
  held: number;
  planned: number;
  behind: boolean;
}

/** Mondays in a month: the weeks a weekly frequency asks for. */
function weeksIn(month: string): number {
  const [y, m] = month.split('-').map(Number);
  let n = 0;
  for (let dd = 1; dd <= daysInMonth(y, m); dd++) if (weekdayOf(ymdToIso(y, m, dd)) === 1) n++;
  return n;
}

export function requiredDays(kind: HeadKind, month: string, s: Record<string, number>): number {
  switch (kind) {
    case 'party_secretary_commune':
      return s['commitments.reception.partySecretaryCommune.perMonth'];
    case 'chair_commune':
      return s['commitments.reception.chairCommune.perWeek'] * weeksIn(month);
    case 'party_secretary_province':
      return s['commitments.reception.partySecretaryProvince.perMonth'];
    default:
      return s['commitments.reception.otherHead.perMonth'];
  }
}

/** The heads whose frequency the law sets, for these units: the Party committee's and the People's Committee's. */
async function headAgencies(db: Executor, unitCodes: string[]): Promise<Agency[]> {
  const out: Agency[] = [];
  for (const u of unitCodes) for (const kind of ['party_committee', 'peoples_committee'] as const) {
    const a = await findAgency(db, u, kind);
    if (a) out.push(a);
  }
  return out;
}

/** For each head and the month: days held (and still planned) against the days required. */
export async function complianceOf(db: Executor, unitCodes: string[], month: string): Promise<ComplianceRow[]> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ValidationError({ month: 'reception.error.month' });
  const s = await commitmentSettings(db);
  const agencies = await headAgencies(db, unitCodes);
  if (!agencies.length) return [];
  const [y, m] = month.split('-').map(Number);
  const counts = await db
    .selectFrom('reception_days')
    .select(['agency_id', 'status', sql<number>`count(*)::int`.as('n')])
    .where('agency_id', 'in', agencies.map((a) => a.id))
    .where('on_date', '>=', ymdToIso(y, m, 1))
    .where('on_date', '<=', ymdToIso(y, m, daysInMonth(y, m)))
    .groupBy(['agency_id', 'status'])
    .execute();
  const n = (id: number, st: string) => Number(counts.find((c) => c.agency_id === id && c.status === st)?.n ?? 0);
  return agencies.map((a) => {
    const headKind = headKindOf(a);
    const required = requiredDays(headKind, month, s);
    const held = n(a.id, 'held');
    return { unitCode: a.unitCode, agencyId: a.id, agencyName: a.name, headKind, required, held, planned: n(a.id, 'planned'), behind: held < required };
  });
}

/** The months from `first` to `last` ('YYYY-MM', both included), at most `max`; none when `last` is before `first`. */
export function monthsBetween(first: string, last: string, max = 60): string[] {
  const months: string[] = [];
  for (let m = first; m <= last && months.length < max; ) {
    months.push(m);
    const [y, mo] = m.split('-').map(Number);
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  return months;
}

/** Compliance over several months: each head's days required and held added up, behind when held < required. */
export async function complianceOver(db: Executor, unitCodes: string[], months: string[]): Promise<ComplianceRow[]> {
  const byAgency = new Map<number, ComplianceRow>();
  for (const month of months) {
    for (const r of await complianceOf(db, unitCodes, month)) {
      const sum = byAgency.get(r.agencyId);
      if (!sum) byAgency.set(r.agencyId, { ...r });
      else Object.assign(sum, { required: sum.required + r.required, held: sum.held + r.held, planned: sum.planned + r.planned });
    }
  }
  return [...byAgency.values()].map((r) => ({ ...r, behind: r.held < r.required }));
}

/** Compliance as the caller may read it: the unit's heads and Front, the level above (a province: all its communes). */
export async function readCompliance(ctx: AppContext, actor: Principal | null, unitCode: string, month: string | string[], childCodes: string[] = []): Promise<ComplianceRow[]> {
  if (!actor) throw unauthorized();
  const unit = await getUnit(ctx.db, unitCode);
  if (!unit) throw notFound('reception.error.unit');
  if (!canReadCompliance(actor, { unitCode: unit.code, provinceCode: unit.provinceCode })) throw forbidden('reception.error.forbidden');
  return complianceOver(ctx.db, [unit.code, ...childCodes], Array.isArray(month) ? month : [month]);
}
