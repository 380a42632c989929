import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { openPostgres } from '../db/database';
import { ReadCache } from '../cache';
import { createEventBus, type EventBus } from './bus';
import { CACHE_CHANNEL } from './cache-channel';

/** The payloads a channel receives, and a promise of the next one. */
async function collect(bus: EventBus, channel: string) {
  const got: string[] = [];
  let wake: (() => void) | null = null;
  const stop = await bus.subscribe(channel, (p) => {
    got.push(p);
    wake?.();
  });
  return {
    got,
    stop,
    async until(n: number) {
      while (got.length < n) await new Promise<void>((r) => (wake = r));
    },
  };
}

const cache = new ReadCache<{ v: number }>('test.events.cache', { max: 10, ttlMs: 3_600_000 });

describeEachEngine('platform event bus', (getApp, engine) => {
  it('delivers what a transaction published when it commits, never what it rolled back', async () => {
    const { ctx } = getApp();
    const c = await collect(ctx.events, 'test_bus');
    await ctx.db
      .transaction()
      .execute(async (tx) => {
        await ctx.events.publish(tx, 'test_bus', 'rolled back');
        throw new Error('abort');
      })
      .catch(() => undefined);
    await ctx.db.transaction().execute(async (tx) => ctx.events.publish(tx, 'test_bus', 'committed'));
    await ctx.events.publish(ctx.db, 'test_bus', 'outside');
    await c.until(2);
    expect(c.got).toEqual(['committed', 'outside']);
    await c.stop();
  });

  it('reaches a second listener on the same database (another server)', async () => {
    const app = getApp();
    const other =
      engine === 'postgres'
        ? createEventBus({ db: app.ctx.db, kind: 'postgres', url: app.database.url })
        : createEventBus({ db: app.ctx.db, kind: 'pglite', pglite: app.handle.pglite });
    const c = await collect(other, 'test_servers');
    await app.ctx.events.publish(app.ctx.db, 'test_servers', JSON.stringify({ n: 1 }));
    await c.until(1);
    expect(JSON.parse(c.got[0])).toEqual({ n: 1 });
    await c.stop();
    await other.close();
  });

  it("empties this process's read cache when another server says so on the cache channel", async () => {
    const app = getApp();
    let loads = 0;
    const load = async () => ({ v: ++loads });
    expect(await cache.get(app.ctx.db, 'k', load)).toEqual({ v: 1 });
    expect(await cache.get(app.ctx.db, 'k', load)).toEqual({ v: 1 });
    const watcher = await collect(app.ctx.events, CACHE_CHANNEL);
    // Another server: its own connection and bus, its own origin.
    const handle = engine === 'postgres' ? await openPostgres(app.database.url!, { max: 1 }) : null;
    const other = handle ? createEventBus(handle) : createEventBus({ db: app.ctx.db, kind: 'pglite', pglite: app.handle.pglite });
    await other.publish(handle?.db ?? app.ctx.db, CACHE_CHANNEL, JSON.stringify({ o: other.origin, n: 'test.events.cache' }));
    await watcher.until(1);
    expect(await cache.get(app.ctx.db, 'k', load)).toEqual({ v: 2 });
    await watcher.stop();
    await other.close();
    await handle?.close();
  });

  it('refuses a channel name that is not an identifier', async () => {
    const { ctx } = getApp();
    await expect(ctx.events.publish(ctx.db, 'bad channel"; drop', 'x')).rejects.toThrow();
    expect((await sql<{ ok: number }>`select 1 as ok`.execute(ctx.db)).rows[0].ok).toBe(1);
  });
});
