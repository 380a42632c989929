import type { ModuleManifest } from '../../platform/module';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { SETTINGS } from './settings';
import { PETITION_PERMISSIONS } from './permissions';
import { RECURRING } from './jobs';
import { STATISTICS } from './service/stats';
import { publishedPetitionsDataset } from './service/exports';
import { petitionSiteSearch } from './search-provider';
import { petitionFileAccess } from './service/files';
import { petitionApi } from './api';
import { open311Routes } from './open311/routes';
import { petitionOpenApi } from './openapi';
import { seedPetitionsDemo } from './seed';
import { CODE_PREFIX } from './model';
import { ensureCodeSequences, todayVN } from './service/common';
import { pageMessages, pageNav, pageSettings, petitionPages } from './pages';

/**
 * Petitions: the manifest. The JSON API and Open311 are here; the pages (pages/, views/) with their texts
 * (pages/messages.ts, merged with this module's), menu entries and settings.
 */
export const petitionsModule: ModuleManifest = {
  name: 'petitions',
  migrations,
  messages: { vi: { ...vi, ...pageMessages.vi }, en: { ...en, ...pageMessages.en } },
  settings: [...SETTINGS, ...pageSettings],
  statistics: STATISTICS,
  permissions: PETITION_PERMISSIONS,
  exports: [publishedPetitionsDataset],
  search: petitionSiteSearch,
  fileAccess: { petition: petitionFileAccess },
  recurring: RECURRING,
  openapi: petitionOpenApi,
  nav: pageNav,
  async routes(app, ctx) {
    await petitionApi(app, ctx);
    await open311Routes(app, ctx);
    await petitionPages(app, ctx);
  },
  seedDemo: seedPetitionsDemo,
  async bootstrap(ctx) {
    const year = Number(todayVN(ctx).slice(0, 4));
    await ensureCodeSequences(ctx.db, Object.values(CODE_PREFIX), [year, year + 1]);
  },
};
