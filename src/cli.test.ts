import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openPGlite } from './platform/db/database';
import { freshDatabase } from './test/harness';
import { postgresReachable } from './test/engines';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../bin/doithoai.js');
const hasPostgres = await postgresReachable();

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, [BIN, ...args], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: '0', ...env },
    timeout: 280_000,
  });
}

describe('operator CLI', () => {
  it('prints help and refuses an unknown command', async () => {
    const help = await cli(['help'], {});
    expect(help.stdout).toContain('audit-verify');
    await expect(cli(['frobnicate'], {})).rejects.toMatchObject({ stderr: expect.stringContaining('Lệnh không tồn tại') });
  });

  it('refuses bad configuration with a clear message', async () => {
    await expect(cli(['migrate'], { PORT: 'abc' })).rejects.toMatchObject({ stderr: expect.stringContaining('PORT') });
    // Several processes cannot share an embedded database.
    await expect(cli(['serve'], { WORKERS: '2', DATABASE_URL: '' })).rejects.toMatchObject({ stderr: expect.stringContaining('WORKERS') });
  });

  it('migrates, imports units, verifies the audit trail, backs up and restores an embedded database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-cli-'));
    try {
      const env = { DATA_DIR: path.join(dir, 'a') };
      await cli(['migrate'], env);
      const units = await cli(['import-units'], env);
      expect(units.stdout).toContain('34');
      expect(units.stdout).toContain('3321');
      expect((await cli(['audit-verify'], env)).stdout).toContain('toàn vẹn');
      const file = path.join(dir, 'backup.tgz');
      await cli(['backup', '--out', file], env);
      expect(fs.statSync(file).size).toBeGreaterThan(1000);
      const target = { DATA_DIR: path.join(dir, 'b') };
      await cli(['restore', '--in', file], target);
      const h = await openPGlite(target.DATA_DIR);
      try {
        const r = await h.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        expect(Number(r.n)).toBe(34 + 3321);
      } finally {
        await h.close();
      }
      await expect(cli(['restore', '--in', file], target)).rejects.toMatchObject({ stderr: expect.stringContaining('không trống') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);

  it.runIf(hasPostgres)('backs up and restores a PostgreSQL server database with pg_dump', async () => {
    const a = await freshDatabase('postgres');
    const b = await freshDatabase('postgres');
    try {
      await cli(['import-units'], { DATABASE_URL: a.url! });
      const file = path.join(os.tmpdir(), `doithoai-${Date.now()}.dump`);
      await cli(['backup', '--out', file], { DATABASE_URL: a.url! });
      await cli(['restore', '--in', file], { DATABASE_URL: b.url! });
      const r = await b.handle.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(r.n)).toBe(34 + 3321);
      fs.rmSync(file, { force: true });
    } finally {
      await a.drop();
      await b.drop();
    }
  }, 900_000);
});
