import type { ModuleManifest } from '../../platform/module';
import { registerFileAccess } from '../../platform/files/files';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { SETTINGS } from './settings';
import { RECURRING } from './jobs';
import { STATISTICS } from './service/stats';
import { petitionSearchProvider } from './search-provider';
import { petitionFileAccess } from './service/files';

registerFileAccess('petition', petitionFileAccess);

/**
 * Petitions: the manifest. Pages (pages/, views/) are registered by pages/index.ts when present; their texts
 * (pages/messages.ts) are merged with this module's.
 */
export const petitionsModule: ModuleManifest = {
  name: 'petitions',
  migrations,
  messages: { vi, en },
  settings: SETTINGS,
  statistics: STATISTICS,
  search: petitionSearchProvider,
  recurring: RECURRING,
};
