/**
 * Durability of the embedded database and of the process around it:
 *  - a kill -9 in the middle of a stream of writes loses no acknowledged write;
 *  - a data folder in use is refused to a second opener (same process or another), with a clear message;
 *  - SIGTERM finishes the request in flight, closes the database, exits 0 and releases the lock.
 * These spawn real child processes; they assert on outcomes, never on timings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openPGlite } from './database';
import { DataDirInUseError, lockDataDir } from './lock';
import { startServer } from '../../../e2e/harness';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITER = path.join(ROOT, 'src/test/fixtures/pglite-writer.ts');
const LOCK_FILE = '.doithoai.lock';

const temps: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-durability-'));
  temps.push(d);
  return d;
}
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function runWriter(mode: 'write' | 'hold' | 'try', dataDir: string, ...args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', WRITER, mode, dataDir, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Collects a child's stdout lines and stderr; resolves `exit` with its code and signal. */
function watch(child: ChildProcess) {
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const listeners: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const l of listeners.splice(0)) l();
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      if (partial) lines.push(partial);
      partial = '';
      resolve({ code, signal });
      for (const l of listeners.splice(0)) l();
    });
  });
  let closed = false;
  void exit.then(() => (closed = true));
  return {
    lines,
    exit,
    stderr: () => stderr,
    /** Waits until a line satisfies the predicate (fails if the child exits first). */
    async until(pred: (lines: string[]) => boolean): Promise<void> {
      while (!pred(lines)) {
        if (closed) throw new Error(`child exited before the expected output; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`);
        await new Promise<void>((r) => listeners.push(r));
      }
    },
  };
}

describe('kill -9 never loses an acknowledged write (PGlite)', () => {
  it(
    'reopens the folder after SIGKILL mid-stream, three times, with every acknowledged row present',
    async () => {
      const dir = tempDir();
      let acknowledged: number[] = [];
      // Kill at different points of the stream; each round continues where the last one's data ends.
      for (const killAfter of [40, 113, 257]) {
        const child = runWriter('write', dir);
        const w = watch(child);
        await w.until((l) => l.some((x) => x.startsWith('ready')));
        const readyIdx = w.lines.findIndex((x) => x.startsWith('ready'));
        await w.until((l) => l.length - readyIdx - 1 >= killAfter);
        child.kill('SIGKILL');
        const exit = await w.exit;
        expect(exit.signal).toBe('SIGKILL');
        // Every id the child printed, including those still in the pipe when it died, was committed.
        const ids = w.lines.slice(readyIdx + 1).filter((x) => /^\d+$/.test(x)).map(Number);
        expect(ids.length).toBeGreaterThanOrEqual(killAfter);
        acknowledged = acknowledged.concat(ids);

        // The dead writer left its lock file behind; a new opener takes it over (the pid is dead).
        expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
        const handle = await openPGlite(dir);
        try {
          const rows = (await sql<{ id: number }>`select id from acked order by id`.execute(handle.db)).rows.map((r) => r.id);
          const present = new Set(rows);
          const lost = acknowledged.filter((id) => !present.has(id));
          expect(lost).toEqual([]);
          // No holes and nothing invented: 1..n, where n may exceed the last acknowledged id by the one in flight.
          expect(rows).toEqual(rows.map((_, i) => i + 1));
          expect(rows.length - Math.max(...acknowledged)).toBeLessThanOrEqual(1);
          const check = await sql<{ n: number }>`select count(*)::int as n from acked where length(payload) > 1000`.execute(handle.db);
          expect(check.rows[0].n).toBe(rows.length);
        } finally {
          await handle.close();
        }
      }
    },
    400_000,
  );
});

describe('the data-folder lock', () => {
  it('refuses a second opener in the same process with DataDirInUseError, and opens after the first closes', async () => {
    const dir = tempDir();
    const first = await openPGlite(dir);
    const err = await openPGlite(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataDirInUseError);
    expect((err as DataDirInUseError).pid).toBe(process.pid);
    expect((err as Error).message).toContain(`Thư mục dữ liệu ${path.resolve(dir)} đang được tiến trình ${process.pid} sử dụng`);
    // The refused opener did not disturb the first one.
    await sql`create table t (x int)`.execute(first.db);
    await sql`insert into t values (1)`.execute(first.db);
    await first.close();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    const second = await openPGlite(dir);
    const r = await sql<{ n: number }>`select count(*)::int as n from t`.execute(second.db);
    expect(r.rows[0].n).toBe(1);
    await second.close();
  }, 600_000);

  it('refuses another process while the folder is in use, with the Vietnamese message, and lets it in afterwards', async () => {
    const dir = tempDir();
    const holder = runWriter('hold', dir);
    const h = watch(holder);
    await h.until((l) => l.includes('ready'));

    const tryer = watch(runWriter('try', dir));
    const refused = await tryer.exit;
    expect(refused.code).toBe(3);
    expect(tryer.lines.join('\n')).toContain(`refused: Thư mục dữ liệu ${path.resolve(dir)} đang được tiến trình ${holder.pid} sử dụng`);

    holder.stdin!.end();
    expect((await h.exit).code).toBe(0);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    const again = watch(runWriter('try', dir));
    expect((await again.exit).code).toBe(0);
    expect(again.lines).toContain('opened');
  }, 600_000);

  it('takes over a lock left by a dead process, but not one held by a live one', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    // A pid that cannot be alive: above the kernel's pid_max.
    fs.writeFileSync(file, '99999999');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(file)).toBe(false);
    // A lock naming our own pid that this process does not hold was left by an earlier process with the same
    // pid (pid 1 in a container restarted after a crash): stale, taken over.
    fs.writeFileSync(file, String(process.pid));
    const release2 = lockDataDir(dir);
    // …while one this process does hold is refused.
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    release2();
    expect(fs.existsSync(file)).toBe(false);
    // An empty lock file (the owner died between creating and writing it) is stale too.
    fs.writeFileSync(file, '');
    lockDataDir(dir)();
    // Held by a live process (this one's parent): refused.
    fs.writeFileSync(file, String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.ppid));
  });
});

describe('graceful shutdown of the real server', () => {
  it('on SIGTERM stops accepting, finishes the request in flight (with the database), exits 0 and releases the lock', async () => {
    const server = await startServer({ demo: false });
    try {
      expect(fs.existsSync(path.join(server.dataDir, LOCK_FILE))).toBe(true);
      // A request that is in flight: its headers are in, half of its body is not. Its handler uses the database.
      const body = '{"pad":"' + 'x'.repeat(64) + '"}';
      const sock = net.connect(server.port, '127.0.0.1');
      await new Promise<void>((r) => sock.once('connect', () => r()));
      let response = '';
      sock.setEncoding('utf8').on('data', (c: string) => (response += c));
      const ended = new Promise<void>((r) => sock.once('close', () => r()));
      sock.write(
        `POST /__test/run-jobs HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n` +
          body.slice(0, 20),
      );
      // Let the server parse the headers and route the request before the signal arrives.
      await new Promise((r) => setTimeout(r, 300));

      server.process.kill('SIGTERM');
      // Wait until the server stops accepting new connections.
      for (;;) {
        const refused = await new Promise<boolean>((resolve) => {
          const s = net.connect(server.port, '127.0.0.1');
          s.once('connect', () => {
            s.destroy();
            resolve(false);
          });
          s.once('error', () => resolve(true));
        });
        if (refused) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(server.process.exitCode).toBeNull(); // still running: it waits for the request in flight

      sock.write(body.slice(20));
      await ended;
      expect(response).toMatch(/^HTTP\/1\.1 200 /);
      expect(response).toMatch(/\{"ran":\d+\}$/);

      const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
        if (server.process.exitCode !== null) resolve({ code: server.process.exitCode, signal: null });
        else server.process.once('exit', (code, signal) => resolve({ code, signal }));
      });
      expect(exit).toEqual({ code: 0, signal: null });
      expect(fs.existsSync(path.join(server.dataDir, LOCK_FILE))).toBe(false);
      // The folder opens cleanly afterwards.
      const handle = await openPGlite(server.dataDir);
      await sql`select 1`.execute(handle.db);
      await handle.close();
    } finally {
      await server.stop();
    }
  }, 600_000);
});
