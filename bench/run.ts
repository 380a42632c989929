/**
 * `npm run bench`: the product's endpoints under load on each database engine, beside a bare Fastify baseline
 * measured in the same run, written to docs/benchmarks.md. Loopback only; every load is bounded in time and the
 * whole run by --max-minutes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { createContext } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { measure } from './load';
import { measurePages } from './page-weight';
import { describeMachine, sectionMarkdown, tableOf, writeSection, type Row, type SectionData } from './report';
import { ROOT, startBaseline, startProduct, type Child } from './servers';
import { scenarios } from './scenarios';
import type { BenchRequest, Engine, RunContext, Scenario } from './types';

const HELP = `npm run bench -- [options]

  --only a,b          scenarios to run (default: all: ${scenarios.map((s) => s.name).join(', ')})
  --engines a,b       pglite,postgres (default both; postgres needs a server at TEST_DATABASE_URL,
                      default: the local server's Unix socket in /var/run/postgresql when there is one, else
                      postgres://postgres@127.0.0.1:5432/postgres; allowed to create databases)
  --connections n,m   concurrent connections (default 50)
  --duration s        seconds per measurement (default 10)
  --warmup s          seconds of warm-up before each measurement, not counted (default 2)
  --scale f           multiplies the data sizes the scenarios generate (default 1)
  --max-minutes m     stop measuring after this long and write what was measured (default 60)
  --out file          where to write (default docs/benchmarks.md); --no-write to only print
  --wait-quiet l      before measuring, wait (at most an hour) until the 1-minute load average is below l, so that
                      a long setup can start while the machine is still busy
  --after pid         before measuring, wait until that process (another run) has ended
`;

const { values: opt } = parseArgs({
  options: {
    only: { type: 'string' },
    engines: { type: 'string', default: 'pglite,postgres' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    scale: { type: 'string', default: '1' },
    'max-minutes': { type: 'string', default: '60' },
    out: { type: 'string', default: path.join(ROOT, 'docs/benchmarks.md') },
    'no-write': { type: 'boolean', default: false },
    'wait-quiet': { type: 'string' },
    after: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  console.log(HELP);
  process.exit(0);
}

// A server on this machine is reached through its Unix socket when it has one, as an application on the same host
// would be deployed (loopback TCP costs each statement more of the two processes' time).
const LOCAL_SOCKET = '/var/run/postgresql';
const overSocket = !process.env.TEST_DATABASE_URL && fs.existsSync(`${LOCAL_SOCKET}/.s.PGSQL.5432`);
const TEST_PG_URL =
  process.env.TEST_DATABASE_URL ?? (overSocket ? `postgres://postgres@localhost/postgres?host=${LOCAL_SOCKET}` : 'postgres://postgres@127.0.0.1:5432/postgres');
const connections = opt.connections!.split(',').map(Number).filter((n) => n > 0);
const durationS = Number(opt.duration);
const warmupS = Number(opt.warmup);
const scale = Number(opt.scale);
const deadline = Date.now() + Number(opt['max-minutes']) * 60_000;
const log = (m: string) => console.log(`[bench] ${m}`);

const only = opt.only ? new Set(opt.only.split(',')) : null;
const selected: Scenario<any>[] = scenarios.filter((s) => !only || only.has(s.name));
if (only) for (const n of only) if (!scenarios.some((s) => s.name === n)) throw new Error(`No scenario named ${n}`);

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

interface EngineDb {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function freshEngineDatabase(engine: Engine): Promise<EngineDb> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-bench-'));
    return { env: { DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `doithoai_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-bench-'));
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: dir },
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

function pgliteVersion(): string {
  const p = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  return p.version;
}

let probeCounter = 200 << 16; // vary() indexes of probes, far above those of the loads
async function probe(url: string, r: BenchRequest): Promise<{ status: number; bytes: number; type: 'json' | 'html' }> {
  const v = r.vary?.(probeCounter++) ?? {};
  const res = await fetch(url + (v.path ?? r.path), {
    method: r.method ?? 'GET',
    headers: { ...r.headers, ...v.headers },
    body: v.body ?? r.body,
    redirect: 'manual',
  });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes: buf.length, type: String(res.headers.get('content-type')).includes('json') ? 'json' : 'html' };
}

function runContext<S>(url: string, engine: Engine, state: S): RunContext<S> {
  return {
    url,
    engine,
    state,
    log,
    async login(login, password = 'DoiThoai@2026') {
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.200.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}` },
        body: JSON.stringify({ login, password }),
      });
      if (!res.ok) throw new Error(`login as ${login}: ${res.status} ${await res.text()}`);
      const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
      return cookies.join('; ');
    },
  };
}

/** What to clean up if the run is interrupted (Ctrl-C, SIGTERM): servers, temporary databases and folders. */
const cleanups = new Set<() => Promise<unknown>>();
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${sig}: stopping the servers and removing the temporary databases`);
    void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
  });
}

async function main() {
  let engines = opt.engines!.split(',').filter((e): e is Engine => e === 'pglite' || e === 'postgres');
  const notes: string[] = [];
  if (engines.includes('postgres') && !(await postgresReachable())) {
    engines = engines.filter((e) => e !== 'postgres');
    const msg = `PostgreSQL not reachable at ${TEST_PG_URL}: measured on PGlite only.`;
    log(msg);
    notes.push(msg);
  }
  if (!engines.length) throw new Error('No engine to measure.');
  const machine = describeMachine();
  const [load1] = os.loadavg();
  if (load1 > os.cpus().length) {
    notes.push(
      `The machine was busy when this run started (load average ${load1.toFixed(1)} on ${os.cpus().length} cores, other processes competing ` +
        'with the server and the load generator): these figures understate what the code does on a quiet machine; run again on one.',
    );
  }
  const date = new Date();
  log(machine);

  const baseline = await startBaseline();
  cleanups.add(baseline.stop);
  const sections = new Map<string, SectionData>();
  for (const s of selected) {
    sections.set(s.name, {
      scenario: s.name,
      title: s.title,
      description: s.description,
      date,
      machine,
      method: s.method ?? `autocannon ${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/autocannon/package.json'), 'utf8')).version}, ${durationS} s per measurement after ${warmupS} s of warm-up, over 127.0.0.1; baseline right after each endpoint`,
      engines: {},
      setupNotes: [],
      rows: [],
      pageRows: [],
      notes: [...notes],
    });
  }
  let cut = false;

  try {
    for (const engine of engines) {
      if (cut) break;
      const edb = await freshEngineDatabase(engine);
      cleanups.add(edb.drop);
      let server: Child | null = null;
      try {
        // 1. Migrate, load the demo, and let each scenario generate its data, in this process.
        const t0 = Date.now();
        const config = loadConfig({ NODE_ENV: 'production', DEMO: '1', LOG_LEVEL: 'warn', ...edb.env } as NodeJS.ProcessEnv);
        const { ctx, handle } = await createContext(config, { log: createLogger('warn') });
        const states = new Map<string, unknown>();
        let engineText = '';
        try {
          const v = (await sql<{ v: string }>`select version() as v`.execute(ctx.db)).rows[0].v;
          engineText = engine === 'pglite' ? `@electric-sql/pglite ${pgliteVersion()} (${v.split(' on ')[0]}), embedded in the server process` : `${v.split(' on ')[0]} server on this machine, a fresh database${overSocket ? ', reached through its Unix socket' : ''}; the product as deployed on a server database: ${os.availableParallelism()} server processes (WORKERS=auto: one per CPU)`;
          log(`${engine}: migrated and demo loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          for (const s of selected) {
            const t1 = Date.now();
            if (s.setup) {
              states.set(s.name, await s.setup({ ctx, engine, scale, log }));
              const note = `${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}: setup took ${((Date.now() - t1) / 1000).toFixed(1)} s`;
              sections.get(s.name)!.setupNotes.push(note);
              log(`${s.name}: ${note}`);
            }
            sections.get(s.name)!.engines[engine] = engineText;
          }
        } finally {
          await handle.close();
        }

        // 2. The real server on that database.
        server = await startProduct(edb.env);
        cleanups.add(server.stop);
        log(`${engine}: server at ${server.url}, baseline at ${baseline.url}`);

        // 3. Measure (on a quiet machine when asked).
        if (opt.after) await waitExit(Number(opt.after));
        if (opt['wait-quiet']) await waitQuiet(Number(opt['wait-quiet']));
        for (const s of selected) {
          const section = sections.get(s.name)!;
          const requests = await s.requests(runContext(server.url, engine, states.get(s.name)));
          for (const r of requests) {
            const p = await probe(server.url, r);
            const expect = r.expectStatus ?? 200;
            if (p.status === 404 && r.optional) {
              section.notes.push(`${r.name}: not measured on ${engine}, the server answers 404 (not built yet).`);
              log(`${r.name}: 404, skipped`);
              continue;
            }
            if (p.status !== expect) {
              section.notes.push(`${r.name}: not measured on ${engine}, the probe answered ${p.status} instead of ${expect}.`);
              log(`${r.name}: probe answered ${p.status}, skipped`);
              continue;
            }
            const twin: BenchRequest = {
              name: `baseline ${p.bytes} B`,
              method: r.method,
              path: `/size/${p.bytes}?type=${p.type}`,
              headers: r.headers,
              body: r.body,
            };
            for (const c of r.connections ?? connections) {
              if (Date.now() > deadline) {
                cut = true;
                break;
              }
              // After each load, wait for the server to finish the requests it had already received
              // (one request of the same kind goes through the same queues), so no backlog spills over.
              if (warmupS > 0) {
                await measure(server.url, r, { connections: c, durationS: warmupS });
                await probe(server.url, r);
                await measure(baseline.url, twin, { connections: c, durationS: warmupS });
                await probe(baseline.url, twin);
              }
              const product = await measure(server.url, r, { connections: c, durationS });
              await probe(server.url, r);
              const base = await measure(baseline.url, twin, { connections: c, durationS });
              await probe(baseline.url, twin);
              const row: Row = { engine, endpoint: r.name, connections: c, bytes: p.bytes, product, baseline: base, target: r.target, expectStatus: expect };
              section.rows.push(row);
              console.log(tableOf([row]).split('\n')[2]);
            }
            if (cut) break;
          }
          if (cut) break;
          section.notes.push(`${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}: the server's memory after its measurements: ${serverMemory(server)}.`);
          if (s.pages) {
            const pages = await s.pages(runContext(server.url, engine, states.get(s.name)));
            const product = await measurePages(server.url, pages, false);
            const identity = await measurePages(server.url, pages, true);
            for (const p of pages) {
              const label = engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
              section.pageRows!.push({ engine: label, page: p.page, path: p.path, product: product.get(p.page)!, identity: identity.get(p.page)!, target: p.target, targetBytes: p.targetBytes });
              log(`${p.page}: ${product.get(p.page)!.requests} requests, ${product.get(p.page)!.bytes} B (no compression: ${identity.get(p.page)!.bytes} B)`);
            }
          }
        }
      } finally {
        await server?.stop();
        await edb.drop();
        if (server) cleanups.delete(server.stop);
        cleanups.delete(edb.drop);
      }
    }
  } finally {
    await baseline.stop();
  }

  if (cut) for (const s of sections.values()) s.notes.push(`The run was cut at --max-minutes ${opt['max-minutes']}: some measurements are missing.`);
  for (const s of sections.values()) {
    const md = sectionMarkdown(s);
    console.log('\n' + md + '\n');
    if (!opt['no-write']) writeSection(opt.out!, md, s.scenario);
  }
  if (!opt['no-write']) log(`written to ${path.relative(process.cwd(), opt.out!)}`);
}

async function waitExit(pid: number) {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (alive()) {
    log(`waiting for process ${pid} to end`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

async function waitQuiet(limit: number) {
  const until = Date.now() + 60 * 60_000;
  for (let i = 0; os.loadavg()[0] >= limit && Date.now() < until; i++) {
    if (i % 6 === 0) log(`waiting for a quiet machine: load average ${os.loadavg()[0].toFixed(2)} (≥ ${limit})`);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  log(`measuring at load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
}

/** The resident memory of the server's processes (the primary and its workers), from /proc. */
function serverMemory(server: Child): string {
  const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const children = (pid: number): number[] =>
    fs.readdirSync(`/proc/${pid}/task`).flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  try {
    const root = server.process.pid!;
    const all = [root];
    for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
    const parts = all.map(rss);
    return `${parts.map((m) => `${Math.round(m)} MB`).join(' + ')} resident (${all.length === 1 ? 'one process' : `${all.length} processes: the first starts the others`})`;
  } catch (e) {
    return `not read (${(e as Error).message})`;
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
