import type { ModuleManifest } from '../../platform/module';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { SETTINGS } from './settings';
import { PERMISSIONS } from './policy';
import { PROPOSE_JOB, runProposals } from './service/proposals';
import { pageEn, pageVi } from './messages-pages';
import { consolidationApi } from './api';
import { consolidationPages } from './pages';
import { consolidationOpenApi } from './openapi';
import { readableUnits } from './policy';
import { seedConsolidationDemo } from './seed';
import { STATISTICS } from './statistics';

/**
 * Consolidation (tổng hợp ý kiến, kiến nghị): topics of similar petitions for a unit and period, the opinions the
 * Front gathers at meetings, the consolidated dossier a conference's agenda is built from. See README.md.
 */
export const consolidationModule: ModuleManifest = {
  name: 'consolidation',
  migrations,
  messages: { vi: { ...vi, ...pageVi }, en: { ...en, ...pageEn } },
  settings: SETTINGS,
  permissions: PERMISSIONS,
  jobs: { [PROPOSE_JOB]: runProposals },
  openapi: consolidationOpenApi,
  nav: [{ href: '/tong-hop', label: 'consolidation.nav', order: 35, visible: (p) => readableUnits(p).length > 0 }],
  statistics: STATISTICS,
  seedDemo: seedConsolidationDemo,
  async routes(app, ctx) {
    await consolidationApi(app, ctx);
    await consolidationPages(app, ctx);
  },
};
