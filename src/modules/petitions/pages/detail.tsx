import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { HttpError, ValidationError } from '../../../platform/http/errors';
import { readForm } from '../../../platform/files/multipart';
import { renderPanels } from '../../../platform/ui/panels';
import { getUsers } from '../../accounts/service';
import { assignableOfficers, getPetitionForViewer, getTemplate, listTemplates, transition } from '../service';
import { ACTIONS, type ActionName } from '../state-machine';
import type { PetitionDetail } from '../model';
import { DetailPage, type ActionState, type DetailRefs } from '../views/detail';
import { commonRefs, fieldErrors, ip, isHttp, provinceAgencies, uploadLimits, UPLOAD_STATUSES } from './helpers';

/** What the action forms need (agencies, officers, templates), loaded only for the actions the viewer has. */
async function detailRefs(ctx: AppContext, req: FastifyRequest, d: PetitionDetail): Promise<DetailRefs> {
  const limits = await uploadLimits(ctx);
  const refs: DetailRefs = { agencies: [], officers: [], templates: [], ...limits };
  const has = (a: ActionName) => d.actions.includes(a);
  if (has('forward') || has('direct')) {
    const { province } = await commonRefs(ctx, req.locale);
    refs.agencies = await provinceAgencies(ctx, province);
  }
  const p = req.principal;
  if (p && has('assign')) refs.officers = await assignableOfficers(ctx, p, d.petition.agencyId).catch(() => []);
  if (p && has('draft_answer')) refs.templates = await listTemplates(ctx, p, d.petition.agencyId).catch(() => []);
  return refs;
}

async function render(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, code: string, status = 200, state?: ActionState) {
  const d = await getPetitionForViewer(ctx, req.principal, code);
  const refs = await detailRefs(ctx, req, d);
  let templateBody: string | undefined;
  const q = req.query as Record<string, unknown>;
  const mau = Number(q.mau);
  if (!state && Number.isSafeInteger(mau) && mau > 0 && req.principal && d.actions.includes('draft_answer')) {
    const tpl = await getTemplate(ctx, req.principal, mau).catch(() => null);
    if (tpl && tpl.agencyId === d.petition.agencyId) {
      templateBody = tpl.body;
      state = { action: 'draft_answer' };
    }
  }
  let enteredByName: string | null = null;
  if (d.relation === 'official' && d.petition.enteredBy) enteredByName = (await getUsers(ctx.db, [d.petition.enteredBy])).get(d.petition.enteredBy)?.name ?? null;
  // A private page for its petitioner and officials: never cached by a shared cache.
  if (d.relation !== 'public') reply.header('cache-control', 'private, no-store');
  // What other modules show about it (the commitments made in its answer), without this module importing them.
  const panels = await renderPanels(req, ctx, 'petition', { id: d.petition.id, code: d.petition.code, relation: d.relation });
  return reply.code(status).view(<DetailPage ctx={req.page()} d={d} refs={refs} state={state} templateBody={templateBody} enteredByName={enteredByName} panels={panels} />);
}

function isAction(a: unknown): a is ActionName {
  return typeof a === 'string' && (ACTIONS as readonly string[]).includes(a);
}

export async function detailPages(app: FastifyInstance, ctx: AppContext) {
  app.get('/kien-nghi/:code', async (req, reply) => {
    const { code } = req.params as { code: string };
    return render(ctx, req, reply, code);
  });

  // Every action of the lifecycle, one form each: action + its fields (+ files for an answer draft).
  app.post('/kien-nghi/:code/thao-tac', async (req, reply) => {
    const { code } = req.params as { code: string };
    const p: Principal | null = req.principal;
    if (!p) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(`/kien-nghi/${code}`)}`, 303);
    const form = await readForm(req);
    const fields = { ...form.fields };
    const action = fields.action;
    if (!isAction(action)) throw new HttpError(422, 'petitions.error.action');
    delete (fields as Record<string, unknown>)._csrf;
    const label = req.t(`petitions.action.${action}`);
    if (form.oversized.length) {
      const { maxMb } = await uploadLimits(ctx);
      return render(ctx, req, reply, code, 413, {
        action,
        values: fields,
        errors: { attachments: req.t('files.error.tooLarge', { name: form.oversized[0], max: `${maxMb} MB` }) },
      });
    }
    try {
      const done = await transition(ctx, p, code, fields, {
        ip: ip(req),
        uploads: form.files.filter((f) => f.field === 'attachments').map((f) => ({ filename: f.filename, data: f.data, declaredType: f.mimetype })),
      });
      reply.flash('ok', action === 'rate' && done.status !== 'closed' ? 'petitions.page.done.rateOpen' : `petitions.page.done.${action}`, { code: done.code });
      return reply.redirect(`/kien-nghi/${done.code}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return render(ctx, req, reply, code, 422, { action, values: fields, errors: fieldErrors(e, req.t) });
      if (isHttp(e, ...UPLOAD_STATUSES)) {
        return render(ctx, req, reply, code, e.status, { action, values: fields, errors: { attachments: req.t(e.messageKey, e.params) } });
      }
      if (e instanceof HttpError && e.status !== 404 && e.status < 500) {
        const params = Object.fromEntries(Object.entries(e.params ?? {}).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('petitions.') ? req.t(v) : v]));
        const message = req.t('petitions.page.detail.actionFailed', { action: label, message: req.t(e.messageKey, params) });
        // A caller who may not even see the petition gets the plain 404 from render().
        return render(ctx, req, reply, code, e.status, { action, values: fields, message });
      }
      throw e;
    }
  });
}
