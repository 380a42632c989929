import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { afterCommit } from './after-commit';

describeEachEngine('afterCommit', (getApp) => {
  it('runs after the commit, never on a rollback (nor at a later commit), and at once outside a transaction', async () => {
    const { db } = getApp().ctx;
    const ran: string[] = [];
    await db.transaction().execute(async (tx) => {
      await afterCommit(tx, () => ran.push('committed'));
      await sql`select 1`.execute(tx);
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['committed']);

    await expect(
      db.transaction().execute(async (tx) => {
        await afterCommit(tx, () => ran.push('rolled back'));
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    // A statement error aborts the transaction on the server: what was registered is dropped too.
    await expect(
      db.transaction().execute(async (tx) => {
        await afterCommit(tx, () => ran.push('aborted'));
        await sql`select * from no_such_table`.execute(tx);
      }),
    ).rejects.toThrow();
    await db.transaction().execute(async (tx) => {
      await afterCommit(tx, () => ran.push('next'));
    });
    expect(ran).toEqual(['committed', 'next']);

    await afterCommit(db, () => ran.push('no transaction'));
    expect(ran).toEqual(['committed', 'next', 'no transaction']);
  });
});
