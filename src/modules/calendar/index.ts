import type { ModuleManifest } from '../../platform/module';
import { CALENDAR_PERMISSIONS } from './permissions';
import { isAdmin } from '../../platform/access/principal';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { calendarRoutes } from './routes';
import { ensureCalendarYears, loadWorkingCalendar } from './service';

/**
 * The working calendar: statutory holidays, compensatory and swapped days for each year, editable by an
 * administrator; other modules count deadlines with addWorkingDaysFrom / addCalendarDaysFrom.
 */
export const calendarModule: ModuleManifest = {
  name: 'calendar',
  permissions: CALENDAR_PERMISSIONS,
  migrations,
  messages: { vi, en },
  async routes(app, ctx) {
    // Every process loads the calendar before it serves: use cases read it inside their transactions (deadlines),
    // where a first load would wait for a pool connection those transactions hold.
    app.addHook('onReady', async () => void (await loadWorkingCalendar(ctx.db)));
    await calendarRoutes(app, ctx);
  },
  nav: [
    { href: '/lich-lam-viec', label: 'nav.calendar', order: 90 },
    { href: '/quan-tri/lich-lam-viec', label: 'nav.admin.calendar', order: 86, admin: true, visible: isAdmin },
  ],
  async bootstrap(ctx) {
    await ensureCalendarYears(ctx);
  },
  // A process running across New Year fills the next years without a restart.
  recurring: [{ name: 'calendar.ensure-years', everyMinutes: 24 * 60, run: async (ctx) => void (await ensureCalendarYears(ctx)) }],
};
