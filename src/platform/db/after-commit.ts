import type { DatabaseConnection, Dialect, Driver } from 'kysely';
import type { Executor } from './types';

/** What waits for each open transaction's commit, by its connection (set at BEGIN, run at COMMIT, dropped on ROLLBACK). */
const pending = new WeakMap<DatabaseConnection, Array<() => void>>();

/**
 * Runs `fn` once the transaction `db` is part of has committed — never if it rolls back; at once when `db` is not a
 * transaction. For what must not happen before the change is visible to others: a read cache's `forget()` made
 * inside a caller's transaction would otherwise let a read in between keep the old value.
 */
export async function afterCommit(db: Executor, fn: () => void): Promise<void> {
  if (!db.isTransaction) return fn();
  await db.getExecutor().provideConnection(async (conn) => {
    const list = pending.get(conn);
    if (!list) throw new Error('afterCommit: a transaction of a database not opened with withAfterCommit');
    list.push(fn);
  });
}

/** The dialect with its driver keeping the work `afterCommit` registers (every database the application opens). */
export function withAfterCommit(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => afterCommitDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

function afterCommitDriver(inner: Driver): Driver {
  return {
    init: () => inner.init(),
    acquireConnection: () => inner.acquireConnection(),
    async beginTransaction(conn, settings) {
      await inner.beginTransaction(conn, settings);
      pending.set(conn, []);
    },
    async commitTransaction(conn) {
      const fns = pending.get(conn) ?? [];
      pending.delete(conn);
      await inner.commitTransaction(conn);
      let failure: unknown = null;
      for (const fn of fns) {
        try {
          fn();
        } catch (e) {
          failure ??= e;
        }
      }
      if (failure) throw failure;
    },
    async rollbackTransaction(conn) {
      pending.delete(conn);
      await inner.rollbackTransaction(conn);
    },
    ...(inner.savepoint ? { savepoint: inner.savepoint.bind(inner) } : {}),
    ...(inner.rollbackToSavepoint ? { rollbackToSavepoint: inner.rollbackToSavepoint.bind(inner) } : {}),
    ...(inner.releaseSavepoint ? { releaseSavepoint: inner.releaseSavepoint.bind(inner) } : {}),
    releaseConnection: (conn) => inner.releaseConnection(conn),
    destroy: () => inner.destroy(),
  };
}
