import { addCacheBroadcast, forgetCacheHere } from '../cache';
import type { Db } from '../db/types';
import type { Logger } from '../logger';
import type { EventBus } from './bus';

/** The channel on which a process tells every other process on the database which read cache to empty. */
export const CACHE_CHANNEL = 'doithoai_cache';

/**
 * Joins this process to the cache channel: a `forget()` here is published (after the write committed, as callers
 * do), and a forget published by any other process — another worker, another server — empties the cache here.
 * The process's own messages come back to it and are skipped.
 */
export async function shareCacheForgets(bus: EventBus, db: Db, log: Logger): Promise<() => Promise<void>> {
  const unsubscribe = await bus.subscribe(CACHE_CHANNEL, (payload) => {
    try {
      const m = JSON.parse(payload) as { o?: string; n?: string };
      if (m.o !== bus.origin && typeof m.n === 'string') forgetCacheHere(m.n);
    } catch {
      // Not ours: ignored.
    }
  });
  const remove = addCacheBroadcast((name) => {
    bus.publish(db, CACHE_CHANNEL, JSON.stringify({ o: bus.origin, n: name })).catch((err) => log.warn({ err, cache: name }, 'cache forget not published'));
  });
  return async () => {
    remove();
    await unsubscribe();
  };
}
