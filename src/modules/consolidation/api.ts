import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { forbidden, notFound, unauthorized, ValidationError } from '../../platform/http/errors';
import { formValues, idParam } from '../../platform/http/forms';
import { parse } from '../../platform/http/validate';
import { readForm } from '../../platform/files/multipart';
import { canReadTopics } from './policy';
import { scopeSchema, topicListSchema } from './schema';
import {
  acceptProposal,
  createTopic,
  getDossier,
  getTopic,
  listProposals,
  matchPetition,
  mergeTopics,
  moveItems,
  rejectProposal,
  removeItems,
  requestProposals,
  splitProposal,
  splitTopic,
  updateTopic,
} from './service';
import { listTopics, unitTarget } from './service/read';
import { listForConsolidation } from '../petitions/service';
import { recordGathering, RowsRefused, type OpinionRow } from './service/gatherings';
import { importGathering } from './service/import';
import { rowsProblem } from './http-common';

type Body = Record<string, unknown>;
const id = (req: { params: unknown }) => {
  const n = idParam((req.params as { id?: string }).id);
  if (!n) throw notFound();
  return n;
};

/** JSON API of consolidation: /api/v1/consolidation/… (OpenAPI in openapi.ts, tag "Tổng hợp"). */
export async function consolidationApi(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/consolidation/dossiers', async (req) => {
    if (!req.principal) throw unauthorized();
    const q = parse(scopeSchema, req.query);
    const { target } = await unitTarget(ctx.db, q.unitCode);
    if (!canReadTopics(req.principal, target)) throw forbidden();
    return getDossier(ctx, q);
  });

  app.get('/api/v1/consolidation/topics', async (req) => {
    if (!req.principal) throw unauthorized();
    return { items: await listTopics(ctx, req.principal, parse(topicListSchema, formValues(req.query))) };
  });

  app.get('/api/v1/consolidation/topics/:id', async (req) => {
    if (!req.principal) throw unauthorized();
    const t = await getTopic(ctx, id(req), req.principal);
    if (!t) throw notFound();
    return t;
  });

  app.post('/api/v1/consolidation/topics', async (req, reply) => {
    const r = await createTopic(ctx, req.principal, req.body ?? {});
    return reply.code(201).send(await getTopic(ctx, r.id));
  });
  app.post('/api/v1/consolidation/topics/:id', async (req) => {
    await updateTopic(ctx, req.principal, id(req), req.body ?? {});
    return getTopic(ctx, id(req));
  });
  app.post('/api/v1/consolidation/topics/:id/merge', async (req) => {
    await mergeTopics(ctx, req.principal, id(req), req.body ?? {});
    return getTopic(ctx, id(req));
  });
  app.post('/api/v1/consolidation/topics/:id/split', async (req, reply) => {
    const r = await splitTopic(ctx, req.principal, id(req), req.body ?? {});
    return reply.code(201).send(await getTopic(ctx, r.id));
  });
  app.post('/api/v1/consolidation/topics/:id/remove', async (req) => {
    await removeItems(ctx, req.principal, id(req), req.body ?? {});
    return getTopic(ctx, id(req));
  });
  app.post('/api/v1/consolidation/moves', async (req) => {
    await moveItems(ctx, req.principal, req.body ?? {});
    return getTopic(ctx, Number((req.body as Body)?.topicId));
  });

  // The existing topics a petition matches (the officer's suggestion for a new petition).
  app.get('/api/v1/consolidation/petitions/:id/matches', async (req) => {
    if (!req.principal) throw unauthorized();
    const [p] = await listForConsolidation(ctx.db, { ids: [id(req)] });
    if (!p) throw notFound();
    if (!canReadTopics(req.principal, { unitCode: p.unitCode, provinceCode: p.provinceCode })) throw forbidden();
    return { matches: await matchPetition(ctx, p) };
  });

  app.post('/api/v1/consolidation/runs', async (req, reply) => reply.code(202).send(await requestProposals(ctx, req.principal, req.body ?? {})));
  app.get('/api/v1/consolidation/proposals', async (req) => {
    if (!req.principal) throw unauthorized();
    return listProposals(ctx, req.principal, parse(scopeSchema, req.query));
  });
  app.post('/api/v1/consolidation/proposals/:id/accept', async (req) => getTopic(ctx, (await acceptProposal(ctx, req.principal, id(req), req.body ?? {})).topicId));
  app.post('/api/v1/consolidation/proposals/:id/split', async (req, reply) => reply.code(201).send(await splitProposal(ctx, req.principal, id(req), req.body ?? {})));
  app.post('/api/v1/consolidation/proposals/:id/reject', async (req, reply) => {
    await rejectProposal(ctx, req.principal, id(req));
    return reply.code(204).send();
  });

  app.post('/api/v1/consolidation/gatherings', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const rows = Array.isArray(body.rows) ? (body.rows as OpinionRow[]).map((r, i) => ({ ...r, row: i + 1 })) : [];
    try {
      return reply.code(201).send(await recordGathering(ctx, req.principal, body, rows));
    } catch (e) {
      if (e instanceof RowsRefused) throw rowsProblem(req, e);
      throw e;
    }
  });

  app.post('/api/v1/consolidation/imports', async (req, reply) => {
    if (!req.principal) throw unauthorized();
    const form = await readForm(req);
    const file = form.files.find((f) => f.field === 'file');
    if (form.oversized.length) throw new ValidationError({ file: 'consolidation.error.tooLargeUpload' });
    if (!file) throw new ValidationError({ file: 'consolidation.error.fileRequired' });
    try {
      return reply.code(201).send(await importGathering(ctx, req.principal, form.fields, { filename: file.filename, data: file.data }));
    } catch (e) {
      if (e instanceof RowsRefused) throw rowsProblem(req, e);
      throw e;
    }
  });
}
