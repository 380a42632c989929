import { sql } from 'kysely';
import type { RecurringJob } from '../jobs/jobs';

/**
 * PGlite has no autovacuum: without this, dead rows and stale statistics pile up and plans degrade.
 * A PostgreSQL server vacuums itself, so the job only runs on the embedded engine.
 */
export const vacuumJob: RecurringJob = {
  name: 'platform.vacuum',
  everyMinutes: 6 * 60,
  async run(ctx) {
    if (ctx.dbKind !== 'pglite') return;
    await sql`vacuum analyze`.execute(ctx.db);
    ctx.log.info('vacuum analyze done');
  },
};

/** Finished jobs are kept a while for inspection, then removed. */
export const pruneJobsJob: RecurringJob = {
  name: 'platform.prune-jobs',
  everyMinutes: 24 * 60,
  async run(ctx) {
    const before = new Date(ctx.clock.now().getTime() - 14 * 86_400_000);
    await ctx.db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', before).execute();
  },
};
