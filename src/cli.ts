import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config';
import { createApp, createContext, registerCatalogues, seedDemo } from './app';
import { exportAnchor, verifyAnchored } from './platform/audit/anchor';
import { DataDirInUseError } from './platform/db/lock';
import { openPGlite } from './platform/db/database';
import { ControllableClock } from './platform/clock';
import { isWorker, joinCluster, runPrimary } from './platform/cluster';
import { modules } from './modules';
import type { AppContext } from './platform/context';
import { stopBuildService } from './platform/ui/assets';

const HELP = `Đối Thoại — công cụ vận hành (operator CLI)

Cách dùng: npm run cli -- <lệnh> [tùy chọn]   (hoặc: npx doithoai <lệnh>)

Lệnh:
  serve                      chạy máy chủ web (và các tác vụ định kỳ)
  migrate                    cập nhật cấu trúc cơ sở dữ liệu
  seed-demo                  nạp dữ liệu mẫu tỉnh Sơn La (nếu chưa có)
  import-units               nạp/cập nhật 34 tỉnh, thành phố và 3.321 đơn vị cấp xã
  create-admin --email E --name N [--password P]
                             tạo tài khoản quản trị hệ thống
  audit-verify               kiểm tra chuỗi băm của nhật ký thay đổi (và so với các mốc neo đã ký)
  audit-anchor               ký và xuất ngay đầu chuỗi nhật ký ra tệp mốc neo (AUDIT_ANCHOR_FILE)
  run-jobs                   chạy ngay các tác vụ đến hạn (kể cả quét hạn xử lý)
  backup --out FILE          sao lưu (PGlite: tệp .tar.gz; PostgreSQL: pg_dump -Fc)
  restore --in FILE          khôi phục từ bản sao lưu vào DATA_DIR trống (hoặc DATABASE_URL)

Cấu hình qua biến môi trường: PORT, HOST, DATA_DIR, DATABASE_URL, PUBLIC_URL, SMTP_URL, NODE_ENV, DEMO, WORKERS.`;

async function withContext<T>(config: Config, fn: (ctx: AppContext) => Promise<T>, opts: { demo?: boolean } = {}): Promise<T> {
  const { ctx, handle } = await createContext({ ...config, demo: opts.demo ?? false });
  try {
    return await fn(ctx);
  } finally {
    await handle.close();
  }
}

async function serve(config: Config) {
  if (config.workers > 1 && !isWorker()) return servePrimary(config);
  if (isWorker()) joinCluster();
  // Under NODE_ENV=test the clock can be moved through POST /__test/clock (end-to-end tests).
  const app = await createApp(config, { ...(config.env === 'test' ? { clock: new ControllableClock() } : {}), prepared: isWorker() });
  const { server, jobs, ctx } = app;
  await stopBuildService();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down: no new connections, finishing requests, closing the database');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await server.listen({ port: config.port, host: config.host });
  if (config.jobs) jobs.start();
  if (isWorker()) return;
  ctx.log.info({ url: config.publicUrl, database: ctx.dbKind, demo: config.demo }, 'Đối Thoại is ready');
  console.log(readyLine(config));
}

function readyLine(config: Config): string {
  return `Đối Thoại đang chạy tại ${config.publicUrl}${config.demo ? ' (có dữ liệu mẫu)' : ''}`;
}

/** Several processes on one PostgreSQL server: the database prepared once here, then the workers started. */
async function servePrimary(config: Config) {
  const { ctx, handle } = await createContext(config);
  await handle.close();
  ctx.mailer.close();
  const code = await runPrimary({
    workers: config.workers,
    log: ctx.log,
    onReady: () => {
      ctx.log.info({ url: config.publicUrl, database: ctx.dbKind, demo: config.demo, workers: config.workers }, 'Đối Thoại is ready');
      console.log(`${readyLine(config)} (${config.workers} tiến trình)`);
    },
  });
  process.exit(code);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
    },
    allowPositionals: true,
  });
  const config = loadConfig();
  registerCatalogues(modules);
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate':
      await withContext(config, async () => {});
      console.log('Đã cập nhật cơ sở dữ liệu.');
      return;
    case 'seed-demo':
      await withContext(config, async (ctx) => {
        console.log((await seedDemo(ctx)) ? 'Đã nạp dữ liệu mẫu.' : 'Dữ liệu mẫu đã có sẵn.');
      });
      return;
    case 'import-units':
      await withContext(config, async (ctx) => {
        const { importUnits } = await import('./modules/directory/service');
        const n = await importUnits(ctx);
        console.log(`Đã nạp ${n.provinces} tỉnh, thành phố và ${n.communes} đơn vị cấp xã.`);
      });
      return;
    case 'create-admin': {
      if (!values.email || !values.name) throw new UsageError('create-admin cần --email và --name');
      await withContext(config, async (ctx) => {
        const { createAdmin, NoAgencyError } = await import('./modules/accounts/service');
        const password = values.password ?? (await import('node:crypto')).randomBytes(12).toString('base64url');
        const shown = values.password ? '' : `\nMật khẩu (hãy đổi sau khi đăng nhập): ${password}`;
        try {
          // The admin role is given at the People's Committee of the first province that has one;
          // an existing account with that e-mail gets the new password and the role.
          const r = await createAdmin(ctx, { email: values.email!, name: values.name!, password });
          console.log(
            `Đã ${r.created ? 'tạo' : 'cập nhật'} quản trị viên ${values.email} (vai trò quản trị tại ${r.agency.name}, mã ${r.agency.code}).${shown}`,
          );
        } catch (e) {
          if (!(e instanceof NoAgencyError)) throw e;
          console.error(e.message + shown);
          process.exitCode = 1;
        }
      });
      return;
    }
    case 'audit-verify': {
      const r = await withContext(config, (ctx) => verifyAnchored(ctx.db, config));
      if (r.unanchored) console.warn('Chưa có mốc neo nào (no anchor yet): việc xóa các bản ghi mới nhất sẽ không phát hiện được. Xem AUDIT_ANCHOR_KEY trong README.');
      if (r.ok) console.log(`Nhật ký toàn vẹn: ${r.checked} bản ghi, ${r.anchors} mốc neo.`);
      else {
        console.error(`Nhật ký KHÔNG toàn vẹn (${r.checked} bản ghi đã kiểm tra):\n${r.problems.join('\n')}`);
        process.exitCode = 1;
      }
      return;
    }
    case 'audit-anchor': {
      const a = await withContext(config, (ctx) => exportAnchor(ctx));
      if (!a) {
        console.error('Chưa cấu hình khóa ký mốc neo (AUDIT_ANCHOR_KEY or AUDIT_ANCHOR_KEY_FILE).');
        process.exitCode = 1;
      } else console.log(`Đã xuất mốc neo: ${a.count} bản ghi, ${a.hash} → ${config.auditAnchorFile ?? 'nhật ký (log)'}`);
      return;
    }
    case 'run-jobs': {
      const app = await createApp({ ...config, demo: false });
      try {
        console.log(`Đã chạy ${await app.jobs.runOnce()} tác vụ.`);
      } finally {
        await app.close();
      }
      return;
    }
    case 'backup':
      return backup(config, values.out);
    case 'restore':
      return restore(config, values.in);
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return;
    default:
      throw new UsageError(`Lệnh không tồn tại: ${command}`);
  }
}

class UsageError extends Error {}

async function backup(config: Config, out?: string) {
  if (!out) throw new UsageError('backup cần --out <tệp>');
  if (config.databaseUrl) {
    execFileSync('pg_dump', ['-Fc', '-f', out, config.databaseUrl], { stdio: 'inherit' });
  } else {
    const handle = await openPGlite(config.dataDir, { sharedBuffers: config.pgliteSharedBuffers });
    try {
      const dump = await handle.pglite!.dumpDataDir('gzip');
      fs.writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await handle.close();
    }
  }
  console.log(`Đã sao lưu vào ${path.resolve(out)}`);
}

async function restore(config: Config, input?: string) {
  if (!input) throw new UsageError('restore cần --in <tệp>');
  if (config.databaseUrl) {
    execFileSync('pg_restore', ['--clean', '--if-exists', '--no-owner', '-d', config.databaseUrl, input], { stdio: 'inherit' });
  } else {
    const pgdata = path.join(config.dataDir, 'pgdata');
    if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
      throw new UsageError(`Thư mục dữ liệu ${config.dataDir} không trống; hãy dùng một DATA_DIR mới để khôi phục.`);
    }
    const handle = await openPGlite(config.dataDir, { loadDataDir: new Blob([fs.readFileSync(input)]), sharedBuffers: config.pgliteSharedBuffers });
    await handle.close();
  }
  console.log('Đã khôi phục.');
}

// A finished command exits on its own: PGlite can keep the event loop alive after close
// (seen after restoring from a dump), and an operator's shell must get its prompt back.
const command = process.argv[2];
main().then(() => {
  if (command !== 'serve') process.exit(process.exitCode ?? 0);
}).catch((e) => {
  if (e instanceof ConfigError || e instanceof UsageError || e instanceof DataDirInUseError) {
    console.error(e.message);
    if (e instanceof UsageError) console.error('\n' + HELP);
  } else {
    console.error(e);
  }
  process.exit(1);
});
