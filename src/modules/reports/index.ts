import type { ModuleManifest } from '../../platform/module';
import { vi, en } from './messages';
import { reportsOpenApi } from './openapi';
import { openDataRoutes } from './opendata/routes';
import { dashboardRoutes } from './dashboard/routes';

/**
 * Reports: dashboards, periodic reports, yearly evaluation and open data, generic over modules — it reads every
 * manifest's `statistics` and `exports` and knows no module's tables.
 */
export const reportsModule: ModuleManifest = {
  name: 'reports',
  messages: { vi, en },
  openapi: reportsOpenApi,
  nav: [
    { href: '/so-lieu', label: 'reports.nav.dashboard', order: 65 },
    { href: '/du-lieu-mo', label: 'reports.nav.opendata', order: 70 },
  ],
  async routes(app, ctx) {
    await openDataRoutes(app, ctx);
    await dashboardRoutes(app, ctx);
  },
};
