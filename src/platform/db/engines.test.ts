/**
 * The two engines are one database: the same migrations give the same schema on PGlite and on a PostgreSQL
 * server, and a transaction on PGlite (one connection behind a mutex) is isolated like one on a server.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSets } from '../../app';
import { migrateToLatest } from './migrate';
import { enginesToTest, TEST_PG_URL, type Engine } from '../../test/engines';
import { freshDatabase, type TestDatabase } from '../../test/harness';

const engines = await enginesToTest();

interface SchemaSnapshot {
  tables: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
  functions: string[];
  triggers: string[];
  extensions: string[];
  migrations: string[];
}

async function snapshot(db: Kysely<any>): Promise<SchemaSnapshot> {
  const q = async (query: ReturnType<typeof sql<{ v: string }>>) => (await query.execute(db)).rows.map((r) => r.v);
  return {
    tables: await q(sql`select table_name as v from information_schema.tables
      where table_schema = 'public' order by 1`),
    columns: await q(sql`select concat_ws(' | ', table_name, column_name, data_type, udt_name, is_nullable,
        coalesce(column_default, '-'), coalesce(character_maximum_length::text, '-'), is_generated) as v
      from information_schema.columns where table_schema = 'public' order by table_name, column_name`),
    indexes: await q(sql`select indexdef as v from pg_indexes where schemaname = 'public' order by tablename, indexname`),
    // PostgreSQL 18 (PGlite) also lists NOT NULL as constraints (contype 'n'); 15 does not. Nullability is compared above.
    constraints: await q(sql`select concat_ws(' | ', c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)) as v
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and c.contype <> 'n' order by 1`),
    functions: await q(sql`select concat_ws(' | ', p.proname, pg_get_function_identity_arguments(p.oid), p.provolatile) as v
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
      order by 1`),
    triggers: await q(sql`select concat_ws(' | ', event_object_table, trigger_name, event_manipulation, action_timing) as v
      from information_schema.triggers where trigger_schema = 'public' order by 1`),
    extensions: await q(sql`select extname as v from pg_extension order by 1`),
    migrations: await q(sql`select name as v from kysely_migration order by name`),
  };
}

describe('migrations give the same schema on both engines', () => {
  const snaps = new Map<Engine, SchemaSnapshot>();
  const dbs: TestDatabase[] = [];

  beforeAll(async () => {
    for (const engine of engines) {
      const d = await freshDatabase(engine);
      dbs.push(d);
      await migrateToLatest(d.handle.db, migrationSets());
      snaps.set(engine, await snapshot(d.handle.db));
    }
  }, 600_000);

  afterAll(async () => {
    for (const d of dbs) await d.drop();
  }, 600_000);

  it('migrates every engine to a non-empty schema with every migration recorded', () => {
    for (const s of snaps.values()) {
      expect(s.tables.length).toBeGreaterThan(5);
      expect(s.tables).toContain('audit_log');
      expect(s.migrations.length).toBeGreaterThan(0);
    }
  });

  it.skipIf(engines.length < 2)(
    `PGlite and the PostgreSQL server have identical tables, columns, indexes, constraints, functions and triggers${
      engines.length < 2 ? ` — skipped: no PostgreSQL server at ${TEST_PG_URL}` : ''
    }`,
    () => {
      const a = snaps.get('pglite')!;
      const b = snaps.get('postgres')!;
      expect(a.migrations).toEqual(b.migrations);
      expect(a.tables).toEqual(b.tables);
      expect(a.columns).toEqual(b.columns);
      expect(a.indexes).toEqual(b.indexes);
      expect(a.constraints).toEqual(b.constraints);
      expect(a.functions).toEqual(b.functions);
      expect(a.triggers).toEqual(b.triggers);
      // The server may have more extensions installed; every one PGlite uses is on the server too.
      for (const ext of a.extensions) expect(b.extensions).toContain(ext);
    },
  );
});

for (const engine of engines) {
  describe(`transactions are isolated [${engine}]`, () => {
    let d: TestDatabase;
    beforeAll(async () => {
      d = await freshDatabase(engine);
      await sql`create table iso (id integer primary key)`.execute(d.handle.db);
    }, 600_000);
    afterAll(async () => {
      await d?.drop();
    }, 600_000);

    it('another query never sees a row of a transaction that is open, and never after it rolled back', async () => {
      const db = d.handle.db;
      let openGate!: () => void;
      const gate = new Promise<void>((r) => (openGate = r));
      let inserted!: () => void;
      const didInsert = new Promise<void>((r) => (inserted = r));
      const tx = db
        .transaction()
        .execute(async (trx) => {
          await sql`insert into iso values (1)`.execute(trx);
          // Inside the transaction the row is there.
          expect((await sql<{ n: number }>`select count(*)::int as n from iso`.execute(trx)).rows[0].n).toBe(1);
          inserted();
          await gate;
          throw new Error('roll back');
        })
        .catch((e: Error) => e.message);
      await didInsert;

      let readDone = false;
      const read = sql<{ n: number }>`select count(*)::int as n from iso`
        .execute(db)
        .then((r) => {
          readDone = true;
          return r.rows[0].n;
        });
      if (engine === 'pglite') {
        // One connection: the read waits for the transaction instead of running inside it.
        for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
        expect(readDone).toBe(false);
      } else {
        expect(await read).toBe(0);
      }
      openGate();
      expect(await tx).toBe('roll back');
      expect(await read).toBe(0);
      expect((await sql<{ n: number }>`select count(*)::int as n from iso`.execute(db)).rows[0].n).toBe(0);
    });

    it('many concurrent transactions each commit or roll back whole', async () => {
      const db = d.handle.db;
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          db.transaction().execute(async (trx) => {
            await sql`insert into iso values (${1000 + i * 2})`.execute(trx);
            await new Promise((r) => setImmediate(r));
            await sql`insert into iso values (${1000 + i * 2 + 1})`.execute(trx);
            if (i % 3 === 0) throw new Error('roll back');
          }),
        ),
      );
      const committed = results.flatMap((r, i) => (r.status === 'fulfilled' ? [1000 + i * 2, 1000 + i * 2 + 1] : []));
      const rows = (await sql<{ id: number }>`select id from iso where id >= 1000 order by id`.execute(db)).rows.map((r) => r.id);
      expect(rows).toEqual(committed);
      expect(results.filter((r) => r.status === 'rejected').length).toBe(14);
    });
  });
}
