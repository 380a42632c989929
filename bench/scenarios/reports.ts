import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { defineScenario, type BenchRequest } from '../types';
import { generatePetitions } from '../../src/modules/petitions/seed';
import { compactPetitionStats } from '../../src/modules/petitions/service';
import { getAgencyByCode } from '../../src/modules/directory/service';
import { usersWithRole } from '../../src/modules/accounts/service';
import { principalOfUser } from '../../src/modules/disclosure/seed';
import { createReport } from '../../src/modules/reports/periodic/service';
import { reportDocx, reportPdf } from '../../src/modules/reports/periodic/document';
import { datasetStream, findDataset } from '../../src/modules/reports/opendata/catalogue';

interface State {
  reportId: number;
  year: number;
}

const mb = (n: number) => Math.round(n / 1e5) / 10;

/**
 * Reports at scale: the province dashboard (every statistic, six breakdowns, the commune map) as the provincial
 * supervisor, the statistics API, the annual province report (DOCX and PDF) and the open-data CSV of every
 * published petition. The annual report's generation and the CSV's memory are measured in setup (in this process,
 * the code the server runs) and logged; the dashboard and the downloads are loaded through the server.
 */
export const reports = defineScenario<State>({
  name: 'reports',
  title: 'Reports: province dashboard, statistics API, annual report, open-data CSV',
  description:
    'generatePetitions() as in the petitions scenario (1,000,000 on PostgreSQL, 100,000 on PGlite, × --scale), then the ' +
    'pre-aggregate folded (compactPetitionStats). The dashboard sums petition_stats rows (month × unit × dimension) kept by a ' +
    'trigger, and keeps its figures in a read cache by filter, forgotten after every audited change; the annual report of the province takes its frozen figures (with every commune) and renders DOCX and PDF in the ' +
    'Decree 30 layout; the CSV streams every published petition in batches of 1,000 rows with backpressure. ' +
    'Targets on PostgreSQL: province dashboard p95 ≤ 100 ms at 50 connections; annual report ≤ 5 s; CSV memory growth < 100 MB.',
  async setup({ ctx, engine, scale, log }) {
    const count = Math.max(1000, Math.round((engine === 'postgres' ? 1_000_000 : 100_000) * scale));
    log(`generating ${count.toLocaleString('en')} petitions`);
    let t = Date.now();
    await generatePetitions(ctx, count, { batch: 2000 });
    log(`generated in ${Math.round((Date.now() - t) / 1000)} s`);
    t = Date.now();
    await compactPetitionStats(ctx.db);
    log(`aggregate folded in ${Date.now() - t} ms`);
    const province = (await getAgencyByCode(ctx.db, 'UBND-14'))!;
    const [adminId] = await usersWithRole(ctx.db, { role: 'admin', agencyId: province.id });
    const admin = await principalOfUser(ctx.db, adminId);
    // The year in progress: the generated petitions are spread over the months before now.
    const year = new Date(ctx.clock.now().getTime() + 7 * 3600_000).getUTCFullYear();
    t = Date.now();
    const r = await createReport(ctx, admin, { agencyId: province.id, kind: 'year', year });
    const figures = Date.now() - t;
    const docx = await reportDocx(ctx.db, r);
    const afterDocx = Date.now() - t;
    const pdf = await reportPdf(ctx.db, r);
    log(`annual province report ${year}: figures ${figures} ms, + DOCX ${afterDocx - figures} ms (${docx.length} B), + PDF ${Date.now() - t - afterDocx} ms (${pdf.length} B), total ${Date.now() - t} ms`);
    const d = findDataset(ctx, 'kien-nghi')!;
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    let bytes = 0;
    t = Date.now();
    await pipeline(
      datasetStream(ctx, d, 'csv'),
      new Writable({
        write(chunk, _enc, done) {
          bytes += chunk.length;
          const m = process.memoryUsage();
          peakRss = Math.max(peakRss, m.rss);
          peakHeap = Math.max(peakHeap, m.heapUsed);
          done();
        },
      }),
    );
    log(`CSV of published petitions: ${mb(bytes)} MB in ${Date.now() - t} ms; RSS ${mb(before.rss)} → peak ${mb(peakRss)} MB (+${mb(peakRss - before.rss)}), heap +${mb(peakHeap - before.heapUsed)} MB`);
    return { reportId: r.id, year };
  },
  async requests({ state, login }): Promise<BenchRequest[]> {
    const supervisor = await login('sonla@example.com', 'DoiThoai@2026');
    const admin = await login('quantri@example.com', 'DoiThoai@2026');
    return [
      { name: 'GET /so-lieu (province dashboard page, supervisor)', path: '/so-lieu', headers: { cookie: supervisor, accept: 'text/html' }, target: 'p95 ≤ 100 ms' },
      { name: 'GET /api/v1/statistics?unit=14 (province figures, this year)', path: '/api/v1/statistics?unit=14', headers: { cookie: supervisor }, target: 'p95 ≤ 100 ms' },
      {
        name: 'GET /so-lieu?unit=… (a commune, filtered by category: from the table)',
        path: '/so-lieu?unit=03670&category=1',
        headers: { cookie: supervisor, accept: 'text/html' },
        vary: (i) => ({ path: `/so-lieu?unit=03670&category=${1 + (i % 5)}` }),
      },
      { name: 'GET /bao-cao/:id.docx (annual province report, DOCX)', path: `/bao-cao/${state.reportId}.docx`, headers: { cookie: admin }, connections: [4], target: '≤ 5 s' },
      { name: 'GET /bao-cao/:id.pdf (annual province report, PDF)', path: `/bao-cao/${state.reportId}.pdf`, headers: { cookie: admin }, connections: [4], target: '≤ 5 s' },
      { name: 'GET /du-lieu-mo/kien-nghi.csv (every published petition)', path: '/du-lieu-mo/kien-nghi.csv', connections: [2] },
    ];
  },
});
