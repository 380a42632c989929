import { sql, type Kysely, type Migration } from 'kysely';
import { FINDING_METHODS, SOURCE_KINDS, STATES } from './model';

const inList = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(','));

export const migrations: Record<string, Migration> = {
  '202612021500_commitments_register': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('commitments')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('province_code', 'text', (c) => c.notNull())
        .addColumn('source_kind', 'text', (c) => c.notNull().check(sql`source_kind in (${inList(SOURCE_KINDS)})`))
        .addColumn('source_ref_id', 'text', (c) => c.notNull())
        .addColumn('source_href', 'text', (c) => c.notNull())
        .addColumn('source_label', 'text', (c) => c.notNull())
        .addColumn('promised_by_name', 'text', (c) => c.notNull())
        .addColumn('promised_by_title', 'text', (c) => c.notNull())
        .addColumn('promised_on', 'date', (c) => c.notNull())
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('officer_id', 'integer')
        .addColumn('co_agency_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('deadline', 'date', (c) => c.notNull())
        .addColumn('original_deadline', 'date', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('topic_id', 'text')
        .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
        .addColumn('petition_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(STATES)})`))
        .addColumn('due_state', 'text', (c) => c.notNull().defaultTo('ok').check(sql`due_state in ('ok','due_soon','overdue')`))
        .addColumn('escalation_level', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('progress_pct', 'smallint', (c) => c.notNull().defaultTo(0).check(sql`progress_pct between 0 and 100`))
        .addColumn('extension_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('transfer_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('keo_dai', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('is_public', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('petition_id', 'integer')
        .addColumn('petition_code', 'text')
        .addColumn('transferred_to_id', 'integer')
        .addColumn('cancel_reason', 'text')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('live').check(sql`source in ('live','demo','generated')`))
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addCheckConstraint('commitments_deadline_after_promise', sql`deadline >= promised_on`)
        .execute();
      await sql`create index commitments_source on commitments (source_kind, source_ref_id)`.execute(db);
      await sql`create index commitments_public on commitments (unit_code, deadline, id) where is_public`.execute(db);
      await sql`create index commitments_agency on commitments (agency_id, deadline, id)`.execute(db);
      await sql`create index commitments_working on commitments (deadline, id) where state in ('open','in_progress','verified_not_kept')`.execute(db);
      await sql`create index commitments_topic on commitments (unit_code, topic_id) where topic_id is not null`.execute(db);
      await sql`create sequence commitments_code_seq`.execute(db);

      await db.schema
        .createTable('commitment_citizens')
        .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('commitment_citizens_pk', ['commitment_id', 'user_id'])
        .execute();
      await sql`create index commitment_citizens_user on commitment_citizens (user_id)`.execute(db);

      await db.schema
        .createTable('commitment_events')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text')
        .addColumn('public', 'boolean', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('pct', 'smallint')
        .addColumn('milestone', 'text')
        .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
      await sql`create index commitment_events_of on commitment_events (commitment_id, at, id)`.execute(db);

      await db.schema
        .createTable('commitment_findings')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
        .addColumn('on_date', 'date', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull().check(sql`method in (${inList(FINDING_METHODS)})`))
        .addColumn('finding', 'text', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.check(sql`verdict in ('kept','not_kept')`))
        .addColumn('agency_id', 'integer', (c) => c.notNull())
        .addColumn('by_id', 'integer', (c) => c.notNull())
        .addColumn('by_label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await sql`create index commitment_findings_of on commitment_findings (commitment_id, id)`.execute(db);

      await db.schema
        .createTable('supervision_plans')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('period_from', 'date', (c) => c.notNull())
        .addColumn('period_to', 'date', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addCheckConstraint('supervision_plans_period', sql`period_to >= period_from`)
        .execute();
      await db.schema
        .createTable('supervision_plan_items')
        .addColumn('plan_id', 'integer', (c) => c.notNull().references('supervision_plans.id').onDelete('cascade'))
        .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('supervision_plan_items_pk', ['plan_id', 'commitment_id'])
        .execute();
    },
  },
  '202612021502_commitments_co_agency_index': {
    async up(db: Kysely<any>) {
      // The agency register reads "its own or co-operating on": a bitmap OR of the agency btree and this.
      await sql`create index commitments_co_agencies on commitments using gin (co_agency_ids jsonb_path_ops)`.execute(db);
    },
  },
  '202612031500_commitments_read_indexes': {
    async up(db: Kysely<any>) {
      // The register is read far more than written: the co-agency index without GIN's pending list, which every
      // search reads in full until a vacuum merges it (100,000 inserted commitments: 400 pages read per register).
      await sql`drop index commitments_co_agencies`.execute(db);
      await sql`create index commitments_co_agencies on commitments using gin (co_agency_ids jsonb_path_ops) with (fastupdate = off)`.execute(db);
      // Counts from the index alone: an agency's by state (its register's count, overdue included), a unit's by
      // agency and state (the public page's headline and agency filter, the head's overview).
      await sql`create index commitments_agency_state on commitments (agency_id, state, deadline)`.execute(db);
      await sql`create index commitments_unit_counts on commitments (unit_code, agency_id, state, deadline) include (is_public)`.execute(db);
    },
  },
};
