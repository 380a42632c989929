import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';
import type { Executor } from '../db/types';
import { searchCorpus, searchProvider, type SearchCorpus, type SearchProvider } from './provider';
import { byRank, roundRank, wordScore } from './rank';

function provider(name: 'postgres' | 'memory', answer: number[] | null): SearchProvider<object> & { asked: number } {
  const p = {
    name,
    asked: 0,
    async query() {
      p.asked++;
      return answer && { hits: answer.map((id) => ({ id, rank: 1 })), total: answer.length };
    },
    knows: async () => false,
  };
  return p;
}

describe('search providers', () => {
  const env = (searchProvider: 'postgres' | 'memory') => ({ db: {} as Executor, config: { searchProvider, searchMemoryMaxEntries: 10 } });
  const q = { groups: [['x']], filters: {}, candidates: 300, offset: 0, limit: 10 };

  it('are chosen by SEARCH_PROVIDER (postgres unless told), a name it does not know refused', () => {
    expect(loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv).searchProvider).toBe('postgres');
    expect(loadConfig({ NODE_ENV: 'test', SEARCH_PROVIDER: 'memory' } as NodeJS.ProcessEnv).searchProvider).toBe('memory');
    expect(() => loadConfig({ NODE_ENV: 'test', SEARCH_PROVIDER: 'elastic' } as NodeJS.ProcessEnv)).toThrow(ConfigError);
    const corpus: SearchCorpus<object> = { name: 't', postgres: provider('postgres', [1]) };
    expect(searchProvider(env('memory').config, corpus).name).toBe('postgres');
  });

  it('fall back to postgres when the configured one cannot answer now', async () => {
    const memory = provider('memory', null);
    const postgres = provider('postgres', [2, 1]);
    const r = await searchCorpus(env('memory'), { name: 't', postgres, memory }, q);
    expect([r.provider.name, r.page.hits.map((h) => h.id), memory.asked, postgres.asked]).toEqual(['postgres', [2, 1], 1, 1]);
    const ready = provider('memory', [3]);
    const s = await searchCorpus(env('memory'), { name: 't', postgres, memory: ready }, q);
    expect([s.provider.name, s.page.hits.map((h) => h.id), postgres.asked]).toEqual(['memory', [3], 1]);
  });

  it('rank title words first, then occurrences, ties newest first, compared at 9 decimals', () => {
    expect(wordScore(true, 1)).toBe(1);
    expect(wordScore(false, 1)).toBe(0.4);
    expect(wordScore(false, 500)).toBe(wordScore(false, 127));
    const hits = [
      { id: 1, rank: 1 + 1e-12 },
      { id: 2, rank: 1 },
      { id: 3, rank: 1.4 },
    ];
    expect(hits.sort(byRank).map((h) => h.id)).toEqual([3, 2, 1]);
    expect(roundRank(0.1 + 0.2)).toBe(0.3);
  });
});
