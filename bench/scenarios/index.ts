import type { Scenario } from '../types';
import { foundation } from './foundation';
import { comments } from './comments';
import { petitions } from './petitions';
import { pageWeight } from './page-weight';
import { consolidation } from './consolidation';
import { commitments } from './commitments';
import { reports } from './reports';

/**
 * Every benchmark scenario, in the order they run. To add one: write bench/scenarios/<name>.ts exporting
 * `defineScenario({ name, title, setup?, requests })` and add it here (one import, one entry).
 */
export const scenarios: Scenario<any>[] = [
  foundation,
  comments,
  petitions,
  pageWeight,
  consolidation,
  commitments,
  reports,
];
