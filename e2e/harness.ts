/**
 * End-to-end harness: the REAL server (bin/doithoai.js serve, in a child process, on a fresh data folder)
 * driven by Debian's Chromium through playwright-core, with an axe-core check of every page visited.
 *
 *   import { describeE2E, startServer, launchBrowser, checkA11y, login } from './harness';
 *   describeE2E('petitions', () => {
 *     let server: RunningServer; let browser: Browser;
 *     beforeAll(async () => { server = await startServer(); browser = await launchBrowser(); });
 *     afterAll(async () => { await browser?.close(); await server?.stop(); });
 *     it('…', async () => { const page = await newPage(browser); await page.goto(server.url + '/'); await checkA11y(page); });
 *   });
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { TEST_PG_URL } from '../src/test/engines';

export type { Browser, BrowserContext, Page };

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'DoiThoai@2026';

/** Chromium is there (or we are under CI, where its absence must fail, not skip). */
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

/**
 * A describe() for end-to-end suites: skipped, with the reason in its name, when Chromium is absent
 * (outside CI; under CI=true the global setup fails the run instead).
 */
export function describeE2E(name: string, fn: () => void): void {
  if (chromiumAvailable) describe(name, fn);
  else describe.skip(`${name} — skipped: Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`, fn);
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export interface StartOptions {
  /** Load the demo province and accounts (default true). */
  demo?: boolean;
  /** Database engine: a fresh PGlite folder (default) or a fresh database on TEST_DATABASE_URL's server. */
  engine?: 'pglite' | 'postgres';
  /** Extra environment for the server (overrides the defaults below). */
  env?: Record<string, string>;
  /** How long to wait for /readyz (default 300 s: the first start migrates and seeds; generous for a loaded machine). */
  readyTimeoutMs?: number;
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** The server's DATA_DIR (a fresh temporary folder; for PGlite its database lives in it). */
  dataDir: string;
  /** The DATABASE_URL of the throwaway database when engine is 'postgres'. */
  databaseUrl?: string;
  process: ChildProcess;
  /** What the server printed so far (stdout and stderr, the last 64 KB). */
  output(): string;
  /** SIGTERM, wait for a clean exit (SIGKILL after 20 s), then remove the data folder / drop the database. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port that was free a moment ago on 127.0.0.1 (the CLI's PORT=0 would not tell us which port it got). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `doithoai_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Spawns `node bin/doithoai.js serve` on a fresh data folder and a free port, and waits until /readyz answers 200. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-e2e-'));
  const pgdb = opts.engine === 'postgres' ? await createPgDatabase() : null;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  Object.assign(env, {
    NODE_ENV: 'test',
    DEMO: opts.demo === false ? '0' : '1',
    LOG_LEVEL: 'warn',
    JOBS: '0',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
    ...opts.env,
  });
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/doithoai.js'), 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-65_536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void exited.then((e) => (exitInfo = e));

  let stopped: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  const server: RunningServer = {
    url,
    port,
    dataDir,
    databaseUrl: pgdb?.url,
    process: child,
    output: () => out,
    stop() {
      stopped ??= (async () => {
        if (!exitInfo) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(timer);
        }
        fs.rmSync(dataDir, { recursive: true, force: true });
        await pgdb?.drop();
        return (await exited)!;
      })();
      return stopped;
    },
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 300_000);
  for (;;) {
    if (exitInfo) {
      await server.stop();
      throw new Error(`The server exited before it was ready (${JSON.stringify(exitInfo)}):\n${out}`);
    }
    try {
      const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return server;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`The server did not answer /readyz within ${opts.readyTimeoutMs ?? 300_000} ms:\n${out}`);
    }
    await sleep(150);
  }
}

/** Moves the server's clock (NODE_ENV=test only): forward by days, to an instant, or back to real time. */
export async function moveClock(url: string, move: { advanceDays?: number; to?: string | Date; reset?: boolean }): Promise<Date> {
  const body = { ...move, to: move.to instanceof Date ? move.to.toISOString() : move.to };
  const r = await fetch(`${url}/__test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`POST /__test/clock answered ${r.status}: ${await r.text()}`);
  return new Date(((await r.json()) as { now: string }).now);
}

/** Shorthand: moves the server's clock forward by whole days. */
export function advanceDays(url: string, days: number): Promise<Date> {
  return moveClock(url, { advanceDays: days });
}

/** Runs the jobs that are due now at the server's clock (deadline scans, e-mails); returns how many ran. */
export async function runJobs(url: string): Promise<number> {
  const r = await fetch(`${url}/__test/run-jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!r.ok) throw new Error(`POST /__test/run-jobs answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { ran: number }).ran;
}

// ---------------------------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------------------------

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless. The flags keep it from calling out to the (closed) network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A page in a fresh browser context (own cookies). Uncaught page errors are collected in `pageErrors`
 * so a test can assert there were none.
 */
export async function newPage(browser: Browser, opts: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  return Object.assign(page, { pageErrors });
}

export interface A11yOptions {
  /** CSS selectors to leave out (e.g. a third-party map widget). */
  exclude?: string[];
  /** axe rule ids to disable, each with a reason in the calling test. */
  disableRules?: string[];
}

/**
 * Runs axe-core on the page and fails (throws) on any violation of impact "serious" or "critical",
 * listing each rule, its help text and the offending elements.
 */
export async function checkA11y(page: Page, opts: A11yOptions = {}): Promise<void> {
  let builder = new AxeBuilder({ page });
  for (const sel of opts.exclude ?? []) builder = builder.exclude(sel);
  if (opts.disableRules?.length) builder = builder.disableRules(opts.disableRules);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length === 0) return;
  const lines = bad.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `      ${n.target.join(' ')}  ${n.html.slice(0, 160)}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
      .join('\n');
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : ''}`;
  });
  const message = `Accessibility: ${bad.length} serious/critical axe violation(s) on ${page.url()}\n${lines.join('\n')}`;
  console.error(message);
  throw new Error(message);
}

/**
 * Logs in through the real login form (/dang-nhap: fields `login` and `password`), and waits until the
 * browser has left the login page. Throws with the form's messages if the login was refused.
 */
export async function login(page: Page, url: string, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/dang-nhap`);
  const form = page.locator('form:has(input[name="password"])').first();
  await form.locator('input[name="login"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  // The POST answers either a redirect (success) or the form again with its messages: both navigate.
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await form.locator('button[type="submit"], input[type="submit"]').first().click();
  await navigated;
  await page.waitForLoadState('load');
  if (new URL(page.url()).pathname.startsWith('/dang-nhap')) {
    const messages = await page.locator('.field-error, .flash, [role="alert"]').allInnerTexts();
    throw new Error(`Login as ${email} was refused: ${messages.join(' | ') || '(no message shown)'}`);
  }
}
