/**
 * The live conference page under load, and the minutes of a long conference (`npx tsx bench/conferences-live.ts`).
 *
 * 1. Two servers (two application instances, each with its own pool and its own LISTEN connection) on one fresh
 *    PostgreSQL database; N server-sent-event listeners split between them (default 2,000). The secretary POSTs a
 *    question from the floor to the first server; the time from the POST to each listener receiving the event is
 *    measured, on both servers, for K posts. Memory (RSS) with the listeners connected is reported.
 * 2. Minutes and conclusion notice (DOCX + PDF) for a conference with 300 answered questions.
 *
 * Everything runs in one process on a shared machine: the figures include the listeners' own work.
 */
import fs from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'kysely';
import { createApp, type App } from '../src/app';
import { loadConfig } from '../src/config';
import { openPostgres } from '../src/platform/db/database';
import { createLogger } from '../src/platform/logger';
import { createApiToken } from '../src/modules/accounts/service';
import { createCast } from '../src/modules/petitions/testing';
import { startProduct } from './servers';
import { conferenceInput } from '../src/modules/conferences/testing';
import { createConference, issueDocument, transitionConference } from '../src/modules/conferences/service';

const N = Number(process.env.LISTENERS ?? 2000);
const K = Number(process.env.POSTS ?? 10);
const BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function database(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `doithoai_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(BASE);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: BASE });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function server(url: string): Promise<{ app: App; port: number }> {
  const config = { ...loadConfig({ NODE_ENV: 'production', DEMO: '0', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1', DATABASE_URL: url } as NodeJS.ProcessEnv) };
  const handle = await openPostgres(url, { max: 10 });
  const app = await createApp(config, { handle, log: createLogger('silent') });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.server.address() as { port: number }).port };
}

/** A listener: counts the "queued" events it receives and when. */
function listen(port: number, id: number, onQueued: (at: number) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/hoi-nghi/${id}/truc-tiep/su-kien`, agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`listener got ${res.statusCode}`));
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (frame.includes('event: queued')) onQueued(performance.now());
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}

/** Minutes and conclusion notice of a conference with 300 answered questions (100 commitments): issue = number, render DOCX and PDF, store. */
async function documents300(ctx: App['ctx'], cast: Awaited<ReturnType<typeof createCast>>, round: number): Promise<{ minutesMs: number; noticeMs: number }> {
  const m = await createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { title: `Hội nghị đối thoại 300 câu hỏi (${round})` }));
  await transitionConference(ctx, cast.headCC, m.id, { action: 'approve' });
  await transitionConference(ctx, cast.officerCC, m.id, { action: 'announce' });
  await transitionConference(ctx, cast.officerCC, m.id, { action: 'start' });
  await sql`insert into conference_questions (conference_id, origin, asker_name, asker_village, content, position, level, status,
      answered_by_name, answered_by_title, answer, answered_at, commitment_text, commitment_agency_id, commitment_deadline, created_at)
    select ${m.id}, 'floor', 'Hộ dân số ' || g, 'Bản ' || (g % 12 + 1), 'Ý kiến số ' || g || ': đề nghị phường kiểm tra, sửa chữa đường, cấp nước, chiếu sáng ở bản.', g, 'here', 'answered',
      'Lường Văn Thắng', 'Chủ tịch UBND phường', 'Phường ghi nhận, giao bộ phận chuyên môn kiểm tra và trả lời bằng văn bản trong tháng.', now(),
      case when g % 3 = 0 then 'Kiểm tra, khắc phục kiến nghị số ' || g end, case when g % 3 = 0 then ${cast.agencies.ubndCC}::int end,
      case when g % 3 = 0 then current_date + 30 end, now()
    from generate_series(1, 300) g`.execute(ctx.db);
  await transitionConference(ctx, cast.officerCC, m.id, { action: 'end' });
  const t1 = performance.now();
  await issueDocument(ctx, cast.officerCC, m.id, 'minutes');
  const minutesMs = performance.now() - t1;
  const t2 = performance.now();
  await issueDocument(ctx, cast.officerCC, m.id, 'conclusion');
  const noticeMs = performance.now() - t2;
  return { minutesMs, noticeMs };
}

/**
 * N listeners spread over the ports, one warm-up question from the floor (every listener must receive it), then K
 * timed ones: the time from each POST to each listener receiving its "queued" event.
 */
async function fanOut(ports: number[], postPort: number, id: number, token: string, ready: () => Promise<void>, connected?: () => void) {
  let received = 0;
  let expected = 0;
  const arrivals: number[] = [];
  let wake: (() => void) | null = null;
  const conns: http.ClientRequest[] = [];
  for (let i = 0; i < N; i++) {
    conns.push(
      await listen(ports[i % ports.length], id, (at) => {
        arrivals.push(at);
        received++;
        if (received >= expected) wake?.();
      }),
    );
  }
  await ready();
  connected?.();
  const post = async (k: number) => {
    arrivals.length = 0;
    received = 0;
    expected = N;
    const done = new Promise<void>((r) => (wake = r));
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${postPort}/api/v1/conferences/${id}/floor-questions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ askerName: `Người hỏi ${k}`, askerVillage: 'Bản Hài', content: `Câu hỏi tại hội trường số ${k}` }),
    });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
    await done;
    return t0;
  };
  await post(-1);
  const latencies: number[] = [];
  const perPost: number[] = [];
  for (let k = 0; k < K; k++) {
    const t0 = await post(k);
    for (const at of arrivals) latencies.push(at - t0);
    perPost.push(Math.max(...arrivals) - t0);
  }
  for (const r of conns) r.destroy();
  return {
    latencyMs: { p50: +pct(latencies, 50).toFixed(1), p99: +pct(latencies, 99).toFixed(1), max: +Math.max(...latencies).toFixed(1) },
    lastListenerPerPostMs: { p50: +pct(perPost, 50).toFixed(1), max: +Math.max(...perPost).toFixed(1) },
  };
}

/** Resident memory of a process and all its descendants (the launcher, a server's primary and workers), in MB. */
function treeRssMB(pid: number): number {
  const rss = (p: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const parentOf = (p: number) => {
    try {
      return Number(fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    } catch {
      return -1;
    }
  };
  const all = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (!tree.has(p) && tree.has(parentOf(p))) (tree.add(p), (grew = true));
  }
  return Math.round([...tree].reduce((a, p) => a + rss(p), 0));
}

async function main() {
  const db = await database();
  const a = await server(db.url);
  const b = await server(db.url);
  const ctx = a.app.ctx;
  const cast = await createCast(ctx);
  const c = await createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { capacity: 5000 }));
  await transitionConference(ctx, cast.headCC, c.id, { action: 'approve' });
  await transitionConference(ctx, cast.officerCC, c.id, { action: 'announce' });
  await transitionConference(ctx, cast.officerCC, c.id, { action: 'start' });
  const token = (await createApiToken(ctx, cast.officerCC, { name: 'bench' })).token;
  // The documents first, on servers not yet holding the listeners: the first issue of the process (fonts read, code
  // warmed) and the next one.
  const docs = [await documents300(ctx, cast, 1), await documents300(ctx, cast, 2)];

  // 1. Two application instances in this process, each with its own pool and LISTEN connection.
  const rssBefore = process.memoryUsage().rss;
  const two = await fanOut([a.port, b.port], a.port, c.id, token, async () => {
    const { liveHub } = await import('../src/modules/conferences/service');
    while (liveHub(a.app.ctx).size() + liveHub(b.app.ctx).size() < N) await new Promise((r) => setTimeout(r, 50));
  });
  const rssWith = process.memoryUsage().rss;

  // 2. The product as deployed: `doithoai serve` with WORKERS=2 on the same database (its own processes), the
  // listeners spread over its workers by the cluster, the secretary's POSTs answered by whichever worker.
  const served = await startProduct({ DATABASE_URL: db.url, WORKERS: '2' });
  const servedBefore = treeRssMB(served.process.pid!);
  let servedWith = 0;
  const workers = await fanOut([served.port], served.port, c.id, token, async () => {}, () => {
    servedWith = treeRssMB(served.process.pid!);
  });
  await served.stop();


  console.log(
    JSON.stringify(
      {
        listeners: N,
        posts: K,
        twoInstancesInThisProcess: { ...two, rssMB: { before: Math.round(rssBefore / 1048576), withListeners: Math.round(rssWith / 1048576) } },
        serveWorkers2: { ...workers, serverRssMB: { before: servedBefore, withListeners: servedWith } },
        minutes300: docs.map((d) => ({ minutesDocxPdfMs: Math.round(d.minutesMs), conclusionDocxPdfMs: Math.round(d.noticeMs) })),
      },
      null,
      2,
    ),
  );
  await a.app.close();
  await b.app.close();
  await db.drop();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
