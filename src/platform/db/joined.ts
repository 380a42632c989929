import type { Kysely, Transaction } from 'kysely';
import type { Database } from './types';

/**
 * The open transaction `trx` seen as a database in which `db.transaction().execute(fn)` joins it instead of
 * starting another: code written as many small transactions then runs all-or-nothing as a whole (the demo
 * seed). Methods are bound to the transaction itself, whose private fields a proxy cannot reach.
 */
export function joinedTransaction(trx: Transaction<Database>): Kysely<Database> {
  const view: Kysely<Database> = new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (tx: Kysely<Database>) => Promise<T>) => fn(view) });
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return view;
}
