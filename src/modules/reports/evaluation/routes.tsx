import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { ValidationError, notFound } from '../../../platform/http/errors';
import { adminOnly, requireUser } from '../../../platform/http/guards';
import { formValues, queryString } from '../../../platform/http/forms';
import { getSetting } from '../../../platform/settings/settings';
import { getUnit, homeProvinceCode } from '../../directory/service';
import { allStatistics } from '../dashboard/service';
import { isAbove, receivingProvinces } from '../policy';
import { today } from '../period';
import { SETTINGS } from '../settings';
import { commentOnRanking, listComments, listCriteria, saveCriteria, scorecards } from './service';
import { CriteriaPage, EvaluationPage } from '../views/evaluation';

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** The yearly evaluation (/danh-gia, public figures; comments by the level above) and its criteria (administrators). */
export async function evaluationRoutes(app: FastifyInstance, ctx: AppContext) {
  const yearOf = (q: unknown) => {
    const y = Number(queryString(q, 'year'));
    const now = Number(today(ctx.clock.now()).slice(0, 4));
    return Number.isInteger(y) && y >= 2000 && y <= now ? y : now;
  };

  app.get('/danh-gia', async (req, reply) => {
    const page = req.page();
    const year = yearOf(req.query);
    const province = (await getUnit(ctx.db, receivingProvinces(req.principal)[0] ?? (await homeProvinceCode(ctx.db))))!;
    const cards = await scorecards(ctx, province, year, page.t);
    const official = !!req.principal?.roles.length;
    return reply.view(
      <EvaluationPage
        ctx={page}
        year={year}
        province={province.fullName}
        cards={cards}
        comments={official ? await listComments(ctx.db, year) : []}
        canComment={!!cards[0] && isAbove(req.principal, { unitCode: cards[0].unit.code, provinceCode: province.code })}
        minCases={await getSetting<number>(ctx.db, SETTINGS.minCases)}
      />,
    );
  });

  app.post('/danh-gia/y-kien', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const body = formValues(req.body);
    const unit = await getUnit(ctx.db, body.unit ?? '');
    if (!unit) throw notFound();
    const year = yearOf(req.query);
    await commentOnRanking(ctx, p, unit, year, { body: body.body ?? '' });
    reply.flash('ok', 'reports.flash.commented');
    return reply.redirect(`/danh-gia?year=${year}`, 303);
  });

  const statChoices = (t: (k: string) => string) => allStatistics(ctx).map((s) => ({ value: s.key, label: `${t(s.label)} (${s.module})` }));

  app.get('/quan-tri/danh-gia', { preHandler: adminOnly }, async (req, reply) => {
    const page = req.page();
    return reply.view(<CriteriaPage ctx={page} criteria={await listCriteria(ctx.db)} stats={statChoices(page.t)} />);
  });

  app.post('/quan-tri/danh-gia', { preHandler: adminOnly }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const keys = list(b.statKey);
    const weights = list(b.weight);
    const targets = list(b.target);
    const active = list(b.active);
    const items = keys.map((k, i) => ({ statKey: k, weight: weights[i], target: targets[i], active: active[i] === '1' })).filter((x) => x.statKey);
    try {
      await saveCriteria(ctx, req.principal!, items);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const page = req.page();
      return reply.code(422).view(<CriteriaPage ctx={page} criteria={await listCriteria(ctx.db)} stats={statChoices(page.t)} errors={err.messages(page.t)} />);
    }
    reply.flash('ok', 'reports.flash.criteria');
    return reply.redirect('/quan-tri/danh-gia', 303);
  });
}
