import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import type { Principal } from '../../platform/access/principal';
import { HttpError, ValidationError, forbidden, notFound, unauthorized } from '../../platform/http/errors';
import { parse } from '../../platform/http/validate';
import { signInUrl } from '../../platform/http/redirect';
import { getSetting } from '../../platform/settings/settings';
import { communeBoundary, loadProvinceBoundaries } from '../../platform/geo';
import { readForm } from '../../platform/files/multipart';
import { addDays } from '../../platform/calendar/dates';
import { contentDisposition } from '../../platform/files/routes';
import { isFollowing } from '../notifications/service';
import { allComments } from '../comments';
import { loadCommentSection } from '../comments';
import { childUnits, getAgencies, getUnit, listAgencies } from '../directory/service';
import { COMMENT_TARGET, FOLLOW_TYPE } from './model';
import { listQuery, quarterQuery, type ListQuery } from './schema';
import { canManageDocument, isIssuer, issuerAgencyIds } from './policy';
import {
  SETTINGS,
  addDocumentFiles,
  clearMapLayer,
  createDocument,
  documentFiles,
  followDocument,
  getDisclosureCategory,
  getDocument,
  getMapLayer,
  getVisibleDocument,
  libraryFacets,
  listDisclosureCategories,
  listDocuments,
  listManagedDocuments,
  publishDocument,
  removeDocumentFile,
  saveDisclosureCategory,
  setMapLayer,
  today,
  updateDocument,
  withdrawDocument,
} from './service';
import {
  answerable,
  closeIfDue,
  getConsultation,
  markConsultationComment,
  openConsultation,
  phaseOf,
  previewReport,
  publishReport,
  reportFile,
  reportFilename,
  unmarked,
} from './consultation';
import { quarterOf, quarterlyDocx, quarterlyList, quarterlyXlsx } from './quarterly';
import type { Geometry, MapLayer } from './map';
import { DocumentPage } from './views/document';
import { LibraryPage } from './views/library';
import { QuarterlyPage } from './views/quarterly';
import {
  CategoriesPage,
  ConsultationFormPage,
  DocumentFormPage,
  ManagePage,
  MarkingPage,
  OfficerListPage,
  documentFormValues,
  type ConsultationFormValues,
  type DocumentFormValues,
} from './views/officer';

type Body = Record<string, unknown>;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const meta = (req: FastifyRequest) => ({ ip: req.ip ?? null });

function idParam(req: FastifyRequest, name = 'id'): number {
  const raw = (req.params as Record<string, string>)[name];
  const n = /^\d{1,9}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw notFound();
  return n;
}

/** Officer pages: a guest is sent to sign in; someone without an issuing role is refused. */
function officer(req: FastifyRequest, reply: FastifyReply): Principal | null {
  const p = req.principal;
  if (!p) {
    if (req.method === 'GET') {
      reply.redirect(signInUrl(req.url), 303);
      return null;
    }
    throw unauthorized();
  }
  if (!isIssuer(p)) throw forbidden();
  return p;
}

function str(v: unknown): string {
  return Array.isArray(v) ? String(v[v.length - 1] ?? '') : v === undefined || v === null ? '' : String(v);
}
function list(v: unknown): string[] {
  return v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

function formValues(body: Body): DocumentFormValues {
  return {
    agencyId: str(body.agencyId),
    unitCode: str(body.unitCode),
    categoryId: str(body.categoryId),
    title: str(body.title),
    summary: str(body.summary),
    body: str(body.body),
    docNumber: str(body.docNumber),
    issuedOn: str(body.issuedOn),
    postedFrom: str(body.postedFrom),
    postedUntil: str(body.postedUntil),
    forms: list(body.forms),
    tags: str(body.tags),
  };
}

/** Agencies and units an official may issue documents for (the form's choices). */
async function formChoices(ctx: AppContext, p: Principal) {
  const agencyMap = await getAgencies(ctx.db, issuerAgencyIds(p));
  const agencies = [...agencyMap.values()];
  const admin = p.roles.filter((g) => g.role === 'admin');
  if (admin.length) {
    const all = await listAgencies(ctx.db, { limit: 5000 });
    for (const a of all) {
      if (agencyMap.has(a.id)) continue;
      if (admin.some((g) => a.unitCode === g.unitCode || (g.unitLevel === 'province' && a.provinceCode === g.provinceCode))) agencies.push(a);
    }
  }
  const unitCodes = new Set<string>();
  const units: Array<{ code: string; name: string }> = [];
  const addUnit = (code: string, name: string) => {
    if (!unitCodes.has(code)) {
      unitCodes.add(code);
      units.push({ code, name });
    }
  };
  const provinces = new Set<string>();
  for (const a of agencies) {
    addUnit(a.unitCode, a.unitName);
    if (a.unitLevel === 'province') provinces.add(a.unitCode);
  }
  for (const prov of provinces) for (const u of await childUnits(ctx.db, prov)) addUnit(u.code, u.fullName);
  return {
    agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
    units,
    categories: await listDisclosureCategories(ctx.db),
    minPostingDays: await getSetting<number>(ctx.db, SETTINGS.minPostingDays),
  };
}

function consultationValues(body: Body): ConsultationFormValues & { sections: Array<{ title: string; question: string }> } {
  const titles = list(body.sectionTitle);
  const questions = list(body.sectionQuestion);
  const sections: Array<{ title: string; question: string }> = [];
  for (let i = 0; i < Math.max(titles.length, questions.length); i++) {
    const title = (titles[i] ?? '').trim();
    const question = (questions[i] ?? '').trim();
    if (title || question) sections.push({ title, question });
  }
  return { opensOn: str(body.opensOn), closesOn: str(body.closesOn), shortReason: str(body.shortReason), sections };
}

async function boundaryOf(ctx: AppContext, unitCode: string): Promise<{ name: string; geometry: Geometry } | null> {
  const unit = await getUnit(ctx.db, unitCode);
  if (!unit) return null;
  if (unit.level === 'commune') {
    const f = communeBoundary(unit.code);
    return f ? { name: unit.fullName, geometry: f.geometry as Geometry } : null;
  }
  const f = loadProvinceBoundaries().features.find((x) => x.properties.code === unit.code);
  return f ? { name: unit.fullName, geometry: f.geometry as Geometry } : null;
}

export async function disclosureRoutes(app: FastifyInstance, ctx: AppContext) {
  // ───────────────────────────── public pages

  app.get('/cong-khai', async (req, reply) => {
    const page = req.page();
    const raw = (req.query ?? {}) as Record<string, unknown>;
    // A malformed period is said beside its field (the list of another period would mislead): nothing listed.
    let query: ListQuery;
    let errors: Record<string, string> = {};
    try {
      query = parse(listQuery, raw);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors = e.messages(req.t);
      if (!Object.keys(errors).every((k) => k === 'from' || k === 'to')) throw e;
      query = parse(listQuery, { ...raw, from: undefined, to: undefined });
    }
    const bad = Object.keys(errors).length > 0;
    const [list, categories, facets, open] = await Promise.all([
      bad ? { items: [], total: 0, page: 1, pages: 1 } : listDocuments(ctx, query),
      listDisclosureCategories(ctx.db),
      libraryFacets(ctx.db),
      listDocuments(ctx, { consultation: true, limit: 1 }),
    ]);
    // A unit asked for without documents of its own (a province, from a dashboard's link) stays chosen in the filter.
    const asked = query.unit && !facets.units.some((u) => u.code === query.unit) ? await getUnit(ctx.db, query.unit) : undefined;
    if (asked) facets.units.unshift({ code: asked.code, name: req.locale === 'en' ? asked.fullNameEn : asked.fullName });
    const values = { from: typeof raw.from === 'string' ? raw.from : undefined, to: typeof raw.to === 'string' ? raw.to : undefined };
    return reply
      .code(bad ? 422 : 200)
      .view(<LibraryPage ctx={page} list={list} query={query} categories={categories} facets={facets} openConsultations={open.total} today={today(ctx)} period={values} errors={errors} />);
  });

  async function quarterParams(req: FastifyRequest) {
    const q = parse(quarterQuery, req.query ?? {});
    const facets = await libraryFacets(ctx.db);
    const now = quarterOf(today(ctx));
    const unitCode = q.unit ?? facets.units[0]?.code;
    const unit = unitCode ? await getUnit(ctx.db, unitCode) : undefined;
    if (q.unit && !unit) throw notFound();
    const year = q.year ?? now.year;
    const quarter = q.quarter ?? now.quarter;
    const units = [...facets.units];
    if (unit && !units.some((u) => u.code === unit.code)) units.unshift({ code: unit.code, name: unit.fullName });
    const years = [...new Set([now.year, ...facets.years, year])].sort((a, b) => b - a);
    return { unit: unit ? { code: unit.code, name: unit.fullName } : null, year, quarter, units, years };
  }

  app.get('/cong-khai/danh-muc', async (req, reply) => {
    const q = await quarterParams(req);
    const rows = q.unit ? await quarterlyList(ctx.db, { unitCode: q.unit.code, year: q.year, quarter: q.quarter }) : [];
    return reply.view(<QuarterlyPage ctx={req.page()} units={q.units} unit={q.unit} year={q.year} quarter={q.quarter} years={q.years} rows={rows} />);
  });

  app.get('/cong-khai/danh-muc.docx', async (req, reply) => {
    const q = await quarterParams(req);
    if (!q.unit) throw notFound();
    const args = { unitCode: q.unit.code, year: q.year, quarter: q.quarter };
    const buf = await quarterlyDocx(ctx.db, { ...args, date: today(ctx) }, await quarterlyList(ctx.db, args));
    return reply
      .type(DOCX)
      .header('content-disposition', contentDisposition('attachment', `danh-muc-cong-khai-${q.unit.code}-${q.year}-q${q.quarter}.docx`))
      .send(buf);
  });

  app.get('/cong-khai/danh-muc.xlsx', async (req, reply) => {
    const q = await quarterParams(req);
    if (!q.unit) throw notFound();
    const args = { unitCode: q.unit.code, year: q.year, quarter: q.quarter };
    const buf = await quarterlyXlsx(ctx.db, args, await quarterlyList(ctx.db, args));
    return reply
      .type(XLSX)
      .header('content-disposition', contentDisposition('attachment', `danh-muc-cong-khai-${q.unit.code}-${q.year}-q${q.quarter}.xlsx`))
      .send(buf);
  });

  app.get('/cong-khai/:id', async (req, reply) => {
    const id = idParam(req);
    const p = req.principal;
    const doc = await getVisibleDocument(ctx.db, p, id);
    const on = today(ctx);
    let c = (await getConsultation(ctx.db, id)) ?? null;
    if (c && !c.closedAt && c.closesOn < on) {
      await closeIfDue(ctx, id);
      c = (await getConsultation(ctx.db, id)) ?? null;
    }
    const phase = c ? phaseOf(c, on) : null;
    const query = (req.query ?? {}) as Record<string, unknown>;
    const targetType = c ? COMMENT_TARGET : 'document';
    const comments = doc.status === 'published' ? { targetType, data: await loadCommentSection(req, targetType, id, query) } : null;
    const outcomes = phase === 'reported' ? answerable(await allComments(ctx.db, COMMENT_TARGET, id)) : null;
    const following = p ? await isFollowing(ctx.db, p.id, FOLLOW_TYPE, id) : null;
    let map = null;
    if (doc.hasMap) {
      const layer = (await getMapLayer(ctx.db, id)) as MapLayer | null;
      if (layer) map = { documentId: id, layer, layerName: doc.mapLayerName, boundary: await boundaryOf(ctx, doc.unitCode), tileUrl: await getSetting<string>(ctx.db, SETTINGS.tileUrl) };
    }
    const files = doc.status === 'withdrawn' && !canManageDocument(p, doc) ? [] : await documentFiles(ctx.db, id);
    return reply.view(
      <DocumentPage
        ctx={req.page()}
        doc={doc}
        files={files}
        consultation={c}
        phase={phase}
        comments={comments}
        outcomes={outcomes}
        canManage={canManageDocument(p, doc)}
        following={following}
        map={map}
        today={on}
      />,
    );
  });

  app.get('/cong-khai/:id/ban-do.geojson', async (req, reply) => {
    const id = idParam(req);
    await getVisibleDocument(ctx.db, req.principal, id);
    const layer = await getMapLayer(ctx.db, id);
    if (!layer) throw notFound();
    return reply.type('application/geo+json; charset=utf-8').header('content-disposition', contentDisposition('inline', `ban-do-${id}.geojson`)).send(JSON.stringify(layer));
  });

  app.get('/cong-khai/:id/ranh-gioi.geojson', async (req, reply) => {
    const id = idParam(req);
    const doc = await getVisibleDocument(ctx.db, req.principal, id);
    const b = await boundaryOf(ctx, doc.unitCode);
    const fc = { type: 'FeatureCollection', features: b ? [{ type: 'Feature', properties: { name: b.name }, geometry: b.geometry }] : [] };
    return reply.type('application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=86400').send(JSON.stringify(fc));
  });

  for (const ext of ['docx', 'pdf'] as const) {
    app.get(`/cong-khai/:id/bao-cao.${ext}`, async (req, reply) => {
      const id = idParam(req);
      const doc = await getVisibleDocument(ctx.db, req.principal, id);
      const buf = await reportFile(ctx.db, id, ext);
      if (!buf) throw notFound();
      return reply
        .type(ext === 'docx' ? DOCX : 'application/pdf')
        .header('content-disposition', contentDisposition(ext === 'pdf' ? 'inline' : 'attachment', reportFilename(doc, ext)))
        .send(buf);
    });
  }

  app.post('/cong-khai/:id/theo-doi', async (req, reply) => {
    const id = idParam(req);
    if (!req.principal) throw unauthorized();
    const on = str(((req.body ?? {}) as Body).on) !== '0';
    await followDocument(ctx, req.principal, id, on);
    reply.flash('ok', on ? 'disclosure.follow.started' : 'disclosure.follow.stopped');
    return reply.redirect(`/cong-khai/${id}`, 303);
  });

  // ───────────────────────────── officer pages

  app.get('/can-bo/cong-khai', async (req, reply) => {
    const p = officer(req, reply);
    if (!p) return reply;
    const q = (req.query ?? {}) as Record<string, unknown>;
    const listed = await listManagedDocuments(ctx, p, { page: q.page, limit: 30 });
    return reply.view(<OfficerListPage ctx={req.page()} list={listed} page={listed.page} today={today(ctx)} />);
  });

  app.get('/can-bo/cong-khai/moi', async (req, reply) => {
    const p = officer(req, reply);
    if (!p) return reply;
    const choices = await formChoices(ctx, p);
    const values: DocumentFormValues = { agencyId: choices.agencies.length === 1 ? choices.agencies[0].id : '' };
    return reply.view(<DocumentFormPage ctx={req.page()} doc={null} values={values} {...choices} />);
  });

  app.post('/can-bo/cong-khai/moi', async (req, reply) => {
    const p = officer(req, reply)!;
    const body = (req.body ?? {}) as Body;
    try {
      const id = await createDocument(ctx, p, { ...body, forms: list(body.forms) }, meta(req));
      reply.flash('ok', 'disclosure.flash.created');
      return reply.redirect(`/can-bo/cong-khai/${id}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const choices = await formChoices(ctx, p);
      return reply.code(422).view(<DocumentFormPage ctx={req.page()} doc={null} values={formValues(body)} errors={e.messages(req.t)} {...choices} />);
    }
  });

  async function managed(req: FastifyRequest, p: Principal) {
    const id = idParam(req);
    const doc = await getDocument(ctx.db, id);
    if (!doc) throw notFound();
    if (!canManageDocument(p, doc)) {
      if (doc.status === 'draft') throw notFound();
      throw forbidden('disclosure.error.notIssuer');
    }
    return doc;
  }

  async function managePage(req: FastifyRequest, reply: FastifyReply, p: Principal, errors?: Record<string, string>, status = 200) {
    const doc = await managed(req, p);
    const on = today(ctx);
    await closeIfDue(ctx, doc.id);
    const c = (await getConsultation(ctx.db, doc.id)) ?? null;
    const comments = c ? answerable(await allComments(ctx.db, COMMENT_TARGET, doc.id)) : [];
    return reply.code(status).view(
      <ManagePage
        ctx={req.page()}
        doc={doc}
        files={await documentFiles(ctx.db, doc.id)}
        consultation={c}
        phase={c ? phaseOf(c, on) : null}
        unmarked={unmarked(comments)}
        total={comments.length}
        errors={errors}
        today={on}
      />,
    );
  }

  app.get('/can-bo/cong-khai/:id', async (req, reply) => {
    const p = officer(req, reply);
    if (!p) return reply;
    return managePage(req, reply, p);
  });

  app.get('/can-bo/cong-khai/:id/sua', async (req, reply) => {
    const p = officer(req, reply);
    if (!p) return reply;
    const doc = await managed(req, p);
    const choices = await formChoices(ctx, p);
    if (!choices.agencies.some((a) => a.id === doc.agencyId)) choices.agencies.unshift({ id: doc.agencyId, name: doc.agencyName });
    return reply.view(<DocumentFormPage ctx={req.page()} doc={doc} values={documentFormValues(doc)} {...choices} />);
  });

  app.post('/can-bo/cong-khai/:id/sua', async (req, reply) => {
    const p = officer(req, reply)!;
    const doc = await managed(req, p);
    const body = (req.body ?? {}) as Body;
    try {
      await updateDocument(ctx, p, doc.id, { ...body, forms: list(body.forms) }, meta(req));
      reply.flash('ok', 'disclosure.flash.saved');
      return reply.redirect(`/can-bo/cong-khai/${doc.id}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const choices = await formChoices(ctx, p);
      return reply.code(422).view(<DocumentFormPage ctx={req.page()} doc={doc} values={formValues(body)} errors={e.messages(req.t)} {...choices} />);
    }
  });

  app.post('/can-bo/cong-khai/:id/cong-bo', async (req, reply) => {
    const p = officer(req, reply)!;
    const id = idParam(req);
    try {
      await publishDocument(ctx, p, id, meta(req));
    } catch (e) {
      if (e instanceof ValidationError) return managePage(req, reply, p, e.messages(req.t), 422);
      throw e;
    }
    reply.flash('ok', 'disclosure.flash.published');
    return reply.redirect(`/can-bo/cong-khai/${id}`, 303);
  });

  app.post('/can-bo/cong-khai/:id/thu-hoi', async (req, reply) => {
    const p = officer(req, reply)!;
    const id = idParam(req);
    try {
      await withdrawDocument(ctx, p, id, req.body ?? {}, meta(req));
    } catch (e) {
      if (e instanceof ValidationError) return managePage(req, reply, p, e.messages(req.t), 422);
      throw e;
    }
    reply.flash('ok', 'disclosure.flash.withdrawn');
    return reply.redirect(`/can-bo/cong-khai/${id}`, 303);
  });

  app.post('/can-bo/cong-khai/:id/tep', async (req, reply) => {
    const p = officer(req, reply)!;
    const id = idParam(req);
    const form = await readForm(req);
    try {
      await addDocumentFiles(ctx, p, id, form.files.filter((f) => f.field === 'file'), meta(req));
    } catch (e) {
      if (e instanceof ValidationError) return managePage(req, reply, p, e.messages(req.t), 422);
      if (e instanceof HttpError && [413, 415, 422].includes(e.status)) return managePage(req, reply, p, { file: req.t(e.messageKey, e.params) }, e.status);
      throw e;
    }
    reply.flash('ok', 'disclosure.flash.filesAdded');
    return reply.redirect(`/can-bo/cong-khai/${id}#tep`, 303);
  });

  app.post('/can-bo/cong-khai/:id/tep/:fileId/xoa', async (req, reply) => {
    const p = officer(req, reply)!;
    const id = idParam(req);
    await removeDocumentFile(ctx, p, id, (req.params as { fileId: string }).fileId, meta(req));
    reply.flash('ok', 'disclosure.flash.fileRemoved');
    return reply.redirect(`/can-bo/cong-khai/${id}#tep`, 303);
  });

  app.post('/can-bo/cong-khai/:id/ban-do', async (req, reply) => {
    const p = officer(req, reply)!;
    const id = idParam(req);
    const form = await readForm(req);
    const file = form.files.find((f) => f.field === 'map');
    try {
      if (!file) throw new ValidationError({ map: 'disclosure.error.mapEmpty' });
      await setMapLayer(ctx, p, id, { filename: file.filename, data: file.data }, meta(req));
    } catch (e) {
      if (e instanceof ValidationError) return managePage(req, reply, p, e.messages(req.t), 422);
      throw e;
    }
    reply.flash('ok', 'disclosure.flash.mapSet');
    return reply.redirect(`/can-bo/cong-khai/${id}#ban-do-quan-ly`, 303);
  });

  app.post('/can-bo/cong-khai/:id/ban-do/xoa', async (req, reply) => {
    const p = officer(req, reply)!;
    const id = idParam(req);
    await clearMapLayer(ctx, p, id, meta(req));
    reply.flash('ok', 'disclosure.flash.mapCleared');
    return reply.redirect(`/can-bo/cong-khai/${id}#ban-do-quan-ly`, 303);
  });

  app.get('/can-bo/cong-khai/:id/lay-y-kien', async (req, reply) => {
    const p = officer(req, reply);
    if (!p) return reply;
    const doc = await managed(req, p);
    const c = await getConsultation(ctx.db, doc.id);
    const minDays = await getSetting<number>(ctx.db, SETTINGS.consultationMinDays);
    const on = today(ctx);
    const values: ConsultationFormValues = c
      ? { opensOn: c.opensOn, closesOn: c.closesOn, shortReason: c.shortReason ?? '', sections: c.sections.map((s) => ({ title: s.title, question: s.question ?? '' })) }
      : { opensOn: on, closesOn: addDays(on, minDays) };
    return reply.view(<ConsultationFormPage ctx={req.page()} doc={doc} values={values} minDays={minDays} />);
  });

  app.post('/can-bo/cong-khai/:id/lay-y-kien', async (req, reply) => {
    const p = officer(req, reply)!;
    const doc = await managed(req, p);
    const values = consultationValues((req.body ?? {}) as Body);
    try {
      await openConsultation(ctx, p, doc.id, values, meta(req));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const minDays = await getSetting<number>(ctx.db, SETTINGS.consultationMinDays);
      return reply.code(422).view(<ConsultationFormPage ctx={req.page()} doc={doc} values={values} errors={e.messages(req.t)} minDays={minDays} />);
    }
    reply.flash('ok', 'consultation.flash.opened');
    return reply.redirect(`/can-bo/cong-khai/${doc.id}`, 303);
  });

  async function markingPage(
    req: FastifyRequest,
    reply: FastifyReply,
    p: Principal,
    opts: { errors?: Record<string, string>; errorFor?: number; status?: number; report?: { intro?: string; number?: string } } = {},
  ) {
    const doc = await managed(req, p);
    await closeIfDue(ctx, doc.id);
    const c = await getConsultation(ctx.db, doc.id);
    if (!c) throw notFound();
    const phase = phaseOf(c, today(ctx));
    if (phase === 'open' || phase === 'scheduled') throw new HttpError(409, 'consultation.error.notClosed');
    const comments = answerable(await allComments(ctx.db, COMMENT_TARGET, doc.id));
    return reply
      .code(opts.status ?? 200)
      .view(
        <MarkingPage
          ctx={req.page()}
          doc={doc}
          c={c}
          phase={phase}
          comments={comments}
          errors={opts.errors}
          errorFor={opts.errorFor}
          report={opts.report ?? { intro: c.reportIntro ?? '', number: c.reportNumber ?? '' }}
        />,
      );
  }

  app.get('/can-bo/cong-khai/:id/tiep-thu', async (req, reply) => {
    const p = officer(req, reply);
    if (!p) return reply;
    return markingPage(req, reply, p);
  });

  app.post('/can-bo/cong-khai/:id/tiep-thu/:commentId', async (req, reply) => {
    const p = officer(req, reply)!;
    const id = idParam(req);
    const commentId = idParam(req, 'commentId');
    try {
      await markConsultationComment(ctx, p, id, commentId, req.body ?? {});
    } catch (e) {
      if (e instanceof ValidationError) return markingPage(req, reply, p, { errors: e.messages(req.t), errorFor: commentId, status: 422 });
      throw e;
    }
    reply.flash('ok', 'consultation.flash.marked');
    return reply.redirect(`/can-bo/cong-khai/${id}/tiep-thu#y-kien-${commentId}`, 303);
  });

  app.post('/can-bo/cong-khai/:id/bao-cao/xem-truoc', async (req, reply) => {
    const p = officer(req, reply)!;
    const doc = await managed(req, p);
    const buf = await previewReport(ctx, p, doc.id, req.body ?? {});
    return reply.type(DOCX).header('content-disposition', contentDisposition('attachment', `du-thao-${reportFilename(doc, 'docx')}`)).send(buf);
  });

  app.post('/can-bo/cong-khai/:id/bao-cao', async (req, reply) => {
    const p = officer(req, reply)!;
    const id = idParam(req);
    const body = (req.body ?? {}) as Body;
    try {
      await publishReport(ctx, p, id, body, meta(req));
    } catch (e) {
      const report = { intro: str(body.intro), number: str(body.number) };
      if (e instanceof ValidationError) return markingPage(req, reply, p, { errors: e.messages(req.t), errorFor: 0, status: 422, report });
      if (e instanceof HttpError && e.messageKey === 'consultation.error.unmarked') {
        return markingPage(req, reply, p, { errors: { intro: req.t(e.messageKey, e.params) }, errorFor: 0, status: 409, report });
      }
      throw e;
    }
    reply.flash('ok', 'consultation.flash.reported');
    return reply.redirect(`/cong-khai/${id}#bao-cao`, 303);
  });

  // ───────────────────────────── administration: the law's list of categories

  app.get('/quan-tri/cong-khai/linh-vuc', async (req, reply) => {
    const p = req.principal;
    if (!p) return reply.redirect(signInUrl(req.url), 303);
    if (!p.roles.some((g) => g.role === 'admin')) throw forbidden();
    const sua = Number((req.query as Record<string, string>)?.sua);
    const editing = Number.isSafeInteger(sua) && sua > 0 ? ((await getDisclosureCategory(ctx.db, sua)) ?? null) : null;
    return reply.view(<CategoriesPage ctx={req.page()} categories={await listDisclosureCategories(ctx.db, { includeInactive: true })} editing={editing} />);
  });

  for (const path of ['/quan-tri/cong-khai/linh-vuc', '/quan-tri/cong-khai/linh-vuc/:id']) {
    app.post(path, async (req, reply) => {
      const id = path.endsWith(':id') ? idParam(req) : null;
      const body = (req.body ?? {}) as Body;
      try {
        await saveDisclosureCategory(ctx, req.principal, id, body, meta(req));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        const editing = id ? ((await getDisclosureCategory(ctx.db, id)) ?? null) : null;
        const values = Object.fromEntries(['code', 'name', 'nameEn', 'sort', 'permanent', 'active'].map((k) => [k, str(body[k])]));
        return reply
          .code(422)
          .view(<CategoriesPage ctx={req.page()} categories={await listDisclosureCategories(ctx.db, { includeInactive: true })} editing={editing} values={values} errors={e.messages(req.t)} />);
      }
      reply.flash('ok', 'disclosure.flash.categorySaved');
      return reply.redirect('/quan-tri/cong-khai/linh-vuc', 303);
    });
  }

  // ───────────────────────────── JSON API

  app.get('/api/v1/documents', async (req) => {
    const list = await listDocuments(ctx, parse(listQuery, req.query ?? {}));
    return { items: list.items.map(apiDocument), total: list.total, page: list.page, pages: list.pages };
  });

  app.get('/api/v1/documents/:id', async (req) => {
    const id = idParam(req);
    const doc = await getVisibleDocument(ctx.db, req.principal, id);
    const c = await getConsultation(ctx.db, id);
    const files = doc.status === 'withdrawn' ? [] : await documentFiles(ctx.db, id);
    const on = today(ctx);
    return {
      ...apiDocument(doc),
      body: doc.body,
      files: files.map((f) => ({ id: f.id, name: f.filename, kind: f.kind, size: f.size, url: `/tep/${f.id}` })),
      consultation: c
        ? {
            opensOn: c.opensOn,
            closesOn: c.closesOn,
            phase: phaseOf(c, on),
            shortReason: c.shortReason,
            sections: c.sections.map((s) => ({ key: `muc-${s.id}`, position: s.position, title: s.title, question: s.question })),
            report: c.reportPublishedAt
              ? { publishedAt: c.reportPublishedAt, docx: `/cong-khai/${id}/bao-cao.docx`, pdf: c.hasPdf ? `/cong-khai/${id}/bao-cao.pdf` : null }
              : null,
          }
        : null,
      map: doc.hasMap ? `/cong-khai/${id}/ban-do.geojson` : null,
    };
  });
}

function apiDocument(d: Awaited<ReturnType<typeof getDocument>> & object) {
  return {
    id: d.id,
    title: d.title,
    summary: d.summary,
    number: d.docNumber,
    issuedOn: d.issuedOn,
    category: { id: d.categoryId, name: d.categoryName, nameEn: d.categoryNameEn, permanent: d.categoryPermanent },
    unit: { code: d.unitCode, name: d.unitName },
    agency: { id: d.agencyId, name: d.agencyName },
    postedFrom: d.postedFrom,
    postedUntil: d.postedUntil,
    forms: d.forms,
    tags: d.tags,
    status: d.status,
    publishedAt: d.publishedAt,
    url: `/cong-khai/${d.id}`,
  };
}
