import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/http/errors';
import { parse } from '../../platform/http/validate';
import { searchTerms } from '../../platform/text/text';
import { agenciesQuerySchema, unitsQuerySchema } from './schema';
import { getAgency, getUnit, listAgencies, listCategories, listUnits, unitDetail } from './service';
import { idParam } from '../../platform/http/forms';

/** The directory's JSON API (public, read-only). */
export async function apiRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/v1/units', async (req) => {
    const query = parse(unitsQuerySchema, req.query);
    const q = query.q && searchTerms(query.q).length ? query.q : undefined;
    if (query.parent && !(await getUnit(db, query.parent))) throw notFound('directory.error.unitNotFound');
    const items = await listUnits(db, { parent: query.parent, q, limit: query.limit ?? (q ? 50 : 5000) });
    return { items };
  });

  app.get('/api/v1/units/:code', async (req) => {
    const { code } = req.params as { code: string };
    const detail = await unitDetail(db, code);
    if (!detail) throw notFound('directory.error.unitNotFound');
    return detail;
  });

  app.get('/api/v1/agencies', async (req) => {
    const query = parse(agenciesQuerySchema, req.query);
    if (query.unit && !(await getUnit(db, query.unit))) throw notFound('directory.error.unitNotFound');
    const items = await listAgencies(db, {
      unitCode: query.unit,
      kind: query.kind,
      q: query.q,
      limit: query.limit ?? 1000,
      offset: query.offset ?? 0,
    });
    return { items };
  });

  app.get('/api/v1/agencies/:id', async (req) => {
    const id = idParam((req.params as { id: string }).id);
    const agency = id ? await getAgency(db, id) : undefined;
    if (!agency) throw notFound('directory.error.agencyNotFound');
    const [parent, children] = await Promise.all([
      agency.parentId ? getAgency(db, agency.parentId) : Promise.resolve(undefined),
      listAgencies(db, { parentId: agency.id }),
    ]);
    return { agency, parent: parent ?? null, children };
  });

  app.get('/api/v1/categories', async () => ({ items: await listCategories(db) }));
}
