import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { translator } from '../../../platform/i18n/i18n';
import { notFound } from '../../../platform/http/errors';
import { contentDisposition } from '../../../platform/files/routes';
import { allDatasets, datasetInfo, datasetStream, findDataset } from './catalogue';
import { DatasetPage, OpenDataPage } from '../views/opendata';

const TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

/** Open data: the catalogue of every module's datasets, a data dictionary per dataset, CSV/JSON downloads, the API. */
export async function openDataRoutes(app: FastifyInstance, ctx: AppContext) {
  function send(reply: FastifyReply, key: string, format: 'csv' | 'json', attachment: boolean) {
    const d = findDataset(ctx, key);
    if (!d) throw notFound();
    reply.type(TYPES[format]).header('cache-control', 'no-store');
    if (attachment) reply.header('content-disposition', contentDisposition('attachment', `${d.key}.${format}`));
    return reply.send(datasetStream(ctx, d, format));
  }

  app.get('/du-lieu-mo', async (req, reply) => {
    const page = req.page();
    const list = await Promise.all(allDatasets(ctx).map((d) => datasetInfo(ctx, d, page.t)));
    return reply.view(<OpenDataPage ctx={page} datasets={list} />);
  });

  app.get<{ Params: { file: string } }>('/du-lieu-mo/:file', async (req, reply) => {
    const m = /^([a-z0-9-]+)(?:\.(csv|json))?$/.exec(req.params.file);
    if (!m) throw notFound();
    if (m[2]) return send(reply, m[1], m[2] as 'csv' | 'json', true);
    const d = findDataset(ctx, m[1]);
    if (!d) throw notFound();
    const page = req.page();
    return reply.view(<DatasetPage ctx={page} d={await datasetInfo(ctx, d, page.t)} />);
  });

  const t = translator('vi');
  app.get('/api/v1/datasets', async () => ({ items: await Promise.all(allDatasets(ctx).map((d) => datasetInfo(ctx, d, t))) }));

  app.get<{ Params: { key: string } }>('/api/v1/datasets/:key', async (req) => {
    const d = findDataset(ctx, req.params.key);
    if (!d) throw notFound();
    return datasetInfo(ctx, d, t);
  });

  app.get<{ Params: { key: string } }>('/api/v1/datasets/:key/rows', async (req, reply) => send(reply, req.params.key, 'json', false));
}
