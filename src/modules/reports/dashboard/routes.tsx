import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { ValidationError } from '../../../platform/http/errors';
import { translator } from '../../../platform/i18n/i18n';
import { contentDisposition } from '../../../platform/files/routes';
import { csvLine } from '../opendata/catalogue';
import { audienceOf } from './scope';
import { breakdownOf, resolveFilters, sections, visibleStatistics } from './service';
import { cachedStatisticValues } from './figures';
import { dashboardView, filterChoices } from './page';
import { DashboardFigures, DashboardPage } from '../views/dashboard';
import { renderToString } from 'preact-render-to-string';
import { formValues } from '../../../platform/http/forms';

const DIMS = ['unit', 'month', 'category', 'channel', 'kind', 'agency'] as const;

/** The dashboard (/so-lieu), its charts' numbers as CSV, and the statistics API. */
export async function dashboardRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/so-lieu', async (req, reply) => {
    const page = req.page();
    const query = formValues(req.query);
    try {
      const { filters, audience } = await resolveFilters(ctx, req.principal, query);
      const q = { ...query, unit: filters.unit.code, from: filters.fromIso, to: filters.toIso };
      return reply.view(<DashboardPage ctx={page} v={await dashboardView(ctx, audience, filters, page.t, page.locale, q, (v) => renderToString(<DashboardFigures ctx={page} v={v} />))} />);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = err.messages(page.t);
      const audience = audienceOf(req.principal);
      const v = { query, unitName: '', asOf: ctx.clock.now(), audience: audience.kind, sections: [], measure: null, charts: [], map: null, choices: await filterChoices(ctx, audience) };
      return reply.code(422).view(<DashboardPage ctx={page} v={v} errors={errors} />);
    }
  });

  app.get('/so-lieu/bang.csv', async (req, reply) => {
    const query = formValues(req.query);
    const { filters, audience } = await resolveFilters(ctx, req.principal, query);
    const by = DIMS.find((d) => d === query.by) ?? 'month';
    const t = req.page().t;
    const s = visibleStatistics(ctx, audience).find((x) => x.key === filters.measure);
    const rows = s ? await breakdownOf(ctx.db, s, filters, by, t, audience.kind) : [];
    const body = '\uFEFF' + csvLine(['key', t(`reports.dim.${by}`), s ? t(s.label) : '']) + rows.map((r) => csvLine([r.key, r.label, r.value])).join('');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `so-lieu-${filters.unit.code}-${by}.csv`))
      .send(body);
  });

  app.get('/api/v1/statistics', async (req) => {
    const { filters, audience } = await resolveFilters(ctx, req.principal, req.query);
    const t = translator('vi');
    const stats = visibleStatistics(ctx, audience);
    const { asOf, values } = await cachedStatisticValues(ctx, audience, filters.scope);
    return {
      asOf: asOf.toISOString(),
      unit: filters.unit.code,
      from: filters.fromIso,
      to: filters.toIso,
      items: sections(values, stats).flatMap((g) => g.items.map((v) => ({ key: v.key, label: t(v.label), group: t(g.group), value: v.value, href: v.href }))),
    };
  });
}
