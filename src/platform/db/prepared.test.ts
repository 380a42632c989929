import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { enginesToTest, TEST_PG_URL } from '../../test/engines';
import { prepareFrequentStatements } from './prepared';

const onServer = (await enginesToTest()).includes('postgres');

describe.runIf(onServer)('frequent statements are prepared (PostgreSQL server)', () => {
  async function withPool(fn: (pool: pg.Pool) => Promise<void>) {
    const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 1 });
    prepareFrequentStatements(pool, { after: 3, perConnection: 2 });
    try {
      await fn(pool);
    } finally {
      await pool.end();
    }
  }
  const prepared = async (pool: pg.Pool) =>
    (await pool.query('select statement from pg_prepared_statements order by prepare_time')).rows.map((r) => (r.statement as string).trim());

  it('names a statement from its third run on, with the same answers', async () => {
    await withPool(async (pool) => {
      const text = 'select $1::int + 1 as n';
      for (let i = 1; i <= 5; i++) {
        expect((await pool.query(text, [i])).rows[0].n).toBe(i + 1);
        expect(await prepared(pool), `run ${i}`).toEqual(i >= 3 ? [text] : []);
      }
    });
  });

  it('leaves statements without parameters (several in one text) and rare ones unprepared, and keeps a connection to its bound', async () => {
    await withPool(async (pool) => {
      for (let i = 0; i < 4; i++) await pool.query('select 1; select 2');
      await pool.query('select $1::text as once', ['x']);
      const texts = ['select $1::int as a', 'select $1::int as b', 'select $1::int as c'];
      for (const t of texts) for (let i = 0; i < 4; i++) expect((await pool.query(t, [i])).rows[0]).toEqual({ [t.slice(-1)]: i });
      expect(await prepared(pool)).toEqual(texts.slice(0, 2));
    });
  });

  it('keeps working in a transaction that fails, and after it', async () => {
    await withPool(async (pool) => {
      const text = 'select 10 / $1::int as q';
      for (let i = 0; i < 3; i++) await pool.query(text, [2]);
      await pool.query('begin');
      await expect(pool.query(text, [0])).rejects.toThrow(/division by zero/);
      await pool.query('rollback');
      expect((await pool.query(text, [5])).rows[0].q).toBe(2);
    });
  });
});
