import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { forbidden, HttpError, ValidationError } from '../../../platform/http/errors';
import { bulkAssign, deleteTemplate, dueSummary, getTemplate, listInbox, listTemplates, saveTemplate, assignableOfficers } from '../service';
import { inboxAgencies, inboxRole, isOfficial } from '../policy';
import { InboxPage, type InboxCounts } from '../views/lists';
import { TemplatesPage } from '../views/templates';
import type { Values } from '../views/common';
import { requireUser } from '../../../platform/http/guards';
import { idParam } from '../../../platform/http/forms';
import { safeReturnPath } from '../../../platform/http/redirect';
import { commonRefs, fieldErrors, provinceAgencies, queryValues } from './helpers';

/** Back to the inbox page the bulk form was on (its filters kept), never elsewhere. */
function safeBack(v: unknown): string {
  const s = safeReturnPath(v);
  return s && /^\/can-bo\/kien-nghi(?:[/?#]|$)/.test(s) ? s : '/can-bo/kien-nghi';
}

export async function officerPages(app: FastifyInstance, ctx: AppContext) {
  // The inbox of the officer's agencies (Front officers, supervisors: what their grants cover).
  app.get('/can-bo/kien-nghi', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!isOfficial(p)) throw forbidden('petitions.page.inbox.notOfficial');
    const role = inboxRole(p);
    // A supervisor lands on what they act on: the overdue petitions escalated to them, most overdue first.
    const values = queryValues(req.query);
    if (role === 'supervisor' && Object.keys(values).length === 0) Object.assign(values, { due: 'overdue', sort: 'due' });
    const refs = await commonRefs(ctx, req.locale);
    const mine = inboxAgencies(p);
    const allAgencies = await provinceAgencies(ctx, refs.province);
    const agencies = mine.length ? allAgencies.filter((a) => mine.includes(a.id)) : [];
    const summary = await dueSummary(ctx, p);
    const counts: InboxCounts = { open: 0, dueSoon: 0, overdue: 0, keoDai: 0, vuotCap: 0 };
    for (const r of summary) {
      if (mine.length && !mine.includes(r.agencyId)) continue;
      counts.open += r.open;
      counts.dueSoon += r.dueSoon;
      counts.overdue += r.overdue;
      counts.keoDai += r.keoDai;
      counts.vuotCap += r.vuotCap;
    }
    const officers = new Map<number, { id: number; name: string }>();
    for (const a of mine) for (const o of await assignableOfficers(ctx, p, a).catch(() => [])) officers.set(o.id, o);
    const view = (items: Awaited<ReturnType<typeof listInbox>>['items'], next: string | null, status = 200, errors?: Record<string, string>) =>
      reply.code(status).view(
        <InboxPage
          ctx={req.page()}
          refs={{ ...refs, agencies }}
          values={values}
          items={items}
          next={next}
          counts={counts}
          officers={[...officers.values()]}
          canAssign={mine.length > 0}
          role={role}
          errors={errors}
        />,
      );
    try {
      const page = await listInbox(ctx, p, { ...values, limit: 25 });
      return view(page.items, page.next);
    } catch (e) {
      if (e instanceof ValidationError) return view([], null, 422, fieldErrors(e, req.t));
      throw e;
    }
  });

  app.post('/can-bo/kien-nghi/giao', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const back = safeBack(body.back);
    const ids = ([] as unknown[]).concat(body.ids ?? []).map((x) => Number(x));
    try {
      const r = await bulkAssign(ctx, p, { ids, assigneeId: body.assigneeId });
      if (r.failed.length) {
        const codes = r.failed.map((f) => `#${f.id}`).join(', ');
        reply.flash('error', 'petitions.page.inbox.bulkPartial', { done: r.done.length, failed: r.failed.length, codes });
      } else {
        reply.flash('ok', 'petitions.page.inbox.bulkDone', { done: r.done.length });
      }
    } catch (e) {
      if (e instanceof ValidationError) {
        const first = Object.values(e.errors)[0] ?? 'error.validation';
        reply.flash('error', first);
      } else if (e instanceof HttpError && e.status < 500) {
        reply.flash('error', e.messageKey, e.params);
      } else throw e;
    }
    return reply.redirect(back, 303);
  });

  // Answer templates of the caller's agencies.
  const templatesPage = async (req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply, status = 200, form?: { values: Values; errors: Record<string, string>; editId?: number }) => {
    const p = req.principal!;
    const mine = inboxAgencies(p);
    if (!mine.length) throw forbidden('petitions.page.inbox.notOfficial');
    const q = req.query as Record<string, unknown>;
    const wanted = Number(form?.values.agencyId ?? q.agency);
    const agencyId = mine.includes(wanted) ? wanted : mine[0];
    const { province } = await commonRefs(ctx, req.locale);
    const agencies = (await provinceAgencies(ctx, province)).filter((a) => mine.includes(a.id));
    const templates = await listTemplates(ctx, p, agencyId);
    const editId = form?.editId ?? Number(q.sua);
    const editing = Number.isSafeInteger(editId) && editId > 0 ? (templates.find((x) => x.id === editId) ?? null) : null;
    return reply
      .code(status)
      .view(<TemplatesPage ctx={req.page()} agencies={agencies} agencyId={agencyId} templates={templates} editing={editing} values={form?.values} errors={form?.errors} />);
  };

  app.get('/can-bo/mau-tra-loi', async (req, reply) => {
    if (!requireUser(req, reply)) return reply;
    return templatesPage(req, reply);
  });

  const save = async (req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply, id?: number) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = (req.body ?? {}) as Record<string, string>;
    const values: Values = { agencyId: body.agencyId, title: body.title, body: body.body };
    try {
      const tpl = await saveTemplate(ctx, p, { agencyId: body.agencyId, title: body.title ?? '', body: body.body ?? '' }, id);
      reply.flash('ok', 'petitions.page.templates.saved');
      return reply.redirect(`/can-bo/mau-tra-loi?agency=${tpl.agencyId}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return templatesPage(req, reply, 422, { values, errors: fieldErrors(e, req.t), editId: id });
      throw e;
    }
  };
  app.post('/can-bo/mau-tra-loi', async (req, reply) => save(req, reply));
  app.post('/can-bo/mau-tra-loi/:id', async (req, reply) => save(req, reply, idParam((req.params as { id: string }).id) ?? 0));
  app.post('/can-bo/mau-tra-loi/:id/xoa', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const id = idParam((req.params as { id: string }).id) ?? 0;
    const tpl = await getTemplate(ctx, p, id);
    await deleteTemplate(ctx, p, id);
    reply.flash('ok', 'petitions.page.templates.deleted');
    return reply.redirect(`/can-bo/mau-tra-loi?agency=${tpl.agencyId}`, 303);
  });
}
