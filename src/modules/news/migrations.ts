import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '202611270510_news_articles': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('news_articles')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('body_md', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('image_file_id', 'text')
        .addColumn('image_caption', 'text')
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('agency_id', 'integer', (c) => c.references('agencies.id'))
        .addColumn('author_id', 'bigint')
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','published','withdrawn')`))
        .addColumn('publish_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('search', 'text', (c) => c.generatedAlwaysAs(sql`f_fold(title || ' ' || summary)`).stored())
        .execute();
      await sql`create index news_articles_published on news_articles (publish_at desc, id desc) where status = 'published'`.execute(db);
      await db.schema.createIndex('news_articles_agency').on('news_articles').columns(['agency_id', 'updated_at']).execute();
      await sql`create index news_articles_search_trgm on news_articles using gin (search gin_trgm_ops)`.execute(db);
    },
  },
};
