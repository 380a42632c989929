import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { actorOf } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { addDays } from '../../../platform/calendar/dates';
import { HttpError, ValidationError, forbidden, notFound } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { getSetting } from '../../../platform/settings/settings';
import { childUnits, getAgency, getUnit, listAgencies } from '../../directory/service';
import { usersWithRole } from '../../accounts/service';
import { notify } from '../../notifications/service';
import type { Agency, Unit } from '../../directory/model';
import { PERIOD_KINDS, periodRange, today, type PeriodKind } from '../period';
import { canIssue, canPrepare, isAbove } from '../policy';
import { takeSnapshot, type Snapshot } from './snapshot';
import { REPORT_ABBR, type PeriodicReport } from './model';
import { SETTINGS } from '../settings';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

export const createInput = z
  .object({
    agencyId: z.coerce.number({ error: 'reports.error.agencyRequired' }).int().positive('reports.error.agencyRequired'),
    kind: z.enum(PERIOD_KINDS, { error: 'reports.error.kind' }),
    year: z.coerce.number({ error: 'reports.error.year' }).int('reports.error.year').min(2000, 'reports.error.year').max(2200, 'reports.error.year'),
    month: z.preprocess(blank, z.coerce.number({ error: 'reports.error.month' }).int().min(1, 'reports.error.month').max(12, 'reports.error.month').optional()),
  })
  .refine((v) => v.kind !== 'month' || v.month !== undefined, { path: ['month'], message: 'reports.error.month' });

const narrativeInput = z.object({ narrative: z.string().max(20000, 'validation.tooLong').transform((s) => s.normalize('NFC').trim()) });

type Row = Awaited<ReturnType<typeof selectReports>>[number];
function selectReports(db: Executor) {
  return db.selectFrom('periodic_reports').selectAll().execute();
}

function toReport(r: Row): PeriodicReport {
  return {
    id: r.id,
    unitCode: r.unit_code,
    provinceCode: r.province_code,
    parentCode: r.parent_code,
    agencyId: r.agency_id,
    kind: r.kind as PeriodKind,
    year: r.year,
    month: r.month,
    from: r.period_from,
    to: r.period_to,
    dueOn: r.due_on,
    status: r.status,
    number: r.number,
    numberText: r.number_text,
    narrative: r.narrative,
    figures: (typeof r.figures === 'string' ? JSON.parse(r.figures) : r.figures) as Snapshot,
    generatedAt: r.generated_at,
    issuedAt: r.issued_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgeNote: r.acknowledge_note,
  };
}

export async function getReport(db: Executor, id: number): Promise<PeriodicReport | undefined> {
  const r = await db.selectFrom('periodic_reports').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toReport(r) : undefined;
}

/** Reports of units, newest period first. */
export async function listReports(db: Executor, q: { unitCodes?: string[]; parentCode?: string; status?: Array<PeriodicReport['status']>; limit?: number }): Promise<PeriodicReport[]> {
  let s = db.selectFrom('periodic_reports').selectAll();
  if (q.unitCodes) s = s.where('unit_code', 'in', q.unitCodes.length ? q.unitCodes : ['-']);
  if (q.parentCode) s = s.where('parent_code', '=', q.parentCode);
  if (q.status) s = s.where('status', 'in', q.status);
  const rows = await s.orderBy('period_to', 'desc').orderBy('id', 'desc').limit(q.limit ?? 200).execute();
  return rows.map(toReport);
}

/** The day a period's report is due at the level above. */
export async function dueOn(db: Executor, toIso: string): Promise<string> {
  return addDays(toIso, await getSetting<number>(db, SETTINGS.dueDays));
}

async function scopeOfAgency(db: Executor, agencyId: number): Promise<Agency> {
  const agency = await getAgency(db, agencyId);
  if (!agency) throw new ValidationError({ agencyId: 'reports.error.agencyRequired' });
  return agency;
}

/**
 * Generates a unit's report for a period (or returns the one there is): its figures are taken now, frozen, and
 * shown the same in every rendering until someone refreshes them before issue.
 */
export async function createReport(ctx: AppContext, p: Principal, input: unknown): Promise<PeriodicReport> {
  const v = parse(createInput, input);
  const agency = await scopeOfAgency(ctx.db, v.agencyId);
  if (!canPrepare(p, { unitCode: agency.unitCode, provinceCode: agency.provinceCode })) throw forbidden('reports.error.notPreparer');
  const range = periodRange(v.kind, v.year, v.month ?? 1);
  const now = today(ctx.clock.now());
  if (range.from > now) throw new ValidationError({ year: 'reports.error.future' });
  const unit = (await getUnit(ctx.db, agency.unitCode))!;
  const month = v.kind === 'month' ? v.month! : 0;
  const due = await dueOn(ctx.db, range.to);
  const existingOf = (db: Executor) =>
    db.selectFrom('periodic_reports').select('id').where('agency_id', '=', agency.id).where('kind', '=', v.kind).where('year', '=', v.year).where('month', '=', month).executeTakeFirst();
  const rowOf = async (db: Executor, id: number) => toReport((await db.selectFrom('periodic_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row);
  const before = await existingOf(ctx.db);
  if (before) return rowOf(ctx.db, before.id);
  // The figures are counted before the transaction that stores them, from the pool (see takeSnapshot).
  const snap = await takeSnapshot(ctx, ctx.db, unit, range.from, range.to);
  return ctx.db.transaction().execute(async (tx) => {
    const existing = await existingOf(tx);
    if (existing) return rowOf(tx, existing.id);
    const figures = await withCompleteness(ctx, tx, unit, snap, v.kind, v.year, month);
    const row = await tx
      .insertInto('periodic_reports')
      .values({
        unit_code: unit.code,
        province_code: unit.provinceCode,
        parent_code: unit.parentCode,
        agency_id: agency.id,
        kind: v.kind,
        year: v.year,
        month,
        period_from: range.from,
        period_to: range.to,
        due_on: due,
        figures: JSON.stringify(figures),
        generated_at: ctx.clock.now(),
        created_by: p.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, { actor: actorOf(p), action: 'reports.report.create', entityType: 'periodic_report', entityId: row.id, at: ctx.clock.now(), after: { unit: unit.code, kind: v.kind, year: v.year, month } });
    return toReport(row as Row);
  });
}

async function draftForUpdate(tx: Executor, p: Principal, id: number) {
  const row = await tx.selectFrom('periodic_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  if (!canPrepare(p, { unitCode: row.unit_code, provinceCode: row.province_code })) throw forbidden('reports.error.notPreparer');
  if (row.status !== 'draft') throw new HttpError(409, 'reports.error.issued');
  return row as Row;
}

export async function saveNarrative(ctx: AppContext, p: Principal, id: number, input: unknown): Promise<void> {
  const v = parse(narrativeInput, input);
  await ctx.db.transaction().execute(async (tx) => {
    await draftForUpdate(tx, p, id);
    await tx.updateTable('periodic_reports').set({ narrative: v.narrative, updated_at: ctx.clock.now() }).where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(p), action: 'reports.report.narrative', entityType: 'periodic_report', entityId: id, at: ctx.clock.now(), after: { length: v.narrative.length } });
  });
}

/** Takes the figures again (a draft only: an issued report keeps the figures it was issued with). */
export async function refreshFigures(ctx: AppContext, p: Principal, id: number): Promise<void> {
  // Checked, then counted before the transaction that stores them (see takeSnapshot); checked again under the lock.
  const draft = await ctx.db.transaction().execute((tx) => draftForUpdate(tx, p, id));
  const unit = (await getUnit(ctx.db, draft.unit_code))!;
  const snap = await takeSnapshot(ctx, ctx.db, unit, draft.period_from, draft.period_to);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await draftForUpdate(tx, p, id);
    const figures = await withCompleteness(ctx, tx, unit, snap, row.kind as PeriodKind, row.year, row.month);
    await tx.updateTable('periodic_reports').set({ figures: JSON.stringify(figures), generated_at: ctx.clock.now(), updated_at: ctx.clock.now() }).where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(p), action: 'reports.report.refresh', entityType: 'periodic_report', entityId: id, at: ctx.clock.now() });
  });
}

/** The issuing body's abbreviation in the number line: UBND, or ĐU / TU for a Party committee. */
export function issuerAbbr(agency: Pick<Agency, 'kind' | 'unitLevel' | 'shortName'>): string {
  if (agency.kind === 'party_committee') return agency.unitLevel === 'province' ? 'TU' : 'ĐU';
  if (agency.kind === 'peoples_council') return 'HĐND';
  if (agency.kind === 'front') return 'MTTQ';
  return 'UBND';
}

export function formatNumber(agency: Pick<Agency, 'kind' | 'unitLevel' | 'shortName'>, n: number): string {
  const nn = String(n).padStart(2, '0');
  return agency.kind === 'party_committee' ? `${nn}-${REPORT_ABBR}/${issuerAbbr(agency)}` : `${nn}/${REPORT_ABBR}-${issuerAbbr(agency)}`;
}

/** Issues the report: the next number of its issuing body for the year; it then appears in the parent unit's inbox. */
export async function issueReport(ctx: AppContext, p: Principal, id: number): Promise<PeriodicReport> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await draftForUpdate(tx, p, id);
    if (!canIssue(p, { unitCode: row.unit_code, provinceCode: row.province_code })) throw forbidden('reports.error.notIssuer');
    const agency = (await getAgency(tx, row.agency_id))!;
    const now = ctx.clock.now();
    const year = Number(today(now).slice(0, 4));
    const n = await sql<{ last: number }>`
      insert into report_numbers (agency_id, year, last) values (${row.agency_id}, ${year}, 1)
      on conflict (agency_id, year) do update set last = report_numbers.last + 1 returning last`.execute(tx);
    const number = Number(n.rows[0].last);
    const updated = await tx
      .updateTable('periodic_reports')
      .set({ status: 'issued', number, number_text: formatNumber(agency, number), issued_at: now, issued_by: p.id, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.parent_code) {
      // The level above is told (its inbox lists the report until it is acknowledged).
      const above = await listAgencies(tx, { unitCode: row.parent_code, limit: 500 });
      const ids = (await Promise.all(above.map((a) => usersWithRole(tx, { role: ['supervisor', 'head'], agencyId: a.id })))).flat();
      await notify(tx, {
        recipients: ids,
        event: 'reports.issued',
        titleKey: 'reports.notice.issued.title',
        bodyKey: 'reports.notice.issued.body',
        params: { agency: agency.name, number: updated.number_text ?? '' },
        link: `/bao-cao/${id}`,
        entity: { type: 'periodic_report', id },
      });
    }
    await audit(tx, { actor: actorOf(p), action: 'reports.report.issue', entityType: 'periodic_report', entityId: id, at: ctx.clock.now(), after: { number: updated.number_text } });
    return toReport(updated as Row);
  });
}

/** The level above acknowledges a commune's issued report. */
export async function acknowledgeReport(ctx: AppContext, p: Principal, id: number, note: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('periodic_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound();
    if (!isAbove(p, { unitCode: row.unit_code, provinceCode: row.province_code })) throw forbidden('reports.error.notAbove');
    if (row.status !== 'issued') throw new HttpError(409, 'reports.error.notIssued');
    const clean = note.normalize('NFC').trim().slice(0, 2000) || null;
    await tx.updateTable('periodic_reports').set({ status: 'acknowledged', acknowledged_at: ctx.clock.now(), acknowledged_by: p.id, acknowledge_note: clean, updated_at: ctx.clock.now() }).where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(p), action: 'reports.report.acknowledge', entityType: 'periodic_report', entityId: id, at: ctx.clock.now(), after: { note: clean } });
  });
}

export interface Completeness {
  expected: number;
  actual: number;
  onTime: number;
  rows: Array<{ unitCode: string; name: string; report: PeriodicReport | null; late: boolean }>;
}

/** Expected / actual / on-time reports of a province's communes for one period (DHIS2's reporting rates). */
export async function completeness(ctx: Pick<AppContext, 'clock'> & { db: Executor }, provinceCode: string, kind: PeriodKind, year: number, month: number, units: Array<{ code: string; fullName: string }>): Promise<Completeness> {
  const rows = await ctx.db
    .selectFrom('periodic_reports')
    .selectAll()
    .where('parent_code', '=', provinceCode)
    .where('kind', '=', kind)
    .where('year', '=', year)
    .where('month', '=', kind === 'month' ? month : 0)
    .where('status', 'in', ['issued', 'acknowledged'])
    .execute();
  const byUnit = new Map<string, PeriodicReport>();
  for (const r of rows.map((x) => toReport(x as Row))) if (!byUnit.has(r.unitCode)) byUnit.set(r.unitCode, r);
  const now = today(ctx.clock.now());
  const out = units.map((u) => {
    const r = byUnit.get(u.code) ?? null;
    const issuedOn = r?.issuedAt ? today(r.issuedAt) : null;
    const due = r?.dueOn ?? null;
    const late = r ? !!issuedOn && !!due && issuedOn > due : false;
    return { unitCode: u.code, name: u.fullName, report: r, late: late || (!r && now > (due ?? '9999')) };
  });
  return {
    expected: units.length,
    actual: out.filter((x) => x.report).length,
    onTime: out.filter((x) => x.report && !x.late).length,
    rows: out,
  };
}

/** A province's report carries, frozen with its figures, which communes had reported for the same period. */
async function withCompleteness(ctx: AppContext, tx: Executor, unit: Unit, snap: Snapshot, kind: PeriodKind, year: number, month: number): Promise<Snapshot> {
  if (unit.level !== 'province') return snap;
  const kids = await childUnits(tx, unit.code);
  const c = await completeness({ clock: ctx.clock, db: tx }, unit.code, kind, year, month, kids);
  return { ...snap, completeness: { expected: c.expected, actual: c.actual, onTime: c.onTime, missing: c.rows.filter((x) => !x.report).map((x) => x.name) } };
}
