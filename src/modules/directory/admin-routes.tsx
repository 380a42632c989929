import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { notFound, ValidationError } from '../../platform/http/errors';
import { withQuery } from '../../platform/ui/components';
import { isAgencyKind, type Agency, type Category, type Unit } from './model';
import {
  childUnits,
  createAgency,
  createCategory,
  createUnit,
  getAgency,
  getCategory,
  getUnit,
  homeProvinceCode,
  listAgencies,
  listCategories,
  moveCategory,
  setAgencyActive,
  setCategoryActive,
  updateAgency,
  updateCategory,
  updateUnit,
} from './service';
import {
  AdminAgenciesPage,
  AgencyFormPage,
  CategoriesPage,
  CategoryFormPage,
  VillageFormPage,
  VillagesPage,
  villageValues,
  type FormErrors,
  type FormValues,
} from './views/admin';
import { agencyName, unitName, unitOptions } from './views/common';
import { adminOnly } from '../../platform/http/guards';
import { formValues, idParam, pageNumber, queryString } from '../../platform/http/forms';

const PAGE_SIZE = 50;

/** Runs a form's use case: on a validation error, re-renders the form (422) with the messages beside the fields. */
async function handleForm(
  req: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<{ redirect: string; flash: string; params?: Record<string, string | number> }>,
  rerender: (errors: FormErrors) => Promise<unknown>,
) {
  try {
    const done = await run();
    reply.flash('ok', done.flash, done.params);
    return reply.redirect(done.redirect, 303);
  } catch (e) {
    if (e instanceof ValidationError) {
      reply.code(422);
      return rerender(e.messages(req.t));
    }
    throw e;
  }
}

function agencyValues(a: Agency): FormValues {
  return {
    code: a.code,
    name: a.name,
    nameEn: a.nameEn,
    shortName: a.shortName ?? '',
    kind: a.kind,
    unitCode: a.unitCode,
    parentId: a.parentId ? String(a.parentId) : '',
    email: a.email ?? '',
    phone: a.phone ?? '',
    address: a.address ?? '',
  };
}

function categoryValues(c: Category): FormValues {
  return { code: c.code, name: c.name, nameEn: c.nameEn, description: c.description ?? '' };
}

export async function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx;
  app.addHook('preHandler', adminOnly);

  async function unitChoices(page: ReturnType<FastifyRequest['page']>) {
    const home = await homeProvinceCode(db);
    const [province, communes] = await Promise.all([getUnit(db, home), childUnits(db, home)]);
    return { home, province, communes, options: unitOptions(page, province, communes) };
  }

  /** Parents offered in the agency form: the home province's agencies, then those at the chosen unit. */
  async function parentChoices(page: ReturnType<FastifyRequest['page']>, home: string, unitCode: string | undefined, selfId?: number, currentParent?: string) {
    const provincial = await listAgencies(db, { unitCode: home });
    const local = unitCode && unitCode !== home ? await listAgencies(db, { unitCode }) : [];
    const options = [
      ...provincial.map((a) => ({ value: a.id, label: agencyName(page, a) })),
      ...local.map((a) => ({ value: a.id, label: `— ${agencyName(page, a)}` })),
    ].filter((o) => o.value !== selfId);
    const cur = idParam(currentParent);
    if (cur && !options.some((o) => o.value === cur)) {
      const p = await getAgency(db, cur);
      if (p) options.unshift({ value: p.id, label: agencyName(page, p) });
    }
    return options;
  }

  // Agencies ---------------------------------------------------------------------------------------

  app.get('/quan-tri/co-quan', async (req, reply) => {
    const page = req.page();
    const q = queryString(req.query, 'q').slice(0, 100);
    const unit = queryString(req.query, 'unit');
    const kindRaw = queryString(req.query, 'kind');
    const kind = isAgencyKind(kindRaw) ? kindRaw : undefined;
    const inactive = queryString(req.query, 'inactive') === '1';
    const n = pageNumber(req.query);
    const { options } = await unitChoices(page);
    const items = await listAgencies(db, {
      q,
      unitCode: unit || undefined,
      kind,
      includeInactive: inactive,
      limit: PAGE_SIZE + 1,
      offset: (n - 1) * PAGE_SIZE,
    });
    const base = { q, unit, kind: kind ?? '', inactive: inactive ? '1' : '' };
    return reply.view(
      <AdminAgenciesPage
        ctx={page}
        items={items.slice(0, PAGE_SIZE)}
        q={q}
        unit={unit}
        kind={kind ?? ''}
        inactive={inactive}
        unitChoices={options}
        prev={n > 1 ? withQuery('/quan-tri/co-quan', { ...base, page: n - 1 > 1 ? n - 1 : null }) : null}
        next={items.length > PAGE_SIZE ? withQuery('/quan-tri/co-quan', { ...base, page: n + 1 }) : null}
      />,
    );
  });

  async function renderAgencyForm(req: FastifyRequest, reply: FastifyReply, values: FormValues, errors: FormErrors = {}, agency?: Agency) {
    const page = req.page();
    const { home, options } = await unitChoices(page);
    const unitCode = values.unitCodeOther?.trim() || values.unitCode || undefined;
    const parents = await parentChoices(page, home, unitCode, agency?.id, values.parentId);
    return reply.view(
      <AgencyFormPage ctx={page} agency={agency} values={values} errors={errors} unitChoices={options} parentChoices={parents} />,
    );
  }

  /** The form's unit: the code typed in "another unit" wins over the select. */
  function agencyInput(v: FormValues) {
    return { ...v, unitCode: v.unitCodeOther?.trim() || v.unitCode };
  }

  app.get('/quan-tri/co-quan/moi', async (req, reply) => {
    const unit = queryString(req.query, 'unit');
    return renderAgencyForm(req, reply, { unitCode: unit });
  });

  app.post('/quan-tri/co-quan', async (req, reply) => {
    const values = formValues(req.body);
    return handleForm(
      req,
      reply,
      async () => {
        const a = await createAgency(ctx, req.principal, agencyInput(values), { ip: req.ip });
        return { redirect: `/quan-tri/co-quan/${a.id}`, flash: 'directory.admin.agencies.created', params: { name: a.name } };
      },
      (errors) => renderAgencyForm(req, reply, values, errors),
    );
  });

  app.get('/quan-tri/co-quan/:id', async (req, reply) => {
    const id = idParam((req.params as { id: string }).id);
    const agency = id ? await getAgency(db, id) : undefined;
    if (!agency) throw notFound('directory.error.agencyNotFound');
    return renderAgencyForm(req, reply, agencyValues(agency), {}, agency);
  });

  app.post('/quan-tri/co-quan/:id', async (req, reply) => {
    const id = idParam((req.params as { id: string }).id);
    const agency = id ? await getAgency(db, id) : undefined;
    if (!agency) throw notFound('directory.error.agencyNotFound');
    const values = formValues(req.body);
    return handleForm(
      req,
      reply,
      async () => {
        const a = await updateAgency(ctx, req.principal, agency.id, agencyInput(values), { ip: req.ip });
        return { redirect: `/quan-tri/co-quan/${a.id}`, flash: 'directory.admin.saved', params: { name: a.name } };
      },
      (errors) => renderAgencyForm(req, reply, values, errors, agency),
    );
  });

  app.post('/quan-tri/co-quan/:id/trang-thai', async (req, reply) => {
    const id = idParam((req.params as { id: string }).id);
    if (!id) throw notFound('directory.error.agencyNotFound');
    const active = formValues(req.body).active === '1';
    const a = await setAgencyActive(ctx, req.principal, id, active, { ip: req.ip });
    reply.flash('ok', active ? 'directory.admin.activated' : 'directory.admin.deactivated', { name: a.name });
    return reply.redirect(`/quan-tri/co-quan/${a.id}`, 303);
  });

  // Categories -------------------------------------------------------------------------------------

  async function renderCategories(req: FastifyRequest, reply: FastifyReply, values: FormValues, errors?: FormErrors) {
    const items = await listCategories(db, { includeInactive: true });
    return reply.view(<CategoriesPage ctx={req.page()} items={items} values={values} errors={errors} />);
  }

  app.get('/quan-tri/linh-vuc', async (req, reply) => renderCategories(req, reply, {}));

  app.post('/quan-tri/linh-vuc', async (req, reply) => {
    const values = formValues(req.body);
    return handleForm(
      req,
      reply,
      async () => {
        const c = await createCategory(ctx, req.principal, values, { ip: req.ip });
        return { redirect: '/quan-tri/linh-vuc', flash: 'directory.admin.categories.created', params: { name: c.name } };
      },
      (errors) => renderCategories(req, reply, values, errors),
    );
  });

  async function categoryParam(req: FastifyRequest) {
    const id = idParam((req.params as { id: string }).id);
    const c = id ? await getCategory(db, id) : undefined;
    if (!c) throw notFound('directory.error.categoryNotFound');
    return c;
  }

  app.get('/quan-tri/linh-vuc/:id', async (req, reply) => {
    const c = await categoryParam(req);
    return reply.view(<CategoryFormPage ctx={req.page()} category={c} values={categoryValues(c)} />);
  });

  app.post('/quan-tri/linh-vuc/:id', async (req, reply) => {
    const c = await categoryParam(req);
    const values = formValues(req.body);
    return handleForm(
      req,
      reply,
      async () => {
        const u = await updateCategory(ctx, req.principal, c.id, values, { ip: req.ip });
        return { redirect: '/quan-tri/linh-vuc', flash: 'directory.admin.saved', params: { name: u.name } };
      },
      async (errors) => reply.view(<CategoryFormPage ctx={req.page()} category={c} values={{ ...values, code: c.code }} errors={errors} />),
    );
  });

  app.post('/quan-tri/linh-vuc/:id/thu-tu', async (req, reply) => {
    const c = await categoryParam(req);
    const dir = formValues(req.body).dir === 'up' ? 'up' : 'down';
    await moveCategory(ctx, req.principal, c.id, dir, { ip: req.ip });
    reply.flash('ok', 'directory.admin.categories.moved', { name: c.name });
    return reply.redirect('/quan-tri/linh-vuc', 303);
  });

  app.post('/quan-tri/linh-vuc/:id/trang-thai', async (req, reply) => {
    const c = await categoryParam(req);
    const active = formValues(req.body).active === '1';
    await setCategoryActive(ctx, req.principal, c.id, active, { ip: req.ip });
    reply.flash('ok', active ? 'directory.admin.activated' : 'directory.admin.deactivated', { name: c.name });
    return reply.redirect('/quan-tri/linh-vuc', 303);
  });

  // Villages ---------------------------------------------------------------------------------------

  async function renderVillages(req: FastifyRequest, reply: FastifyReply, communeCode: string, values: FormValues, errors?: FormErrors) {
    const page = req.page();
    const home = await homeProvinceCode(db);
    const communes = await childUnits(db, home);
    const unit: Unit | undefined = communeCode ? await getUnit(db, communeCode) : undefined;
    let communeError: string | undefined;
    if (communeCode && !unit) communeError = page.t('directory.error.unitUnknown');
    else if (unit && unit.level !== 'commune') communeError = page.t('directory.error.villageParent');
    const commune = unit && unit.level === 'commune' ? unit : null;
    const villages = commune ? await childUnits(db, commune.code) : [];
    if (communeError) reply.code(422);
    return reply.view(
      <VillagesPage
        ctx={page}
        communeChoices={communes.map((c) => ({ value: c.code, label: unitName(page, c) }))}
        commune={commune}
        communeCode={communeCode}
        communeError={communeError}
        villages={villages}
        values={values}
        errors={errors}
      />,
    );
  }

  app.get('/quan-tri/don-vi', async (req, reply) => {
    const code = queryString(req.query, 'communeOther') || queryString(req.query, 'commune');
    return renderVillages(req, reply, code, { kind: 'ban' });
  });

  app.post('/quan-tri/don-vi', async (req, reply) => {
    const values = formValues(req.body);
    return handleForm(
      req,
      reply,
      async () => {
        const v = await createUnit(ctx, req.principal, values, { ip: req.ip });
        return {
          redirect: `/quan-tri/don-vi?commune=${encodeURIComponent(v.parentCode ?? '')}`,
          flash: 'directory.admin.villages.created',
          params: { name: v.fullName },
        };
      },
      (errors) => renderVillages(req, reply, values.parentCode ?? '', values, errors),
    );
  });

  async function villageParam(req: FastifyRequest) {
    const { code } = req.params as { code: string };
    const v = await getUnit(db, code);
    if (!v || v.level !== 'village') throw notFound('directory.error.unitNotFound');
    const commune = v.parentCode ? ((await getUnit(db, v.parentCode)) ?? null) : null;
    return { v, commune };
  }

  app.get('/quan-tri/don-vi/:code', async (req, reply) => {
    const { v, commune } = await villageParam(req);
    return reply.view(<VillageFormPage ctx={req.page()} village={v} commune={commune} values={villageValues(v)} />);
  });

  app.post('/quan-tri/don-vi/:code', async (req, reply) => {
    const { v, commune } = await villageParam(req);
    const values = formValues(req.body);
    return handleForm(
      req,
      reply,
      async () => {
        const u = await updateUnit(ctx, req.principal, v.code, values, { ip: req.ip });
        return {
          redirect: `/quan-tri/don-vi?commune=${encodeURIComponent(u.parentCode ?? '')}`,
          flash: 'directory.admin.saved',
          params: { name: u.fullName },
        };
      },
      async (errors) => reply.view(<VillageFormPage ctx={req.page()} village={v} commune={commune} values={values} errors={errors} />),
    );
  });
}
