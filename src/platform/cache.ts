import { LRUCache } from 'lru-cache';
import type { Executor } from './db/types';

/**
 * What a process keeps in memory from the database, by name, so that a change made in one process can empty the
 * same cache in the others (the server's workers: see platform/cluster.ts). `forgetCache(name)` empties it here and
 * tells the others through the broadcast the cluster sets; `forgetCacheHere(name)` is what a process does when told.
 */
const forgetters = new Map<string, () => void>();
let broadcast: ((name: string) => void) | null = null;
/** Further ways to tell other processes (the event bus, to the other servers on the database). */
const broadcasts = new Set<(name: string) => void>();

export function registerCache(name: string, forgetHere: () => void): void {
  if (forgetters.has(name)) throw new Error(`Two caches named ${name}`);
  forgetters.set(name, forgetHere);
}

/** Empties the named cache in this process and, through the broadcast, in the other processes of the server. */
export function forgetCache(name: string): void {
  forgetCacheHere(name);
  forgetCacheElsewhere(name);
}

/** Tells the server's other processes to empty the named cache (this one has done its part itself). */
export function forgetCacheElsewhere(name: string): void {
  broadcast?.(name);
  for (const b of broadcasts) b(name);
}

/** Adds a way to tell the other processes (returns its removal). */
export function addCacheBroadcast(fn: (name: string) => void): () => void {
  broadcasts.add(fn);
  return () => broadcasts.delete(fn);
}

/** Empties the named cache in this process only (a message from another process); unknown names are ignored. */
export function forgetCacheHere(name: string): void {
  forgetters.get(name)?.();
}

/** How this process tells the others that a cache must be emptied (null: a single process). */
export function setCacheBroadcast(fn: ((name: string) => void) | null): void {
  broadcast = fn;
}

/**
 * A read-through cache, one per database, for data read far more often than it changes: the directory, public
 * lists. Reads inside a transaction bypass it, so a use case always sees its own writes. `forget()` empties it at
 * once in this process, in the server's other workers and, through the event bus (platform/events), in the processes
 * of every other server on the database (call it after a write commits: inside a transaction, through
 * `afterCommit(tx, …)` of db/after-commit.ts). Values are frozen: a caller that changed one would change it
 * for everyone.
 */
export class ReadCache<V extends object> {
  private byDb = new WeakMap<object, LRUCache<string, V>>();
  private generation = 0;
  /** Loads under way, by database and key: a get that finds one shares it when it may (see `get`). */
  private loading = new WeakMap<object, Map<string, { generation: number; started: number; value: Promise<V | undefined> }>>();
  /** Counts the loads begun, so that a get can tell whether one began after it arrived. */
  private loadsBegun = 0;

  constructor(
    readonly name: string,
    private readonly opts: { max: number; ttlMs: number },
  ) {
    registerCache(name, () => this.forgetHere());
  }

  /**
   * The value of `key`, loaded when missing. Gets of a missing key at the same time share one load (a page read by
   * fifty people at once is counted once): a get shares a load under way when nothing was forgotten between that
   * load's start and the get's arrival, or when the load began after the get arrived; otherwise it waits for that
   * load to end and looks again, so it never receives what was read before a change it came after.
   */
  async get(db: Executor, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.lruOf(db)) return load();
    const arrivedAt = this.generation;
    const arrivedAfter = this.loadsBegun;
    for (;;) {
      // The current generation's entries (a forget() while this get waited replaced them).
      const hit = this.lruOf(db)!.get(key);
      if (hit !== undefined) return hit;
      const byKey = this.loadingOf(db);
      const under = byKey.get(key);
      if (!under) break;
      if (under.generation === arrivedAt || under.started > arrivedAfter) return under.value;
      await under.value.catch(() => undefined);
      if (byKey.get(key) === under) byKey.delete(key);
    }
    const generation = this.generation;
    const byKey = this.loadingOf(db);
    const entry = { generation, started: ++this.loadsBegun, value: load() };
    byKey.set(key, entry);
    try {
      const value = await entry.value;
      // A load that began before a forget() may hold what was just changed: not kept.
      if (value !== undefined && generation === this.generation) this.lruOf(db)!.set(key, deepFreeze(value));
      return value;
    } finally {
      if (byKey.get(key) === entry) byKey.delete(key);
    }
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
    forgetCache(this.name);
  }

  private forgetHere(): void {
    this.generation++;
    this.byDb = new WeakMap();
  }

  private loadingOf(db: Executor): Map<string, { generation: number; started: number; value: Promise<V | undefined> }> {
    let m = this.loading.get(db);
    if (!m) this.loading.set(db, (m = new Map()));
    return m;
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
