import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import { ReadCache } from '../../../platform/cache';
import { rankSql } from '../../../platform/search/rank';
import type { SearchPage, SearchQuery } from '../../../platform/search/provider';

/** The most recent petitions looked at first (at least, at most), and how many matches there suffice. */
const SEARCH_WINDOW = 3000;
const SEARCH_WINDOW_MAX = 20000;
const SEARCH_ENOUGH = 100;
/** Expected matches below which the full-text index is used directly. */
const SEARCH_RARE = 3000;

/** Where the database searches: the rows (alias p, with p.id and p.search_tsv), which of them, newest first. */
export interface SqlScope {
  from: RawBuilder<unknown>;
  where: Expression<SqlBool>[];
  order: RawBuilder<unknown>;
}

/**
 * A question answered by PostgreSQL alone: the newest matches (at most `candidates`) ranked as every provider ranks
 * (platform/search/rank.ts). When the vocabulary's counts promise few matches, straight through the full-text index;
 * otherwise first among the most recent petitions of the scope (an ordered index scan, in a window sized to hold
 * about 100 matches, 3,000 to 20,000 rows), and through the index only when that window holds fewer than 100.
 */
export async function findInDatabase(db: Executor, scope: SqlScope, q: SearchQuery<unknown>): Promise<SearchPage> {
  const ts = sql`to_tsquery('simple', ${tsQuery(q.groups, q)})`;
  const rank = async (cand: RawBuilder<unknown>) => {
    const rows = (
      await sql<{ id: number; rank: number; n: number }>`
        with cand as (${cand})
        select id, ${rankSql(sql`search_tsv`, q.groups, { prefixLast: q.prefixLast })} as rank, count(*) over ()::int as n
        from cand order by rank desc, id desc
        offset ${q.offset} limit ${q.limit}`.execute(db)
    ).rows;
    return { hits: rows.map((r) => ({ id: Number(r.id), rank: Number(r.rank) })), total: Number(rows[0]?.n ?? 0) };
  };
  const where = scope.where.length ? sql.join(scope.where, sql` and `) : sql`true`;
  const estimate = q.any ? null : await estimateMatches(db, q.groups, q);
  const est = estimate ?? SEARCH_RARE + 1;
  if (est > SEARCH_RARE) {
    const total = await indexedCount(db);
    const size = total && est ? Math.round(Math.min(SEARCH_WINDOW_MAX, Math.max(SEARCH_WINDOW, (SEARCH_ENOUGH * 1.5 * total) / est))) : SEARCH_WINDOW;
    const windowed = await rank(sql`
      select id, search_tsv from (select p.id, p.search_tsv from ${scope.from} where ${where} order by ${scope.order} limit ${size}) w
      where search_tsv @@ ${ts} limit ${q.candidates}`);
    if (windowed.total >= SEARCH_ENOUGH) return windowed;
  }
  return rank(sql`select p.id, p.search_tsv from ${scope.from} where ${where} and p.search_tsv @@ ${ts} order by ${scope.order} limit ${q.candidates}`);
}

/**
 * At most how many petitions hold all these word groups (a group: alternatives), from the vocabulary's counts: the
 * smallest group's count (words of one text go together, so a product would promise far too few). A last group
 * typed as a prefix bounds nothing ("tru" also finds "truong") and is left out. Null when nothing is known.
 */
async function estimateMatches(db: Executor, groups: string[][], opts: { prefixLast?: boolean } = {}): Promise<number | null> {
  const counted = opts.prefixLast ? groups.slice(0, -1) : groups;
  if (!counted.length) return null;
  if (!(await indexedCount(db))) return null;
  const words = [...new Set(counted.flat())];
  const n = await wordCounts.getMany(db, words, async (missing) => {
    const rows = await db.selectFrom('petition_words').select(['word', 'ndoc']).where('word', 'in', missing).execute();
    const found = new Map(rows.map((r) => [r.word, { n: Number(r.ndoc) }]));
    for (const w of missing) if (!found.has(w)) found.set(w, { n: 0 });
    return found;
  });
  return Math.min(...counted.map((g) => g.reduce((a, w) => a + (n.get(w)?.n ?? 0), 0)));
}

// The vocabulary's counts change when the deadline job refreshes them (every quarter hour): estimates may be minutes old.
export const wordCounts = new ReadCache<{ n: number }>('petitions.wordCounts', { max: 20_000, ttlMs: 300_000 });
export const vocabularyState = new ReadCache<{ n: number }>('petitions.vocabularyState', { max: 2, ttlMs: 60_000 });

/** How many petitions the vocabulary has counted (0: none yet). */
async function indexedCount(db: Executor): Promise<number> {
  const s = await vocabularyState.get(db, 'ndocs', async () => {
    const r = await db.selectFrom('petition_words_state').select('ndocs').where('id', '=', 1).executeTakeFirst();
    return { n: Number(r?.ndocs ?? 0) };
  });
  return s!.n;
}

/** Whether the vocabulary of all petitions holds this word. */
export async function knownWord(db: Executor, term: string): Promise<boolean> {
  return !!(await db.selectFrom('petition_words').select('word').where('word', '=', term).executeTakeFirst());
}

/** A tsquery over folded words (letters and digits only, so nothing needs escaping): AND of OR-groups. */
export function tsQuery(groups: string[][], opts: { prefixLast?: boolean; weight?: 'A' | 'B'; any?: boolean } = {}): string {
  const w = opts.weight ?? '';
  const parts = groups.map((g, i) => {
    const last = i === groups.length - 1 && opts.prefixLast;
    const alts = g.map((t) => `${t}:${last && t.length >= 2 ? '*' : ''}${w}`.replace(/:$/, ''));
    return alts.length > 1 ? `(${alts.join(' | ')})` : alts[0];
  });
  return parts.join(opts.any ? ' | ' : ' & ');
}
