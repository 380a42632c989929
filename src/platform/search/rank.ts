import { sql, type RawBuilder } from 'kysely';

/**
 * The one ranking of full-text matches, whichever provider found them: per query group, the best of its words in
 * the document — a word of the title (tsvector weight A) 1, of the body 0.4, times 1 + ln(occurrences, at most 127)
 * — summed over the groups; ties newest first (the higher id). Ranks are compared rounded to 9 decimals, so that
 * PostgreSQL's ln and JavaScript's Math.log, a last bit apart, order alike.
 */
export const TITLE_WEIGHT = 1;
export const BODY_WEIGHT = 0.4;
export const MAX_OCCURRENCES = 127;
const DIGITS = 9;

/** A word's score from whether it is in the title and how often it occurs. */
export function wordScore(title: boolean, occurrences: number): number {
  return (title ? TITLE_WEIGHT : BODY_WEIGHT) * (1 + Math.log(Math.min(MAX_OCCURRENCES, Math.max(1, occurrences))));
}

export function roundRank(rank: number): number {
  return Math.round(rank * 10 ** DIGITS) / 10 ** DIGITS;
}

/** Best rank first, then newest. */
export function byRank(a: { id: number; rank: number }, b: { id: number; rank: number }): number {
  return roundRank(b.rank) - roundRank(a.rank) || b.id - a.id;
}

/**
 * The same rank in SQL, of the tsvector `tsv` (an SQL expression) for the groups (the last one's words also as
 * prefixes when `prefixLast`, words of at least 2 characters as tsQuery does), rounded as roundRank.
 */
export function rankSql(tsv: RawBuilder<unknown>, groups: string[][], opts: { prefixLast?: boolean }): RawBuilder<number> {
  const parts = groups.map((g, i) => {
    const prefixes = opts.prefixLast && i === groups.length - 1 ? g.filter((w) => w.length >= 2) : [];
    const match = prefixes.length
      ? sql`(u.lexeme = any(${g}::text[]) or exists (select 1 from unnest(${prefixes}::text[]) w where starts_with(u.lexeme, w)))`
      : sql`u.lexeme = any(${g}::text[])`;
    return sql`coalesce((select max((case when 'A' = any(u.weights) then ${TITLE_WEIGHT}::float8 else ${BODY_WEIGHT}::float8 end)
      * (1 + ln(least(${MAX_OCCURRENCES}, greatest(1, coalesce(cardinality(u.positions), 0)))::float8)))
      from unnest(${tsv}) u where ${match}), 0::float8)`;
  });
  const sum = parts.length ? sql.join(parts, sql` + `) : sql`0::float8`;
  return sql<number>`round((0::float8 + ${sum})::numeric, ${sql.lit(DIGITS)})::float8`;
}
