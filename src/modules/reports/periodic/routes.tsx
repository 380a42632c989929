import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { ValidationError, forbidden, notFound } from '../../../platform/http/errors';
import { requireUser } from '../../../platform/http/guards';
import { formValues, idParam, queryString } from '../../../platform/http/forms';
import { contentDisposition } from '../../../platform/files/routes';
import { childUnits, getAgencies, getAgency, getUnit } from '../../directory/service';
import { PERIOD_KINDS, today, type PeriodKind } from '../period';
import { canIssue, canPrepare, canSeeReport, isAbove, receivingProvinces } from '../policy';
import { acknowledgeReport, completeness, createReport, getReport, issueReport, listReports, refreshFigures, saveNarrative } from './service';
import { reportDocx, reportPdf, reportXlsx } from './document';
import { InboxPage, ReportPage, ReportsPage } from '../views/periodic';
import type { Principal } from '../../../platform/access/principal';

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Agencies where the person prepares reports (their head/officer grants; administrators: theirs too). */
async function preparerAgencies(ctx: AppContext, p: Principal) {
  const ids = [...new Set(p.roles.filter((g) => g.role === 'head' || g.role === 'officer' || g.role === 'admin').map((g) => g.agencyId))];
  return [...(await getAgencies(ctx.db, ids)).values()];
}

export async function periodicRoutes(app: FastifyInstance, ctx: AppContext) {
  async function listPage(req: FastifyRequest, reply: FastifyReply, p: Principal, values: Record<string, string>, errors?: Record<string, string>) {
    const agencies = await preparerAgencies(ctx, p);
    const units = [...new Set(p.roles.map((g) => g.unitCode))];
    const reports = await listReports(ctx.db, { unitCodes: units });
    return reply.code(errors ? 422 : 200).view(
      <ReportsPage ctx={req.page()} reports={reports} agencies={agencies.map((a) => ({ value: a.id, label: a.name }))} values={values} errors={errors} receives={receivingProvinces(p).length > 0} />,
    );
  }

  app.get('/bao-cao', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!p.roles.length) throw forbidden('reports.error.officialsOnly');
    const now = today(ctx.clock.now());
    return listPage(req, reply, p, { kind: 'q1', year: now.slice(0, 4), month: '' });
  });

  app.post('/bao-cao', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!p.roles.length) throw forbidden('reports.error.officialsOnly');
    const values = formValues(req.body);
    try {
      const r = await createReport(ctx, p, values);
      return reply.redirect(`/bao-cao/${r.id}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return listPage(req, reply, p, values, err.messages(req.page().t));
      throw err;
    }
  });

  app.get('/bao-cao/nhan', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const province = receivingProvinces(p)[0];
    if (!province) throw forbidden('reports.error.notAbove');
    const now = today(ctx.clock.now());
    const kind = (PERIOD_KINDS as readonly string[]).includes(queryString(req.query, 'kind')) ? (queryString(req.query, 'kind') as PeriodKind) : 'q1';
    const year = Number(queryString(req.query, 'year')) || Number(now.slice(0, 4));
    const month = kind === 'month' ? Math.min(12, Math.max(1, Number(queryString(req.query, 'month')) || Number(now.slice(5, 7)))) : 0;
    const unit = (await getUnit(ctx.db, province))!;
    const c = await completeness(ctx, province, kind, year, month, await childUnits(ctx.db, province));
    return reply.view(<InboxPage ctx={req.page()} c={c} query={{ kind, year, month }} provinceCode={unit.code} provinceName={unit.fullName} />);
  });

  app.get<{ Params: { id: string } }>('/bao-cao/:id', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const m = /^(\d{1,9})(?:\.(docx|pdf|xlsx))?$/.exec(req.params.id);
    const r = m ? await getReport(ctx.db, Number(m[1])) : undefined;
    if (!r || !m) throw notFound();
    const scope = { unitCode: r.unitCode, provinceCode: r.provinceCode };
    if (!canSeeReport(p, scope)) throw forbidden();
    const format = m[2] as keyof typeof TYPES | undefined;
    if (format) {
      const buf = format === 'docx' ? await reportDocx(ctx.db, r) : format === 'pdf' ? await reportPdf(ctx.db, r) : await reportXlsx(r);
      return reply.type(TYPES[format]).header('content-disposition', contentDisposition('attachment', `bao-cao-${r.unitCode}-${r.kind}-${r.year}${r.month ? `-${r.month}` : ''}.${format}`)).send(buf);
    }
    const agency = await getAgency(ctx.db, r.agencyId);
    return reply.view(
      <ReportPage
        ctx={req.page()}
        r={r}
        agencyName={agency?.name ?? ''}
        canEdit={r.status === 'draft' && canPrepare(p, scope)}
        canIssue={r.status === 'draft' && canIssue(p, scope)}
        canAck={r.status === 'issued' && isAbove(p, scope)}
      />,
    );
  });

  const action = (path: string, run: (p: Principal, id: number, body: Record<string, string>) => Promise<unknown>, flash: string) =>
    app.post<{ Params: { id: string } }>(`/bao-cao/:id/${path}`, async (req, reply) => {
      const p = requireUser(req, reply);
      if (!p) return reply;
      const id = idParam(req.params.id);
      if (!id) throw notFound();
      await run(p, id, formValues(req.body));
      reply.flash('ok', flash);
      return reply.redirect(`/bao-cao/${id}`, 303);
    });
  action('noi-dung', (p, id, b) => saveNarrative(ctx, p, id, { narrative: b.narrative ?? '' }), 'reports.flash.saved');
  action('cap-nhat', (p, id) => refreshFigures(ctx, p, id), 'reports.flash.refreshed');
  action('ban-hanh', (p, id) => issueReport(ctx, p, id), 'reports.flash.issued');
  action('xac-nhan', (p, id, b) => acknowledgeReport(ctx, p, id, b.note ?? ''), 'reports.flash.acknowledged');
}
