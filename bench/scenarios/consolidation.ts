import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { defineScenario, type BenchRequest } from '../types';
import { createApiToken } from '../../src/modules/accounts/service';
import { generatePetitions, userByEmail } from '../../src/modules/petitions/seed';
import { acceptProposal, listProposals, requestProposals, runProposals } from '../../src/modules/consolidation/service';
import { importGathering } from '../../src/modules/consolidation/service/import';
import { EVALUATION_SET } from '../../src/modules/consolidation/fixtures/similarity-set';

/** How many people the rows with a phone of the phone variants belong to. */
const PHONE_PEOPLE = 600;
const PHONE_BASE = 77_000_000;
const phoneOf = (person: number) => `09${String(PHONE_BASE + person).padStart(8, '0')}`;

/** A 5,000-row opinion file; `row(i)` picks the opinion (from the evaluation set), the phone, and a round (another file). */
async function opinionFile(row: (i: number) => { i: number; phone: string | null; round?: number }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ý kiến');
  ws.addRow(['STT', 'Nội dung ý kiến', 'Số người', 'Thôn, bản, tổ dân phố', 'Họ và tên', 'Số điện thoại']);
  for (let n = 0; n < 5000; n++) {
    const { i, phone, round } = row(n);
    const e = EVALUATION_SET[i % EVALUATION_SET.length];
    const suffix = phone ? `(ý kiến của ${phone.slice(-3)})` : `(ý kiến ${i + 1}${round ? `, lần ${round}` : ''})`;
    ws.addRow([n + 1, `${e.content} ${suffix}`, e.peopleCount, e.address, phone ? 'Người dân' : '', phone ?? '']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface State {
  ids: number[];
  token: string;
}

/** Runs fn while sampling the process's resident memory every 50 ms: the time and the peak above the start. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t = performance.now();
  try {
    const result = await fn();
    return { result, seconds: (performance.now() - t) / 1000, peakMb: Math.round((Math.max(peak, process.memoryUsage().rss) - start) / 1048576) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Consolidation at scale: generated petitions of the province (100,000 on PostgreSQL, 20,000 on PGlite, × --scale)
 * in the current year. Setup measures (in the bench process, printed to the log) the province-wide proposal run as
 * the background job runs it, and the import of a 5,000-row XLSX file (then two with 30% of the rows carrying a phone: 600 people who had sent
 * petitions before, each 2–3 rows of the same opinion, the second file the same people again); the server is then loaded with matching one
 * petition to the province's topics (the accepted proposals).
 */
export const consolidation = defineScenario<State>({
  name: 'consolidation',
  title: 'Consolidation: proposal run and import (setup, see log), matching a petition to the topics',
  description:
    'generatePetitions() fills the year; the proposal run (job handler runProposals) for province 14 reads the petitions through ' +
    'the petitions service 1,000 at a time, keeps of each only its terms as numbers and their counts, groups field by field ' +
    '(centroids through an inverted index) and writes the proposals; the first 300 are accepted as topics. The import goes ' +
    "through the petitions batch create (500 per statement). Matching reads the petition, the unit vocabulary and the topics' " +
    'stored centroids (cached). Target: matching p95 ≤ 50 ms.',
  async setup({ ctx, engine, scale, log }) {
    const count = Math.max(2000, Math.round((engine === 'postgres' ? 100_000 : 20_000) * scale));
    const now = ctx.clock.now();
    const days = Math.max(1, Math.floor((now.getTime() - Date.UTC(now.getUTCFullYear(), 0, 1)) / 86_400_000) - 1);
    log(`generating ${count.toLocaleString('en')} petitions over ${days} days`);
    await generatePetitions(ctx, count, { batch: 2000, days });
    // The people of the phone variants already sent petitions (about 10 each, on other topics): staff entered them.
    await sql`update petitions set petitioner_phone = '09' || lpad((${PHONE_BASE} + id % ${PHONE_PEOPLE})::text, 8, '0') where source = 'generated' and id % 17 = 0`.execute(ctx.db);
    await sql`analyze`.execute(ctx.db);
    const admin = (await userByEmail(ctx, 'quantri@example.com'))!;
    const period = String(now.getUTCFullYear());

    const { runId } = await requestProposals(ctx, admin, { unitCode: '14', period });
    const run = await measured(() => runProposals(ctx, { runId }));
    const { proposals } = await listProposals(ctx, admin, { unitCode: '14', period });
    log(`PROPOSAL RUN [${engine}] ${count} petitions: ${run.seconds.toFixed(1)} s, peak +${run.peakMb} MB RSS, ${proposals.length} proposals`);
    for (const p of proposals.slice(0, 300)) await acceptProposal(ctx, admin, p.id, {});

    const front = (await userByEmail(ctx, 'mattran@example.com'))!;
    const importFile = async (label: string, meeting: string, file: Buffer) => {
      const imp = await measured(() => importGathering(ctx, front, { unitCode: '03670', organisation: 'Hội Nông dân', meeting, heldOn: now.toISOString().slice(0, 10) }, { filename: `${meeting}.xlsx`, data: file }));
      const ids = imp.result.petitionIds;
      // The flags, to compare runs: how many kéo dài, and a digest of every row's flags and related petition.
      const f = (
        await sql<{ n: number; digest: string }>`select count(*) filter (where keo_dai)::int as n,
            left(md5(string_agg(concat(keo_dai::int, vuot_cap::int, related_id), ',' order by id)), 8) as digest
          from petitions where id = any(${ids}::int[])`.execute(ctx.db)
      ).rows[0];
      log(`IMPORT [${engine}] ${label} (${Math.round(file.length / 1024)} KB): ${imp.seconds.toFixed(1)} s, peak +${imp.peakMb} MB RSS, ${f.n} kéo dài (flags ${f.digest})`);
    };
    await importFile('5000-row XLSX', 'Hội nghị thử tải', await opinionFile((i) => ({ i, phone: null })));
    // 30% of the rows with a phone, 600 people (2–3 rows each, the same opinion: the same person's repeats in one file).
    const personOf = (n: number) => (Math.floor(n / 10) * 3 + (n % 10)) % PHONE_PEOPLE;
    const withPhones = (round: number) => opinionFile((n) => (n % 10 < 3 ? { i: personOf(n), phone: phoneOf(personOf(n)), round } : { i: n, phone: null, round }));
    await importFile('5000-row XLSX, 30% with a phone (600 people)', 'Hội nghị thử tải, số điện thoại', await withPhones(1));
    // The same people again at the next meeting: each phone now has earlier similar petitions to compare with.
    await importFile('5000-row XLSX, 30% with a phone seen in an earlier file', 'Hội nghị thử tải, lần hai', await withPhones(2));

    // Matching is measured in a province of BENCH_CONSOLIDATION_PETITIONS petitions when set (1,000,000: the issue's
    // size), the topics being those proposed from the first ones.
    const total = Number(process.env.BENCH_CONSOLIDATION_PETITIONS ?? 0);
    if (total > count) {
      log(`generating ${(total - count).toLocaleString('en')} more petitions before matching`);
      await generatePetitions(ctx, total - count, { batch: 2000, days });
      await sql`analyze`.execute(ctx.db);
      log(`the province holds ${(await sql<{ n: number }>`select count(*)::int as n from petitions where province_code = '14'`.execute(ctx.db)).rows[0].n.toLocaleString('en')} petitions`);
    }
    const ids = (await sql<{ id: number }>`select id from petitions where source = 'generated' and track = 'general' and id % 53 = 0 limit 2000`.execute(ctx.db)).rows.map((r) => r.id);
    return { ids, token: (await createApiToken(ctx, admin, { name: 'bench' })).token };
  },
  requests: ({ state }): BenchRequest[] => [
    {
      name: 'GET /api/v1/consolidation/petitions/:id/matches (a petition against the province topics)',
      path: `/api/v1/consolidation/petitions/${state.ids[0]}/matches`,
      headers: { authorization: `Bearer ${state.token}` },
      vary: (i) => ({ path: `/api/v1/consolidation/petitions/${state.ids[i % state.ids.length]}/matches` }),
      target: 'p95 ≤ 50 ms',
    },
  ],
});
