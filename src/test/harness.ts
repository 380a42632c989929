import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createApp, type App } from '../app';
import { loadConfig, type Config } from '../config';
import { ControllableClock } from '../platform/clock';
import { openPGlite, openPostgres, type DatabaseHandle } from '../platform/db/database';
import { createLogger } from '../platform/logger';
import type { Mailer } from '../platform/mail/mailer';
import { enginesToTest, TEST_PG_URL, type Engine } from './engines';

export interface TestDatabase {
  engine: Engine;
  handle: DatabaseHandle;
  url?: string;
  dataDir?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the engine: a temporary PGlite folder or a new database on the server. */
export async function freshDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-test-'));
    const handle = await openPGlite(dataDir);
    return {
      engine,
      handle,
      dataDir,
      async drop() {
        await handle.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `doithoai_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), { max: 10 });
  return {
    engine,
    handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      // The pool's promise resolves before its connections have said goodbye: a forced drop would kill them
      // mid-way, and a killed connection with no listener left ends the test process.
      for (let i = 0; i < 50; i++) {
        const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (r.rows[0].n === 0) break;
        await new Promise((ok) => setTimeout(ok, 100));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', DEMO: '0', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000', TRUST_PROXY: 'loopback' } as NodeJS.ProcessEnv),
    ...overrides,
  };
}

/** A mailer that keeps what it would send, for tests that do not need real SMTP. */
export class MemoryMailer implements Mailer {
  sent: Array<{ to: string; subject: string; text: string; html?: string }> = [];
  async send(msg: { to: string; subject: string; text: string; html?: string }) {
    this.sent.push(msg);
  }
  close() {}
}

export interface TestApp extends App {
  engine: Engine;
  clock: ControllableClock;
  mail: MemoryMailer;
}

export async function createTestApp(
  engine: Engine,
  opts: { demo?: boolean; config?: Partial<Config>; mailer?: Mailer } = {},
): Promise<TestApp & { database: TestDatabase }> {
  const database = await freshDatabase(engine);
  const clock = new ControllableClock();
  const mail = new MemoryMailer();
  const app = await createApp(testConfig({ demo: !!opts.demo, ...opts.config }), {
    handle: database.handle,
    clock,
    mailer: opts.mailer ?? mail,
    log: createLogger('silent'),
  });
  const close = app.close;
  return Object.assign(app, {
    engine,
    clock,
    mail,
    database,
    async close() {
      await close();
      await database.drop();
    },
  });
}

const engines = await enginesToTest();

/**
 * Runs a suite once per database engine, each on its own fresh database:
 *   describeEachEngine('petitions', (getApp) => { it('…', async () => { const app = getApp(); … }) })
 */
export function describeEachEngine(
  name: string,
  fn: (getApp: () => TestApp & { database: TestDatabase }, engine: Engine) => void,
  opts: { demo?: boolean; config?: Partial<Config>; mailer?: Mailer } = {},
): void {
  for (const engine of engines) {
    describe(`${name} [${engine}]`, () => {
      let app: TestApp & { database: TestDatabase };
      beforeAll(async () => {
        app = await createTestApp(engine, opts);
      }, 600_000);
      afterAll(async () => {
        await app?.close();
      }, 120_000);
      fn(() => app, engine);
    });
  }
}
