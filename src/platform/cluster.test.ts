import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/harness';
import { postgresReachable } from '../test/engines';
import { workerExecArgv } from './cluster';

const ROOT = path.resolve(__dirname, '../..');
const hasPostgres = await postgresReachable();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A request on a connection of its own: the primary hands new connections to the workers in turn. */
function request(port: number, method: string, p: string, body?: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method, path: p, agent: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function start(args: string[], env: Record<string, string>, readyText: string): Promise<{ child: ChildProcess; out: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(readyText)) resolve({ child, out: () => out, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`exited (${code}) before it was ready:\n${out}`)));
  });
}

describe('workerExecArgv', () => {
  it("adds the workers' young generation to the primary's options, unless the operator chose one", () => {
    expect(workerExecArgv(['--import', 'tsx'], '')).toEqual(['--import', 'tsx', '--max-semi-space-size=64']);
    expect(workerExecArgv(['--max-semi-space-size=16'], '')).toEqual(['--max-semi-space-size=16']);
    expect(workerExecArgv([], '--max-semi-space-size=32 --enable-source-maps')).toEqual([]);
  });
});

describe('several server processes (node:cluster)', () => {
  it('a cache emptied after a change in one worker is emptied in the other at once', async () => {
    const port = await freePort();
    const { child, exited } = await start(['--import', 'tsx', 'src/test/fixtures/cluster-cache.ts'], { PORT: String(port) }, 'ready');
    const seen = new Map<number, number>();
    for (let i = 0; i < 4; i++) {
      const r = await request(port, 'GET', '/read');
      seen.set(r.json.worker, r.json.loads);
    }
    expect([...seen.keys()].sort()).toEqual([1, 2]);
    expect([...seen.values()]).toEqual([1, 1]);
    // Each worker runs with the larger young generation.
    expect((await request(port, 'GET', '/read')).json.execArgv).toContain('--max-semi-space-size=64');
    // A forget in one worker: both load again (the counters are per worker: 2 where it was told, 2 where it happened).
    const forgot = await request(port, 'POST', '/forget');
    expect(forgot.json.loads).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 4; i++) {
      const r = await request(port, 'GET', '/read');
      expect(r.json.loads).toBe(2);
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it.runIf(hasPostgres)('serve with WORKERS=2: both workers answer, count sign-in attempts together and stop on SIGTERM', async () => {
    const database = await freshDatabase('postgres');
    try {
      const port = await freePort();
      const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: '0', JOBS: '0', WORKERS: '2', PORT: String(port), DATABASE_URL: database.url!, DATA_DIR: path.join(os.tmpdir(), 'doithoai-cluster-test') };
      const { child, exited } = await start([path.join(ROOT, 'bin/doithoai.js'), 'serve'], env, '2 tiến trình');
      const workers = new Set<number>();
      for (let i = 0; i < 4; i++) {
        const r = await request(port, 'GET', '/readyz');
        expect(r.json).toMatchObject({ status: 'ok', database: 'postgres', workers: 2 });
        workers.add(r.json.worker);
      }
      expect([...workers].sort()).toEqual([1, 2]);
      // 30 attempts a window by default: shared by the workers, the 31st is refused whichever answers it.
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        statuses.push((await request(port, 'POST', '/api/v1/auth/login', JSON.stringify({ login: `nobody${i}@example.com`, password: 'wrong-password-1' }))).status);
      }
      expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
      expect(statuses[30]).toBe(429);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await database.drop();
    }
  }, 180_000);
});
