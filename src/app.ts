import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config';
import type { AppContext } from './platform/context';
import { SystemClock, type Clock } from './platform/clock';
import { openDatabase, type DatabaseHandle } from './platform/db/database';
import { joinedTransaction } from './platform/db/joined';
import { migrateToLatest } from './platform/db/migrate';
import { coreMigrations } from './platform/db/core-migrations';
import { getMeta, metaMigrations, setMeta } from './platform/db/meta';
import { auditMigrations } from './platform/audit/audit';
import { jobMigrations, JobRunner } from './platform/jobs/jobs';
import { defineSettings, settingsMigrations } from './platform/settings/settings';
import { addMessages } from './platform/i18n/i18n';
import * as platformMessages from './platform/i18n/platform-messages';
import { createLogger, type Logger } from './platform/logger';
import { createMailer, type Mailer } from './platform/mail/mailer';
import { buildServer } from './platform/http/server';
import { AssetStore } from './platform/ui/assets';
import { filesMigrations, pruneUnattachedFilesJob } from './platform/files/files';
import * as filesMessages from './platform/files/messages';
import { pruneJobsJob, vacuumJob } from './platform/maintenance/maintenance';
import { auditAnchorJob } from './platform/audit/anchor';
import { pruneRateLimitHitsJob, rateLimitMigrations } from './platform/http/rate-limit-store';
import type { ModuleManifest } from './platform/module';
import { startModules } from './platform/module';
import { modules as allModules } from './modules';
import { createEventBus } from './platform/events/bus';
import { shareCacheForgets } from './platform/events/cache-channel';

let registered = false;
/** Messages and settings are process-wide catalogues: register them once. */
export function registerCatalogues(modules: ModuleManifest[] = allModules): void {
  if (registered) return;
  registered = true;
  addMessages(platformMessages.vi, platformMessages.en);
  addMessages(filesMessages.vi, filesMessages.en);
  for (const m of modules) {
    if (m.messages) addMessages(m.messages.vi, m.messages.en);
    if (m.settings) defineSettings(m.settings);
  }
}

export function migrationSets(modules: ModuleManifest[] = allModules) {
  return [coreMigrations, metaMigrations, auditMigrations, jobMigrations, settingsMigrations, filesMigrations, rateLimitMigrations, ...modules.map((m) => m.migrations ?? {})];
}

export interface App {
  ctx: AppContext;
  server: FastifyInstance;
  jobs: JobRunner;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  handle?: DatabaseHandle;
  mailer?: Mailer;
  log?: Logger;
  modules?: ModuleManifest[];
  /** The database is already migrated and bootstrapped (a server worker: its primary did it before starting it). */
  prepared?: boolean;
}

/** Opens the database, migrates, bootstraps reference data (and the demo), and builds the server. */
export async function createContext(config: Config, opts: AppOptions = {}): Promise<{ ctx: AppContext; handle: DatabaseHandle }> {
  const modules = opts.modules ?? allModules;
  registerCatalogues(modules);
  startModules(modules);
  const log = opts.log ?? createLogger(config.logLevel);
  const handle =
    opts.handle ?? (await openDatabase({ ...config, onIdleError: (err) => log.warn({ err }, 'database connection closed by the server; it will be replaced') }));
  try {
    if (!opts.prepared) await migrateToLatest(handle.db, migrationSets(modules));
    const ctx: AppContext = {
      config,
      db: handle.db,
      dbKind: handle.kind,
      clock: opts.clock ?? new SystemClock(),
      mailer: opts.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log }),
      log,
      modules,
      events: createEventBus(handle, log),
    };
    if (!opts.prepared) {
      for (const m of modules) if (m.bootstrap) await m.bootstrap(ctx);
      if (config.demo) await seedDemo(ctx, modules);
    }
    return { ctx, handle };
  } catch (e) {
    if (!opts.handle) await handle.close();
    throw e;
  }
}

/**
 * Loads every module's demo content once into a database that has none, in one transaction: a seed that fails
 * or is interrupted half-way leaves nothing behind, and the next start tries again from the beginning.
 */
export async function seedDemo(ctx: AppContext, modules: ModuleManifest[] = allModules): Promise<boolean> {
  if (await getMeta(ctx.db, 'demo_seeded')) return false;
  return ctx.db.transaction().execute(async (trx) => {
    // Two processes starting on one empty server database: the second waits, then finds the demo there.
    await sql`select pg_advisory_xact_lock(hashtext('doithoai.demo_seed'))`.execute(trx);
    if (await getMeta(trx, 'demo_seeded')) return false;
    const seedCtx: AppContext = { ...ctx, db: joinedTransaction(trx) };
    for (const m of modules) {
      if (m.seedDemo) {
        ctx.log.info({ module: m.name }, 'seeding demo');
        await m.seedDemo(seedCtx);
      }
    }
    await setMeta(trx, 'demo_seeded', new Date().toISOString());
    return true;
  });
}

export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const modules = opts.modules ?? allModules;
  const { ctx, handle } = await createContext(config, opts);
  const stopSharingForgets = await shareCacheForgets(ctx.events, ctx.db, ctx.log);
  const assets = new AssetStore();
  await assets.build();
  const server = await buildServer({ ctx, modules, assets, runJobs: () => jobs.runOnce() });
  const jobs = new JobRunner(
    ctx,
    new Map(modules.flatMap((m) => Object.entries(m.jobs ?? {}))),
    [vacuumJob, pruneJobsJob, pruneRateLimitHitsJob, pruneUnattachedFilesJob, auditAnchorJob(config), ...modules.flatMap((m) => m.recurring ?? [])],
  );
  let closed = false;
  return {
    ctx,
    server,
    jobs,
    handle,
    async close() {
      if (closed) return;
      closed = true;
      await jobs.stop();
      await server.close();
      await stopSharingForgets();
      await ctx.events.close();
      ctx.mailer.close();
      if (!opts.handle) await handle.close();
    },
  };
}
