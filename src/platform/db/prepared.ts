import type pg from 'pg';

/**
 * Prepared statements on a PostgreSQL server: a statement the process runs again and again is sent as a named
 * statement, so each connection parses it once and the server may keep its plan (after five executions PostgreSQL
 * compares a generic plan with the custom ones and keeps whichever costs less). Planning is much of what a short
 * statement costs on a table with many indexes (measured on the petitions create: ≈ 6 ms of server time per
 * request spent planning).
 *
 * Bounded: only statements with parameters (those already use the extended protocol, one statement each) seen
 * `after` times in this process; at most `perConnection` per connection, so one-off texts (lists of varying length)
 * cannot fill a server backend's memory. Statement texts are what Kysely compiles: the same query, the same text.
 */
export interface PreparedOptions {
  after?: number;
  perConnection?: number;
  /** How many distinct texts are counted before the count starts over, and at most how many are named. */
  track?: number;
}

type Query = (...args: unknown[]) => unknown;

export function prepareFrequentStatements(pool: pg.Pool, opts: PreparedOptions = {}): void {
  const after = opts.after ?? 3;
  const perConnection = opts.perConnection ?? 200;
  const track = opts.track ?? 5000;
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as Query;
    const mine = new Set<string>();
    (client as unknown as { query: Query }).query = (text: unknown, values?: unknown, callback?: unknown) => {
      if (typeof text !== 'string' || !Array.isArray(values) || !values.length) return query(text, values, callback);
      const send = (config: object | string) => (callback === undefined ? query(config, values) : query(config, values, callback));
      let name = names.get(text);
      if (!name) {
        const n = (seen.get(text) ?? 0) + 1;
        if (n < after || names.size >= track) {
          if (seen.size >= track) seen.clear();
          seen.set(text, n);
          return send(text);
        }
        seen.delete(text);
        name = `s${names.size + 1}`;
        names.set(text, name);
      }
      if (!mine.has(name)) {
        if (mine.size >= perConnection) return send(text);
        mine.add(name);
      }
      return send({ name, text, values });
    };
  });
}
