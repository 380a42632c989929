import { sql, type Kysely, type Migration } from 'kysely';
import { fold } from '../../platform/text/text';

/** A short seed of Vietnamese profanity and spam markers that hold a comment for review (editable). */
export const SEED_WORDS = [
  'địt',
  'đmm',
  'đcm',
  'vcl',
  'vkl',
  'clgt',
  'óc chó',
  'thằng chó',
  'súc vật',
  'ngu như bò',
  'đồ ngu',
  'mất dạy',
  'cá độ bóng đá',
  'nhà cái',
  'soi cầu',
  'tài xỉu',
  'casino',
  'vay tiền nhanh',
  'kiếm tiền online',
  'bấm vào link',
  'zalo nhận quà',
];

export const migrations: Record<string, Migration> = {
  '202611270500_comments_tables': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('comments')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'bigint', (c) => c.notNull())
        .addColumn('section', 'text')
        .addColumn('parent_id', 'bigint', (c) => c.references('comments.id'))
        .addColumn('author_id', 'bigint')
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('guest_contact', 'text')
        .addColumn('as_agency_id', 'integer', (c) => c.references('agencies.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','visible','hidden')`))
        .addColumn('hold_reason', 'text', (c) => c.check(sql`hold_reason in ('guest','words','reports','moderator')`))
        .addColumn('moderation_note', 'text')
        .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('decision', 'text', (c) => c.check(sql`decision in ('accepted','partly_accepted','explained')`))
        .addColumn('explanation', 'text')
        .addColumn('decided_at', 'timestamptz')
        .addColumn('decided_by', 'bigint')
        .addColumn('ip', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addCheckConstraint('comments_author', sql`author_id is not null or guest_contact is not null`)
        .execute();
      // The public list: keyset pages over visible comments of one target, top level (parent_id is null) or replies.
      await sql`create index comments_list on comments (target_type, target_id, parent_id, created_at, id) where status = 'visible'`.execute(db);
      await sql`create index comments_section on comments (target_type, target_id, section, created_at, id) where status = 'visible' and parent_id is null`.execute(db);
      await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id', 'created_at', 'id']).execute();
      // The moderation queue and each viewer's own pending comments.
      await sql`create index comments_queue on comments (status, created_at, id) where status <> 'visible' or report_count > 0`.execute(db);
      await db.schema.createIndex('comments_author_time').on('comments').columns(['author_id', 'created_at']).execute();
      await db.schema.createIndex('comments_ip_time').on('comments').columns(['ip', 'created_at']).execute();

      await db.schema
        .createTable('comment_targets')
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'bigint', (c) => c.notNull())
        .addColumn('visible_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('top_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unit_code', 'text')
        .addColumn('agency_id', 'integer')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('comment_targets_pk', ['target_type', 'target_id'])
        .execute();
      await db.schema.createIndex('comment_targets_agency').on('comment_targets').column('agency_id').execute();

      await db.schema
        .createTable('comment_reports')
        .addColumn('comment_id', 'bigint', (c) => c.notNull().references('comments.id').onDelete('cascade'))
        .addColumn('user_id', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('spam','offensive','off_topic')`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('comment_reports_pk', ['comment_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('comment_blocks')
        .addColumn('user_id', 'bigint', (c) => c.primaryKey())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('blocked_by', 'bigint')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('moderation_words')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('word', 'text', (c) => c.notNull())
        .addColumn('folded', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'bigint')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();

      await db.schema
        .createTable('comment_unit_settings')
        .addColumn('unit_code', 'text', (c) => c.primaryKey().references('units.code'))
        .addColumn('guest_allowed', 'boolean')
        .addColumn('guest_moderation', 'boolean')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();

      await db
        .insertInto('moderation_words')
        .values(SEED_WORDS.map((word) => ({ word, folded: fold(word).replace(/\s+/g, ' ') })))
        .onConflict((oc) => oc.column('folded').doNothing())
        .execute();
    },
  },
  '202611270501_comments_list_indexes': {
    async up(db: Kysely<any>) {
      // Only comments on a section belong in the per-section index: a list without a section filter must
      // not pick it (it would read every comment of the target and sort them) instead of comments_list.
      await sql`drop index if exists comments_section`.execute(db);
      await sql`create index comments_section on comments (target_type, target_id, section, created_at, id) where status = 'visible' and parent_id is null and section is not null`.execute(db);
      // "parent_id is null" is not an equality to the planner: with parent_id inside the key it sorts every
      // top-level comment of the target. The top level gets its own partial index, already in page order
      // (keyset pages read 21 index entries whatever the page); replies use comments_parent.
      await sql`drop index if exists comments_list`.execute(db);
      await sql`create index comments_top on comments (target_type, target_id, created_at, id) where status = 'visible' and parent_id is null`.execute(db);
    },
  },
};
