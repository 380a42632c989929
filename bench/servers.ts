import net from 'node:net';
import path from 'node:path';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function track(child: ChildProcess) {
  let out = '';
  const keep = (b: Buffer) => (out = (out + b.toString('utf8')).slice(-32_768));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      exitCode = code;
      r(code);
    }),
  );
  return {
    output: () => out,
    exited,
    hasExited: () => exitCode !== undefined,
    async stop() {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(t);
      }
      return exited;
    },
  };
}

async function waitReady(url: string, t: ReturnType<typeof track>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (t.hasExited()) throw new Error(`${what} exited before it was ready:\n${t.output()}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await t.stop();
      throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${t.output()}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Waits until the server has nothing left warming up (/readyz lists it: the public search index…), in every one of
 * its processes (each answer names its worker; new connections are shared among them in turn), so that what is
 * measured is the server at full speed.
 */
async function waitWarm(url: string, t: ReturnType<typeof track>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const warm = new Set<number>();
  for (;;) {
    const r = await readyzOnNewConnection(`${url}/readyz`);
    if (r.warming?.length) warm.delete(r.worker ?? 1);
    else warm.add(r.worker ?? 1);
    if (warm.size >= (r.workers ?? 1)) return;
    if (t.hasExited() || Date.now() > deadline) throw new Error(`The server was still warming up (${(r.warming ?? []).join(', ')}):\n${t.output()}`);
    if (r.warming?.length) await new Promise((res) => setTimeout(res, 500));
  }
}

function readyzOnNewConnection(url: string): Promise<{ warming?: string[]; worker?: number; workers?: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('readyz timed out')));
    req.on('error', reject);
  });
}

/** The product: `node bin/doithoai.js serve` in its own process, on the given database. */
export async function startProduct(env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  Object.assign(childEnv, {
    NODE_ENV: 'production',
    DEMO: '0',
    JOBS: '0',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    // The load generator plays many citizens behind one proxy (X-Forwarded-For).
    TRUST_PROXY: 'loopback',
    ...env,
  });
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/doithoai.js'), 'serve'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const t = track(child);
  await waitReady(`${url}/readyz`, t, 180_000, 'The server');
  await waitWarm(url, t, 600_000);
  return { url, port, process: child, output: t.output, stop: t.stop };
}

/** The bare Fastify baseline (bench/baseline-server.ts) in its own process. */
export async function startBaseline(): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/baseline-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const t = track(child);
  await waitReady(`${url}/hello`, t, 60_000, 'The baseline server');
  return { url, port, process: child, output: t.output, stop: t.stop };
}
