import type { ModuleManifest } from '../../platform/module';
import { vi, en } from './messages';
import { homeRoutes } from './routes';

export const homeModule: ModuleManifest = {
  name: 'home',
  messages: { vi, en },
  nav: [{ href: '/', label: 'nav.home', order: 0 }],
  routes: homeRoutes,
};
