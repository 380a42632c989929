import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { ValidationError } from '../../../platform/http/errors';
import { clean } from '../../../platform/text/text';
import { communeLayer, communeOverviewLayer, type GeoLayer } from '../../../platform/geo';
import { listPublic, searchPetitions, similarPublic, trackByCode } from '../service';
import { CODE_PATTERN } from '../model';
import { PublicListPage } from '../views/lists';
import { TrackPage } from '../views/track';
import { commonRefs, fieldErrors, queryValues } from './helpers';

/** A boundary layer with a day's cache and its validator (the layers never change while the process runs). */
function sendLayer(req: FastifyRequest, reply: FastifyReply, layer: GeoLayer) {
  reply.header('cache-control', 'public, max-age=86400').header('etag', layer.etag);
  if (req.headers['if-none-match'] === layer.etag) return reply.code(304).send();
  return reply.type('application/geo+json').send(layer.body);
}

export async function publicPages(app: FastifyInstance, ctx: AppContext) {
  // Published answers of public petitions; with `q`, a ranked diacritic-insensitive search with highlights.
  app.get('/kien-nghi', async (req, reply) => {
    const values = queryValues(req.query);
    const refs = await commonRefs(ctx, req.locale);
    const q = clean(values.q?.toString() ?? '');
    const filters = { kind: values.kind, category: values.category, unit: values.unit, cursor: values.cursor };
    try {
      if (q) {
        const r = await searchPetitions(ctx, null, q, { scope: 'public', limit: 20, cursor: values.cursor as string | undefined, filters: { ...filters, cursor: undefined } });
        return reply.view(<PublicListPage ctx={req.page()} refs={refs} values={values} items={r.items} terms={r.terms} next={r.next} />);
      }
      const page = await listPublic(ctx, { ...filters, from: values.from, to: values.to, limit: 20 });
      return reply.view(<PublicListPage ctx={req.page()} refs={refs} values={values} items={page.items} terms={[]} next={page.next} />);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return reply
        .code(422)
        .view(<PublicListPage ctx={req.page()} refs={refs} values={values} items={[]} terms={[]} next={null} errors={fieldErrors(e, req.t)} />);
    }
  });

  // Look up by tracking code, without an account.
  app.get('/tra-cuu', async (req, reply) => {
    const raw = String((req.query as Record<string, unknown>).ma ?? '');
    const code = clean(raw).toUpperCase();
    if (!code) return reply.view(<TrackPage ctx={req.page()} code="" result={null} />);
    if (!CODE_PATTERN.test(code)) {
      return reply.code(422).view(<TrackPage ctx={req.page()} code={raw} result={null} error={req.t('petitions.page.track.badCode')} />);
    }
    const result = await trackByCode(ctx, code);
    if (!result) {
      return reply.code(404).view(<TrackPage ctx={req.page()} code={code} result={null} error={req.t('petitions.page.track.notFound', { code })} />);
    }
    return reply.view(<TrackPage ctx={req.page()} code={code} result={result} />);
  });

  // Suggestions of similar answered petitions while a citizen types a title (the submit form's island).
  app.get('/kien-nghi/goi-y', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const title = String(q['tieu-de'] ?? '').slice(0, 200);
    const unit = typeof q.unit === 'string' && /^\d{2,5}$/.test(q.unit) ? q.unit : undefined;
    const items = await similarPublic(ctx, title, { unitCode: unit });
    reply.header('cache-control', 'public, max-age=60');
    return { items: items.map((i) => ({ code: i.code, title: i.title, status: req.t(`petitions.status.${i.status}`), unit: i.unitName, href: i.href })) };
  });

  // The map pin island: every commune, coarse, until one is chosen; then that commune alone, detailed.
  app.get('/kien-nghi/ban-do.geojson', async (req, reply) => sendLayer(req, reply, communeOverviewLayer()));
  app.get('/kien-nghi/ban-do/:code', async (req, reply) => {
    const code = String((req.params as { code: string }).code).replace(/\.geojson$/, '');
    const layer = /^\d{5}$/.test(code) ? communeLayer(code) : null;
    if (!layer) return reply.callNotFound();
    return sendLayer(req, reply, layer);
  });
}
