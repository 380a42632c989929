import { LRUCache } from 'lru-cache';
import type { Executor } from './db/types';

/**
 * A read-through cache, one per database, for data read far more often than it changes: the directory, public
 * lists. Reads inside a transaction bypass it, so a use case always sees its own writes. `forget()` empties it in
 * this process at once (call it after a write commits); other processes sharing a server database see the change
 * when their entries expire. Values are frozen: a caller that changed one would change it for everyone.
 */
export class ReadCache<V extends object> {
  private byDb = new WeakMap<object, LRUCache<string, V>>();
  private generation = 0;

  constructor(private readonly opts: { max: number; ttlMs: number }) {}

  async get(db: Executor, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const lru = this.lruOf(db);
    if (!lru) return load();
    const hit = lru.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    // A load that began before a forget() may hold what was just changed: not kept.
    if (value !== undefined && generation === this.generation) lru.set(key, deepFreeze(value));
    return value;
  }

  /** Several keys at once: the missing ones loaded together. */
  async getMany<K extends string | number>(db: Executor, keys: K[], load: (missing: K[]) => Promise<Map<K, V>>): Promise<Map<K, V>> {
    const lru = this.lruOf(db);
    if (!lru) return load(keys);
    const found = new Map<K, V>();
    const missing: K[] = [];
    for (const k of new Set(keys)) {
      const hit = lru.get(String(k));
      if (hit !== undefined) found.set(k, hit);
      else missing.push(k);
    }
    if (!missing.length) return found;
    const generation = this.generation;
    for (const [k, v] of await load(missing)) {
      if (generation === this.generation) lru.set(String(k), deepFreeze(v));
      found.set(k, v);
    }
    return found;
  }

  forget(): void {
    this.generation++;
    this.byDb = new WeakMap();
  }

  private lruOf(db: Executor): LRUCache<string, V> | undefined {
    if ((db as { isTransaction?: boolean }).isTransaction) return undefined;
    let lru = this.byDb.get(db);
    if (!lru) {
      lru = new LRUCache<string, V>({ max: this.opts.max, ttl: this.opts.ttlMs });
      this.byDb.set(db, lru);
    }
    return lru;
  }
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v) && !(v instanceof Date) && !ArrayBuffer.isView(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
