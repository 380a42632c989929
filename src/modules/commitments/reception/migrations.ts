import { sql, type Kysely, type Migration } from 'kysely';
import { CASE_KINDS, HEAD_KINDS } from './model';

const inList = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(','));

export const receptionMigrations: Record<string, Migration> = {
  '202612021501_commitments_reception': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('reception_days')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('province_code', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('head_kind', 'text', (c) => c.notNull().check(sql`head_kind in (${inList(HEAD_KINDS)})`))
        .addColumn('head_name', 'text', (c) => c.notNull())
        .addColumn('head_title', 'text', (c) => c.notNull())
        .addColumn('on_date', 'date', (c) => c.notNull())
        .addColumn('starts', 'text', (c) => c.notNull())
        .addColumn('ends', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('slots', 'integer', (c) => c.notNull().defaultTo(0).check(sql`slots between 0 and 200`))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('planned','held','cancelled')`))
        .addColumn('note', 'text')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('live'))
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addCheckConstraint('reception_days_hours', sql`starts < ends`)
        .execute();
      await sql`create index reception_days_unit on reception_days (unit_code, on_date)`.execute(db);
      await sql`create index reception_days_agency on reception_days (agency_id, on_date)`.execute(db);
      await db.schema
        .createTable('reception_bookings')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('day_id', 'integer', (c) => c.notNull().references('reception_days.id').onDelete('cascade'))
        .addColumn('slot_no', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addUniqueConstraint('reception_bookings_slot', ['day_id', 'slot_no'])
        .execute();
      await db.schema
        .createTable('reception_cases')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('day_id', 'integer', (c) => c.references('reception_days.id'))
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('on_date', 'date', (c) => c.notNull())
        .addColumn('citizen_name', 'text', (c) => c.notNull())
        .addColumn('citizen_address', 'text')
        .addColumn('id_no', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${inList(CASE_KINDS)})`))
        .addColumn('people_count', 'integer', (c) => c.notNull().defaultTo(1).check(sql`people_count >= 1`))
        .addColumn('handled_before', 'text')
        .addColumn('within_competence', 'boolean', (c) => c.notNull())
        .addColumn('directed_to', 'text')
        .addColumn('forwarded_to', 'text')
        .addColumn('result', 'text')
        .addColumn('petition_id', 'integer')
        .addColumn('petition_code', 'text')
        .addColumn('commitment_code', 'text')
        .addColumn('entered_by', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addUniqueConstraint('reception_cases_row', ['unit_code', 'on_date', 'row_no'])
        .execute();
      await db.schema
        .createTable('reception_reminders')
        .addColumn('agency_id', 'integer', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('reception_reminders_pk', ['agency_id', 'month'])
        .execute();
    },
  },
};
