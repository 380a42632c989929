import type { Kysely, Transaction } from 'kysely';

/**
 * The database schema. Empty here on purpose: the platform and every module add their own
 * tables by declaration merging (`declare module '../../platform/db/types' { interface Database { … } }`),
 * so each owns its tables and no file lists all of them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Database {}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Anything queries can run on: the database or a transaction. */
export type Executor = Kysely<Database>;
