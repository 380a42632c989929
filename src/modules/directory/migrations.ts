import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '202611270100_directory_units_agencies_categories': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('units')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('full_name', 'text', (c) => c.notNull())
        .addColumn('full_name_en', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('kind_en', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('province','commune','village')`))
        .addColumn('parent_code', 'text', (c) => c.references('units.code'))
        .addColumn('province_code', 'text', (c) => c.notNull())
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('search', 'text', (c) => c.generatedAlwaysAs(sql`f_fold(full_name || ' ' || name_en)`).stored())
        .execute();
      await db.schema.createIndex('units_parent').on('units').columns(['parent_code', 'sort']).execute();
      await sql`create index units_search_trgm on units using gin (search gin_trgm_ops)`.execute(db);

      await db.schema
        .createTable('agencies')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('parent_id', 'integer', (c) => c.references('agencies.id'))
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('address', 'text')
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('search', 'text', (c) => c.generatedAlwaysAs(sql`f_fold(name || ' ' || name_en || ' ' || coalesce(short_name, ''))`).stored())
        .execute();
      await db.schema.createIndex('agencies_unit').on('agencies').columns(['unit_code', 'kind']).execute();
      await sql`create index agencies_search_trgm on agencies using gin (search gin_trgm_ops)`.execute(db);

      await db.schema
        .createTable('categories')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};

migrations['202611270102_directory_agency_parent_index'] = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('agencies_parent').on('agencies').column('parent_id').execute();
  },
};
