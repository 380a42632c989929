import type { ModuleManifest } from '../../platform/module';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { SETTINGS } from './settings';
import { PERMISSIONS } from './policy';
import { commitmentFileAccess } from './service/files';
import { RECURRING } from './jobs';
import { receptionMigrations } from './reception/migrations';
import { vi as receptionVi, en as receptionEn } from './reception/messages';
import { pageMessages, pageNav, pages } from './pages';
import { panels } from './pages/panels';
import { commitmentApi } from './api';
import { commitmentOpenApi } from './openapi';
import { STATISTICS } from './stats';
import { seedCommitmentsDemo } from './seed';
import { EXPORTS } from './exports';

/** Commitments under the Front's supervision, and the heads' reception days: the manifest. */
export const commitmentsModule: ModuleManifest = {
  name: 'commitments',
  migrations: { ...migrations, ...receptionMigrations },
  messages: { vi: { ...vi, ...receptionVi, ...pageMessages.vi }, en: { ...en, ...receptionEn, ...pageMessages.en } },
  nav: pageNav,
  openapi: commitmentOpenApi,
  statistics: STATISTICS,
  exports: EXPORTS,
  async routes(app, ctx) {
    await commitmentApi(app, ctx);
    await pages(app, ctx);
  },
  settings: SETTINGS,
  permissions: PERMISSIONS,
  fileAccess: { commitment_event: commitmentFileAccess('commitment_events'), commitment_finding: commitmentFileAccess('commitment_findings') },
  recurring: RECURRING,
  seedDemo: seedCommitmentsDemo,
  panels,
};
