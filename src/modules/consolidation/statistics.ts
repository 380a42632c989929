import type { Statistic, StatisticScope } from '../../platform/module';
import { setPeriod } from '../../platform/http/validate';
import { summarise, topicsOverlapping } from './service/read';
import { BASE } from './views/common';

/** The topics list behind a number: topics are read by officials only (citizens see them on conference agendas). */
function topicsLink(extra: Record<string, string>) {
  return (scope: StatisticScope, audience: 'public' | 'official'): string | null => {
    if (audience !== 'official') return null;
    const q = new URLSearchParams();
    if (scope.unitCode) q.set('unit', scope.unitCode);
    // The range the topics' periods overlap, as the list's inclusive civil days of Vietnam.
    setPeriod(q, scope);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return q.size ? `${BASE}/chuyen-de?${q}` : `${BASE}/chuyen-de`;
  };
}

export const STATISTICS: Statistic[] = [
  { key: 'consolidation.topics', label: 'consolidation.stat.topics', compute: async (db, scope) => (await topicsOverlapping(db, scope)).length, link: topicsLink({}) },
  {
    key: 'consolidation.pressingTopics',
    label: 'consolidation.stat.pressing',
    // Statistics are read without a request clock: pressing is judged as of now.
    compute: async (db, scope) => (await summarise({ db, clock: { now: () => new Date() } }, await topicsOverlapping(db, scope))).filter((t) => t.pressing).length,
    link: topicsLink({ pressing: '1' }),
  },
];
