import { sql, type Kysely, type Migration } from 'kysely';

const inList = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(','));

export const migrations: Record<string, Migration> = {
  '202611270400_petitions_core': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('petitions')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${inList(['kien_nghi', 'phan_anh', 'gop_y', 'khieu_nai', 'to_cao'])})`))
        .addColumn('track', 'text', (c) => c.notNull().check(sql`track in ('general','legal')`))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('province_code', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('lon', 'double precision')
        .addColumn('lat', 'double precision')
        .addColumn('people_count', 'integer', (c) => c.notNull().defaultTo(1).check(sql`people_count >= 1`))
        .addColumn('channel', 'text', (c) =>
          c.notNull().check(sql`channel in (${inList(['web', 'reception_desk', 'conference_floor', 'front_gathering', 'letter', 'hotline', 'open311', 'api'])})`),
        )
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('live').check(sql`source in ('live','demo','generated')`))
        .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('public','private')`))
        .addColumn('confidential', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('petitioner_id', 'integer')
        .addColumn('petitioner_name', 'text')
        .addColumn('petitioner_phone', 'text')
        .addColumn('petitioner_email', 'text')
        .addColumn('petitioner_address', 'text')
        .addColumn('petitioner_id_no', 'text')
        .addColumn('entered_by', 'integer')
        .addColumn('entered_agency_id', 'integer', (c) => c.references('agencies.id'))
        .addColumn('entered_place', 'text')
        .addColumn('submitted_ip', 'text')
        .addColumn('status', 'text', (c) =>
          c.notNull().check(
            sql`status in (${inList(['submitted', 'received', 'directed', 'forwarded', 'assigned', 'answer_drafted', 'approved', 'answered', 'closed', 'reopened', 'merged', 'withdrawn'])})`,
          ),
        )
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('assignee_id', 'integer')
        .addColumn('reply_due', 'date')
        .addColumn('step_due', 'date')
        .addColumn('due_state', 'text', (c) => c.notNull().defaultTo('ok').check(sql`due_state in ('ok','due_soon','overdue')`))
        .addColumn('escalation_level', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('keo_dai', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('vuot_cap', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('related_id', 'integer', (c) => c.references('petitions.id'))
        .addColumn('forward_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('extension_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('merged_into_id', 'integer', (c) => c.references('petitions.id'))
        .addColumn('receipt_no', 'text')
        .addColumn('directed_to', 'text')
        .addColumn('directed_agency_id', 'integer', (c) => c.references('agencies.id'))
        .addColumn('answer_text', 'text')
        .addColumn('answered_at', 'timestamptz')
        .addColumn('answered_on_time', 'boolean')
        .addColumn('published_at', 'timestamptz')
        .addColumn('rating', 'smallint', (c) => c.check(sql`rating between 1 and 5`))
        .addColumn('rating_comment', 'text')
        .addColumn('rated_at', 'timestamptz')
        .addColumn('topic_id', 'integer')
        .addColumn('conference_id', 'integer')
        .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
        .addColumn('received_at', 'timestamptz')
        .addColumn('closed_at', 'timestamptz')
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('search', 'text', (c) =>
          c.generatedAlwaysAs(sql`f_fold(title || ' ' || content || ' ' || coalesce(answer_text, ''))`).stored(),
        )
        .addCheckConstraint('petitions_legal_private', sql`track = 'general' or visibility = 'private'`)
        .execute();

      // Inboxes: an agency's petitions by state and deadline; the deadline job: open petitions by step_due.
      await sql`create index petitions_agency_status on petitions (agency_id, status, id desc)`.execute(db);
      await sql`create index petitions_agency_due on petitions (agency_id, step_due) where step_due is not null`.execute(db);
      await sql`create index petitions_step_due on petitions (step_due, id) where step_due is not null`.execute(db);
      await sql`create index petitions_unit on petitions (unit_code, id desc)`.execute(db);
      await sql`create index petitions_petitioner on petitions (petitioner_id, id desc) where petitioner_id is not null`.execute(db);
      await sql`create index petitions_submitted_ip on petitions (submitted_ip, created_at) where submitted_ip is not null`.execute(db);
      await sql`create index petitions_assignee on petitions (assignee_id, status) where assignee_id is not null`.execute(db);
      await sql`create index petitions_flags on petitions (agency_id) where keo_dai or vuot_cap`.execute(db);
      // Public list: published answers of public general-track petitions, newest first.
      await sql`create index petitions_public on petitions (published_at desc, id desc)
        where visibility = 'public' and track = 'general' and published_at is not null`.execute(db);
      await sql`create index petitions_public_unit on petitions (unit_code, published_at desc, id desc)
        where visibility = 'public' and track = 'general' and published_at is not null`.execute(db);
      await sql`create index petitions_public_category on petitions (category_id, published_at desc, id desc)
        where visibility = 'public' and track = 'general' and published_at is not null`.execute(db);
      await sql`create index petitions_search_trgm on petitions using gin (search gin_trgm_ops)`.execute(db);
      await sql`create index petitions_title_trgm on petitions using gin (f_fold(title) gin_trgm_ops)
        where visibility = 'public' and track = 'general' and published_at is not null`.execute(db);
      await sql`create index petitions_topic on petitions (topic_id) where topic_id is not null`.execute(db);
      await sql`create index petitions_conference on petitions (conference_id) where conference_id is not null`.execute(db);
      await sql`create index petitions_merged_into on petitions (merged_into_id) where merged_into_id is not null`.execute(db);

      await db.schema
        .createTable('petition_events')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('petition_id', 'integer', (c) => c.notNull().references('petitions.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text')
        .addColumn('actor_id', 'integer')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('public', 'boolean', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('petition_events_petition').on('petition_events').columns(['petition_id', 'at', 'id']).execute();

      await db.schema
        .createTable('petition_answers')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('petition_id', 'integer', (c) => c.notNull().references('petitions.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('drafted_by', 'integer')
        .addColumn('drafted_at', 'timestamptz', (c) => c.notNull())
        .addColumn('doc_no', 'text')
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('draft','changes_requested','approved','published','superseded')`),
        )
        .addColumn('review_note', 'text')
        .addColumn('approved_by', 'integer')
        .addColumn('approved_at', 'timestamptz')
        .addColumn('published_by', 'integer')
        .addColumn('published_at', 'timestamptz')
        .execute();
      await db.schema.createIndex('petition_answers_petition').on('petition_answers').columns(['petition_id', 'id']).execute();

      await db.schema
        .createTable('petition_attachments')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('petition_id', 'integer', (c) => c.notNull().references('petitions.id'))
        .addColumn('answer_id', 'integer', (c) => c.references('petition_answers.id'))
        .addColumn('file_id', 'uuid', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('added_by', 'integer')
        .addColumn('added_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('petition_attachments_petition').on('petition_attachments').columns(['petition_id']).execute();

      await db.schema
        .createTable('petition_answer_templates')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .execute();
      await db.schema.createIndex('petition_answer_templates_agency').on('petition_answer_templates').columns(['agency_id']).execute();

      await db.schema
        .createTable('petition_routes')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.references('units.code'))
        .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
        .addColumn('kind', 'text')
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('note', 'text')
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create unique index petition_routes_key on petition_routes (coalesce(unit_code, ''), coalesce(category_id, 0), coalesce(kind, ''))`.execute(db);

      await db.schema
        .createTable('petition_code_seq')
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('petition_code_seq_pk', ['prefix', 'year'])
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('response', 'jsonb')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'principal', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').columns(['created_at']).execute();
    },
  },
  '202611270410_petitions_code_sequences': {
    async up(db: Kysely<any>) {
      // Tracking codes come from a sequence per (prefix, year) instead of a counter row locked until commit.
      const rows = await sql<{ prefix: string; year: number; last: number }>`select prefix, year, last from petition_code_seq`.execute(db);
      for (const r of rows.rows) {
        const name = `petition_code_${String(r.prefix).toLowerCase()}_${Number(r.year)}`;
        if (!/^petition_code_[a-z]+_\d{4}$/.test(name)) continue;
        await sql.raw(`create sequence if not exists ${name}`).execute(db);
        if (Number(r.last) > 0) await sql`select setval(${name}::regclass, ${Number(r.last)})`.execute(db);
      }
      await db.schema.dropTable('petition_code_seq').execute();
    },
  },
  '202611270420_petitions_fulltext': {
    async up(db: Kysely<any>) {
      // Full-text over the folded text: title weighted A, content and answer B; exact words through a GIN index.
      await sql`alter table petitions add column search_tsv tsvector generated always as (
        setweight(to_tsvector('simple', f_fold(title)), 'A') ||
        setweight(to_tsvector('simple', f_fold(content || ' ' || coalesce(answer_text, ''))), 'B')) stored`.execute(db);
      await sql`create index petitions_search_tsv on petitions using gin (search_tsv)`.execute(db);
      // The trigram indexes over whole documents cost much on every write and served only the first search.
      await sql`drop index if exists petitions_search_trgm`.execute(db);
      await sql`drop index if exists petitions_title_trgm`.execute(db);
      // The words of all petitions (folded), for typo tolerance: a mistyped word is matched to known ones by trigrams.
      await db.schema.createTable('petition_words').addColumn('word', 'text', (c) => c.primaryKey()).execute();
      await sql`create index petition_words_trgm on petition_words using gin (word gin_trgm_ops)`.execute(db);
      await db.schema
        .createTable('petition_words_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('updated_to', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '202611270430_petitions_identity_indexes': {
    async up(db: Kysely<any>) {
      // The same person's earlier petitions (kéo dài, vượt cấp) by phone or e-mail when entered by staff.
      await sql`create index petitions_petitioner_phone on petitions (petitioner_phone, id desc) where petitioner_phone is not null`.execute(db);
      await sql`create index petitions_petitioner_email on petitions (petitioner_email, id desc) where petitioner_email is not null`.execute(db);
      // The text column duplicated the document for the trigram index; the full-text vector replaced both.
      await sql`alter table petitions drop column search`.execute(db);
      // Inserts update the full-text index directly: no pending list for one unlucky submission to flush.
      await sql`alter index petitions_search_tsv set (fastupdate = off)`.execute(db);
    },
  },
  '202611270440_petitions_word_counts': {
    async up(db: Kysely<any>) {
      // How many petitions hold each word (an estimate: it lets the search choose its plan), rebuilt from scratch.
      await sql`alter table petition_words add column ndoc integer not null default 0`.execute(db);
      await sql`alter table petition_words_state add column ndocs bigint not null default 0`.execute(db);
      await sql`delete from petition_words`.execute(db);
      await sql`delete from petition_words_state`.execute(db);
    },
  },
  '202611270730_petitions_public_search': {
    async up(db: Kysely<any>) {
      // The published public petitions alone, narrow and in publication order, for the public search: scanning the
      // most recent of them reads a few pages instead of the whole wide rows of every petition.
      await sql`create table petition_search (
        id integer primary key references petitions (id) on delete cascade,
        published_at timestamptz not null,
        status text not null,
        kind text not null,
        channel text not null,
        category_id integer,
        unit_code text not null,
        agency_id integer not null,
        search_tsv tsvector not null)`.execute(db);
      await sql`insert into petition_search
        select id, published_at, status, kind, channel, category_id, unit_code, agency_id, search_tsv from petitions
        where visibility = 'public' and track = 'general' and published_at is not null
        order by published_at, id`.execute(db);
      await sql`create index petition_search_recent on petition_search (published_at desc, id desc)`.execute(db);
      await sql`create index petition_search_unit on petition_search (unit_code, published_at desc, id desc)`.execute(db);
      await sql`create index petition_search_tsv on petition_search using gin (search_tsv) with (fastupdate = off)`.execute(db);
      // Kept by the database itself, in the transaction of every change: no use case can forget it.
      await sql`create function petition_search_sync() returns trigger language plpgsql as $$
        begin
          if new.visibility = 'public' and new.track = 'general' and new.published_at is not null then
            insert into petition_search (id, published_at, status, kind, channel, category_id, unit_code, agency_id, search_tsv)
            values (new.id, new.published_at, new.status, new.kind, new.channel, new.category_id, new.unit_code, new.agency_id, new.search_tsv)
            on conflict (id) do update set published_at = excluded.published_at, status = excluded.status, kind = excluded.kind,
              channel = excluded.channel, category_id = excluded.category_id, unit_code = excluded.unit_code,
              agency_id = excluded.agency_id, search_tsv = excluded.search_tsv;
          elsif tg_op = 'UPDATE' then
            delete from petition_search where id = new.id;
          end if;
          return null;
        end $$`.execute(db);
      await sql`create trigger petition_search_insert after insert on petitions
        for each row when (new.published_at is not null) execute function petition_search_sync()`.execute(db);
      await sql`create trigger petition_search_update after update of visibility, track, published_at, status, kind, channel,
        category_id, unit_code, agency_id, title, content, answer_text on petitions
        for each row execute function petition_search_sync()`.execute(db);
    },
  },
  '202611271000_petitions_next_code': {
    async up(db: Kysely<any>) {
      // The next number of a code sequence in one statement, creating the sequence on first use (a new year).
      await sql`create function petition_code_next(seq text) returns bigint language plpgsql as $$
        begin
          if to_regclass(seq) is null then
            execute format('create sequence if not exists %I', seq);
          end if;
          return nextval(seq::regclass);
        end $$`.execute(db);
    },
  },
  '202611271010_petitions_search_changes': {
    async up(db: Kysely<any>) {
      // Every change to petition_search, numbered, written in the same transaction: the in-memory public index of
      // each process reads what changed since it last looked. Kept a day (the deadline job trims it).
      await sql`create table petition_search_changes (
        seq bigserial primary key,
        id integer not null,
        at timestamptz not null default now())`.execute(db);
      await sql`create index petition_search_changes_at on petition_search_changes (at)`.execute(db);
      await sql`create function petition_search_log_new() returns trigger language plpgsql as $$
        begin
          insert into petition_search_changes (id) select id from new_rows order by id;
          return null;
        end $$`.execute(db);
      await sql`create function petition_search_log_old() returns trigger language plpgsql as $$
        begin
          insert into petition_search_changes (id) select id from old_rows order by id;
          return null;
        end $$`.execute(db);
      await sql`create trigger petition_search_log_insert after insert on petition_search
        referencing new table as new_rows for each statement execute function petition_search_log_new()`.execute(db);
      await sql`create trigger petition_search_log_update after update on petition_search
        referencing new table as new_rows for each statement execute function petition_search_log_new()`.execute(db);
      await sql`create trigger petition_search_log_delete after delete on petition_search
        referencing old table as old_rows for each statement execute function petition_search_log_old()`.execute(db);
    },
  },
  '202611271300_petitions_public_row_changes': {
    async up(db: Kysely<any>) {
      // Any change to a published public petition is logged too (a rating, a flag): the search keeps the rows it
      // showed in memory until the log names them.
      await sql`create function petition_public_row_changed() returns trigger language plpgsql as $$
        begin
          insert into petition_search_changes (id) values (new.id);
          return null;
        end $$`.execute(db);
      await sql`create trigger petition_public_row_changed after update on petitions for each row
        when (old.visibility = 'public' and old.track = 'general' and old.published_at is not null and old is distinct from new)
        execute function petition_public_row_changed()`.execute(db);
    },
  },
  '202612021701_petitions_stats_aggregate': {
    async up(db: Kysely<any>) {
      // Pre-aggregated counts for dashboards and reports (service/aggregate.ts): a trigger appends, in the
      // transaction of every change, the change of the petition's contribution (old row −1, new row +1) per month of
      // submission, unit and one dimension; appends never wait for one another. A job folds the appended rows of a
      // key into one (compact), in one statement, so a reader's snapshot sees either the parts or their sum.
      await sql`create table petition_stats (
        id bigserial primary key,
        month date not null,
        province_code text not null,
        unit_code text not null,
        dim text not null,
        val text not null,
        received integer not null, answered integer not null, on_time integer not null, open integer not null,
        overdue integer not null, keo_dai integer not null, vuot_cap integer not null, legal integer not null,
        reopened integer not null, rating_sum integer not null, rating_count integer not null,
        compact boolean not null default false)`.execute(db);
      await sql`create index petition_stats_province on petition_stats (province_code, dim, month)`.execute(db);
      await sql`create index petition_stats_unit on petition_stats (unit_code, dim, month)`.execute(db);
      await sql`create index petition_stats_loose on petition_stats (id) where not compact`.execute(db);
      await sql`create function petition_stats_add(r petitions, s integer) returns void language plpgsql as $$
        declare m date := date_trunc('month', (r.submitted_at at time zone 'UTC') + interval '7 hours')::date;
        begin
          if r.status = 'merged' then return; end if;
          insert into petition_stats (month, province_code, unit_code, dim, val, received, answered, on_time, open, overdue,
            keo_dai, vuot_cap, legal, reopened, rating_sum, rating_count)
          select m, r.province_code, r.unit_code, d.dim, d.val, s,
            s * (r.answered_at is not null)::int, s * coalesce(r.answered_on_time, false)::int,
            s * (r.status in ('submitted','received','forwarded','assigned','answer_drafted','approved','reopened'))::int,
            s * (r.due_state = 'overdue')::int, s * r.keo_dai::int, s * r.vuot_cap::int, s * (r.track = 'legal')::int,
            s * (r.reopen_count > 0)::int, s * coalesce(r.rating, 0), s * (r.rating is not null)::int
          from (values ('all', ''), ('agency', r.agency_id::text), ('category', coalesce(r.category_id::text, '')),
            ('kind', r.kind::text), ('channel', r.channel::text)) as d (dim, val);
        end $$`.execute(db);
      await sql`create function petition_stats_sync() returns trigger language plpgsql as $$
        begin
          if tg_op <> 'INSERT' then perform petition_stats_add(old, -1); end if;
          if tg_op <> 'DELETE' then perform petition_stats_add(new, 1); end if;
          return null;
        end $$`.execute(db);
      await sql`create trigger petition_stats_insert after insert or delete on petitions
        for each row execute function petition_stats_sync()`.execute(db);
      await sql`create trigger petition_stats_update after update on petitions for each row
        when ((old.status, old.answered_at, old.answered_on_time, old.due_state, old.keo_dai, old.vuot_cap, old.track,
          old.reopen_count, old.rating, old.submitted_at, old.unit_code, old.province_code, old.agency_id, old.category_id,
          old.kind, old.channel) is distinct from (new.status, new.answered_at, new.answered_on_time, new.due_state,
          new.keo_dai, new.vuot_cap, new.track, new.reopen_count, new.rating, new.submitted_at, new.unit_code,
          new.province_code, new.agency_id, new.category_id, new.kind, new.channel))
        execute function petition_stats_sync()`.execute(db);
      await sql`select petition_stats_add(p, 1) from petitions p`.execute(db);
    },
  },
  '202612021800_petitions_search_changes_xid': {
    async up(db: Kysely<any>) {
      // The transaction that wrote each change: the memory search provider reads the log in commit order (see
      // public-index.ts), not by the sequence number, which a transaction takes long before it commits.
      await sql`alter table petition_search_changes add column xid xid8 not null default pg_current_xact_id()`.execute(db);
      await sql`create index petition_search_changes_xid on petition_search_changes (xid)`.execute(db);
    },
  },
};
