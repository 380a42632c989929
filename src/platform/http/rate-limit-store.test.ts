import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { databaseRateLimitStore, incrementHit, pruneRateLimitHitsJob } from './rate-limit-store';

describeEachEngine('rate limit counters in the database', (getApp) => {
  it('counts the hits of one key together across stores (as the processes of one server do), each key apart', async () => {
    const { ctx } = getApp();
    const Store = databaseRateLimitStore(ctx.db);
    const a = new Store().child();
    const b = new Store().child();
    const incr = (s: InstanceType<typeof Store>, key: string) =>
      new Promise<{ current: number; ttl: number }>((res, rej) => s.incr(key, (e, h) => (e ? rej(e) : res(h!)), 60_000));
    expect((await incr(a, 'login:10.0.0.1')).current).toBe(1);
    expect((await incr(b, 'login:10.0.0.1')).current).toBe(2);
    const third = await incr(a, 'login:10.0.0.1');
    expect(third.current).toBe(3);
    expect(third.ttl).toBeGreaterThan(50_000);
    expect(third.ttl).toBeLessThanOrEqual(60_000);
    expect((await incr(b, 'reset:10.0.0.1')).current).toBe(1);
    const read = await new Promise<{ current: number }>((res, rej) => b.read('login:10.0.0.1', (e, h) => (e ? rej(e) : res(h!))));
    expect(read.current).toBe(3);
  });

  it('starts a new window once the last one has ended, and the prune job removes ended windows', async () => {
    const { ctx } = getApp();
    await incrementHit(ctx.db, 'login:10.0.0.2', 60_000);
    await incrementHit(ctx.db, 'login:10.0.0.2', 60_000);
    await sql`update rate_limit_hits set window_ends = clock_timestamp() - interval '2 hours' where key = 'login:10.0.0.2'`.execute(ctx.db);
    expect((await incrementHit(ctx.db, 'login:10.0.0.2', 60_000)).current).toBe(1);
    await incrementHit(ctx.db, 'login:10.0.0.3', 60_000);
    await sql`update rate_limit_hits set window_ends = clock_timestamp() - interval '2 hours' where key = 'login:10.0.0.3'`.execute(ctx.db);
    await pruneRateLimitHitsJob.run(ctx);
    const keys = await sql<{ key: string }>`select key from rate_limit_hits where key in ('login:10.0.0.2', 'login:10.0.0.3') order by key`.execute(ctx.db);
    expect(keys.rows.map((r) => r.key)).toEqual(['login:10.0.0.2']);
  });
});
