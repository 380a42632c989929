import { defineScenario, type BenchRequest } from '../types';
import { generateCommitments } from '../../src/modules/commitments/generator';
import { scanCommitmentDeadlines } from '../../src/modules/commitments/service';

interface State {
  count: number;
  scanMs: number;
  codes: string[];
}

const UNITS = ['03670', '03646', '03664', '03721', '04105'];

/**
 * Commitments at scale: 100,000 generated commitments on PostgreSQL, 20,000 on PGlite (× --scale), over the 75 communes of
 * Sơn La in every state. The public accountability page of a unit and the agency's register at 50 connections; the overdue
 * scan over all of them timed in the setup (its first run, which marks and escalates every overdue one).
 */
export const commitments = defineScenario<State>({
  name: 'commitments',
  title: 'Commitments: 100,000 on PostgreSQL / 20,000 on PGlite — public accountability page, agency register, overdue scan',
  description:
    'generateCommitments() fills the register (INSERT … SELECT FROM generate_series in batches of 10,000, rows marked generated, ' +
    'deadlines spread over a year around today so that about half of the working ones are overdue), then VACUUM (ANALYZE), as autovacuum ' +
    'would within a minute. The public page of a unit is a page of 25 over the partial index (unit_code, deadline, id) where is_public, ' +
    'its counts by agency and state from (unit_code, agency_id, state, deadline) include (is_public) alone; the agency register is two ' +
    'ordered index scans (its own by agency, deadline, id; those it co-operates on by a GIN index on co_agency_ids without a pending ' +
    'list) cut to the page and merged, its count from (agency_id, state, deadline) alone; lists, counts and a visitor\'s view of a ' +
    'commitment go through read caches (30 s, one load per key at a time, emptied after every change). The overdue scan ' +
    '(commitments.deadlines, every 15 minutes) is set-based: batches of 2,000 marked and escalated by one UPDATE … FROM (SELECT … FOR ' +
    'UPDATE SKIP LOCKED), their events and notices inserted in bulk. Targets on PostgreSQL: both pages p99 ≤ 50 ms at 50 connections; ' +
    'the scan over all of them ≤ 5 s.',
  async setup({ ctx, engine, scale, log }) {
    const count = Math.max(1000, Math.round((engine === 'postgres' ? 100_000 : 20_000) * scale));
    log(`generating ${count.toLocaleString('en')} commitments`);
    const t = Date.now();
    await generateCommitments(ctx, count);
    log(`generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const s = Date.now();
    const r = await scanCommitmentDeadlines(ctx);
    const scanMs = Date.now() - s;
    log(`overdue scan over ${count.toLocaleString('en')}: ${(scanMs / 1000).toFixed(2)} s (${r.changed.toLocaleString('en')} marked, ${r.notified} notices)`);
    const again = Date.now();
    await scanCommitmentDeadlines(ctx);
    log(`overdue scan again (nothing to change): ${((Date.now() - again) / 1000).toFixed(2)} s`);
    const codes = (await ctx.db.selectFrom('commitments').select('code').where('source', '=', 'generated').where('is_public', '=', true).orderBy('id').limit(1000).execute()).map((x) => x.code);
    return { count, scanMs, codes };
  },
  requests: async ({ state, login }): Promise<BenchRequest[]> => {
    const officer = await login('chuyenvien@example.com');
    return [
      {
        name: 'GET /cam-ket/don-vi/:unit (public accountability page, HTML)',
        path: '/cam-ket/don-vi/03670',
        headers: { accept: 'text/html' },
        vary: (i) => ({ path: `/cam-ket/don-vi/${UNITS[i % UNITS.length]}${i % 3 === 0 ? '?state=overdue' : ''}` }),
        target: 'p99 ≤ 50 ms',
      },
      {
        name: 'GET /api/v1/commitments?unitCode=… (public list, JSON)',
        path: '/api/v1/commitments?unitCode=03670',
        vary: (i) => ({ path: `/api/v1/commitments?unitCode=${UNITS[i % UNITS.length]}&page=${1 + (i % 3)}` }),
        target: 'p99 ≤ 50 ms',
      },
      {
        name: 'GET /can-bo/cam-ket (the agency register, signed in, HTML)',
        path: '/can-bo/cam-ket',
        headers: { accept: 'text/html', cookie: officer },
        vary: (i) => ({ path: `/can-bo/cam-ket${i % 2 ? '?state=overdue' : ''}${i % 5 === 0 ? `${i % 2 ? '&' : '?'}page=2` : ''}` }),
        target: 'p99 ≤ 50 ms',
      },
      {
        name: 'GET /cam-ket/:code (a commitment with its timeline, HTML)',
        path: `/cam-ket/${state.codes[0]}`,
        headers: { accept: 'text/html' },
        vary: (i) => ({ path: `/cam-ket/${state.codes[i % state.codes.length]}` }),
        target: 'p99 ≤ 50 ms',
      },
    ];
  },
});
