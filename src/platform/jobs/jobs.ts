import { sql, type Kysely, type Migration } from 'kysely';
import type { Executor } from '../db/types';
import type { AppContext } from '../context';

declare module '../db/types' {
  interface Database {
    jobs: {
      id: import('kysely').Generated<number>;
      name: string;
      payload: unknown;
      run_at: Date;
      attempts: import('kysely').Generated<number>;
      status: import('kysely').Generated<'queued' | 'running' | 'done' | 'failed'>;
      last_error: string | null;
      created_at: import('kysely').Generated<Date>;
      finished_at: Date | null;
    };
    job_schedules: { name: string; last_run_at: Date | null; next_run_at: Date };
  }
}

export type JobHandler = (ctx: AppContext, payload: any) => Promise<void>;

/** A job that runs every `everyMinutes`, e.g. the deadline scan. */
export interface RecurringJob {
  name: string;
  everyMinutes: number;
  run: (ctx: AppContext) => Promise<void>;
}

const MAX_ATTEMPTS = 5;

/**
 * Enqueue in the caller's transaction (a transactional outbox): the job exists exactly when the
 * state change that asked for it was committed.
 */
export async function enqueue(tx: Executor, name: string, payload: unknown, runAt?: Date): Promise<void> {
  await enqueueMany(tx, [{ name, payload, runAt }]);
}

/** Several jobs in one statement (a notification to many people). */
export async function enqueueMany(tx: Executor, jobs: Array<{ name: string; payload: unknown; runAt?: Date }>): Promise<void> {
  if (!jobs.length) return;
  const now = new Date();
  await tx
    .insertInto('jobs')
    .values(jobs.map((j) => ({ name: j.name, payload: JSON.stringify(j.payload ?? null), run_at: j.runAt ?? now, last_error: null, finished_at: null }) as any))
    .execute();
}

export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: Map<string, JobHandler>,
    private readonly recurring: RecurringJob[],
    private readonly pollMs = 2000,
  ) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((e) => this.ctx.log.error({ err: e }, 'job runner tick failed'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
        });
    };
    this.timer = setTimeout(tick, 10);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs due recurring jobs, then queued jobs that are due. Returns how many ran. */
  async runOnce(limit = 50): Promise<number> {
    let ran = 0;
    const now = this.ctx.clock.now();
    for (const job of this.recurring) {
      const due = await this.claimSchedule(job, now);
      if (!due) continue;
      try {
        await job.run(this.ctx);
      } catch (e) {
        this.ctx.log.error({ err: e, job: job.name }, 'recurring job failed');
      }
      ran++;
    }
    for (let i = 0; i < limit; i++) {
      const job = await this.ctx.db.transaction().execute(async (tx) => {
        const row = await tx
          .selectFrom('jobs')
          .selectAll()
          .where('status', '=', 'queued')
          .where('run_at', '<=', now)
          .orderBy('run_at')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!row) return null;
        await tx.updateTable('jobs').set({ status: 'running', attempts: sql`attempts + 1` }).where('id', '=', row.id).execute();
        return row;
      });
      if (!job) break;
      const handler = this.handlers.get(job.name);
      try {
        if (!handler) throw new Error(`No handler for job ${job.name}`);
        await handler(this.ctx, job.payload);
        await this.ctx.db.updateTable('jobs').set({ status: 'done', finished_at: new Date() }).where('id', '=', job.id).execute();
      } catch (e) {
        const attempts = job.attempts + 1;
        const failed = attempts >= MAX_ATTEMPTS;
        await this.ctx.db
          .updateTable('jobs')
          .set({
            status: failed ? 'failed' : 'queued',
            last_error: String((e as Error)?.stack ?? e).slice(0, 2000),
            run_at: new Date(now.getTime() + 30_000 * 2 ** attempts),
          })
          .where('id', '=', job.id)
          .execute();
        this.ctx.log.warn({ err: e, job: job.name, attempts }, 'job failed');
      }
      ran++;
    }
    return ran;
  }

  private async claimSchedule(job: RecurringJob, now: Date): Promise<boolean> {
    return this.ctx.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('job_schedules').selectAll().where('name', '=', job.name).forUpdate().executeTakeFirst();
      if (row && row.next_run_at > now) return false;
      const next = new Date(now.getTime() + job.everyMinutes * 60_000);
      await tx
        .insertInto('job_schedules')
        .values({ name: job.name, last_run_at: now, next_run_at: next })
        .onConflict((oc) => oc.column('name').doUpdateSet({ last_run_at: now, next_run_at: next }))
        .execute();
      return true;
    });
  }
}

export const jobMigrations: Record<string, Migration> = {
  '202611270002_platform_jobs': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb')
        .addColumn('run_at', 'timestamptz', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('finished_at', 'timestamptz')
        .execute();
      await sql`create index jobs_due on jobs (run_at, id) where status = 'queued'`.execute(db);
      await db.schema
        .createTable('job_schedules')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('last_run_at', 'timestamptz')
        .addColumn('next_run_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
};
