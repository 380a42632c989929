import { sql, type Kysely, type Migration } from 'kysely';

const now = sql`now()`;

export const migrations: Record<string, Migration> = {
  '202612021400_consolidation_topics': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('consolidation_topics')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('province_code', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
        .addColumn('agency_id', 'integer', (c) => c.references('agencies.id'))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','merged')`))
        .addColumn('merged_into_id', 'integer', (c) => c.references('consolidation_topics.id'))
        .addColumn('vector', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
        .execute();
      await sql`create index consolidation_topics_unit on consolidation_topics (unit_code, period) where status = 'active'`.execute(db);
      await sql`create index consolidation_topics_province on consolidation_topics (province_code, period) where status = 'active'`.execute(db);
      await db.schema
        .createTable('consolidation_members')
        .addColumn('topic_id', 'integer', (c) => c.notNull().references('consolidation_topics.id'))
        .addColumn('petition_id', 'integer', (c) => c.notNull().unique())
        .addColumn('how', 'text', (c) => c.notNull())
        .addColumn('added_by', 'integer')
        .addColumn('added_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await sql`create index consolidation_members_topic on consolidation_members (topic_id)`.execute(db);
      await db.schema
        .createTable('consolidation_raised')
        .addColumn('topic_id', 'integer', (c) => c.notNull().references('consolidation_topics.id'))
        .addColumn('conference_id', 'integer', (c) => c.notNull())
        .addColumn('held_on', 'date', (c) => c.notNull())
        .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('consolidation_raised_pk', ['topic_id', 'conference_id'])
        .execute();
      await db.schema
        .createTable('consolidation_vocab')
        .addColumn('unit_code', 'text', (c) => c.primaryKey())
        .addColumn('idf', 'jsonb', (c) => c.notNull())
        .addColumn('docs', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('consolidation_dossiers')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addUniqueConstraint('consolidation_dossiers_key', ['unit_code', 'period'])
        .execute();
    },
  },
  '202612021401_consolidation_proposals': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('consolidation_runs')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued','running','done','failed')`))
        .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('proposals', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('requested_by', 'integer')
        .addColumn('error', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('finished_at', 'timestamptz')
        .execute();
      await db.schema
        .createTable('consolidation_proposals')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('run_id', 'integer', (c) => c.notNull().references('consolidation_runs.id'))
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('new_topic','join_topic')`))
        .addColumn('topic_id', 'integer', (c) => c.references('consolidation_topics.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('category_id', 'integer')
        .addColumn('agency_id', 'integer')
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','accepted','rejected','superseded')`))
        .addColumn('decided_by', 'integer')
        .addColumn('decided_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await sql`create index consolidation_proposals_open on consolidation_proposals (unit_code, period) where status = 'open'`.execute(db);
      await db.schema
        .createTable('consolidation_proposal_items')
        .addColumn('proposal_id', 'integer', (c) => c.notNull().references('consolidation_proposals.id'))
        .addColumn('petition_id', 'integer', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('consolidation_proposal_items_pk', ['proposal_id', 'petition_id'])
        .execute();
      await db.schema
        .createTable('consolidation_decisions')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('rejected','removed')`))
        .addColumn('petition_id', 'integer', (c) => c.notNull())
        .addColumn('topic_id', 'integer')
        .addColumn('decided_by', 'integer')
        .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await sql`create index consolidation_decisions_scope on consolidation_decisions (unit_code, period)`.execute(db);
    },
  },
  '202612021402_consolidation_gatherings': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('consolidation_gatherings')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('organisation', 'text', (c) => c.notNull())
        .addColumn('organisation_agency_id', 'integer', (c) => c.references('agencies.id'))
        .addColumn('meeting', 'text', (c) => c.notNull())
        .addColumn('held_on', 'date', (c) => c.notNull())
        .addColumn('place', 'text')
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('form','import')`))
        .addColumn('filename', 'text')
        .addColumn('file_sha256', 'text', (c) => c.unique())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('entered_by', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('consolidation_gathering_items')
        .addColumn('gathering_id', 'integer', (c) => c.notNull().references('consolidation_gatherings.id'))
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('petition_id', 'integer', (c) => c.notNull().unique())
        .addColumn('village', 'text')
        .addPrimaryKeyConstraint('consolidation_gathering_items_pk', ['gathering_id', 'row_no'])
        .execute();
    },
  },
};
