import type { Executor } from '../../platform/db/types';
import type { Statistic } from '../../platform/module';
import { periodRange } from './period';
import { summarise } from './service/read';

type Scope = Parameters<Statistic['compute']>[1];

/** Active topics whose period overlaps [from, to), of a commune or of every unit of a province. */
async function topicsIn(db: Executor, scope: Scope) {
  let q = db.selectFrom('consolidation_topics').select(['id', 'unit_code', 'province_code', 'period', 'title', 'summary', 'category_id', 'agency_id']).where('status', '=', 'active');
  if (scope.unitCode) {
    const code = scope.unitCode;
    q = code.length <= 2 ? q.where('province_code', '=', code) : q.where('unit_code', '=', code);
  }
  const rows = await q.execute();
  return rows.filter((r) => {
    const range = periodRange(r.period);
    return !!range && (!scope.to || range.from < scope.to) && (!scope.from || range.to > scope.from);
  });
}

export const STATISTICS: Statistic[] = [
  { key: 'consolidation.topics', label: 'consolidation.stat.topics', compute: async (db, scope) => (await topicsIn(db, scope)).length },
  {
    key: 'consolidation.pressingTopics',
    label: 'consolidation.stat.pressing',
    // Statistics are read without a request clock: pressing is judged as of now.
    compute: async (db, scope) => (await summarise({ db, clock: { now: () => new Date() } }, await topicsIn(db, scope))).filter((t) => t.pressing).length,
  },
];
