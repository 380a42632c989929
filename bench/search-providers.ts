/**
 * The two search providers side by side on one database (docs/decisions.md): the memory index's start-up time and
 * the memory it adds to the process, then the public search's latency (each question new: no cache) through each
 * provider at the same concurrency, in this process (searchPetitions, as an API request runs it, without HTTP).
 *
 *   npx tsx --expose-gc bench/search-providers.ts -- --engine postgres --count 100000 --concurrency 50 --questions 1500
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/config';
import { createContext } from '../src/app';
import { createLogger } from '../src/platform/logger';
import { generatePetitions } from '../src/modules/petitions/seed';
import { publicSearchCorpus, searchPetitions } from '../src/modules/petitions/service/read';
import type { SearchProviderName } from '../src/platform/search/provider';

const { values: opt } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    engine: { type: 'string', default: 'postgres' },
    count: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '50' },
    questions: { type: 'string', default: '1500' },
  },
});
const QUERIES = ['sat lo chieng coi', 'den duong hong', 'nuoc sinh hoat mua kho', 'ho ngheo', 'duong ban xuong cap', 'rac thai thu gom', 'cau treo', 'giay chung nhan quyen su dung dat', 'tro cap nguoi khuyet tat', 'o nhiem nguon nuoc'];
const UNITS = ['', '03670', '03646', '03664', '03721', '04105'];
const PG = 'postgres://postgres@127.0.0.1:5432/postgres';

const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main() {
  const engine = opt.engine === 'pglite' ? 'pglite' : 'postgres';
  const count = Number(opt.count);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-search-bench-'));
  const name = `bench_search_${process.pid}`;
  const env: Record<string, string> = { NODE_ENV: 'production', DEMO: '1', LOG_LEVEL: 'warn', DATA_DIR: dir };
  if (engine === 'postgres') {
    const c = new pg.Client(PG);
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    env.DATABASE_URL = PG.replace(/\/postgres$/, `/${name}`);
  }
  const config = loadConfig(env as NodeJS.ProcessEnv);
  const { ctx, handle } = await createContext(config, { log: createLogger('warn') });
  try {
    let t = Date.now();
    await generatePetitions(ctx, count, { batch: 2000 });
    const published = (await sql<{ n: number }>`select count(*)::int as n from petition_search`.execute(ctx.db)).rows[0].n;
    console.log(`${engine}: ${count.toLocaleString('en')} petitions generated in ${((Date.now() - t) / 1000).toFixed(0)} s, ${Number(published).toLocaleString('en')} published public`);

    const memoryEnv = { db: ctx.db, config: { ...ctx.config, searchProvider: 'memory' as const, searchMemoryMaxEntries: 50_000_000 } };
    gc();
    const before = process.memoryUsage();
    t = Date.now();
    await publicSearchCorpus.memory!.warm!(memoryEnv);
    const buildMs = Date.now() - t;
    gc();
    const after = process.memoryUsage();
    console.log(`memory index: built in ${(buildMs / 1000).toFixed(1)} s; adds ${mb(after.rss - before.rss)} resident, ${mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers)} heap + array buffers (RSS ${mb(after.rss)})`);

    const questions = Array.from({ length: Number(opt.questions) }, (_, i) => {
      const unit = UNITS[Math.floor(i / QUERIES.length) % UNITS.length];
      const limit = 10 + (Math.floor(i / 60) % 40);
      return { q: QUERIES[i % QUERIES.length], limit, filters: unit ? { unit } : {} };
    });
    for (const provider of ['postgres', 'memory', 'postgres', 'memory'] as SearchProviderName[]) {
      const times: number[] = [];
      let next = 0;
      const t0 = Date.now();
      const worker = async () => {
        for (let i = next++; i < questions.length; i = next++) {
          const s = performance.now();
          await searchPetitions(ctx, null, questions[i].q, { ...questions[i], provider });
          times.push(performance.now() - s);
        }
      };
      await Promise.all(Array.from({ length: Number(opt.concurrency) }, worker));
      const secs = (Date.now() - t0) / 1000;
      console.log(`${provider.padEnd(8)} ${questions.length} new questions at ${opt.concurrency} concurrent: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms, ${(questions.length / secs).toFixed(0)} /s`);
    }
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${os.loadavg()[0].toFixed(1)} (shared)`);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (engine === 'postgres') {
      const c = new pg.Client(PG);
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
