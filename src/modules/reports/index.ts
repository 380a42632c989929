import type { ModuleManifest } from '../../platform/module';
import { hasRole } from '../../platform/access/principal';
import { vi, en } from './messages';
import { migrations } from './migrations';
import { reportsOpenApi } from './openapi';
import { REPORT_SETTINGS } from './settings';
import { PERMISSIONS } from './policy';
import { openDataRoutes } from './opendata/routes';
import { dashboardRoutes } from './dashboard/routes';
import { periodicRoutes } from './periodic/routes';
import { remindDueReports } from './periodic/jobs';
import { evaluationRoutes } from './evaluation/routes';
import { seedReportsDemo } from './seed';
import { watchChanges } from './dashboard/figures';

/**
 * Reports: dashboards, periodic reports, yearly evaluation and open data, generic over modules — it reads every
 * manifest's `statistics` and `exports` and knows no module's tables.
 */
export const reportsModule: ModuleManifest = {
  name: 'reports',
  migrations,
  messages: { vi, en },
  settings: REPORT_SETTINGS,
  permissions: PERMISSIONS,
  openapi: reportsOpenApi,
  nav: [
    { href: '/so-lieu', label: 'reports.nav.dashboard', order: 65 },
    { href: '/bao-cao', label: 'reports.nav.periodic', order: 66, visible: (p) => hasRole(p, 'officer', 'head', 'supervisor', 'admin') },
    { href: '/danh-gia', label: 'reports.nav.evaluation', order: 67, place: 'footer' },
    { href: '/du-lieu-mo', label: 'reports.nav.opendata', order: 70, place: 'footer' },
    { href: '/quan-tri/danh-gia', label: 'reports.nav.criteria', order: 88, admin: true, visible: (p) => hasRole(p, 'admin') },
  ],
  recurring: [{ name: 'reports.reminders', everyMinutes: 24 * 60, run: async (ctx) => void (await remindDueReports(ctx)) }],
  seedDemo: seedReportsDemo,
  // The dashboard's cached figures are forgotten after every audited change (dashboard/figures.ts).
  start: () => watchChanges(),
  async routes(app, ctx) {
    await openDataRoutes(app, ctx);
    await dashboardRoutes(app, ctx);
    await periodicRoutes(app, ctx);
    await evaluationRoutes(app, ctx);
  },
};
