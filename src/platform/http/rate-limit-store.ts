import { sql, type Kysely, type Migration } from 'kysely';
import type { RecurringJob } from '../jobs/jobs';
import type { Executor } from '../db/types';

/**
 * @fastify/rate-limit's counters kept in the database, so that every process of the server (and every server on one
 * database) counts an address's sign-ins together: a per-process store would give each worker its own allowance.
 * Windows are fixed and timed by the database's clock. Used for the rare requests that are limited (sign-in, password
 * reset, registration), each counted under its own key prefix (see accounts/routes/limits.ts).
 */
interface Hit {
  current: number;
  ttl: number;
}
type Callback = (err: Error | null, res?: Hit) => void;

export function databaseRateLimitStore(db: Executor) {
  return class DatabaseRateLimitStore {
    incr(key: string, cb: Callback, timeWindow: number): void {
      incrementHit(db, key, timeWindow).then((h) => cb(null, h), (e: Error) => cb(e));
    }

    read(key: string, cb: Callback): void {
      readHit(db, key).then((h) => cb(null, h), (e: Error) => cb(e));
    }

    child(): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore();
    }
  };
}

/** One more hit for `key` in its current window (a new window once the last has ended). */
export async function incrementHit(db: Executor, key: string, windowMs: number): Promise<Hit> {
  const r = await sql<{ hits: number; ttl: number }>`
    insert into rate_limit_hits as h (key, hits, window_ends) values (${key}, 1, clock_timestamp() + ${windowMs} * interval '1 millisecond')
    on conflict (key) do update set
      hits = case when h.window_ends <= clock_timestamp() then 1 else h.hits + 1 end,
      window_ends = case when h.window_ends <= clock_timestamp() then excluded.window_ends else h.window_ends end
    returning hits, greatest(0, ceil(extract(epoch from (window_ends - clock_timestamp())) * 1000))::int as ttl`.execute(db);
  return { current: Number(r.rows[0].hits), ttl: Number(r.rows[0].ttl) };
}

async function readHit(db: Executor, key: string): Promise<Hit> {
  const r = await sql<{ hits: number; ttl: number }>`
    select hits, ceil(extract(epoch from (window_ends - clock_timestamp())) * 1000)::int as ttl
    from rate_limit_hits where key = ${key} and window_ends > clock_timestamp()`.execute(db);
  const row = r.rows[0];
  return row ? { current: Number(row.hits), ttl: Number(row.ttl) } : { current: 0, ttl: 0 };
}

export const rateLimitMigrations: Record<string, Migration> = {
  '202611271700_platform_rate_limit_hits': {
    async up(db: Kysely<any>) {
      await sql`create table rate_limit_hits (key text primary key, hits int not null, window_ends timestamptz not null)`.execute(db);
    },
  },
};

/** Windows that ended are removed. */
export const pruneRateLimitHitsJob: RecurringJob = {
  name: 'platform.prune-rate-limit-hits',
  everyMinutes: 60,
  async run(ctx) {
    await sql`delete from rate_limit_hits where window_ends < clock_timestamp() - interval '1 hour'`.execute(ctx.db);
  },
};
