import { sql, type Kysely, type Migration } from 'kysely';

const inList = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(','));

export const migrations: Record<string, Migration> = {
  '202612021600_conferences_tables': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('conference_plans')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'bigint')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addUniqueConstraint('conference_plans_unit_year', ['unit_code', 'year'])
        .execute();
      await db.schema
        .createTable('conference_plan_items')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('plan_id', 'integer', (c) => c.notNull().references('conference_plans.id').onDelete('cascade'))
        .addColumn('quarter', 'integer', (c) => c.notNull().check(sql`quarter between 1 and 4`))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('conference_id', 'integer')
        .execute();
      await db.schema.createIndex('conference_plan_items_plan').on('conference_plan_items').columns(['plan_id']).execute();

      await db.schema
        .createTable('conferences')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('province_code', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${inList(['party_head', 'peoples_committee', 'department', 'joint'])})`))
        .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in (${inList(['periodic', 'voters_request', 'pressing_topic', 'direction'])})`))
        .addColumn('reason_text', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('convening', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('chairs', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('agencies', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('invited', 'text')
        .addColumn('venue', 'text')
        .addColumn('online_url', 'text')
        .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
        .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('registration_closes_at', 'timestamptz', (c) => c.notNull())
        .addColumn('questions_close_at', 'timestamptz', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().defaultTo('draft').check(sql`status in (${inList(['draft', 'approved', 'announced', 'in_session', 'held', 'results_published', 'closed', 'cancelled', 'postponed'])})`),
        )
        .addColumn('status_reason', 'text')
        .addColumn('short_notice_reason', 'text')
        .addColumn('announced_at', 'timestamptz')
        .addColumn('started_at', 'timestamptz')
        .addColumn('ended_at', 'timestamptz')
        .addColumn('results_published_at', 'timestamptz')
        .addColumn('secretary', 'text')
        .addColumn('attendees_count', 'integer')
        .addColumn('attendee_groups', 'text')
        .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('current_question_id', 'integer')
        .addColumn('current_agenda_item_id', 'integer')
        .addColumn('topic_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('plan_item_id', 'integer')
        .addColumn('report_sent_at', 'timestamptz')
        .addColumn('report_ack_at', 'timestamptz')
        .addColumn('report_ack_by', 'text')
        .addColumn('results_reminded_at', 'timestamptz')
        .addColumn('registrants_reminded_at', 'timestamptz')
        .addColumn('search', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_by', 'bigint')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addCheckConstraint('conferences_times', sql`ends_at > starts_at`)
        .addCheckConstraint('conferences_place', sql`venue is not null or online_url is not null`)
        .execute();
      // The public lists: upcoming (announced, by start) and past (by start, newest first), per unit or all.
      await sql`create index conferences_public on conferences (starts_at desc, id desc) where status not in ('draft','approved')`.execute(db);
      await sql`create index conferences_unit on conferences (unit_code, starts_at desc)`.execute(db);
      await sql`create index conferences_province on conferences (province_code, starts_at desc)`.execute(db);

      await db.schema
        .createTable('conference_agenda_items')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('conference_id', 'integer', (c) => c.notNull().references('conferences.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes between 1 and 600`))
        .addColumn('topic_id', 'integer')
        .execute();
      await db.schema.createIndex('conference_agenda_parent').on('conference_agenda_items').columns(['conference_id', 'position']).execute();

      await db.schema
        .createTable('conference_registrations')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('conference_id', 'integer', (c) => c.notNull().references('conferences.id'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'bigint')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('village', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('registered','waitlisted','cancelled')`))
        .addColumn('checked_in_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('conference_registrations_parent').on('conference_registrations').columns(['conference_id', 'status', 'id']).execute();
      await sql`create index conference_registrations_user on conference_registrations (user_id) where user_id is not null`.execute(db);
      // One live registration per phone number and conference.
      await sql`create unique index conference_registrations_phone on conference_registrations (conference_id, phone) where status <> 'cancelled'`.execute(db);

      await db.schema
        .createTable('conference_questions')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('conference_id', 'integer', (c) => c.notNull().references('conferences.id'))
        .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('advance','floor')`))
        .addColumn('user_id', 'bigint')
        .addColumn('asker_name', 'text', (c) => c.notNull())
        .addColumn('asker_village', 'text')
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('petition_id', 'integer')
        .addColumn('topic_id', 'integer')
        .addColumn('agenda_item_id', 'integer')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull().defaultTo('here').check(sql`level in ('here','above')`))
        .addColumn('assigned_agency_id', 'integer')
        .addColumn('prepared_answer', 'text')
        .addColumn('merged_into', 'integer')
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in (${inList(['pending', 'queued', 'current', 'answered', 'deferred', 'merged', 'passed_up', 'petition'])})`),
        )
        .addColumn('answered_by_name', 'text')
        .addColumn('answered_by_title', 'text')
        .addColumn('answer', 'text')
        .addColumn('answered_at', 'timestamptz')
        .addColumn('commitment_text', 'text')
        .addColumn('commitment_agency_id', 'integer')
        .addColumn('commitment_deadline', 'date')
        .addColumn('commitment_id', 'integer')
        .addColumn('created_petition_id', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('conference_questions_parent').on('conference_questions').columns(['conference_id', 'position', 'id']).execute();
      await sql`create index conference_questions_user on conference_questions (user_id) where user_id is not null`.execute(db);
      await sql`create index conference_questions_agency on conference_questions (assigned_agency_id) where assigned_agency_id is not null and prepared_answer is null`.execute(db);

      await db.schema
        .createTable('conference_events')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('conference_id', 'integer', (c) => c.notNull().references('conferences.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addUniqueConstraint('conference_events_seq', ['conference_id', 'seq'])
        .execute();

      await db.schema
        .createTable('conference_documents')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('conference_id', 'integer', (c) => c.notNull().references('conferences.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('minutes','conclusion')`))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('number', 'integer')
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('content', 'jsonb', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','issued')`))
        .addColumn('issued_at', 'timestamptz')
        .addColumn('issued_by', 'bigint')
        .addColumn('docx', 'bytea')
        .addColumn('pdf', 'bytea')
        .addColumn('correction_of', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addUniqueConstraint('conference_documents_version', ['conference_id', 'kind', 'version'])
        .execute();

      await db.schema
        .createTable('conference_document_numbers')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('conference_document_numbers_pk', ['issuer', 'year', 'kind'])
        .execute();
    },
  },
};
