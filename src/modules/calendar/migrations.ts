import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '202611270300_calendar_days': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('calendar_days')
        .addColumn('date', 'date', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday','compensatory','swap_off','swap_work')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('official','rule','admin')`))
        .addColumn('note', 'text')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_by', 'bigint')
        .addPrimaryKeyConstraint('calendar_days_pk', ['date', 'kind'])
        .execute();
    },
  },
};
