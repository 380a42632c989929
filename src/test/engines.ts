import pg from 'pg';

export type Engine = 'pglite' | 'postgres';

/** The PostgreSQL server the server-engine suites use (a database per test file is created on it). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let reachable: Promise<boolean> | null = null;
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return reachable;
}

/** Both engines; the server one only when reachable — except under CI, where nothing may be skipped. */
export async function enginesToTest(): Promise<Engine[]> {
  if (await postgresReachable()) return ['pglite', 'postgres'];
  if (process.env.CI === 'true') throw new Error(`CI: PostgreSQL is not reachable at ${TEST_PG_URL}`);
  return ['pglite'];
}
