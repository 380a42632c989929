import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { HttpError, ValidationError } from '../../../platform/http/errors';
import { DEFAULT_LOCALE, translator, type Translate } from '../../../platform/i18n/i18n';
import { clean, fold } from '../../../platform/text/text';
import { getAgencies, getCategoryByCode, getUnit, listCategories } from '../../directory/service';
import { principalFromToken } from '../../accounts/service';
import { CODE_PATTERN, type PetitionState } from '../model';
import { publicSql, relationOf } from '../policy';
import { createPetition } from '../service/create';
import { findRow, officialScope, PETITION_COLUMNS_SQL, type PetitionRow } from '../service/common';
import { refOf } from '../service/transitions';
import { xmlList, xmlObject, type XmlValue } from './xml';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/:
 * discovery, services (= categories), service definitions, POST requests (api_key = a personal API token),
 * GET requests (filters service_request_id, service_code, start_date, end_date, status), GET one request.
 * service_request_id is the tracking code (e.g. KN-2026-000123); jurisdiction_id is a unit code (a commune,
 * or the province "14"). Errors are the spec's array of {code, description} with HTTP 400/403/404.
 */

const BASE = '/open311/v2';
const SPEC = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2026-11-27 00:00';
const OPEN: readonly PetitionState[] = ['submitted', 'received', 'forwarded', 'assigned', 'answer_drafted', 'approved', 'reopened'];
type Format = 'json' | 'xml';

class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: Array<{ code: number; description: string }>,
  ) {
    super('open311');
  }
}

function formatOf(raw: string): Format {
  if (raw === 'json' || raw === 'xml') return raw;
  throw new Open311Error(404, [{ code: 404, description: `Unsupported format: ${raw.slice(0, 20)}` }]);
}

function send(reply: FastifyReply, format: Format, status: number, json: unknown, xml: () => string) {
  reply.code(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(json));
  return reply.type('text/xml; charset=utf-8').send(xml());
}

function sendErrors(reply: FastifyReply, format: Format, e: Open311Error) {
  return send(reply, format, e.status, e.errors, () => xmlList('errors', 'error', e.errors));
}

/** w3 datetime in Vietnam time (+07:00). */
export function w3(d: Date | null | undefined): string | null {
  if (!d) return null;
  const local = new Date(d.getTime() + 7 * 3600_000);
  return local.toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

function statusOf(s: PetitionState): 'open' | 'closed' {
  return OPEN.includes(s) ? 'open' : 'closed';
}

async function jurisdiction(ctx: AppContext, raw: unknown): Promise<{ code: string; level: string } | null> {
  if (raw === undefined || raw === null || raw === '') return null;
  const code = String(raw).trim();
  const unit = /^\d{2,5}$/.test(code) ? await getUnit(ctx.db, code) : undefined;
  if (!unit || unit.level === 'village') throw new Open311Error(404, [{ code: 404, description: `jurisdiction_id not found: ${code.slice(0, 20)}` }]);
  return { code: unit.code, level: unit.level };
}

async function apiPrincipal(ctx: AppContext, raw: unknown): Promise<Principal | null> {
  if (raw === undefined || raw === null || raw === '') return null;
  return principalFromToken(ctx, String(raw).trim());
}

function describe(t: Translate, e: unknown): Open311Error {
  if (e instanceof Open311Error) return e;
  if (e instanceof ValidationError) {
    const msgs = e.messages(t);
    return new Open311Error(400, Object.entries(msgs).map(([field, m]) => ({ code: 400, description: `${field}: ${m}` })));
  }
  if (e instanceof HttpError) {
    const status = e.status === 401 || e.status === 403 ? 403 : e.status === 404 ? 404 : e.status === 429 ? 429 : e.status === 413 || e.status === 415 ? e.status : 400;
    return new Open311Error(status, [{ code: status, description: t(e.messageKey, e.params) }]);
  }
  return new Open311Error(500, [{ code: 500, description: t('error.internal') }]);
}

/** A request (petition) as GeoReport v2 fields, in the spec's order. Private/legal: status only. */
function requestFields(
  row: PetitionRow,
  opts: { full: boolean; agencyName: string; categoryCode: string | null; categoryName: string | null; unitName: string; publicUrl: string },
): Record<string, XmlValue> {
  const notes =
    row.status === 'directed'
      ? row.directed_to
      : row.status === 'answered' || (row.status === 'closed' && row.answer_text)
        ? row.answer_text
        : null;
  return {
    service_request_id: row.code,
    status: statusOf(row.status),
    status_notes: opts.full ? (notes ? notes.slice(0, 4000) : null) : null,
    service_name: opts.categoryName,
    service_code: opts.categoryCode,
    description: opts.full ? row.content.slice(0, 4000) : null,
    agency_responsible: opts.agencyName,
    service_notice: null,
    requested_datetime: w3(row.submitted_at),
    updated_datetime: w3(row.closed_at ?? row.updated_at),
    expected_datetime: row.reply_due ? `${row.reply_due}T17:00:00+07:00` : null,
    address: opts.full ? [row.address, opts.unitName].filter(Boolean).join(', ') : opts.unitName,
    address_id: null,
    zipcode: null,
    lat: opts.full ? row.lat : null,
    long: opts.full ? row.lon : null,
    media_url: null,
  };
}

export async function open311Routes(root: FastifyInstance, ctx: AppContext) {
  await root.register(async (app) => open311Scope(app, ctx), { prefix: BASE });
}

async function open311Scope(app: FastifyInstance, ctx: AppContext) {
  const t = translator(DEFAULT_LOCALE);

  // The spec's POST is form-encoded and authenticated by api_key (a personal API token) only — never by the
  // session cookie, so there is no ambient credential for a cross-site request to ride on. Mark it as a
  // token call before the platform's CSRF check (which exempts Bearer calls); a missing or bad key is then
  // answered by the handler in the spec's error format.
  app.addHook('preValidation', async (req) => {
    if (req.method !== 'POST' || !req.url.startsWith(`${BASE}/requests.`)) return;
    const key = (req.body as Record<string, unknown> | undefined)?.api_key ?? (req.query as Record<string, unknown>)?.api_key;
    req.headers.authorization = `Bearer ${typeof key === 'string' && key.trim() ? key.trim() : 'open311-no-api-key'}`;
  });

  const handle =
    (fn: (req: FastifyRequest, reply: FastifyReply, format: Format) => Promise<unknown>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const raw = String((req.params as { format?: string }).format ?? 'xml');
      const format: Format = raw === 'json' ? 'json' : 'xml';
      try {
        return await fn(req, reply, formatOf(raw));
      } catch (e) {
        const err = describe(req.t ?? t, e);
        if (err.status >= 500) req.log.error({ err: e }, 'open311 failed');
        return sendErrors(reply, format, err);
      }
    };

  app.get('/discovery.:format', handle(async (req, reply, format) => {
    const url = `${ctx.config.publicUrl}${BASE}`;
    const json = {
      changeset: CHANGESET,
      contact: req.t('petitions.open311.contact', { url: ctx.config.publicUrl }),
      key_service: req.t('petitions.open311.keyService', { url: `${ctx.config.publicUrl}/api/docs` }),
      endpoints: [{ specification: SPEC, url, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
    };
    return send(reply, format, 200, json, () =>
      xmlObject('discovery', {
        changeset: json.changeset,
        contact: json.contact,
        key_service: json.key_service,
        endpoints: [
          {
            name: 'endpoint',
            value: {
              specification: SPEC,
              url,
              changeset: CHANGESET,
              type: 'production',
              formats: json.endpoints[0].formats.map((f) => ({ name: 'format', value: f })),
            },
          },
        ],
      }),
    );
  }));

  const serviceOf = (c: { code: string; name: string; nameEn: string; description: string | null }) => ({
    service_code: c.code,
    service_name: c.name,
    description: c.description ?? c.name,
    metadata: false,
    type: 'realtime',
    keywords: [...new Set([c.name, fold(c.name), c.nameEn])].join(', '),
    group: t('petitions.open311.group'),
  });

  app.get('/services.:format', handle(async (req, reply, format) => {
    await jurisdiction(ctx, (req.query as Record<string, unknown>).jurisdiction_id);
    const services = (await listCategories(ctx.db)).map(serviceOf);
    return send(reply, format, 200, services, () => xmlList('services', 'service', services));
  }));

  app.get('/services/:code.:format', handle(async (req, reply, format) => {
    await jurisdiction(ctx, (req.query as Record<string, unknown>).jurisdiction_id);
    const { code } = req.params as { code: string };
    const cat = await getCategoryByCode(ctx.db, code);
    if (!cat || !cat.active) throw new Open311Error(404, [{ code: 404, description: `service_code not found: ${code.slice(0, 40)}` }]);
    const def = { service_code: cat.code, attributes: [] as unknown[] };
    return send(reply, format, 200, def, () => xmlObject('service_definition', { service_code: cat.code, attributes: [] }));
  }));

  app.post('/requests.:format', handle(async (req, reply, format) => {
    const body = { ...((req.query ?? {}) as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
    const principal = await apiPrincipal(ctx, body.api_key);
    if (!principal) {
      throw new Open311Error(403, [{ code: 403, description: req.t(body.api_key ? 'petitions.open311.badKey' : 'petitions.open311.noKey') }]);
    }
    const missing: Array<{ code: number; description: string }> = [];
    const serviceCode = typeof body.service_code === 'string' ? body.service_code.trim() : '';
    if (!serviceCode) missing.push({ code: 400, description: req.t('petitions.open311.required', { field: 'service_code' }) });
    const hasLatLong = body.lat !== undefined && body.lat !== '' && body.long !== undefined && body.long !== '';
    const address = typeof body.address_string === 'string' ? clean(body.address_string) : '';
    if (!hasLatLong && !address && !body.address_id) missing.push({ code: 400, description: req.t('petitions.open311.location') });
    if (missing.length) throw new Open311Error(400, missing);
    const j = await jurisdiction(ctx, body.jurisdiction_id);
    const cat = await getCategoryByCode(ctx.db, serviceCode);
    if (!cat || !cat.active) throw new Open311Error(404, [{ code: 404, description: `service_code not found: ${serviceCode.slice(0, 40)}` }]);
    const description = typeof body.description === 'string' ? clean(body.description) : '';
    const firstLine = description.split(/\r?\n/)[0] ?? '';
    const title = firstLine.length > 120 ? `${firstLine.slice(0, 117).replace(/\s+\S*$/, '')}…` : firstLine;
    const name = [body.last_name, body.first_name].filter((x) => typeof x === 'string' && x.trim()).join(' ').trim();
    const staff = principal.roles.some((g) => g.role === 'officer' || g.role === 'head' || g.role === 'front_officer');
    const input: Record<string, unknown> = {
      kind: 'phan_anh',
      title: title.length >= 5 ? title : `${cat.name}: ${title}`,
      content: description,
      categoryId: cat.id,
      unitCode: j && j.level === 'commune' ? j.code : hasLatLong ? undefined : (j?.code ?? undefined),
      lat: hasLatLong ? body.lat : undefined,
      lon: hasLatLong ? body.long : undefined,
      address: address || undefined,
      visibility: 'public',
    };
    // An official's integration (e.g. a hotline system) sends the citizen's name: a staff entry for them.
    if (staff && name) input.petitioner = { name, phone: body.phone, email: body.email };
    const { petition } = await createPetition(ctx, principal, input, { channel: 'open311', ip: req.ip });
    const notice = req.t('petitions.open311.serviceNotice', {
      code: petition.code,
      due: petition.replyDue ? petition.replyDue.split('-').reverse().join('/') : '',
    });
    const out = [{ service_request_id: petition.code, service_notice: notice, account_id: petition.petitionerId }];
    return send(reply, format, 200, out, () => xmlList('service_requests', 'request', out));
  }));

  const loadRequests = async (rows: PetitionRow[]) => {
    const agencies = await getAgencies(ctx.db, rows.map((r) => r.agency_id));
    const cats = new Map((await listCategories(ctx.db, { includeInactive: true })).map((c) => [c.id, c]));
    const units = new Map<string, string>();
    for (const code of new Set(rows.map((r) => r.unit_code))) units.set(code, (await getUnit(ctx.db, code))?.fullName ?? code);
    return { agencies, cats, units };
  };
  const toFields = (row: PetitionRow, full: boolean, l: Awaited<ReturnType<typeof loadRequests>>) => {
    const cat = row.category_id ? l.cats.get(row.category_id) : undefined;
    return requestFields(row, {
      full,
      agencyName: l.agencies.get(row.agency_id)?.name ?? '',
      categoryCode: cat?.code ?? null,
      categoryName: cat?.name ?? null,
      unitName: l.units.get(row.unit_code) ?? row.unit_code,
      publicUrl: ctx.config.publicUrl,
    });
  };

  /** A request is shown in full to who may see it; a private or legal-track one by its code shows its status only. */
  const visibleFull = async (principal: Principal | null, row: PetitionRow) => {
    const rel = relationOf(principal, await refOf(ctx.db, row));
    return rel !== null || (row.track === 'general' && row.visibility === 'public');
  };

  app.get('/requests.:format', handle(async (req, reply, format) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const principal = (await apiPrincipal(ctx, q.api_key)) ?? req.principal;
    const j = await jurisdiction(ctx, q.jurisdiction_id);
    if (typeof q.service_request_id === 'string' && q.service_request_id.trim()) {
      const ids = q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 1000);
      const rows: Array<{ row: PetitionRow; full: boolean }> = [];
      for (const id of ids) {
        const row = await findRow(ctx.db, id);
        if (!row) continue;
        rows.push({ row, full: await visibleFull(principal, row) });
      }
      const l = await loadRequests(rows.map((r) => r.row));
      const out = rows.map((r) => toFields(r.row, r.full, l));
      return send(reply, format, 200, out, () => xmlList('service_requests', 'request', out));
    }
    const bad = (field: string) => new Open311Error(400, [{ code: 400, description: req.t('petitions.open311.badParam', { field }) }]);
    const parseDate = (v: unknown, field: string) => {
      if (v === undefined || v === '') return undefined;
      const d = new Date(String(v));
      if (Number.isNaN(d.getTime())) throw bad(field);
      return d;
    };
    const now = ctx.clock.now();
    let end = parseDate(q.end_date, 'end_date');
    let start = parseDate(q.start_date, 'start_date');
    const span = 90 * 86_400_000;
    if (!start && !end) {
      end = now;
      start = new Date(now.getTime() - span);
    } else if (start && !end) end = new Date(Math.min(start.getTime() + span, now.getTime() + 86_400_000));
    else if (!start && end) start = new Date(end.getTime() - span);
    if (end!.getTime() - start!.getTime() > span) throw new Open311Error(400, [{ code: 400, description: req.t('petitions.open311.range') }]);
    if (end!.getTime() < start!.getTime()) throw bad('start_date');
    const statuses = typeof q.status === 'string' && q.status.trim() ? q.status.split(',').map((s) => s.trim()) : [];
    if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw bad('status');
    const codes = typeof q.service_code === 'string' && q.service_code.trim() ? q.service_code.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const where = [
      principal ? sql<boolean>`(${publicSql} or p.petitioner_id = ${principal.id} or ${await officialScope(ctx.db, principal)})` : publicSql,
      sql<boolean>`p.submitted_at >= ${start!} and p.submitted_at <= ${end!}`,
      sql<boolean>`p.status not in ('merged', 'withdrawn')`,
    ];
    if (codes.length) {
      // A service is a category of the directory: its ids by code, from the directory's cache.
      const wanted = new Set(codes);
      const ids = (await listCategories(ctx.db, { includeInactive: true })).filter((c) => wanted.has(c.code)).map((c) => c.id);
      where.push(ids.length ? sql<boolean>`p.category_id in (${sql.join(ids.map((x) => sql`${x}`))})` : sql<boolean>`false`);
    }
    if (statuses.length === 1) {
      const open = sql.join(OPEN.map((s) => sql`${s}`));
      where.push(statuses[0] === 'open' ? sql<boolean>`p.status in (${open})` : sql<boolean>`p.status not in (${open})`);
    }
    if (j) where.push(j.level === 'province' ? sql<boolean>`p.province_code = ${j.code}` : sql<boolean>`p.unit_code = ${j.code}`);
    const r = await sql<PetitionRow>`
      select ${sql.raw(PETITION_COLUMNS_SQL)} from petitions p
      where ${sql.join(where, sql` and `)}
      order by p.submitted_at desc, p.id desc
      limit 1000`.execute(ctx.db);
    const l = await loadRequests(r.rows);
    const out: Array<Record<string, XmlValue>> = [];
    for (const row of r.rows) out.push(toFields(row, await visibleFull(principal, row), l));
    return send(reply, format, 200, out, () => xmlList('service_requests', 'request', out));
  }));

  app.get('/requests/:id.:format', handle(async (req, reply, format) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    await jurisdiction(ctx, q.jurisdiction_id);
    const principal = (await apiPrincipal(ctx, q.api_key)) ?? req.principal;
    const { id } = req.params as { id: string };
    const code = id.trim().toUpperCase();
    const row = CODE_PATTERN.test(code) ? await findRow(ctx.db, code) : undefined;
    if (!row) throw new Open311Error(404, [{ code: 404, description: req.t('petitions.open311.notFound', { id: id.slice(0, 40) }) }]);
    const l = await loadRequests([row]);
    const out = [toFields(row, await visibleFull(principal, row), l)];
    return send(reply, format, 200, out, () => xmlList('service_requests', 'request', out));
  }));

  // Errors raised before a handler (CSRF, body parsing) in the spec's format too.
  app.setErrorHandler((err, req, reply) => {
    const format: Format = /\.json(\?|$)/.test(req.url.split('?')[0]) ? 'json' : 'xml';
    let e = describe(req.t ?? t, err);
    const code = (err as { statusCode?: number }).statusCode;
    if (e.status === 500 && code && code >= 400 && code < 500) e = new Open311Error(400, [{ code: 400, description: (req.t ?? t)('error.badRequest') }]);
    return sendErrors(reply, format, e);
  });

  app.setNotFoundHandler((req, reply) => {
    const format: Format = /\.json$/.test(req.url.split('?')[0]) ? 'json' : 'xml';
    return sendErrors(reply, format, new Open311Error(404, [{ code: 404, description: req.t('error.notFound') }]));
  });
}
