import { describe, expect, it } from 'vitest';
import { forgetCacheHere, ReadCache, setCacheBroadcast } from './cache';
import type { Executor } from './db/types';

// The cache only asks a database whether it is a transaction and uses it as a key: stand-ins do here.
const root = { isTransaction: false } as unknown as Executor;
const other = { isTransaction: false } as unknown as Executor;
const tx = { isTransaction: true } as unknown as Executor;

describe('ReadCache', () => {
  it('loads once per database and key, never inside a transaction, and forgets on demand', async () => {
    const cache = new ReadCache<{ n: number }>('test.cache1', { max: 10, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cache.get(root, 'a', load)).toEqual({ n: 1 });
    expect(await cache.get(root, 'a', load)).toEqual({ n: 1 });
    expect(await cache.get(other, 'a', load)).toEqual({ n: 2 });
    expect(await cache.get(tx, 'a', load)).toEqual({ n: 3 });
    expect(await cache.get(tx, 'a', load)).toEqual({ n: 4 });
    cache.forget();
    expect(await cache.get(root, 'a', load)).toEqual({ n: 5 });
  });

  it('does not keep what was loaded while a change was being made, nor what is missing', async () => {
    const cache = new ReadCache<{ v: string }>('test.cache2', { max: 10, ttlMs: 60_000 });
    const stale = cache.get(root, 'k', async () => {
      cache.forget(); // a write commits while this read is in flight
      return { v: 'old' };
    });
    expect(await stale).toEqual({ v: 'old' });
    expect(await cache.get(root, 'k', async () => ({ v: 'new' }))).toEqual({ v: 'new' });
    expect(await cache.get(root, 'none', async () => undefined)).toBeUndefined();
    expect(await cache.get(root, 'none', async () => ({ v: 'now there' }))).toEqual({ v: 'now there' });
  });

  it('runs one load for the requests that miss the same key at once; one after a forget() does not join it', async () => {
    const cache = new ReadCache<{ n: number }>('test.cache4', { max: 10, ttlMs: 60_000 });
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async () => {
      const n = ++loads;
      await gate;
      return { n };
    };
    const first = [cache.get(root, 'k', load), cache.get(root, 'k', load), cache.get(root, 'k', load)];
    const otherKey = cache.get(root, 'j', load);
    expect(loads).toBe(2);
    cache.forget(); // a change commits while the loads are running
    const after = cache.get(root, 'k', load);
    expect(loads).toBe(3);
    release();
    expect((await Promise.all(first)).map((v) => v!.n)).toEqual([1, 1, 1]);
    expect((await otherKey)!.n).toBe(2);
    expect((await after)!.n).toBe(3);
    expect(Object.isFrozen(await first[0])).toBe(true);
    // A failed load is not kept: the next request loads again.
    await expect(cache.get(root, 'x', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get(root, 'x', async () => ({ n: 9 }))).toEqual({ n: 9 });
  });

  it('shares one load among the gets of a missing key, but not with a get that came after a forget', async () => {
    const cache = new ReadCache<{ n: number }>('test.cache5', { max: 10, ttlMs: 60_000 });
    let loads = 0;
    let release: () => void = () => {};
    const slow = async () => {
      const n = ++loads;
      await new Promise<void>((r) => (release = r));
      return { n };
    };
    const first = cache.get(root, 'k', slow);
    const together = cache.get(root, 'k', slow);
    // A change commits while the first load is under way: a get after it must not receive that load's value.
    cache.forget();
    const after = cache.get(root, 'k', async () => ({ n: ++loads }));
    const late = cache.get(root, 'k', slow);
    release();
    expect(await first).toEqual({ n: 1 });
    expect(await together).toEqual({ n: 1 });
    // Both came after the forget: one of them loads again, the other shares that load.
    expect(await after).toEqual({ n: 2 });
    expect(await late).toEqual({ n: 2 });
    expect(loads).toBe(2);
    // The first load began before the forget and was not kept; the second was.
    expect(await cache.get(root, 'k', async () => ({ n: 99 }))).toEqual({ n: 2 });
  });

  it('loads only the missing keys of a batch, and freezes what it keeps', async () => {
    const cache = new ReadCache<{ id: number; tags: string[] }>('test.cache3', { max: 10, ttlMs: 60_000 });
    const asked: number[][] = [];
    const load = async (ids: number[]) => {
      asked.push(ids);
      return new Map(ids.map((id) => [id, { id, tags: ['x'] }]));
    };
    await cache.getMany(root, [1, 2], load);
    const got = await cache.getMany(root, [2, 3, 3], load);
    expect(asked).toEqual([[1, 2], [3]]);
    expect([...got.keys()].sort()).toEqual([2, 3]);
    expect(() => got.get(2)!.tags.push('y')).toThrow(TypeError);
  });
});

describe('caches by name', () => {
  it('a forget empties the cache here and tells the other processes its name; one told empties only its own', async () => {
    const told: string[] = [];
    setCacheBroadcast((name) => told.push(name));
    try {
      const cache = new ReadCache<{ n: number }>('test.named', { max: 10, ttlMs: 60_000 });
      let loads = 0;
      const load = async () => ({ n: ++loads });
      await cache.get(root, 'a', load);
      cache.forget();
      expect(told).toEqual(['test.named']);
      expect(await cache.get(root, 'a', load)).toEqual({ n: 2 });
      forgetCacheHere('test.named'); // what another process's change does here
      expect(told).toEqual(['test.named']);
      expect(await cache.get(root, 'a', load)).toEqual({ n: 3 });
      forgetCacheHere('test.unknown');
      expect(() => new ReadCache('test.named', { max: 1, ttlMs: 1 })).toThrow(/test.named/);
    } finally {
      setCacheBroadcast(null);
    }
  });
});
