import type { ModuleManifest } from '../../platform/module';
import { registerFileAccess } from '../../platform/files/files';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { SETTINGS } from './settings';
import { PERMISSIONS } from './policy';
import { commitmentFileAccess } from './service/files';

registerFileAccess('commitment_event', commitmentFileAccess('commitment_events'));
registerFileAccess('commitment_finding', commitmentFileAccess('commitment_findings'));

/** Commitments under the Front's supervision, and the heads' reception days: the manifest. */
export const commitmentsModule: ModuleManifest = {
  name: 'commitments',
  migrations,
  messages: { vi, en },
  settings: SETTINGS,
  permissions: PERMISSIONS,
};
