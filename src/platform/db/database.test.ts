import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { enginesToTest, TEST_PG_URL } from '../../test/engines';
import { openPostgres } from './database';

const onServer = (await enginesToTest()).includes('postgres');

describe.runIf(onServer)('the connection pool (PostgreSQL server)', () => {
  it('fails a query that waits too long for a connection instead of waiting for ever, and serves again once one is free', async () => {
    const handle = await openPostgres(TEST_PG_URL, { max: 1, poolWaitMs: 300 });
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      // A transaction holds the only connection and, inside it, something asks the pool for another.
      const tx = handle.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await expect(sql`select 2`.execute(handle.db)).rejects.toThrow(/timeout/i);
        await held;
      });
      release();
      await tx;
      expect((await sql<{ n: number }>`select 3 as n`.execute(handle.db)).rows[0].n).toBe(3);
    } finally {
      await handle.close();
    }
  });
});
