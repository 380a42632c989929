import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { PGliteDialect } from './pglite-dialect';
import { withAfterCommit } from './after-commit';
import { lockDataDir } from './lock';
import { prepareFrequentStatements } from './prepared';
import type { Database } from './types';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The raw PGlite instance (embedded only), for dumps. */
  pglite?: PGlite;
  /** The server's URL (PostgreSQL only), for connections outside the pool (the event bus's listener). */
  url?: string;
  close(): Promise<void>;
}

// Same value shapes on both engines: bigint counts as numbers, dates as 'YYYY-MM-DD' strings.
const INT8 = 20;
const DATE = 1082;
const toNumber = (v: string) => Number(v);
const keep = (v: string) => v;

/** shared_buffers of the embedded database unless PGLITE_SHARED_BUFFERS says otherwise. */
export const PGLITE_SHARED_BUFFERS = '32MB';

export async function openPGlite(dataDir: string, opts: { loadDataDir?: Blob; sharedBuffers?: string } = {}): Promise<DatabaseHandle> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: path.join(dir, 'pgdata'),
      extensions: { unaccent, pg_trgm, ltree, citext },
      parsers: { [INT8]: toNumber, [DATE]: keep },
      loadDataDir: opts.loadDataDir,
      // PGlite's default is the server's 128 MB, all of it inside the process's WebAssembly memory: one process, one
      // connection, and pages it misses come from the operating system's file cache (docs/benchmarks.md).
      postgresqlconf: `shared_buffers=${opts.sharedBuffers ?? PGLITE_SHARED_BUFFERS}`,
    });
  } catch (e) {
    release();
    throw e;
  }
  const db = new Kysely<Database>({ dialect: withAfterCommit(new PGliteDialect(pglite)) });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    pglite,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
      } finally {
        release();
      }
    },
  };
}

/**
 * How long a query waits for a pooled connection (or a new one) before it fails: a use case that waits for a
 * connection inside its own transaction, while every connection is held by such transactions, would otherwise hang
 * the process for good; it fails instead and its transaction is rolled back.
 */
const POOL_WAIT_MS = 30_000;

export async function openPostgres(
  url: string,
  opts: { max?: number; onIdleError?: (err: Error) => void; poolWaitMs?: number } = {},
): Promise<DatabaseHandle> {
  const types = {
    getTypeParser(oid: number, format?: any) {
      if (oid === INT8) return toNumber;
      if (oid === DATE) return keep;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, connectionTimeoutMillis: opts.poolWaitMs ?? POOL_WAIT_MS, types: types as any });
  // An idle connection the server closes (a restart, an administrator) is dropped from the pool and replaced on
  // the next query; without a listener the error would end the process.
  pool.on('error', (err) => opts.onIdleError?.(err));
  prepareFrequentStatements(pool);
  const db = new Kysely<Database>({ dialect: withAfterCommit(new PostgresDialect({ pool })) });
  await sql`select 1`.execute(db);
  let closed = false;
  return {
    db,
    kind: 'postgres',
    url,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

export function openDatabase(opts: { dataDir: string; databaseUrl?: string; pgliteSharedBuffers?: string; onIdleError?: (err: Error) => void }): Promise<DatabaseHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, { onIdleError: opts.onIdleError }) : openPGlite(opts.dataDir, { sharedBuffers: opts.pgliteSharedBuffers });
}
