import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { notFound, unauthorized } from '../../platform/http/errors';
import { formValues, idParam, queryString } from '../../platform/http/forms';
import { parse } from '../../platform/http/validate';
import { conferenceListSchema, questionListSchema } from './schema';
import { DOCUMENT_KINDS, type DocumentKind } from './model';
import {
  agendaOf,
  answerQuestion,
  askQuestion,
  cancelRegistration,
  checkIn,
  conferencePage,
  createConference,
  deferQuestion,
  eventsSince,
  floorQuestion,
  getVisibleConference,
  issueDocument,
  listPublic,
  listQuestions,
  listRegistrations,
  mergeQuestion,
  organiseQuestion,
  passUnanswered,
  register,
  setCurrentQuestion,
  transitionConference,
  updateConference,
  editDocument,
  acknowledgeReport,
  sendReport,
} from './service';
import { streamConference } from './stream';

type Body = Record<string, unknown>;

function id(req: FastifyRequest, name = 'id'): number {
  const n = idParam((req.params as Record<string, string>)[name]);
  if (n === null) throw notFound();
  return n;
}

function kindParam(req: FastifyRequest): DocumentKind {
  const k = (req.params as Record<string, string>).kind as DocumentKind;
  if (!DOCUMENT_KINDS.includes(k)) throw notFound();
  return k;
}

/** JSON API of conferences: /api/v1/conferences… (OpenAPI in openapi.ts, tag "Hội nghị đối thoại"). */
export async function conferenceApi(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/conferences', async (req) => {
    const f = parse(conferenceListSchema, formValues(req.query));
    return listPublic(ctx, { ...f, when: f.when ?? 'upcoming', unitCode: f.unit });
  });
  app.get('/api/v1/conference-questions', async (req) => {
    const f = parse(questionListSchema, formValues(req.query));
    return listQuestions(ctx, req.principal, { ...f, unitCode: f.unit });
  });
  app.post('/api/v1/conferences', async (req, reply) => {
    const c = await createConference(ctx, req.principal, req.body ?? {});
    return reply.code(201).header('location', `/api/v1/conferences/${c.id}`).send({ ...c, agenda: await agendaOf(ctx.db, c.id) });
  });
  app.get('/api/v1/conferences/:id', async (req) => {
    const v = await conferencePage(ctx, req.principal, id(req));
    return { ...v.conference, unitName: v.unitName, agenda: v.agenda, questions: v.questions, registrations: v.counts };
  });
  app.put('/api/v1/conferences/:id', async (req) => {
    const c = await updateConference(ctx, req.principal, id(req), req.body ?? {});
    return { ...c, agenda: await agendaOf(ctx.db, c.id) };
  });
  app.post('/api/v1/conferences/:id/transitions', async (req) => transitionConference(ctx, req.principal, id(req), (req.body ?? {}) as never));

  app.post('/api/v1/conferences/:id/registrations', async (req, reply) => reply.code(201).send(await register(ctx, req.principal, id(req), req.body ?? {})));
  app.get('/api/v1/conferences/:id/registrations', async (req) => ({ items: await listRegistrations(ctx, req.principal, id(req)) }));
  app.delete('/api/v1/conference-registrations/:code', async (req) =>
    cancelRegistration(ctx, req.principal, String((req.params as Record<string, string>).code), { phone: queryString(req.query, 'phone', 20) || undefined }),
  );
  app.post('/api/v1/conferences/:id/checkins', async (req) => checkIn(ctx, req.principal, id(req), String(((req.body ?? {}) as Body).code ?? '')));

  app.post('/api/v1/conferences/:id/questions', async (req, reply) => {
    if (!req.principal) throw unauthorized();
    return reply.code(201).send(await askQuestion(ctx, req.principal, id(req), req.body ?? {}));
  });
  app.post('/api/v1/conferences/:id/floor-questions', async (req, reply) => reply.code(201).send(await floorQuestion(ctx, req.principal, id(req), req.body ?? {})));
  app.patch('/api/v1/conference-questions/:id', async (req) => organiseQuestion(ctx, req.principal, id(req), req.body ?? {}));
  app.post('/api/v1/conference-questions/:id/merge', async (req) => mergeQuestion(ctx, req.principal, id(req), req.body ?? {}));
  app.post('/api/v1/conference-questions/:id/current', async (req) => setCurrentQuestion(ctx, req.principal, id(req)));
  app.post('/api/v1/conference-questions/:id/answer', async (req) => answerQuestion(ctx, req.principal, id(req), req.body ?? {}));
  app.post('/api/v1/conference-questions/:id/defer', async (req) => deferQuestion(ctx, req.principal, id(req)));
  app.post('/api/v1/conferences/:id/petitions', async (req) => ({ created: await passUnanswered(ctx, req.principal, id(req)) }));

  app.get('/api/v1/conferences/:id/events', async (req) => {
    const c = await getVisibleConference(ctx, req.principal, id(req));
    const after = Number(queryString(req.query, 'after', 12) || 0);
    return { items: await eventsSince(ctx.db, c.id, Number.isSafeInteger(after) && after >= 0 ? after : 0) };
  });
  app.get('/api/v1/conferences/:id/events/stream', { config: { eventStream: true } }, async (req, reply) => {
    const c = await getVisibleConference(ctx, req.principal, id(req));
    await streamConference(ctx, req, reply, c.id);
  });

  app.patch('/api/v1/conferences/:id/documents/:kind', async (req) => editDocument(ctx, req.principal, id(req), kindParam(req), req.body ?? {}));
  app.post('/api/v1/conferences/:id/documents/:kind/issue', async (req) => issueDocument(ctx, req.principal, id(req), kindParam(req)));
  app.post('/api/v1/conferences/:id/report', async (req, reply) => {
    await sendReport(ctx, req.principal, id(req));
    return reply.code(204).send();
  });
  app.post('/api/v1/conferences/:id/report/acknowledge', async (req, reply) => {
    await acknowledgeReport(ctx, req.principal, id(req));
    return reply.code(204).send();
  });
}
