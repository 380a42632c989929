import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import type { Principal } from '../../platform/access/principal';
import { forbidden, HttpError, notFound, ValidationError } from '../../platform/http/errors';
import { requireUser } from '../../platform/http/guards';
import { formBody, formValues, idParam, queryString } from '../../platform/http/forms';
import { readForm } from '../../platform/files/multipart';
import { contentDisposition } from '../../platform/files/routes';
import { childUnits, getUnits, listAgencies, listCategories } from '../directory/service';
import { listForConsolidation } from '../petitions/service';
import { canEditTopics, canReadTopics, readableUnits } from './policy';
import { PERIOD_PATTERN, periodLabel, quarterOf } from './period';
import {
  acceptProposal,
  createTopic,
  getDossier,
  getTopic,
  listProposals,
  mergeTopics,
  moveItems,
  rejectProposal,
  removeItems,
  requestProposals,
  splitProposal,
  splitTopic,
  updateTopic,
} from './service';
import { listTopics, listTopicSummaries, toItem, unitTarget } from './service/read';
import { validate } from '../../platform/http/validate';
import { topicListSchema } from './schema';
import { TopicListPage } from './views/topic-list';
import { dossierDocx, dossierXlsx } from './service/documents';
import { recordGathering, RowsRefused, type OpinionRow } from './service/gatherings';
import { importGathering, opinionTemplate } from './service/import';
import { DOCX, rowMessages, XLSX } from './http-common';
import { BASE, type Scope } from './views/common';
import { TopicPage, TopicsPage } from './views/topics';
import { ProposalsPage, type ProposalCard } from './views/proposals';
import { GatheringPage, ImportPage } from './views/gathering';

const ORGANISATIONS = ['Hội Nông dân', 'Hội Liên hiệp Phụ nữ', 'Đoàn Thanh niên', 'Hội Cựu chiến binh', 'Công đoàn', 'Chi bộ', 'Tổ dân phố', 'Ban công tác Mặt trận', 'Ủy ban MTTQ'];

/** The unit and period of a page: from the query, else the caller's own unit and the current quarter; 403 outside. */
async function scopeOf(ctx: AppContext, req: FastifyRequest, p: Principal, source: unknown = req.query): Promise<Scope> {
  const unitCode = queryString(source, 'unit') || queryString(source, 'unitCode') || readableUnits(p)[0] || '';
  if (!unitCode) throw forbidden();
  const raw = queryString(source, 'period');
  const period = PERIOD_PATTERN.test(raw) ? raw : quarterOf(ctx.clock.now());
  const { unit, target } = await unitTarget(ctx.db, unitCode);
  if (!canReadTopics(p, target)) throw forbidden();
  return { unitCode: unit.code, unitName: unit.fullName, period, periodLabel: periodLabel(period), canEdit: canEditTopics(p, target) };
}

async function unitChoices(ctx: AppContext, p: Principal) {
  const codes = readableUnits(p);
  const units = await getUnits(ctx.db, codes);
  const out = codes.map((c) => units.get(c)).filter((u) => !!u);
  for (const u of [...out]) if (u.level === 'province') out.push(...(await childUnits(ctx.db, u.code)));
  return out.map((u) => ({ code: u.code, name: u.fullName }));
}

function periodChoices(now: Date) {
  const year = Number(quarterOf(now).slice(0, 4));
  const out: Array<{ value: string; label: string }> = [];
  for (const y of [year, year - 1]) for (const p of [`${y}-Q4`, `${y}-Q3`, `${y}-Q2`, `${y}-Q1`, `${y}-H2`, `${y}-H1`, `${y}`]) out.push({ value: p, label: periodLabel(p) });
  return out;
}

const back = (s: { unitCode: string; period: string }) => `${BASE}?unit=${encodeURIComponent(s.unitCode)}&period=${encodeURIComponent(s.period)}`;

/** Rows of the multi-row form (fields rows[i][text] …); empty rows are left out by the service. */
function formRows(body: Record<string, string>): OpinionRow[] {
  const rows = new Map<number, OpinionRow>();
  for (const [k, v] of Object.entries(body)) {
    const m = /^rows\[(\d{1,4})\]\[(text|peopleCount|village|name|phone|kind)\]$/.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    const r = rows.get(i) ?? { row: i + 1, text: '' };
    (r as any)[m[2]] = v;
    rows.set(i, r);
  }
  return [...rows.values()].sort((a, b) => a.row - b.row);
}

export async function consolidationPages(app: FastifyInstance, ctx: AppContext) {
  const page = async (req: FastifyRequest, reply: FastifyReply, scope: Scope, errors?: Record<string, string>, status = 200) => {
    const p = req.principal!;
    const dossier = await getDossier(ctx, scope);
    const ungrouped = (await listForConsolidation(ctx.db, { ids: dossier.ungroupedPetitionIds.slice(0, 500) })).map((x) => toItem(x, { byTopic: new Map(), organisation: new Map(), village: new Map() }));
    const { proposals, run } = await listProposals(ctx, p, scope);
    return reply.code(status).view(
      <TopicsPage ctx={req.page()} scope={scope} units={await unitChoices(ctx, p)} periods={periodChoices(ctx.clock.now())} topics={dossier.topics} ungrouped={ungrouped} run={run} openProposals={proposals.length} errors={errors} />,
    );
  };

  app.get(`${BASE}/chuyen-de`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const values = formValues(req.query);
    const f = validate(topicListSchema, values);
    if (!f.ok) return reply.code(422).view(<TopicListPage ctx={req.page()} topics={[]} unitNames={new Map()} values={values} errors={f.error.messages(req.t)} />);
    const topics = await listTopics(ctx, p, f.data);
    const units = await getUnits(ctx.db, [...new Set(topics.map((x) => x.unitCode))]);
    return reply.view(<TopicListPage ctx={req.page()} topics={topics} unitNames={new Map([...units].map(([k, u]) => [k, u.fullName]))} values={values} />);
  });

  app.get(BASE, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    return page(req, reply, await scopeOf(ctx, req, p));
  });

  app.post(`${BASE}/de-xuat`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = formValues(req.body);
    await requestProposals(ctx, p, body);
    reply.flash('ok', 'consolidation.flash.proposing');
    return reply.redirect(back({ unitCode: body.unitCode ?? '', period: body.period ?? '' }), 303);
  });

  app.post(`${BASE}/chuyen-de`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = formBody(req.body);
    const scope = await scopeOf(ctx, req, p, body);
    try {
      const r = await createTopic(ctx, p, body);
      reply.flash('ok', 'consolidation.flash.created');
      return reply.redirect(`${BASE}/chuyen-de/${r.id}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return page(req, reply, scope, e.messages(req.t), 422);
      throw e;
    }
  });

  app.post(`${BASE}/chuyen`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = formBody(req.body);
    await moveItems(ctx, p, body);
    reply.flash('ok', 'consolidation.flash.moved');
    return reply.redirect(`${BASE}/chuyen-de/${Number(body.topicId)}`, 303);
  });

  app.get(`${BASE}/de-xuat`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const scope = await scopeOf(ctx, req, p);
    const { proposals } = await listProposals(ctx, p, scope);
    const petitions = new Map((await listForConsolidation(ctx.db, { ids: proposals.flatMap((x) => x.petitionIds) })).map((x) => [x.id, x]));
    const topics = new Map((await listTopicSummaries(ctx, proposals.map((x) => x.topicId).filter((x): x is number => x !== null))).map((x) => [x.id, x]));
    const empty = { byTopic: new Map(), organisation: new Map(), village: new Map() };
    const cards: ProposalCard[] = proposals.map((x) => ({
      id: x.id,
      kind: x.kind,
      title: x.title,
      topicTitle: x.topicId ? (topics.get(x.topicId)?.title ?? null) : null,
      score: x.score,
      items: x.petitionIds.map((i) => petitions.get(i)).filter((r) => !!r).map((r) => toItem(r, empty)),
    }));
    return reply.view(<ProposalsPage ctx={req.page()} scope={scope} proposals={cards} />);
  });

  const proposalAction = (path: string, run: (p: Principal, id: number, body: Record<string, unknown>) => Promise<string>) =>
    app.post(`${BASE}/de-xuat/:id/${path}`, async (req, reply) => {
      const p = requireUser(req, reply);
      if (!p) return reply;
      const id = idParam((req.params as { id: string }).id);
      if (!id) throw notFound();
      const row = await ctx.db.selectFrom('consolidation_proposals').select(['unit_code', 'period']).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound();
      const to = `${BASE}/de-xuat?unit=${row.unit_code}&period=${row.period}`;
      try {
        return reply.redirect(await run(p, id, formBody(req.body)), 303);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        reply.flash('error', Object.values(e.errors)[0] ?? 'error.validation');
        return reply.redirect(to, 303);
      }
    });
  proposalAction('chap-nhan', async (p, id, body) => {
    const r = await acceptProposal(ctx, p, id, { title: body.title });
    return `${BASE}/chuyen-de/${r.topicId}`;
  });
  proposalAction('tach', async (p, id, body) => {
    await splitProposal(ctx, p, id, { petitionIds: body.petitionIds });
    const row = await ctx.db.selectFrom('consolidation_proposals').select(['unit_code', 'period']).where('id', '=', id).executeTakeFirstOrThrow();
    return `${BASE}/de-xuat?unit=${row.unit_code}&period=${row.period}`;
  });
  proposalAction('tu-choi', async (p, id) => {
    await rejectProposal(ctx, p, id);
    const row = await ctx.db.selectFrom('consolidation_proposals').select(['unit_code', 'period']).where('id', '=', id).executeTakeFirstOrThrow();
    return `${BASE}/de-xuat?unit=${row.unit_code}&period=${row.period}`;
  });

  const topicView = async (req: FastifyRequest, reply: FastifyReply, id: number, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}, status = 200) => {
    const p = req.principal!;
    const topic = await getTopic(ctx, id, p);
    if (!topic) throw notFound();
    const scope = await scopeOf(ctx, req, p, { unit: topic.unitCode, period: topic.period });
    const others = (await getDossier(ctx, scope)).topics.filter((x) => x.id !== topic.id);
    const categories = (await listCategories(ctx.db)).map((c) => ({ value: c.id, label: c.name }));
    // The agencies that may answer: the unit's own, and for a commune its province's.
    const { unit } = await unitTarget(ctx.db, topic.unitCode);
    const province = unit.level === 'commune' ? await listAgencies(ctx.db, { unitCode: unit.provinceCode }) : [];
    const agencies = [...(await listAgencies(ctx.db, { unitCode: unit.code })), ...province].map((a) => ({ value: a.id, label: a.name }));
    return reply.code(status).view(<TopicPage ctx={req.page()} scope={scope} topic={topic} others={others} categories={categories} agencies={agencies} {...extra} />);
  };

  app.get(`${BASE}/chuyen-de/:id`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const id = idParam((req.params as { id: string }).id);
    if (!id) throw notFound();
    return topicView(req, reply, id);
  });

  const topicAction = (path: string, run: (p: Principal, id: number, body: Record<string, unknown>) => Promise<string>) =>
    app.post(`${BASE}/chuyen-de/:id/${path}`, async (req, reply) => {
      const p = requireUser(req, reply);
      if (!p) return reply;
      const id = idParam((req.params as { id: string }).id);
      if (!id) throw notFound();
      try {
        return reply.redirect(await run(p, id, formBody(req.body)), 303);
      } catch (e) {
        if (e instanceof ValidationError) return topicView(req, reply, id, { values: formValues(req.body), errors: e.messages(req.t) }, 422);
        throw e;
      }
    });
  topicAction('sua', async (p, id, body) => {
    await updateTopic(ctx, p, id, body);
    return `${BASE}/chuyen-de/${id}`;
  });
  topicAction('bo', async (p, id, body) => {
    await removeItems(ctx, p, id, body);
    return `${BASE}/chuyen-de/${id}`;
  });
  topicAction('tach', async (p, id, body) => `${BASE}/chuyen-de/${(await splitTopic(ctx, p, id, body)).id}`);
  topicAction('gop', async (p, id, body) => {
    await mergeTopics(ctx, p, id, body);
    return `${BASE}/chuyen-de/${id}`;
  });

  const entryPage = async (req: FastifyRequest, reply: FastifyReply, kind: 'form' | 'import', values: Record<string, string> = {}, problems?: { errors?: Record<string, string>; rows?: ReturnType<typeof rowMessages> }, status = 200) => {
    const p = req.principal!;
    const scope = await scopeOf(ctx, req, p, { unit: values.unitCode || queryString(req.query, 'unit'), period: queryString(req.query, 'period') });
    if (!scope.canEdit) throw forbidden();
    const rowCount = Math.min(200, Math.max(10, Number(queryString(req.query, 'rows')) || 10, formRows(values).length));
    const props = { ctx: req.page(), scope, organisations: ORGANISATIONS, values, errors: problems?.errors, rowProblems: problems?.rows };
    return reply.code(status).view(kind === 'form' ? <GatheringPage {...props} rowCount={rowCount} /> : <ImportPage {...props} />);
  };

  app.get(`${BASE}/nhap-y-kien`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    return entryPage(req, reply, 'form');
  });
  app.post(`${BASE}/nhap-y-kien`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = formValues(req.body);
    try {
      const r = await recordGathering(ctx, p, body, formRows(body));
      reply.flash('ok', 'consolidation.flash.gathered', { n: r.petitionIds.length });
      return reply.redirect(back({ unitCode: body.unitCode, period: queryString(req.query, 'period') || quarterOf(ctx.clock.now()) }), 303);
    } catch (e) {
      if (e instanceof ValidationError) return entryPage(req, reply, 'form', body, { errors: e.messages(req.t) }, 422);
      if (e instanceof RowsRefused) return entryPage(req, reply, 'form', body, { rows: rowMessages(req.t, e) }, 422);
      throw e;
    }
  });

  app.get(`${BASE}/nhap-tep`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    return entryPage(req, reply, 'import');
  });
  app.post(`${BASE}/nhap-tep`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const form = await readForm(req);
    const values = form.fields;
    const file = form.files.find((f) => f.field === 'file');
    try {
      if (form.oversized.length) throw new ValidationError({ file: 'consolidation.error.tooLargeUpload' });
      if (!file) throw new ValidationError({ file: 'consolidation.error.fileRequired' });
      const r = await importGathering(ctx, p, values, { filename: file.filename, data: file.data });
      reply.flash('ok', 'consolidation.flash.imported', { n: r.petitionIds.length, name: file.filename });
      return reply.redirect(back({ unitCode: values.unitCode, period: queryString(req.query, 'period') || quarterOf(ctx.clock.now()) }), 303);
    } catch (e) {
      if (e instanceof ValidationError) return entryPage(req, reply, 'import', values, { errors: e.messages(req.t) }, 422);
      if (e instanceof RowsRefused) return entryPage(req, reply, 'import', values, { rows: rowMessages(req.t, e) }, 422);
      if (e instanceof HttpError && e.status < 500) return entryPage(req, reply, 'import', values, { errors: { file: req.t(e.messageKey, e.params) } }, e.status);
      throw e;
    }
  });

  app.get(`${BASE}/mau-nhap.xlsx`, async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    return reply.type(XLSX).header('content-disposition', contentDisposition('attachment', 'mau-nhap-y-kien.xlsx')).send(await opinionTemplate());
  });

  for (const ext of ['docx', 'xlsx'] as const) {
    app.get(`${BASE}/ho-so.${ext}`, async (req, reply) => {
      const p = requireUser(req, reply);
      if (!p) return reply;
      const scope = await scopeOf(ctx, req, p);
      const buf = ext === 'docx' ? await dossierDocx(ctx, scope) : await dossierXlsx(ctx, scope);
      return reply
        .type(ext === 'docx' ? DOCX : XLSX)
        .header('content-disposition', contentDisposition('attachment', `tong-hop-y-kien-${scope.unitCode}-${scope.period}.${ext}`))
        .send(buf);
    });
  }
}
