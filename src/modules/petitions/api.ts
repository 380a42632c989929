import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { canonicalJson } from '../../platform/audit/audit';
import { HttpError, notFound, unauthorized } from '../../platform/http/errors';
import { parse } from '../../platform/http/validate';
import { readForm } from '../../platform/files/multipart';
import { listFiltersSchema } from './schema';
import {
  bulkAssign,
  createPetition,
  dueSummary,
  getPetitionForViewer,
  listEnteredBy,
  listInbox,
  listMine,
  listPublic,
  listRoutes,
  listTemplates,
  petitionStats,
  ratePetition,
  saveRoute,
  deleteRoute,
  searchPetitions,
  similarPublic,
  timeline,
  trackByCode,
  transition,
} from './service';
import { uploadAttachments } from './service/create';
import { isOfficial } from './policy';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function ipOf(req: FastifyRequest): string {
  return req.ip;
}

/** The URL of the next page: the same query with `cursor` replaced. */
function nextLink(req: FastifyRequest, cursor: string | null): string | null {
  if (!cursor) return null;
  const u = new URL(req.url, 'http://x.invalid');
  u.searchParams.set('cursor', cursor);
  return u.pathname + u.search;
}

/** JSON API of petitions: /api/v1/petitions (OpenAPI in openapi.ts, tag "Kiến nghị"). */
export async function petitionApi(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/petitions', async (req, reply) => {
    if (!req.principal) throw unauthorized();
    const keyHeader = req.headers['idempotency-key'];
    const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new HttpError(422, 'petitions.error.idempotencyKey');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await createPetition(ctx, req.principal, body, {
      channel: 'api',
      ip: ipOf(req),
      idempotency: key ? { key, requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex') } : undefined,
    });
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    reply.header('location', `/api/v1/petitions/${result.petition.code}`);
    const detail = await getPetitionForViewer(ctx, req.principal, result.petition.id, { row: result.row });
    return reply.code(201).send(detail);
  });

  app.get('/api/v1/petitions', async (req) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const scope = String(query.scope ?? (query.mine === '1' || query.mine === 'true' ? 'mine' : 'public'));
    const f = parse(listFiltersSchema, query);
    let page;
    if (scope === 'mine') page = await listMine(ctx, req.principal, query);
    else if (scope === 'entered') page = await listEnteredBy(ctx, req.principal, query);
    else if (scope === 'inbox') page = await listInbox(ctx, req.principal, query);
    else if (scope === 'public') {
      if (f.q) {
        const r = await searchPetitions(ctx, req.principal, f.q, { scope: 'public', limit: f.limit, cursor: f.cursor, filters: { ...query, q: undefined, cursor: undefined } });
        return { items: r.items, terms: r.terms, cursor: r.next, next: nextLink(req, r.next) };
      }
      page = await listPublic(ctx, query);
    } else throw new HttpError(422, 'validation.choice');
    return { items: page.items, cursor: page.next, next: nextLink(req, page.next) };
  });

  // Files for a petition about to be sent: multipart (one or more files) → ids for `attachmentIds`.
  app.post('/api/v1/petitions/attachments', async (req, reply) => {
    if (!req.principal) throw unauthorized();
    const form = await readForm(req);
    const files = await uploadAttachments(
      ctx,
      req.principal,
      form.files.map((f) => ({ filename: f.filename, data: f.data, declaredType: f.mimetype })),
      { oversized: form.oversized },
    );
    return reply.code(201).send({ items: files.map((f) => ({ id: f.id, filename: f.filename, kind: f.kind, size: f.size })) });
  });

  app.get('/api/v1/petitions/similar', async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const title = typeof q.title === 'string' ? q.title : typeof q.q === 'string' ? q.q : '';
    const unit = typeof q.unit === 'string' && /^\d{2,5}$/.test(q.unit) ? q.unit : undefined;
    return { items: await similarPublic(ctx, title.slice(0, 300), { unitCode: unit }) };
  });

  app.get('/api/v1/petitions/track/:code', async (req) => {
    const { code } = req.params as { code: string };
    const t = await trackByCode(ctx, code);
    if (!t) throw notFound('petitions.error.trackNotFound');
    return t;
  });

  app.get('/api/v1/petitions/stats', async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const unit = typeof q.unit === 'string' && /^\d{2,5}$/.test(q.unit) ? q.unit : undefined;
    const from = typeof q.from === 'string' && !Number.isNaN(Date.parse(q.from)) ? new Date(q.from) : undefined;
    const to = typeof q.to === 'string' && !Number.isNaN(Date.parse(q.to)) ? new Date(q.to) : undefined;
    return petitionStats(ctx.db, { unitCode: unit, from, to });
  });

  app.get('/api/v1/petitions/due', async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const unit = typeof q.unit === 'string' && /^\d{2,5}$/.test(q.unit) ? q.unit : undefined;
    return { items: await dueSummary(ctx, req.principal, { unitCode: unit }) };
  });

  app.post('/api/v1/petitions/bulk-assign', async (req) => bulkAssign(ctx, req.principal, req.body ?? {}, { ip: ipOf(req) }));

  app.get('/api/v1/petitions/templates', async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const agency = Number(q.agency);
    if (!Number.isSafeInteger(agency) || agency <= 0) throw new HttpError(422, 'petitions.error.agency');
    return { items: await listTemplates(ctx, req.principal, agency) };
  });

  app.get('/api/v1/petitions/:id', async (req) => {
    const { id } = req.params as { id: string };
    return getPetitionForViewer(ctx, req.principal, id);
  });

  app.get('/api/v1/petitions/:id/timeline', async (req) => {
    const { id } = req.params as { id: string };
    return { items: await timeline(ctx, req.principal, id) };
  });

  app.post('/api/v1/petitions/:id/transitions', async (req) => {
    const { id } = req.params as { id: string };
    if (!req.principal) throw unauthorized();
    const p = await transition(ctx, req.principal, id, req.body ?? {}, { ip: ipOf(req) });
    return getPetitionForViewer(ctx, req.principal, p.id);
  });

  app.post('/api/v1/petitions/:id/rating', async (req) => {
    const { id } = req.params as { id: string };
    if (!req.principal) throw unauthorized();
    const body = (req.body ?? {}) as { score?: unknown; comment?: unknown };
    const p = await ratePetition(ctx, req.principal, id, { score: body.score, comment: body.comment }, { ip: ipOf(req) });
    return getPetitionForViewer(ctx, req.principal, p.id);
  });

  // Routing rules (administrators).
  app.get('/api/v1/petition-routes', async (req) => {
    if (!req.principal) throw unauthorized();
    if (!isOfficial(req.principal)) throw new HttpError(403, 'error.forbidden');
    return { items: await listRoutes(ctx.db) };
  });
  app.post('/api/v1/petition-routes', async (req, reply) => reply.code(201).send(await saveRoute(ctx, req.principal, req.body ?? {})));
  app.delete('/api/v1/petition-routes/:id', async (req, reply) => {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
    await deleteRoute(ctx, req.principal, id);
    return reply.code(204).send();
  });
}
