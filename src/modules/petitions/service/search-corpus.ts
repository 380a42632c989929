import { sql, type Expression, type SqlBool } from 'kysely';
import type { SearchCorpus, SearchProvider } from '../../../platform/search/provider';
import { findInDatabase, knownWord } from './search-sql';
import { forgetPublicIndex, publicIndex, warmPublicIndex } from './public-index';
import type { ListFilters } from '../schema';

/** What the public may filter a search by (petition_search carries it, and so does the memory index). */
export type PublicSearchFilters = Pick<ListFilters, 'status' | 'kind' | 'channel' | 'category' | 'unit' | 'agency'>;

/**
 * The published public petitions as a search corpus: by default PostgreSQL alone (petition_search: folded words in
 * a GIN-indexed tsvector, the newest first), or the memory index when SEARCH_PROVIDER=memory. `where` turns the
 * filters into conditions over petition_search (alias p), the same the lists use.
 */
export function publicPetitionCorpus(where: (f: PublicSearchFilters) => Expression<SqlBool>[]): SearchCorpus<PublicSearchFilters> {
  const postgres: SearchProvider<PublicSearchFilters> = {
    name: 'postgres',
    query: (env, q) => findInDatabase(env.db, { from: sql`petition_search p`, where: where(q.filters), order: sql`p.published_at desc, p.id desc` }, q),
    knows: (env, word) => knownWord(env.db, word),
  };
  const memory: SearchProvider<PublicSearchFilters> = {
    name: 'memory',
    async query(env, q) {
      const index = await publicIndex(env.db, env.config.searchMemoryMaxEntries);
      if (!index) return null;
      const { matches, total } = index.search(q.groups, { prefixLast: q.prefixLast, any: q.any, filters: q.filters, max: q.candidates });
      return { hits: matches.slice(q.offset, q.offset + q.limit), total };
    },
    async knows(env, word) {
      const index = await publicIndex(env.db, env.config.searchMemoryMaxEntries);
      return index ? index.has(word) : knownWord(env.db, word);
    },
    warm: (env) => warmPublicIndex(env.db, env.config.searchMemoryMaxEntries),
    forget: (db) => forgetPublicIndex(db),
  };
  return { name: 'petitions.public', postgres, memory };
}
