import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '202612021700_reports_periodic': {
    async up(db: Kysely<any>) {
      // A periodic report of a unit (DOMAIN §4): its figures frozen when generated, its narrative editable until issue.
      await sql`create table periodic_reports (
        id serial primary key,
        unit_code text not null,
        province_code text not null,
        parent_code text,
        agency_id integer not null,
        kind text not null,
        year integer not null,
        month integer not null default 0,
        period_from date not null,
        period_to date not null,
        due_on date not null,
        status text not null default 'draft',
        number integer,
        number_text text,
        narrative text not null default '',
        figures jsonb not null,
        generated_at timestamptz not null,
        issued_at timestamptz,
        issued_by integer,
        acknowledged_at timestamptz,
        acknowledged_by integer,
        acknowledge_note text,
        created_by integer,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (agency_id, kind, year, month))`.execute(db);
      await sql`create index periodic_reports_parent on periodic_reports (parent_code, kind, year, month)`.execute(db);
      await sql`create index periodic_reports_unit on periodic_reports (unit_code, year)`.execute(db);
      // Numbers run per issuing body and year.
      await sql`create table report_numbers (
        agency_id integer not null,
        year integer not null,
        last integer not null,
        primary key (agency_id, year))`.execute(db);
      // Each reminder of a due report is sent once.
      await sql`create table report_reminders (
        agency_id integer not null,
        kind text not null,
        year integer not null,
        month integer not null,
        stage text not null,
        sent_at timestamptz not null default now(),
        primary key (agency_id, kind, year, month, stage))`.execute(db);
    },
  },
  '202612021710_reports_evaluation': {
    async up(db: Kysely<any>) {
      // The yearly evaluation's criteria (a statistic, its weight and target), edited by an administrator.
      await sql`create table evaluation_criteria (
        id serial primary key,
        stat_key text not null unique,
        weight integer not null,
        target numeric not null,
        active boolean not null default true,
        sort integer not null default 0)`.execute(db);
      // Comments of the level above on a unit's place in the ranking.
      await sql`create table evaluation_comments (
        id serial primary key,
        year integer not null,
        unit_code text not null,
        author_id integer not null,
        author_name text not null,
        body text not null,
        created_at timestamptz not null default now())`.execute(db);
      await sql`create index evaluation_comments_unit on evaluation_comments (year, unit_code)`.execute(db);
    },
  },
};

declare module '../../platform/db/types' {
  interface Database {
    periodic_reports: {
      id: import('kysely').Generated<number>;
      unit_code: string;
      province_code: string;
      parent_code: string | null;
      agency_id: number;
      kind: string;
      year: number;
      month: import('kysely').Generated<number>;
      period_from: string;
      period_to: string;
      due_on: string;
      status: import('kysely').Generated<'draft' | 'issued' | 'acknowledged'>;
      number: number | null;
      number_text: string | null;
      narrative: import('kysely').Generated<string>;
      figures: unknown;
      generated_at: Date;
      issued_at: Date | null;
      issued_by: number | null;
      acknowledged_at: Date | null;
      acknowledged_by: number | null;
      acknowledge_note: string | null;
      created_by: number | null;
      created_at: import('kysely').Generated<Date>;
      updated_at: import('kysely').Generated<Date>;
    };
    report_numbers: { agency_id: number; year: number; last: number };
    report_reminders: { agency_id: number; kind: string; year: number; month: number; stage: string; sent_at: import('kysely').Generated<Date> };
    evaluation_criteria: {
      id: import('kysely').Generated<number>;
      stat_key: string;
      weight: number;
      target: number | string;
      active: import('kysely').Generated<boolean>;
      sort: import('kysely').Generated<number>;
    };
    evaluation_comments: {
      id: import('kysely').Generated<number>;
      year: number;
      unit_code: string;
      author_id: number;
      author_name: string;
      body: string;
      created_at: import('kysely').Generated<Date>;
    };
  }
}
