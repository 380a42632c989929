import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { isAdmin, type Principal } from '../../../platform/access/principal';
import { forbidden, HttpError, notFound, ValidationError } from '../../../platform/http/errors';
import { requireUser } from '../../../platform/http/guards';
import { formValues, queryString } from '../../../platform/http/forms';
import { readForm } from '../../../platform/files/multipart';
import { getUnit, homeProvinceCode, listAgencies, listUnits } from '../../directory/service';
import { getPetitionForViewer } from '../../petitions/service';
import {
  cancelCommitment,
  countsByAgency,
  createCommitment,
  createSupervisionPlan,
  extendCommitment,
  frontUnits,
  getCommitmentForViewer,
  listAgencyCommitments,
  listMyCommitments,
  listProvinceCommitments,
  listPublicCommitments,
  listSupervisionPlans,
  listUnitCommitments,
  recordFinding,
  transferCommitment,
  turnIntoPetition,
  updateProgress,
} from '../service';
import { todayVN } from '../service/common';
import { PAGE_SIZE, type CommitmentPage } from '../service/read';
import type { ListFilter } from '../schema';
import { registerXlsx } from '../service/export';
import { DetailPage, type ActionState } from '../views/detail';
import { UnitIndexPage, UnitPage } from '../views/public';
import { MinePage, OverviewPage, RecordPage, RegisterPage, WorklistPage } from '../views/officer';
import { fieldErrors, filterRefs, filtersOf, ownAgencies, refusalText } from './helpers';
import { readsUnitRegister } from '../policy';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function renderDetail(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, code: string, status = 200, state?: ActionState) {
  const d = await getCommitmentForViewer(ctx, req.principal, code);
  const agencies = d.actions.includes('transfer') ? (await listAgencies(ctx.db, { limit: 1000 })).filter((a) => a.provinceCode === d.commitment.provinceCode).map((a) => ({ id: a.id, name: a.name })) : [];
  if (!d.commitment.isPublic || d.official) reply.header('cache-control', 'private, no-store');
  return reply.code(status).view(<DetailPage ctx={req.page()} d={d} state={state} agencies={agencies} today={todayVN(ctx)} />);
}

/** Runs one action of the detail page's forms. */
async function runAction(ctx: AppContext, p: Principal, code: string, action: string, fields: Record<string, string>, uploads: Array<{ filename: string; data: Buffer; declaredType?: string }>) {
  switch (action) {
    case 'progress':
      return updateProgress(ctx, p, code, fields, { uploads });
    case 'finding':
      return recordFinding(ctx, p, code, fields, { uploads });
    case 'extend':
      return extendCommitment(ctx, p, code, fields);
    case 'transfer':
      return transferCommitment(ctx, p, code, fields);
    case 'cancel':
      return cancelCommitment(ctx, p, code, fields);
    case 'to_petition':
      return turnIntoPetition(ctx, p, code);
    default:
      throw new HttpError(422, 'commitments.error.action');
  }
}

/** Units where the caller is a head, or the province where they hold a provincial head/supervisor/admin grant. */
function overviewScope(p: Principal): { unitCodes?: string[]; provinceCode?: string } | null {
  const prov = p.roles.find((g) => ['head', 'supervisor', 'admin'].includes(g.role) && g.unitLevel === 'province');
  if (prov) return { provinceCode: prov.provinceCode };
  const units = [...new Set(p.roles.filter((g) => g.role === 'head').map((g) => g.unitCode))];
  return units.length ? { unitCodes: units } : null;
}

/**
 * The units an overview's list shows when asked for one (a dashboard's number links there): a province (its own and
 * all its communes') or a commune, for any official who reads the unit's register (its officials, the level above).
 */
async function listedUnits(ctx: AppContext, p: Principal, code: string): Promise<{ unitCodes?: string[]; provinceCode?: string } | null> {
  const unit = await getUnit(ctx.db, code);
  if (!unit || unit.level === 'village' || !readsUnitRegister(p, unit)) return null;
  return unit.level === 'province' ? { provinceCode: unit.code } : { unitCodes: [unit.code] };
}

const emptyPage = async (): Promise<CommitmentPage> => ({ items: [], total: 0, page: 1, pageSize: PAGE_SIZE });

export async function commitmentPages(app: FastifyInstance, ctx: AppContext) {
  app.get('/cam-ket', async (req, reply) => {
    const province = await homeProvinceCode(ctx.db);
    const units = (await listUnits(ctx.db, { parent: province, limit: 500 })).map((u) => ({ code: u.code, name: req.locale === 'en' ? u.fullNameEn : u.fullName }));
    return reply.view(<UnitIndexPage ctx={req.page()} units={units} />);
  });

  app.get('/cam-ket/don-vi/:unit', async (req, reply) => {
    const unit = await getUnit(ctx.db, (req.params as { unit: string }).unit);
    if (!unit || unit.level === 'village') throw notFound();
    const { filter, values, errors } = filtersOf(req);
    const bad = Object.keys(errors).length > 0;
    // A province: its own commitments and all its communes'.
    const where = unit.level === 'province' ? { provinceCode: unit.code } : { unitCodes: [unit.code] };
    const [page, counts, refs] = await Promise.all([bad ? emptyPage() : listPublicCommitments(ctx, unit.code, filter), countsByAgency(ctx, { ...where, publicOnly: true }), filterRefs(ctx, null, req.locale)]);
    // The agency filter offers the agencies that have public commitments here.
    refs.agencies = counts.map((r) => ({ id: r.agencyId, name: r.agencyName }));
    const sum = (k: string) => counts.reduce((n, r) => n + (r.counts[k] ?? 0), 0);
    const headline = { total: counts.reduce((n, r) => n + Object.entries(r.counts).filter(([k]) => k !== 'overdue').reduce((m, [, v]) => m + v, 0), 0), overdue: sum('overdue'), kept: sum('verified_kept'), notKept: sum('verified_not_kept') };
    return reply.code(bad ? 422 : 200).view(<UnitPage ctx={req.page()} unitName={req.locale === 'en' ? unit.fullNameEn : unit.fullName} unitCode={unit.code} page={page} refs={refs} values={values} errors={errors} headline={headline} />);
  });

  app.get('/cam-ket/cua-toi', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    reply.header('cache-control', 'private, no-store');
    return reply.view(<MinePage ctx={req.page()} items={await listMyCommitments(ctx, p.id)} />);
  });

  app.get('/cam-ket/:code', async (req, reply) => renderDetail(ctx, req, reply, (req.params as { code: string }).code));

  app.post('/cam-ket/:code/thao-tac', async (req, reply) => {
    const { code } = req.params as { code: string };
    const p = requireUser(req, reply);
    if (!p) return reply;
    const form = await readForm(req);
    const raw = formValues(form.fields);
    const action = raw.action ?? '';
    delete raw.action;
    // Each action form names its fields `<action>_<field>` (one page, several forms, unique ids).
    const fields = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.startsWith(`${action}_`) ? k.slice(action.length + 1) : k, v]));
    if (form.oversized.length) return renderDetail(ctx, req, reply, code, 413, { action, values: fields, errors: { files: req.t('files.error.tooLarge', { name: form.oversized[0], max: '10 MB' }) } });
    try {
      const uploads = form.files.filter((f) => f.field === 'files' && f.data.length).map((f) => ({ filename: f.filename, data: f.data, declaredType: f.mimetype }));
      const done = await runAction(ctx, p, code, action, fields, uploads);
      reply.flash('ok', 'commitments.page.done', { action: req.t(`commitments.action.${action}`) });
      return reply.redirect(`/cam-ket/${done.code}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return renderDetail(ctx, req, reply, code, 422, { action, values: fields, errors: fieldErrors(e, req.t) });
      if (e instanceof HttpError && (e.status === 413 || e.status === 415 || (e.status === 422 && e.messageKey.startsWith('files.')))) return renderDetail(ctx, req, reply, code, e.status, { action, values: fields, errors: { files: refusalText(e, req.t) } });
      if (e instanceof HttpError && e.status !== 404 && e.status < 500) return renderDetail(ctx, req, reply, code, e.status, { action, values: fields, message: refusalText(e, req.t) });
      throw e;
    }
  });

  app.get('/can-bo/cam-ket', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const agencies = await ownAgencies(ctx, p);
    if (!agencies.length) {
      if (frontUnits(p).length) return reply.redirect('/can-bo/cam-ket/giam-sat', 303);
      if (overviewScope(p)) return reply.redirect('/can-bo/cam-ket/tong-quan', 303);
      throw forbidden('commitments.error.noRegister');
    }
    const { filter, values } = filtersOf(req);
    const agencyId = agencies.find((a) => a.id === filter.agencyId)?.id ?? agencies[0].id;
    const page = await listAgencyCommitments(ctx, agencyId, { ...filter, agencyId: undefined });
    reply.header('cache-control', 'private, no-store');
    return reply.view(<RegisterPage ctx={req.page()} agencyId={agencyId} agencies={agencies} page={page} refs={await filterRefs(ctx, null, req.locale)} values={values} />);
  });

  app.get('/can-bo/cam-ket/so.xlsx', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const agencies = await ownAgencies(ctx, p);
    const { filter } = filtersOf(req);
    const agency = agencies.find((a) => a.id === filter.agencyId) ?? agencies[0];
    if (!agency) throw forbidden('commitments.error.noRegister');
    const buf = await registerXlsx(ctx, agency, { ...filter, agencyId: undefined }, req.t);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="so-theo-doi-cam-ket-${agency.id}.xlsx"`)
      .header('cache-control', 'private, no-store')
      .send(buf);
  });

  const worklist = async (req: FastifyRequest, reply: FastifyReply, p: Principal, status = 200, values?: Record<string, string>, errors?: Record<string, string>) => {
    const units = frontUnits(p);
    const [toVerify, overdue, all, plans] = await Promise.all([
      listUnitCommitments(ctx, units, { state: 'done_awaiting_verification' }, 200),
      listUnitCommitments(ctx, units, { state: 'overdue' }, 200),
      listUnitCommitments(ctx, units, {}, 300),
      listSupervisionPlans(ctx, units),
    ]);
    const candidates = all.items.filter((i) => !['verified_kept', 'cancelled'].includes(i.state));
    reply.header('cache-control', 'private, no-store');
    return reply.code(status).view(<WorklistPage ctx={req.page()} toVerify={toVerify.items} overdue={overdue.items} plans={plans} candidates={candidates} values={values} errors={errors} />);
  };

  app.get('/can-bo/cam-ket/giam-sat', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!frontUnits(p).length) throw forbidden('commitments.error.forbidden.finding');
    return worklist(req, reply, p);
  });

  app.post('/can-bo/cam-ket/giam-sat/ke-hoach', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = formValues(body);
    const ids = body.commitmentIds === undefined ? [] : Array.isArray(body.commitmentIds) ? body.commitmentIds : [body.commitmentIds];
    try {
      await createSupervisionPlan(ctx, p, { ...values, commitmentIds: ids });
      reply.flash('ok', 'commitments.page.plan.saved');
      return reply.redirect('/can-bo/cam-ket/giam-sat', 303);
    } catch (e) {
      if (e instanceof ValidationError) return worklist(req, reply, p, 422, values, fieldErrors(e, req.t));
      throw e;
    }
  });

  app.get('/can-bo/cam-ket/tong-quan', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    // The counts by agency and the overdue ones: for heads and the level above; the list: for every reader of the unit.
    const scope = overviewScope(p);
    const unitCode = queryString(req.query, 'unit', 10);
    const listed = unitCode ? await listedUnits(ctx, p, unitCode) : scope;
    if (!listed) throw forbidden('commitments.error.noOverview');
    const { filter, values, errors } = filtersOf(req);
    const bad = Object.keys(errors).length > 0;
    const list = (f: Partial<ListFilter>) => (listed.provinceCode ? listProvinceCommitments(ctx, listed.provinceCode, f) : listUnitCommitments(ctx, listed.unitCodes!, f));
    const [rows, overdue, page, refs] = await Promise.all([
      scope ? countsByAgency(ctx, scope) : null,
      !scope ? null : scope.provinceCode ? listProvinceCommitments(ctx, scope.provinceCode, { state: 'overdue' }) : listUnitCommitments(ctx, scope.unitCodes!, { state: 'overdue' }, 100),
      bad ? emptyPage() : list(filter),
      filterRefs(ctx, null, req.locale),
    ]);
    refs.agencies = (await countsByAgency(ctx, listed)).map((r) => ({ id: r.agencyId, name: r.agencyName }));
    reply.header('cache-control', 'private, no-store');
    return reply.code(bad ? 422 : 200).view(<OverviewPage ctx={req.page()} rows={rows} overdue={overdue?.items ?? null} list={{ page, refs, values, errors, unitCode }} />);
  });

  const recordForm = async (req: FastifyRequest, reply: FastifyReply, p: Principal, status = 200, values?: Record<string, string>, errors?: Record<string, string>) => {
    const units = [...new Set(p.roles.map((g) => g.unitCode))];
    const agencies = (await Promise.all(units.map((u) => listAgencies(ctx.db, { unitCode: u, limit: 200 })))).flat().map((a) => ({ id: a.id, name: a.name }));
    reply.header('cache-control', 'private, no-store');
    return reply.code(status).view(<RecordPage ctx={req.page()} agencies={agencies} values={values} errors={errors} />);
  };
  const mayRecord = (p: Principal) => isAdmin(p) || p.roles.some((g) => g.role === 'officer' || g.role === 'head' || g.role === 'front_officer');

  app.get('/can-bo/cam-ket/ghi-nhan', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!mayRecord(p)) throw forbidden('commitments.error.mayNotRecord');
    return recordForm(req, reply, p, 200, { petitionCode: queryString(req.query, 'kien-nghi', 40) });
  });

  app.post('/can-bo/cam-ket/ghi-nhan', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!mayRecord(p)) throw forbidden('commitments.error.mayNotRecord');
    const v = formValues(req.body);
    let petition;
    try {
      petition = (await getPetitionForViewer(ctx, p, (v.petitionCode ?? '').trim().toUpperCase())).petition;
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return recordForm(req, reply, p, 422, v, { petitionCode: req.t('commitments.error.petitionCode') });
      throw e;
    }
    try {
      const k = await createCommitment(ctx, p, {
        source: { kind: 'petition', refId: String(petition.id), href: `/kien-nghi/${petition.code}`, label: `${petition.code}: ${petition.title}` },
        unitCode: petition.unitCode,
        promisedBy: { name: v.promisedByName, title: v.promisedByTitle },
        agencyId: v.agencyId,
        deadline: v.deadline,
        deadlineWorkingDays: v.deadlineWorkingDays,
        text: v.text,
        categoryId: petition.categoryId ?? undefined,
        citizenIds: petition.petitionerId ? [petition.petitionerId] : [],
        petitionIds: [petition.id],
        isPublic: petition.visibility === 'public' && petition.track === 'general',
      });
      reply.flash('ok', 'commitments.page.record.saved', { code: k.code });
      return reply.redirect(`/cam-ket/${k.code}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        return recordForm(req, reply, p, 422, v, fieldErrors(e, req.t));
      }
      throw e;
    }
  });
}
