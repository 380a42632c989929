import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/http/errors';
import { withQuery } from '../../platform/ui/components';
import { searchTerms } from '../../platform/text/text';
import { isAgencyKind } from './model';
import {
  childCounts,
  childUnits,
  getAgency,
  getUnit,
  homeProvinceCode,
  listAgencies,
  listUnits,
  searchDirectory,
  unitDetail,
} from './service';
import { AgenciesPage, AgencyPage, UnitPage, UnitsPage } from './views/public';
import { unitOptions } from './views/common';
import { idParam, pageNumber, queryString } from '../../platform/http/forms';
import { adminRoutes } from './admin-routes';
import { apiRoutes } from './api';

const PAGE_SIZE = 50;

export async function directoryRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx;

  app.get('/don-vi', async (req, reply) => {
    const page = req.page();
    const q = queryString(req.query, 'q').slice(0, 100);
    const homeCode = await homeProvinceCode(db);
    const provinces = await listUnits(db);
    const counts = await childCounts(db, provinces.map((p) => p.code));
    const results = searchTerms(q).length ? await searchDirectory(db, q, { limit: 50 }) : null;
    return reply.view(<UnitsPage ctx={page} q={q} provinces={provinces} homeCode={homeCode} counts={counts} results={results} />);
  });

  app.get('/don-vi/:code', async (req, reply) => {
    const { code } = req.params as { code: string };
    const detail = await unitDetail(db, code);
    if (!detail) throw notFound('directory.error.unitNotFound');
    const page = req.page();
    const q = queryString(req.query, 'q').slice(0, 100);
    const grandparent = detail.parent?.parentCode ? ((await getUnit(db, detail.parent.parentCode)) ?? null) : null;
    const agencies = await listAgencies(db, { unitCode: code });
    const children = searchTerms(q).length ? await listUnits(db, { parent: code, q, limit: 5000 }) : detail.children;
    // Full names of the neighbouring communes on the boundary map: the communes of the same province.
    const neighbourNames = new Map<string, string>();
    if (detail.unit.level === 'commune' && detail.parent) {
      for (const c of await childUnits(db, detail.parent.code)) neighbourNames.set(c.code, page.locale === 'en' ? c.fullNameEn : c.fullName);
    }
    return reply.view(
      <UnitPage ctx={page} detail={detail} grandparent={grandparent} agencies={agencies} q={q} children={children} neighbourNames={neighbourNames} />,
    );
  });

  app.get('/co-quan', async (req, reply) => {
    const page = req.page();
    const q = queryString(req.query, 'q').slice(0, 100);
    const unit = queryString(req.query, 'unit');
    const kindRaw = queryString(req.query, 'kind');
    const kind = isAgencyKind(kindRaw) ? kindRaw : undefined;
    const n = pageNumber(req.query);
    const homeCode = await homeProvinceCode(db);
    const [province, communes] = await Promise.all([getUnit(db, homeCode), childUnits(db, homeCode)]);
    const unitChoices = unitOptions(page, province, communes);
    const chosen = unit ? await getUnit(db, unit) : undefined;
    if (chosen && !unitChoices.some((o) => o.value === chosen.code)) {
      unitChoices.unshift({ value: chosen.code, label: page.locale === 'en' ? chosen.fullNameEn : chosen.fullName });
    }
    const items =
      unit && !chosen
        ? []
        : await listAgencies(db, { q, unitCode: chosen?.code, kind, limit: PAGE_SIZE + 1, offset: (n - 1) * PAGE_SIZE });
    const more = items.length > PAGE_SIZE;
    const base = { q, unit, kind: kind ?? '' };
    if (kindRaw && !kind) reply.code(422);
    return reply.view(
      <AgenciesPage
        ctx={page}
        q={q}
        unit={unit}
        kind={kind ?? ''}
        unitChoices={unitChoices}
        items={items.slice(0, PAGE_SIZE)}
        prev={n > 1 ? withQuery('/co-quan', { ...base, page: n - 1 > 1 ? n - 1 : null }) : null}
        next={more ? withQuery('/co-quan', { ...base, page: n + 1 }) : null}
        kindError={kindRaw && !kind ? page.t('directory.error.kind') : undefined}
      />,
    );
  });

  app.get('/co-quan/:id', async (req, reply) => {
    const id = idParam((req.params as { id: string }).id);
    const agency = id ? await getAgency(db, id) : undefined;
    if (!agency) throw notFound('directory.error.agencyNotFound');
    const [parent, children] = await Promise.all([
      agency.parentId ? getAgency(db, agency.parentId) : Promise.resolve(undefined),
      listAgencies(db, { parentId: agency.id }),
    ]);
    return reply.view(<AgencyPage ctx={req.page()} agency={agency} parent={parent ?? null} children={children} />);
  });

  await app.register(async (admin) => adminRoutes(admin, ctx));
  await app.register(async (api) => apiRoutes(api, ctx));
}
