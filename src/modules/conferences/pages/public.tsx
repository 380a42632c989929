import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from '../../../platform/lazy-libs/qrcode';
import type { AppContext } from '../../../platform/context';
import { ValidationError, notFound } from '../../../platform/http/errors';
import { formValues, idParam } from '../../../platform/http/forms';
import { contentDisposition } from '../../../platform/files/routes';
import { requireUser } from '../../../platform/http/guards';
import { getUnit } from '../../directory/service';
import { listMine } from '../../petitions/service';
import type { DocumentKind } from '../model';
import {
  agendaOf,
  askQuestion,
  cancelRegistration,
  conferenceIcs,
  conferencePage,
  documentFile,
  getConference,
  getRegistrationByCode,
  getVisibleConference,
  listPublic,
  listQuestions,
  myQuestions,
  myRegistrations,
  questionsOf,
  register,
  unitCalendar,
  unitFeed,
} from '../service';
import { streamConference } from '../stream';
import { ConferencePage, ConfirmationPage, ListPage, LivePage, MinePage } from '../views/public';
import { QuestionListPage } from '../views/questions';
import { validate } from '../../../platform/http/validate';
import { conferenceListSchema, questionListSchema } from '../schema';
import { getAgencies } from '../../directory/service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ICS = 'text/calendar; charset=utf-8';

export function confId(req: FastifyRequest): number {
  const n = idParam((req.params as Record<string, string>).id);
  if (n === null) throw notFound();
  return n;
}

async function myPetitions(ctx: AppContext, req: FastifyRequest) {
  if (!req.principal || req.principal.kind !== 'citizen') return [];
  const page = await listMine(ctx, req.principal, { limit: 50 });
  return page.items.map((p) => ({ id: p.id, code: p.code, title: p.title }));
}

async function showConference(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, id: number, errors?: Record<string, string>, values?: Record<string, string>) {
  const v = await conferencePage(ctx, req.principal, id);
  return reply.code(errors ? 422 : 200).view(<ConferencePage ctx={req.page()} v={v} now={ctx.clock.now()} errors={errors} values={values} myPetitions={await myPetitions(ctx, req)} />);
}

/** Public pages: the lists, the conference page, registration and its confirmation, questions, live page, files. */
export async function publicPages(app: FastifyInstance, ctx: AppContext) {
  app.get('/hoi-nghi', async (req, reply) => {
    const values = formValues(req.query);
    const when = values.when === 'past' ? 'past' : 'upcoming';
    const f = validate(conferenceListSchema, values);
    if (!f.ok) return reply.code(422).view(<ListPage ctx={req.page()} when={when} items={[]} hasMore={false} page={1} values={values} errors={f.error.messages(req.t)} />);
    const page = f.data.page ?? 1;
    const list = await listPublic(ctx, { ...f.data, when, unitCode: f.data.unit, page });
    return reply.view(<ListPage ctx={req.page()} when={when} items={list.items} hasMore={list.hasMore} page={page} values={values} />);
  });

  // Questions across conferences: those put on the floor, and every question of the conferences the caller organises
  // or oversees.
  app.get('/hoi-nghi/cau-hoi', async (req, reply) => {
    const values = formValues(req.query);
    const f = validate(questionListSchema, values);
    if (!f.ok) return reply.code(422).view(<QuestionListPage ctx={req.page()} items={[]} hasMore={false} page={1} values={values} errors={f.error.messages(req.t)} />);
    const page = f.data.page ?? 1;
    const list = await listQuestions(ctx, req.principal, { ...f.data, unitCode: f.data.unit, page });
    return reply.view(<QuestionListPage ctx={req.page()} items={list.items} hasMore={list.hasMore} page={page} values={values} />);
  });

  app.get('/hoi-nghi/cua-toi', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    return reply.view(<MinePage ctx={req.page()} regs={await myRegistrations(ctx, p)} questions={await myQuestions(ctx, p)} />);
  });

  app.get('/hoi-nghi/:id', async (req, reply) => showConference(ctx, req, reply, confId(req)));

  app.post('/hoi-nghi/:id/dang-ky', async (req, reply) => {
    const id = confId(req);
    const values = formValues(req.body);
    try {
      const reg = await register(ctx, req.principal, id, values);
      reply.flash('ok', reg.status === 'registered' ? 'conferences.flash.registered' : 'conferences.flash.waitlisted');
      return reply.redirect(`/hoi-nghi/dang-ky/${reg.code}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return showConference(ctx, req, reply, id, e.messages(req.t), { ...values, _form: 'register' });
      throw e;
    }
  });

  app.post('/hoi-nghi/:id/cau-hoi', async (req, reply) => {
    const id = confId(req);
    const p = requireUser(req, reply);
    if (!p) return reply;
    const values = formValues(req.body);
    try {
      await askQuestion(ctx, p, id, values);
      reply.flash('ok', 'conferences.flash.asked');
      return reply.redirect(`/hoi-nghi/${id}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return showConference(ctx, req, reply, id, e.messages(req.t), { ...values, _form: 'ask' });
      throw e;
    }
  });

  app.get('/hoi-nghi/dang-ky/:code', async (req, reply) => {
    const reg = await getRegistrationByCode(ctx.db, String((req.params as Record<string, string>).code));
    if (!reg) throw notFound();
    const c = await getConference(ctx.db, reg.conferenceId);
    const qrSvg = await QRCode.toString(`${ctx.config.publicUrl}/can-bo/hoi-nghi/${c.id}/diem-danh?code=${reg.code}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.view(<ConfirmationPage ctx={req.page()} reg={reg} c={c} qrSvg={qrSvg} />);
  });

  app.post('/hoi-nghi/dang-ky/:code/huy', async (req, reply) => {
    const code = String((req.params as Record<string, string>).code);
    const values = formValues(req.body);
    await cancelRegistration(ctx, req.principal, code, { phone: values.phone });
    reply.flash('ok', 'conferences.flash.cancelled');
    return reply.redirect(`/hoi-nghi/dang-ky/${code}`, 303);
  });

  app.get('/hoi-nghi/:id/lich.ics', async (req, reply) => {
    const c = await getVisibleConference(ctx, req.principal, confId(req));
    const unit = await getUnit(ctx.db, c.unitCode);
    return reply.type(ICS).header('content-disposition', contentDisposition('attachment', `hoi-nghi-${c.id}.ics`)).send(conferenceIcs(c, ctx.config.publicUrl, unit?.fullName ?? ''));
  });

  app.get('/hoi-nghi/don-vi/:unit/lich.ics', async (req, reply) => {
    const unit = await getUnit(ctx.db, String((req.params as Record<string, string>).unit));
    if (!unit) throw notFound();
    return reply.type(ICS).header('cache-control', 'public, max-age=300').send(unitCalendar(await unitFeed(ctx.db, unit.code), ctx.config.publicUrl, unit.fullName));
  });

  app.get('/hoi-nghi/:id/truc-tiep', async (req, reply) => {
    const c = await getVisibleConference(ctx, req.principal, confId(req));
    const [agenda, questions] = await Promise.all([agendaOf(ctx.db, c.id), questionsOf(ctx.db, c.id)]);
    const answered = questions.filter((q) => q.status === 'answered' && q.mergedInto === null).sort((a, b) => +(a.answeredAt ?? 0) - +(b.answeredAt ?? 0));
    const agencies = await getAgencies(ctx.db, answered.map((q) => q.commitmentAgencyId).filter((x): x is number => !!x));
    const s = {
      conference: c,
      item: agenda.find((a) => a.id === c.currentAgendaItemId) ?? null,
      current: questions.find((q) => q.id === c.currentQuestionId && q.status === 'current') ?? null,
      answered,
      lastSeq: c.eventSeq,
    };
    return reply.header('cache-control', 'no-store').view(<LivePage ctx={req.page()} s={s} agencyName={(id) => (id ? (agencies.get(id)?.name ?? '') : '')} />);
  });

  app.get('/hoi-nghi/:id/truc-tiep/su-kien', { config: { eventStream: true } }, async (req, reply) => {
    const c = await getVisibleConference(ctx, req.principal, confId(req));
    await streamConference(ctx, req, reply, c.id);
  });

  const files: Array<[string, DocumentKind]> = [
    ['bien-ban', 'minutes'],
    ['thong-bao-ket-luan', 'conclusion'],
  ];
  for (const [slug, kind] of files) {
    for (const ext of ['docx', 'pdf'] as const) {
      app.get(`/hoi-nghi/:id/${slug}.${ext}`, async (req, reply) => {
        const c = await getVisibleConference(ctx, req.principal, confId(req));
        const buf = await documentFile(ctx, req.principal, c.id, kind, ext);
        return reply
          .type(ext === 'docx' ? DOCX : 'application/pdf')
          .header('content-disposition', contentDisposition(ext === 'pdf' ? 'inline' : 'attachment', `${slug}-hoi-nghi-${c.id}.${ext}`))
          .send(buf);
      });
    }
  }
}
