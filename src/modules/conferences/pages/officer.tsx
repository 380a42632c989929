import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { ValidationError, forbidden, notFound } from '../../../platform/http/errors';
import { formValues, idParam, queryString } from '../../../platform/http/forms';
import { todayInVietnam } from '../../../platform/calendar/dates';
import { getUnits, listAgencies } from '../../directory/service';
import { getDossier } from '../../consolidation/service';
import { DOCUMENT_KINDS, type DocumentKind } from '../model';
import { canManage, canOversee, isOrganiser, overseenProvinces } from '../policy';
import { requireUser } from '../../../platform/http/guards';
import {
  acknowledgeReport,
  agendaOf,
  answerQuestion,
  checkIn,
  conferencePage,
  correctDocument,
  createConference,
  deferQuestion,
  editDocument,
  floorQuestion,
  getConference,
  getPlan,
  issueDocument,
  listManaged,
  listRegistrations,
  mergeQuestion,
  organiseQuestion,
  passUnanswered,
  planProgress,
  reportInbox,
  savePlan,
  sendReport,
  setCurrentItem,
  setCurrentQuestion,
  transitionConference,
  updateConference,
  getQuestion,
  vnParts,
} from '../service';
import type { Conference } from '../model';
import { ConferenceFormPage, type FormValues } from '../views/form';
import { ConsolePage, ManagePage, OfficerListPage, PlanPage, ReportsPage } from '../views/officer';
import { chairCandidates, listOf, organiser, unitChoices } from './helpers';
import { confId } from './public';

function qid(req: FastifyRequest): number {
  const n = idParam((req.params as Record<string, string>).qid);
  if (n === null) throw notFound();
  return n;
}

/** The form's fields as the use case's input; the rows' positions, to put errors back beside the right row. */
function conferenceBody(body: unknown, candidates: Awaited<ReturnType<typeof chairCandidates>>) {
  const v = formValues(body);
  const users = listOf(body, 'chairUser');
  const titles = listOf(body, 'chairTitle');
  const chairRows: number[] = [];
  const chairs = users.flatMap((u, i) => {
    if (!u.trim()) return [];
    chairRows.push(i);
    const title = (titles[i] ?? '').trim() || candidates.find((c) => String(c.userId) === u)?.suggestedTitle || '';
    return [{ userId: u, title }];
  });
  const agendaTitles = listOf(body, 'agendaTitle');
  const agendaMinutes = listOf(body, 'agendaMinutes');
  const agendaRows: number[] = [];
  const agenda = agendaTitles.flatMap((title, i) => {
    if (!title.trim() && !(agendaMinutes[i] ?? '').trim()) return [];
    agendaRows.push(i);
    return [{ title, minutes: agendaMinutes[i] ?? '' }];
  });
  const values: FormValues = { ...v, chairUser: users, chairTitle: titles, agendaTitle: agendaTitles, agendaMinutes, agencies: listOf(body, 'agencies') };
  const input = { ...v, chairs, agenda, agencies: listOf(body, 'agencies'), topicIds: listOf(body, 'topicIds') };
  values.topicIds = listOf(body, 'topicIds');
  const remap = (errors: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(errors).map(([k, msg]) => {
        const m = /^(chairs|agenda)\.(\d+)\.(.+)$/.exec(k);
        if (!m) return [k, msg];
        const rows = m[1] === 'chairs' ? chairRows : agendaRows;
        return [`${m[1]}.${rows[Number(m[2])] ?? m[2]}.${m[3]}`, msg];
      }),
    );
  return { input, values, remap };
}

function formOf(c: Conference, agenda: Array<{ title: string; minutes: number }>): FormValues {
  return {
    unitCode: c.unitCode,
    agencyId: String(c.agencyId),
    kind: c.kind,
    title: c.title,
    description: c.description ?? '',
    reason: c.reason,
    reasonText: c.reasonText ?? '',
    venue: c.venue ?? '',
    onlineUrl: c.onlineUrl ?? '',
    date: vnParts(c.startsAt).date,
    startTime: vnParts(c.startsAt).time,
    endTime: vnParts(c.endsAt).time,
    capacity: String(c.capacity),
    invited: c.invited ?? '',
    chairUser: c.chairs.map((ch) => String(ch.userId)),
    chairTitle: c.chairs.map((ch) => ch.title),
    agendaTitle: agenda.map((a) => a.title),
    agendaMinutes: agenda.map((a) => String(a.minutes)),
    agencies: c.agencies.map(String),
    topicIds: c.topicIds.map(String),
  };
}

async function formChoices(ctx: AppContext, p: Principal, unitCode: string | undefined) {
  const units = await unitChoices(ctx, p);
  const unit = units.find((u) => u.code === unitCode) ?? units[0];
  if (!unit) throw forbidden();
  const unitAgencies = (await listAgencies(ctx.db, { unitCode: unit.code })).map((a) => ({ id: a.id, name: a.name }));
  const provinceAgencies = unit.code !== unit.provinceCode ? (await listAgencies(ctx.db, { unitCode: unit.provinceCode })).map((a) => ({ id: a.id, name: a.name })) : [];
  // The consolidated dossier of the year (pressing topics first) gives the agenda's topics.
  const dossier = await getDossier(ctx, { unitCode: unit.code, period: todayInVietnam(ctx.clock.now()).slice(0, 4) }).catch(() => null);
  const topics = (dossier?.topics ?? []).map((t) => ({ id: t.id, title: t.title, pressing: t.pressing, count: t.counts.items }));
  return { units, unit, unitAgencies, agencies: [...unitAgencies, ...provinceAgencies], candidates: await chairCandidates(ctx, unit.code, unit.provinceCode), topics };
}

/** Agencies a question may be assigned to: the unit's and the province's. */
async function assignable(ctx: AppContext, c: Conference) {
  const list = [...(await listAgencies(ctx.db, { unitCode: c.unitCode })), ...(c.unitCode !== c.provinceCode ? await listAgencies(ctx.db, { unitCode: c.provinceCode }) : [])];
  return list.map((a) => ({ id: a.id, name: a.name }));
}

async function managed(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<{ p: Principal; c: Conference } | null> {
  const p = organiser(req, reply);
  if (!p) return null;
  const c = await getConference(ctx.db, confId(req));
  if (!canManage(p, c)) throw forbidden();
  return { p, c };
}

/** Officer pages: planning, the conference form, management, the secretary's console, reports. */
export async function officerPages(app: FastifyInstance, ctx: AppContext) {
  app.get('/can-bo/hoi-nghi', async (req, reply) => {
    const p = organiser(req, reply);
    if (!p) return reply;
    return reply.view(<OfficerListPage ctx={req.page()} items={await listManaged(ctx, p)} />);
  });

  app.get('/can-bo/hoi-nghi/moi', async (req, reply) => {
    const p = organiser(req, reply);
    if (!p) return reply;
    const ch = await formChoices(ctx, p, queryString(req.query, 'unit', 5) || undefined);
    const organiserAgency = ch.unitAgencies.find((a) => p.roles.some((g) => g.agencyId === a.id)) ?? ch.unitAgencies[0];
    const values: FormValues = { unitCode: ch.unit.code, agencyId: organiserAgency ? String(organiserAgency.id) : '', kind: 'peoples_committee', startTime: '08:00', endTime: '11:00', capacity: '200' };
    return reply.view(<ConferenceFormPage ctx={req.page()} id={null} values={values} {...ch} />);
  });

  app.post('/can-bo/hoi-nghi/moi', async (req, reply) => {
    const p = organiser(req, reply);
    if (!p) return reply;
    const ch = await formChoices(ctx, p, formValues(req.body).unitCode);
    const { input, values, remap } = conferenceBody(req.body, ch.candidates);
    try {
      const c = await createConference(ctx, p, input);
      reply.flash('ok', 'conferences.flash.created');
      return reply.redirect(`/can-bo/hoi-nghi/${c.id}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return reply.code(422).view(<ConferenceFormPage ctx={req.page()} id={null} values={values} errors={remap(e.messages(req.t))} {...ch} />);
    }
  });

  app.get('/can-bo/hoi-nghi/:id/sua', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    const ch = await formChoices(ctx, m.p, m.c.unitCode);
    return reply.view(<ConferenceFormPage ctx={req.page()} id={m.c.id} values={formOf(m.c, await agendaOf(ctx.db, m.c.id))} {...ch} />);
  });

  app.post('/can-bo/hoi-nghi/:id/sua', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    const ch = await formChoices(ctx, m.p, m.c.unitCode);
    const { input, values, remap } = conferenceBody(req.body, ch.candidates);
    try {
      await updateConference(ctx, m.p, m.c.id, input);
      reply.flash('ok', 'conferences.flash.saved');
      return reply.redirect(`/can-bo/hoi-nghi/${m.c.id}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return reply.code(422).view(<ConferenceFormPage ctx={req.page()} id={m.c.id} values={values} errors={remap(e.messages(req.t))} {...ch} />);
    }
  });

  app.get('/can-bo/hoi-nghi/:id', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    const v = await conferencePage(ctx, m.p, m.c.id);
    return reply.view(<ManagePage ctx={req.page()} v={v} registrations={await listRegistrations(ctx, m.p, m.c.id)} agencies={await assignable(ctx, m.c)} />);
  });

  app.post('/can-bo/hoi-nghi/:id/chuyen', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    const v = formValues(req.body);
    try {
      const c = await transitionConference(ctx, m.p, m.c.id, { action: v.action as never, reason: v.reason, shortNoticeReason: v.shortNoticeReason });
      reply.flash('ok', 'conferences.flash.state', { state: req.t(`conferences.state.${c.status}`) });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const [field, msg] = Object.entries(e.messages(req.t))[0] ?? ['', ''];
      reply.flash('error', 'conferences.flash.refused', { field, message: msg });
    }
    return reply.redirect(`/can-bo/hoi-nghi/${m.c.id}`, 303);
  });

  // Check-in at the door: the form on the management page, and the QR code's link (opened by the secretary's phone).
  const doCheckIn = async (req: FastifyRequest, reply: FastifyReply, code: string) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    const r = await checkIn(ctx, m.p, m.c.id, code);
    reply.flash('ok', 'conferences.flash.checkedIn', { name: r.name, code: r.code });
    return reply.redirect(`/can-bo/hoi-nghi/${m.c.id}#regs`, 303);
  };
  app.post('/can-bo/hoi-nghi/:id/diem-danh', async (req, reply) => doCheckIn(req, reply, formValues(req.body).code ?? ''));
  app.get('/can-bo/hoi-nghi/:id/diem-danh', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    const code = queryString(req.query, 'code', 12);
    const v = await conferencePage(ctx, m.p, m.c.id);
    return reply.view(<ManagePage ctx={req.page()} v={v} registrations={(await listRegistrations(ctx, m.p, m.c.id)).filter((r) => r.code === code.toUpperCase())} agencies={[]} />);
  });

  app.post('/can-bo/hoi-nghi/cau-hoi/:qid/sap-xep', async (req, reply) => {
    const q = await getQuestion(ctx.db, qid(req));
    await organiseQuestion(ctx, req.principal, q.id, formValues(req.body));
    reply.flash('ok', 'conferences.flash.saved');
    return reply.redirect(`/can-bo/hoi-nghi/${q.conferenceId}#q-${q.id}`, 303);
  });
  app.post('/can-bo/hoi-nghi/cau-hoi/:qid/gop', async (req, reply) => {
    const q = await getQuestion(ctx.db, qid(req));
    try {
      await mergeQuestion(ctx, req.principal, q.id, formValues(req.body));
      reply.flash('ok', 'conferences.flash.merged');
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      reply.flash('error', 'conferences.error.mergeTarget');
    }
    return reply.redirect(`/can-bo/hoi-nghi/${q.conferenceId}#q-${q.id}`, 303);
  });

  // ─── the secretary's console
  const showConsole = async (req: FastifyRequest, reply: FastifyReply, id: number, errors?: Record<string, string>, values?: Record<string, string>) => {
    const v = await conferencePage(ctx, req.principal, id);
    if (!v.manage) throw forbidden();
    return reply.code(errors ? 422 : 200).view(<ConsolePage ctx={req.page()} v={v} agencies={await assignable(ctx, v.conference)} errors={errors} values={values} />);
  };
  app.get('/can-bo/hoi-nghi/:id/thu-ky', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    return showConsole(req, reply, m.c.id);
  });
  app.post('/can-bo/hoi-nghi/:id/y-kien', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    const values = formValues(req.body);
    try {
      await floorQuestion(ctx, m.p, m.c.id, values);
    } catch (e) {
      if (e instanceof ValidationError) return showConsole(req, reply, m.c.id, e.messages(req.t), values);
      throw e;
    }
    reply.flash('ok', 'conferences.flash.queued');
    return reply.redirect(`/can-bo/hoi-nghi/${m.c.id}/thu-ky`, 303);
  });
  app.post('/can-bo/hoi-nghi/:id/muc/:qid', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    await setCurrentItem(ctx, m.p, m.c.id, qid(req));
    return reply.redirect(`/can-bo/hoi-nghi/${m.c.id}/thu-ky`, 303);
  });
  app.post('/can-bo/hoi-nghi/cau-hoi/:qid/dua-ra', async (req, reply) => {
    const q = await setCurrentQuestion(ctx, req.principal, qid(req));
    return reply.redirect(`/can-bo/hoi-nghi/${q.conferenceId}/thu-ky#current`, 303);
  });
  app.post('/can-bo/hoi-nghi/cau-hoi/:qid/tra-loi', async (req, reply) => {
    const q = await getQuestion(ctx.db, qid(req));
    const values = formValues(req.body);
    try {
      await answerQuestion(ctx, req.principal, q.id, values);
    } catch (e) {
      if (e instanceof ValidationError) return showConsole(req, reply, q.conferenceId, e.messages(req.t), values);
      throw e;
    }
    reply.flash('ok', 'conferences.flash.answered');
    return reply.redirect(`/can-bo/hoi-nghi/${q.conferenceId}/thu-ky`, 303);
  });
  app.post('/can-bo/hoi-nghi/cau-hoi/:qid/hoan', async (req, reply) => {
    const q = await deferQuestion(ctx, req.principal, qid(req));
    return reply.redirect(`/can-bo/hoi-nghi/${q.conferenceId}/thu-ky`, 303);
  });

  // ─── after the day
  app.post('/can-bo/hoi-nghi/:id/chuyen-kien-nghi', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    const n = await passUnanswered(ctx, m.p, m.c.id);
    reply.flash('ok', 'conferences.flash.petitions', { n });
    return reply.redirect(`/can-bo/hoi-nghi/${m.c.id}#after`, 303);
  });
  app.post('/can-bo/hoi-nghi/:id/bao-cao', async (req, reply) => {
    const m = await managed(ctx, req, reply);
    if (!m) return reply;
    await sendReport(ctx, m.p, m.c.id);
    reply.flash('ok', 'conferences.flash.reportSent');
    return reply.redirect(`/can-bo/hoi-nghi/${m.c.id}#after`, 303);
  });
  for (const kind of DOCUMENT_KINDS) {
    const route = (suffix: string, run: (p: Principal, id: number, k: DocumentKind, body: unknown) => Promise<unknown>, flash: string) =>
      app.post(`/can-bo/hoi-nghi/:id/van-ban/${kind}${suffix}`, async (req, reply) => {
        const m = await managed(ctx, req, reply);
        if (!m) return reply;
        try {
          await run(m.p, m.c.id, kind, formValues(req.body));
          reply.flash('ok', flash);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          const [field, msg] = Object.entries(e.messages(req.t))[0] ?? ['', ''];
          reply.flash('error', 'conferences.flash.refused', { field, message: msg });
        }
        return reply.redirect(`/can-bo/hoi-nghi/${m.c.id}#after`, 303);
      });
    route('', (p, id, k, body) => editDocument(ctx, p, id, k, body), 'conferences.flash.saved');
    route('/ban-hanh', (p, id, k) => issueDocument(ctx, p, id, k), 'conferences.flash.issued');
    route('/dinh-chinh', (p, id, k) => correctDocument(ctx, p, id, k), 'conferences.flash.correction');
  }

  // ─── plans and the level above
  app.get('/can-bo/hoi-nghi/ke-hoach', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!isOrganiser(p) && !overseenProvinces(p).length) throw forbidden();
    const units = isOrganiser(p) ? await unitChoices(ctx, p) : [];
    const year = Number(queryString(req.query, 'year', 4)) || Number(todayInVietnam(ctx.clock.now()).slice(0, 4));
    const asked = queryString(req.query, 'unit', 5);
    const unitCode = units.find((u) => u.code === asked)?.code ?? units[0]?.code ?? '';
    const plan = unitCode ? await getPlan(ctx.db, unitCode, year) : null;
    // The level above reads (not edits) the plan of a unit it oversees, as the dashboard's "planned" links to it.
    const other = asked && asked !== unitCode ? (await getUnits(ctx.db, [asked])).get(asked) : undefined;
    const overseen = other && canOversee(p, { unitCode: other.code, provinceCode: other.provinceCode }) ? { unitName: other.fullName, plan: await getPlan(ctx.db, other.code, year) } : null;
    const province = overseenProvinces(p)[0];
    const progress = province ? await planProgress(ctx, p, province, year).catch(() => null) : null;
    return reply.view(<PlanPage ctx={req.page()} units={overseen ? [] : units} unitCode={unitCode} year={year} plan={plan} progress={progress} overseen={overseen} />);
  });
  app.post('/can-bo/hoi-nghi/ke-hoach', async (req, reply) => {
    const p = organiser(req, reply);
    if (!p) return reply;
    const v = formValues(req.body);
    const quarters = listOf(req.body, 'quarter');
    const items = listOf(req.body, 'topic').flatMap((topic, i) => (topic.trim() ? [{ topic, quarter: quarters[i] ?? '' }] : []));
    try {
      await savePlan(ctx, p, { unitCode: v.unitCode, year: v.year, note: v.note, items });
      reply.flash('ok', 'conferences.flash.planSaved');
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const [field, msg] = Object.entries(e.messages(req.t))[0] ?? ['', ''];
      reply.flash('error', 'conferences.flash.refused', { field, message: msg });
    }
    return reply.redirect(`/can-bo/hoi-nghi/ke-hoach?unit=${encodeURIComponent(v.unitCode ?? '')}&year=${encodeURIComponent(v.year ?? '')}`, 303);
  });

  app.get('/can-bo/hoi-nghi/bao-cao', async (req, reply) => {
    const p = req.principal;
    if (!p) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
    const rows = await reportInbox(ctx, p);
    const units = await getUnits(ctx.db, [...new Set(rows.map((r) => r.unit_code))]);
    return reply.view(<ReportsPage ctx={req.page()} rows={rows} units={new Map([...units].map(([k, u]) => [k, u.fullName]))} />);
  });
  app.post('/can-bo/hoi-nghi/:id/xac-nhan-bao-cao', async (req, reply) => {
    await acknowledgeReport(ctx, req.principal, confId(req));
    reply.flash('ok', 'conferences.flash.acknowledged');
    return reply.redirect('/can-bo/hoi-nghi/bao-cao', 303);
  });
}

