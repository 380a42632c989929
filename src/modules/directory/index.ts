import type { ModuleManifest } from '../../platform/module';
import { DIRECTORY_PERMISSIONS } from './permissions';
import { isAdmin } from '../../platform/access/principal';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { directoryRoutes } from './routes';
import { directoryOpenApi } from './openapi';
import { HOME_PROVINCE_SETTING, importUnits, searchDirectory, unitCount } from './service';
import { ensureDefaultCategories, seedDirectoryDemo } from './seed';

export const directoryModule: ModuleManifest = {
  name: 'directory',
  permissions: DIRECTORY_PERMISSIONS,
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
  search: {
    label: 'directory.searchLabel',
    async search(ctx, q, opts) {
      const half = Math.max(1, Math.ceil(opts.limit / 2));
      const found = await searchDirectory(ctx.db, q, { limit: opts.limit });
      const units = found.units.slice(0, found.agencies.length ? half : opts.limit).map((u) => ({
        title: u.fullName,
        href: `/don-vi/${u.code}`,
        snippet: u.ancestors.map((a) => a.fullName).join(', '),
      }));
      const agencies = found.agencies.slice(0, opts.limit - units.length).map((a) => ({
        title: a.name,
        href: `/co-quan/${a.id}`,
        snippet: a.unitName,
      }));
      return [...units, ...agencies];
    },
  },
  async bootstrap(ctx) {
    if ((await unitCount(ctx.db)) === 0) await importUnits(ctx);
    await ensureDefaultCategories(ctx.db);
  },
  seedDemo: seedDirectoryDemo,
};
