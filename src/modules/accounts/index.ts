import { isAdmin } from '../../platform/access/principal';
import { ACCOUNT_PERMISSIONS } from './permissions';
import type { ModuleManifest } from '../../platform/module';
import { authenticate } from './auth';
import { vi, en } from './messages';
import { migrations } from './migrations';
import { openapi } from './openapi';
import { adminRoutes } from './routes/admin';
import { apiRoutes } from './routes/api';
import { loginLimiters } from './routes/limits';
import { pageRoutes } from './routes/pages';
import { seedAccounts } from './seed';
import { purgeExpired } from './service';

const GROUP = 'accounts.settings.group';

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  permissions: ACCOUNT_PERMISSIONS,
  migrations,
  messages: { vi, en },
  settings: [
    { key: 'accounts.maxFailedLogins', type: 'int', default: 5, min: 1, max: 100, label: 'accounts.setting.maxFailedLogins', group: GROUP },
    { key: 'accounts.lockMinutes', type: 'int', default: 15, min: 1, max: 1440, label: 'accounts.setting.lockMinutes', group: GROUP },
    { key: 'accounts.sessionDays', type: 'int', default: 30, min: 1, max: 365, label: 'accounts.setting.sessionDays', group: GROUP },
    { key: 'accounts.resetMinutes', type: 'int', default: 60, min: 5, max: 1440, label: 'accounts.setting.resetMinutes', group: GROUP },
    { key: 'accounts.inviteHours', type: 'int', default: 72, min: 1, max: 720, label: 'accounts.setting.inviteHours', group: GROUP },
    {
      key: 'accounts.loginRateMax',
      type: 'int',
      default: 30,
      min: 3,
      max: 100_000,
      label: 'accounts.setting.loginRateMax',
      help: 'accounts.setting.loginRateMaxHelp',
      group: GROUP,
    },
    { key: 'accounts.loginRateWindowMinutes', type: 'int', default: 15, min: 1, max: 1440, label: 'accounts.setting.loginRateWindowMinutes', group: GROUP },
  ],
  nav: [
    { href: '/quan-tri/nguoi-dung', label: 'accounts.nav.users', order: 10, admin: true, visible: isAdmin },
    { href: '/quan-tri/thiet-lap', label: 'accounts.nav.settings', order: 90, admin: true, visible: isAdmin },
  ],
  openapi,
  authenticate,
  async routes(app, ctx) {
    const limits = loginLimiters(app, ctx);
    await pageRoutes(app, ctx, limits);
    await apiRoutes(app, ctx, limits);
    await adminRoutes(app, ctx);
  },
  recurring: [{ name: 'accounts.purgeExpired', everyMinutes: 60, run: purgeExpired }],
  seedDemo: seedAccounts,
};
