import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES, type Principal, type Role } from '../../../platform/access/principal';
import type { AppContext } from '../../../platform/context';
import { forbidden, notFound, ValidationError } from '../../../platform/http/errors';
import { validate } from '../../../platform/http/validate';
import { coerceSetting, getSettings, setSetting, settingDefs, SettingValueError } from '../../../platform/settings/settings';
import { listAgencies } from '../../directory/service';
import { USER_KINDS, type UserKind } from '../model';
import { meta, pageAdmin, pagePrincipal } from '../policy';
import { officialSchema, roleSchema, userEditSchema, validateForm } from '../schema';
import { assignRole, createOfficial, getUser, listUsers, revokeRole, rolesOfUser, setUserStatus, unlockUser, updateUser } from '../service';
import { AdminHome, EditUserPage, NewUserPage, SettingsPage, UsersPage, type EditUserProps } from '../views/admin';
import { communesFor, formValues } from './forms';

const PAGE_SIZE = 50;

function idParam(req: FastifyRequest, name = 'id'): number {
  const raw = (req.params as Record<string, string>)[name];
  if (!/^\d{1,15}$/.test(raw ?? '')) throw notFound();
  return Number(raw);
}

export async function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  /** The landing page lists whatever administration pages the caller may open (modules register them). */
  app.get('/quan-tri', async (req, reply) => {
    const p = pagePrincipal(req, reply);
    if (!p) return reply;
    const page = req.page();
    if (!page.nav.some((n) => n.admin && (!n.visible || n.visible(p)))) throw forbidden();
    return reply.view(<AdminHome ctx={page} />);
  });

  // ----- Users
  app.get('/quan-tri/nguoi-dung', async (req, reply) => {
    if (!pageAdmin(req, reply)) return reply;
    const q = req.query as Record<string, string | undefined>;
    const kind = USER_KINDS.includes(q.kind as UserKind) ? (q.kind as UserKind) : undefined;
    const role = ROLES.includes(q.role as Role) ? (q.role as Role) : undefined;
    const page = Math.max(1, Math.min(10_000, Number.parseInt(q.page ?? '1', 10) || 1));
    const text = typeof q.q === 'string' ? q.q.slice(0, 200) : undefined;
    const { items, more } = await listUsers(ctx.db, { q: text, kind, role, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return reply.view(<UsersPage ctx={req.page()} items={items} filters={{ q: text, kind, role }} page={page} more={more} now={ctx.clock.now()} />);
  });

  app.get('/quan-tri/nguoi-dung/moi', async (req, reply) => {
    if (!pageAdmin(req, reply)) return reply;
    return reply.view(<NewUserPage ctx={req.page()} />);
  });

  app.post('/quan-tri/nguoi-dung/moi', async (req, reply) => {
    const p = pageAdmin(req, reply);
    if (!p) return reply;
    const values = formValues(req.body, ['name', 'email', 'phone', 'sendReset']);
    const v = validateForm(officialSchema, req.body, ['contact']);
    try {
      if (!v.ok) throw v.error;
      const user = await createOfficial(ctx, p, v.data, meta(req));
      reply.flash('ok', 'accounts.users.createdFlash', { name: user.name });
      return reply.redirect(`/quan-tri/nguoi-dung/${user.id}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return reply.code(422).view(<NewUserPage ctx={req.page()} values={values} errors={e.messages(req.t)} />);
      throw e;
    }
  });

  async function renderUser(req: FastifyRequest, reply: FastifyReply, id: number, form?: EditUserProps['form'], status = 200) {
    const user = await getUser(ctx.db, id);
    if (!user) throw notFound();
    const [roles, agencies, communes] = await Promise.all([
      rolesOfUser(ctx.db, id),
      listAgencies(ctx.db, { limit: 5000 }),
      communesFor(ctx),
    ]);
    return reply
      .code(status)
      .view(<EditUserPage ctx={req.page()} user={user} roles={roles} agencies={agencies} communes={communes} form={form} now={ctx.clock.now()} />);
  }

  app.get('/quan-tri/nguoi-dung/:id', async (req, reply) => {
    if (!pageAdmin(req, reply)) return reply;
    return renderUser(req, reply, idParam(req));
  });

  app.post('/quan-tri/nguoi-dung/:id', async (req, reply) => {
    const p = pageAdmin(req, reply);
    if (!p) return reply;
    const id = idParam(req);
    const values = formValues(req.body, ['name', 'email', 'phone', 'kind', 'unitCode', 'address']);
    const v = validateForm(userEditSchema, req.body, ['contact']);
    try {
      if (!v.ok) throw v.error;
      await updateUser(ctx, p, id, v.data, meta(req));
    } catch (e) {
      if (e instanceof ValidationError) return renderUser(req, reply, id, { which: 'details', values, errors: e.messages(req.t) }, 422);
      throw e;
    }
    reply.flash('ok', 'accounts.users.saved');
    return reply.redirect(`/quan-tri/nguoi-dung/${id}`, 303);
  });

  app.post('/quan-tri/nguoi-dung/:id/trang-thai', async (req, reply) => {
    const p = pageAdmin(req, reply);
    if (!p) return reply;
    const id = idParam(req);
    const status = (req.body as Record<string, unknown>)?.status === 'active' ? 'active' : 'disabled';
    await setUserStatus(ctx, p, id, status, meta(req));
    reply.flash('ok', status === 'active' ? 'accounts.users.enabledFlash' : 'accounts.users.disabledFlash');
    return reply.redirect(`/quan-tri/nguoi-dung/${id}`, 303);
  });

  app.post('/quan-tri/nguoi-dung/:id/mo-khoa', async (req, reply) => {
    const p = pageAdmin(req, reply);
    if (!p) return reply;
    const id = idParam(req);
    await unlockUser(ctx, p, id, meta(req));
    reply.flash('ok', 'accounts.users.unlockedFlash');
    return reply.redirect(`/quan-tri/nguoi-dung/${id}`, 303);
  });

  app.post('/quan-tri/nguoi-dung/:id/vai-tro', async (req, reply) => {
    const p = pageAdmin(req, reply);
    if (!p) return reply;
    const id = idParam(req);
    const values = formValues(req.body, ['role', 'agencyId']);
    const v = validate(roleSchema, req.body);
    try {
      if (!v.ok) throw v.error;
      await assignRole(ctx, p, { userId: id, ...v.data }, meta(req));
    } catch (e) {
      if (e instanceof ValidationError) return renderUser(req, reply, id, { which: 'role', values, errors: e.messages(req.t) }, 422);
      throw e;
    }
    reply.flash('ok', 'accounts.users.assignedFlash');
    return reply.redirect(`/quan-tri/nguoi-dung/${id}#roles`, 303);
  });

  app.post('/quan-tri/nguoi-dung/:id/vai-tro/:rid/thu-hoi', async (req, reply) => {
    const p = pageAdmin(req, reply);
    if (!p) return reply;
    const id = idParam(req);
    await revokeRole(ctx, p, idParam(req, 'rid'), meta(req));
    reply.flash('ok', 'accounts.users.revokedFlash');
    return reply.redirect(`/quan-tri/nguoi-dung/${id}#roles`, 303);
  });

  // ----- Settings: every setting any module declared, without knowing them
  async function renderSettings(req: FastifyRequest, reply: FastifyReply, values?: Record<string, string | number | boolean>, errors?: Record<string, string>) {
    const defs = settingDefs();
    const current = values ?? (await getSettings(ctx.db, defs.map((d) => d.key)));
    return reply.code(errors ? 422 : 200).view(<SettingsPage ctx={req.page()} defs={defs} values={current} errors={errors} />);
  }

  app.get('/quan-tri/thiet-lap', async (req, reply) => {
    if (!pageAdmin(req, reply)) return reply;
    return renderSettings(req, reply);
  });

  app.post('/quan-tri/thiet-lap', async (req, reply) => {
    const p: Principal | null = pageAdmin(req, reply);
    if (!p) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const defs = settingDefs();
    const raw: Record<string, string | number | boolean> = {};
    const parsed: Record<string, string | number | boolean> = {};
    const errors: Record<string, string> = {};
    for (const d of defs) {
      let v = body[d.key];
      if (Array.isArray(v)) v = d.type === 'bool' ? v.includes('on') : v.at(-1);
      if (v === undefined && d.type !== 'bool') continue; // not on the form: unchanged
      raw[d.key] = typeof v === 'boolean' ? v : String(v ?? '');
      try {
        parsed[d.key] = coerceSetting(d, v);
      } catch (e) {
        if (!(e instanceof SettingValueError)) throw e;
        errors[d.key] = req.t(e.messageKey);
      }
    }
    if (Object.keys(errors).length) {
      const current = await getSettings(ctx.db, defs.map((d) => d.key));
      return renderSettings(req, reply, { ...current, ...raw }, errors);
    }
    const actor = { ...req.actor(), id: p.id };
    await ctx.db.transaction().execute(async (tx) => {
      for (const [key, value] of Object.entries(parsed)) await setSetting(tx, actor, key, value);
    });
    reply.flash('ok', 'accounts.settings.saved');
    return reply.redirect('/quan-tri/thiet-lap', 303);
  });
}
