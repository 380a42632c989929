import type { ModuleManifest } from '../../platform/module';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { SETTINGS } from './settings';
import { PERMISSIONS } from './policy';
import { PROPOSE_JOB, runProposals } from './service/proposals';

/**
 * Consolidation (tổng hợp ý kiến, kiến nghị): topics of similar petitions for a unit and period, the opinions the
 * Front gathers at meetings, the consolidated dossier a conference's agenda is built from. See README.md.
 */
export const consolidationModule: ModuleManifest = {
  name: 'consolidation',
  migrations,
  messages: { vi, en },
  settings: SETTINGS,
  permissions: PERMISSIONS,
  jobs: { [PROPOSE_JOB]: runProposals },
};
