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
  private byDb = new WeakMap<object, { lru: LRUCache<string, V>; loading: Map<string, Promise<V | undefined>> }>();
  private generation = 0;

  constructor(
    readonly name: string,
    private readonly opts: { max: number; ttlMs: number },
  ) {
    registerCache(name, () => this.forgetHere());
  }

  async get(db: Executor, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const slot = this.slotOf(db);
    if (!slot) return load();
    const hit = slot.lru.get(key);
    if (hit !== undefined) return hit;
    // One load per key at a time: the requests that miss meanwhile wait for it (50 at once on an expired entry would
    // otherwise run the same query 50 times). A forget() starts a new slot, so a later request never joins a load
    // that began before the change.
    const running = slot.loading.get(key);
    if (running) return running;
    const generation = this.generation;
    const loading = load().then((value) => {
      if (value === undefined) return value;
      // Shared with whoever joined, so frozen even when not kept.
      deepFreeze(value);
      // A load that began before a forget() may hold what was just changed: not kept.
      if (generation === this.generation) slot.lru.set(key, value);
      return value;
    });
    slot.loading.set(key, loading);
    try {
      return await loading;
    } finally {
      if (slot.loading.get(key) === loading) slot.loading.delete(key);
    }
  }

  /** Several keys at once: the missing ones loaded together. */
  async getMany<K extends string | number>(db: Executor, keys: K[], load: (missing: K[]) => Promise<Map<K, V>>): Promise<Map<K, V>> {
    const lru = this.slotOf(db)?.lru;
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

  /**
   * Drops one entry in this process only: for an entry this process itself made outdated in a way every process
   * detects and corrects alone (a session's sliding expiry), where a broadcast would empty everyone's cache for it.
   */
  dropHere(db: Executor, key: string): void {
    this.slotOf(db)?.lru.delete(key);
  }

  private forgetHere(): void {
    this.generation++;
    this.byDb = new WeakMap();
  }

  private slotOf(db: Executor): { lru: LRUCache<string, V>; loading: Map<string, Promise<V | undefined>> } | undefined {
    if ((db as { isTransaction?: boolean }).isTransaction) return undefined;
    let slot = this.byDb.get(db);
    if (!slot) {
      slot = { lru: new LRUCache<string, V>({ max: this.opts.max, ttl: this.opts.ttlMs }), loading: new Map() };
      this.byDb.set(db, slot);
    }
    return slot;
  }
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v) && !(v instanceof Date) && !ArrayBuffer.isView(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
