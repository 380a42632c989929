import type { Config } from '../../config';
import type { Executor } from '../db/types';

/**
 * Full-text search behind one interface, the provider chosen by configuration (SEARCH_PROVIDER), as Outline's
 * SearchProviderManager does. A module declares a corpus — what it searches — with a provider per backend:
 * `postgres` (required: PostgreSQL alone, on PGlite and the server, no copy of the corpus in the process) and
 * optionally `memory` (an index held in each process, bounded by SEARCH_MEMORY_MAX_ENTRIES). Whichever answers,
 * the matches are ranked the same way (rank.ts), so the order a citizen sees does not depend on the provider.
 */
export const SEARCH_PROVIDERS = ['postgres', 'memory'] as const;
export type SearchProviderName = (typeof SEARCH_PROVIDERS)[number];

/** A question: every group must match (a group: alternatives; the last one's words also as prefixes when
 *  `prefixLast`), or any group when `any`; among the newest matches (at most `candidates`), ranked, a page. */
export interface SearchQuery<F> {
  groups: string[][];
  prefixLast?: boolean;
  any?: boolean;
  filters: F;
  /** How many of the newest matches are ranked. */
  candidates: number;
  offset: number;
  limit: number;
}

export interface SearchHit {
  id: number;
  rank: number;
}

/** A ranked page of matches and how many candidates were ranked. */
export interface SearchPage {
  hits: SearchHit[];
  total: number;
}

/** What a provider is asked with: the database and the configuration (an AppContext is one). */
export interface SearchEnv {
  db: Executor;
  config: Pick<Config, 'searchProvider' | 'searchMemoryMaxEntries'>;
}

export interface SearchProvider<F> {
  readonly name: SearchProviderName;
  /** The ranked page; null when this provider cannot answer now (a memory index being built, or over its bound):
   *  the corpus's postgres provider answers instead. */
  query(env: SearchEnv, q: SearchQuery<F>): Promise<SearchPage | null>;
  /** Whether some document of the corpus holds this word (a mistyped word is widened only when none does). */
  knows(env: SearchEnv, word: string): Promise<boolean>;
  /** Prepares ahead of the first question (at start); resolves when ready, never fails. */
  warm?(env: SearchEnv): Promise<void>;
  /** Drops what the provider holds for this database (after a bulk load: read again). */
  forget?(db: Executor): void;
}

export interface SearchCorpus<F> {
  name: string;
  postgres: SearchProvider<F>;
  memory?: SearchProvider<F>;
}

/** The configured provider of a corpus (postgres when the corpus has no provider of that name). */
export function searchProvider<F>(config: SearchEnv['config'], corpus: SearchCorpus<F>): SearchProvider<F> {
  return corpus[config.searchProvider] ?? corpus.postgres;
}

/** Lets go of what every provider of the corpus holds for this database (after a bulk load). */
export function forgetCorpus(db: Executor, corpus: SearchCorpus<unknown>): void {
  corpus.postgres.forget?.(db);
  corpus.memory?.forget?.(db);
}

/** Asks the configured provider, and the postgres provider when it cannot answer now. */
export async function searchCorpus<F>(env: SearchEnv, corpus: SearchCorpus<F>, q: SearchQuery<F>): Promise<{ page: SearchPage; provider: SearchProvider<F> }> {
  const chosen = searchProvider(env.config, corpus);
  const page = await chosen.query(env, q);
  if (page) return { page, provider: chosen };
  const fallback = await corpus.postgres.query(env, q);
  if (!fallback) throw new Error(`search: the postgres provider of ${corpus.name} gave no answer`);
  return { page: fallback, provider: corpus.postgres };
}
