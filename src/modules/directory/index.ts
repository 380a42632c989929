import type { ModuleManifest } from '../../platform/module';
import { isAdmin } from '../../platform/access/principal';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { directoryRoutes } from './routes';
import { directoryOpenApi } from './openapi';
import { HOME_PROVINCE_SETTING, importUnits, unitCount } from './service';
import { ensureDefaultCategories, seedDirectoryDemo } from './seed';

export const directoryModule: ModuleManifest = {
  name: 'directory',
  migrations,
  messages: { vi, en },
  settings: [
    {
      key: HOME_PROVINCE_SETTING,
      type: 'text',
      default: '14',
      label: 'directory.setting.homeProvince',
      help: 'directory.setting.homeProvinceHelp',
      group: 'directory.setting.group',
    },
  ],
  routes: directoryRoutes,
  openapi: directoryOpenApi,
  nav: [
    { href: '/don-vi', label: 'nav.units', order: 80 },
    { href: '/co-quan', label: 'nav.agencies', order: 85 },
    { href: '/quan-tri/co-quan', label: 'nav.admin.agencies', order: 80, admin: true, visible: isAdmin },
    { href: '/quan-tri/linh-vuc', label: 'nav.admin.categories', order: 82, admin: true, visible: isAdmin },
    { href: '/quan-tri/don-vi', label: 'nav.admin.villages', order: 84, admin: true, visible: isAdmin },
  ],
  async bootstrap(ctx) {
    if ((await unitCount(ctx.db)) === 0) await importUnits(ctx);
    await ensureDefaultCategories(ctx.db);
  },
  seedDemo: seedDirectoryDemo,
};
