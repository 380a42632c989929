import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { notFound, unauthorized, ValidationError } from '../../platform/http/errors';
import { parse } from '../../platform/http/validate';
import { queryString } from '../../platform/http/forms';
import { getUnit } from '../directory/service';
import { SOURCE_KINDS, type SourceKind } from './model';
import { listFilterSchema } from './schema';
import {
  cancelCommitment,
  createCommitment,
  extendCommitment,
  getCommitmentForViewer,
  listCommitmentsBySource,
  listPublicCommitments,
  listReceptionDays,
  readCompliance,
  recordFinding,
  transferCommitment,
  turnIntoPetition,
  updateProgress,
  type CommitmentDetail,
} from './service';
import { todayVN } from './service/common';
import { addDays } from '../../platform/calendar';

const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const code = (req: FastifyRequest) => (req.params as { code: string }).code;

/** The commitment as the API gives it: the citizens it answers only as a count, and only to officials. */
function view(d: CommitmentDetail) {
  const { citizenIds, ...c } = d.commitment;
  return {
    ...c,
    citizenCount: d.official ? citizenIds.length : undefined,
    agency: d.agency ? { id: d.agency.id, name: d.agency.name } : null,
    actions: d.actions,
    timeline: d.timeline.map((e) => ({ type: e.type, at: e.at, actor: e.actorLabel, note: e.note, pct: e.pct, milestone: e.milestone, files: e.files.map((f) => ({ id: f.id, filename: f.filename, href: `/tep/${f.id}` })) })),
    findings: d.findings.map((f) => ({ onDate: f.onDate, method: f.method, finding: f.finding, verdict: f.verdict, by: f.byLabel })),
  };
}

/** JSON API of commitments and reception days: /api/v1/commitments, /api/v1/reception (OpenAPI in openapi.ts). */
export async function commitmentApi(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/commitments', async (req) => {
    const unitCode = queryString(req.query, 'unitCode', 10);
    const unit = unitCode ? await getUnit(ctx.db, unitCode) : undefined;
    if (!unit) throw new ValidationError({ unitCode: 'commitments.error.unit' });
    const f = parse(listFilterSchema, req.query ?? {});
    return listPublicCommitments(ctx, unit.code, f);
  });

  app.get('/api/v1/commitments/by-source', async (req) => {
    const kind = queryString(req.query, 'kind', 40) as SourceKind;
    if (!(SOURCE_KINDS as readonly string[]).includes(kind)) throw new ValidationError({ kind: 'commitments.error.sourceKind' });
    const refIds = queryString(req.query, 'refIds', 4000).split(',').map((s) => s.trim()).filter(Boolean).slice(0, 500);
    // Private ones are left out: this answer is public.
    return { items: (await listCommitmentsBySource(ctx, kind, refIds)).filter((c) => c.isPublic) };
  });

  app.get('/api/v1/commitments/:code', async (req, reply) => {
    const d = await getCommitmentForViewer(ctx, req.principal, code(req));
    if (!d.commitment.isPublic || d.official) reply.header('cache-control', 'private, no-store');
    return view(d);
  });

  app.post('/api/v1/commitments', async (req, reply) => {
    if (!req.principal) throw unauthorized();
    const k = await createCommitment(ctx, req.principal, body(req));
    reply.code(201).header('location', `/api/v1/commitments/${k.code}`);
    return view(await getCommitmentForViewer(ctx, req.principal, k.code));
  });

  const action = (path: string, run: (p: NonNullable<FastifyRequest['principal']>, c: string, b: Record<string, unknown>) => Promise<{ code: string }>) =>
    app.post(`/api/v1/commitments/:code/${path}`, async (req) => {
      if (!req.principal) throw unauthorized();
      const k = await run(req.principal, code(req), body(req));
      return view(await getCommitmentForViewer(ctx, req.principal, k.code));
    });
  action('progress', (p, c, b) => updateProgress(ctx, p, c, b));
  action('findings', (p, c, b) => recordFinding(ctx, p, c, b));
  action('extend', (p, c, b) => extendCommitment(ctx, p, c, b));
  action('transfer', (p, c, b) => transferCommitment(ctx, p, c, b));
  action('cancel', (p, c, b) => cancelCommitment(ctx, p, c, b));
  action('petition', (p, c) => turnIntoPetition(ctx, p, c));

  app.get('/api/v1/reception/:unitCode/days', async (req) => {
    const unit = await getUnit(ctx.db, (req.params as { unitCode: string }).unitCode);
    if (!unit) throw notFound('reception.error.unit');
    const today = todayVN(ctx);
    const from = queryString(req.query, 'from', 10) || today;
    const to = queryString(req.query, 'to', 10) || addDays(today, 62);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) throw new ValidationError({ from: 'reception.error.date' });
    return { items: await listReceptionDays(ctx, unit.code, from, to) };
  });

  app.get('/api/v1/reception/:unitCode/compliance', async (req) => {
    const month = queryString(req.query, 'month', 7) || todayVN(ctx).slice(0, 7);
    return { month, items: await readCompliance(ctx, req.principal, (req.params as { unitCode: string }).unitCode, month) };
  });
}
