import { createHash } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterCommit } from '../db/after-commit';
import type { Executor } from '../db/types';

declare module '../db/types' {
  interface Database {
    audit_log: {
      id: import('kysely').Generated<number>;
      at: Date;
      actor_id: number | null;
      actor_label: string;
      action: string;
      entity_type: string;
      entity_id: string;
      before: unknown | null;
      after: unknown | null;
      ip: string | null;
      /** Rows written before audit_chain: their link in the chain. Later rows: null (see audit_chain). */
      prev_hash: string | null;
      hash: string | null;
      /** sha256 of the row's canonical content (rows written since audit_chain). */
      content_hash: string | null;
    };
    /** The chain, in commit order: each row's link, written by a trigger when its transaction commits. */
    audit_chain: { seq: number; audit_id: number; prev_hash: string; hash: string };
    audit_head: { id: number; count: number; hash: string };
  }
}

export const GENESIS = '0'.repeat(64);
const LOCK_KEY = 727_001;

export interface AuditActor {
  id: number | null;
  label: string;
}
export const SYSTEM_ACTOR: AuditActor = { id: null, label: 'system' };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  at?: Date;
}

/** JSON with object keys sorted, so that jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (v === undefined) return null;
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(norm);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = norm(x);
    }
    return out;
  };
  return JSON.stringify(norm(JSON.parse(JSON.stringify(value ?? null))));
}

export function entryHash(prev: string, e: {
  at: Date; actor_id: number | null; actor_label: string; action: string; entity_type: string;
  entity_id: string; before: unknown; after: unknown; ip: string | null;
}): string {
  return createHash('sha256').update(prev).update('\n').update(entryBody(e)).digest('hex');
}

/** What the hash covers besides the previous hash: the row's content, canonical. */
function entryBody(e: Parameters<typeof entryHash>[1]): string {
  return canonicalJson([
    e.at.toISOString(), e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id,
    e.before ?? null, e.after ?? null, e.ip ?? null,
  ]);
}

/** What runs after the commit of every transaction that wrote to the audit trail (see afterAuditedCommit). */
const auditedCommitHooks = new Set<() => void>();
/** The transactions whose commit already runs them (one run per transaction, however many entries it writes). */
const hookedTransactions = new WeakSet<object>();

/**
 * Runs `fn` once after the commit of each transaction that wrote to the audit trail — that is, after every state
 * change of every module (the rule: each use case audits its change). For a read cache of what is computed from
 * many modules' data, such as the reports module's dashboard figures, which knows no module's tables and so cannot
 * tell which of their writes matter. The same function added twice runs once.
 */
export function afterAuditedCommit(fn: () => void): void {
  auditedCommitHooks.add(fn);
}

function runAuditedCommitHooks(): void {
  for (const fn of auditedCommitHooks) fn();
}

/**
 * Appends to the hash-chained audit trail, inside the use case's transaction. The row carries the hash of its own
 * content; a deferred trigger links it into the chain when the transaction commits (audit_chain: position, previous
 * hash, hash), under a lock held only for that last moment, so writers do not queue behind each other's work.
 */
export async function audit(tx: Executor, entry: AuditEntry): Promise<void> {
  await auditAll(tx, [entry]);
}

/** The row audit() writes for an entry (canonical JSON, content hash). */
function auditRow(entry: AuditEntry) {
  const row = {
    at: entry.at ?? new Date(),
    actor_id: entry.actor.id,
    actor_label: entry.actor.label,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: String(entry.entityId),
    before: entry.before === undefined ? null : canonicalJson(entry.before),
    after: entry.after === undefined ? null : canonicalJson(entry.after),
    ip: entry.ip ?? null,
  };
  const content = contentHash({ ...row, before: row.before === null ? null : JSON.parse(row.before), after: row.after === null ? null : JSON.parse(row.after) });
  return sql`(${row.at}, ${row.actor_id}, ${row.actor_label}, ${row.action}, ${row.entity_type}, ${row.entity_id},
      ${row.before}::jsonb, ${row.after}::jsonb, ${row.ip}, ${content})`;
}

/**
 * Several entries in the caller's transaction (a batch use case: one entry per thing it changed), the same rows as
 * audit() one by one, in their order, a few hundred per statement; each is linked into the chain at commit.
 */
export async function auditAll(tx: Executor, entries: AuditEntry[]): Promise<void> {
  for (let k = 0; k < entries.length; k += 500) {
    await sql`insert into audit_log (at, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, content_hash)
      values ${sql.join(entries.slice(k, k + 500).map(auditRow))}`.execute(tx);
  }
  if (entries.length && auditedCommitHooks.size && !hookedTransactions.has(tx)) {
    if (tx.isTransaction) hookedTransactions.add(tx);
    await afterCommit(tx, runAuditedCommitHooks);
  }
}

/** The hash of a row's content (what the chain links, for rows written since the chain moved to audit_chain). */
export function contentHash(e: Parameters<typeof entryHash>[1]): string {
  return createHash('sha256').update(entryBody(e)).digest('hex');
}

/** A chain link: sha256 of the previous hash, a newline and the row's content hash. */
export function linkHash(prev: string, content: string): string {
  return createHash('sha256').update(prev).update('\n').update(content).digest('hex');
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: string[];
}

/** Anchors exported outside the database (platform/audit/anchor.ts) and the key that signed them. */
export interface AnchorCheck {
  key: string;
  anchors: Array<{ count: number; hash: string; at: string; mac: string } | { bad: string }>;
  signed: (key: string, a: { count: number; hash: string; at: string; mac: string }) => boolean;
}

/**
 * Walks the whole chain; an edited, inserted or deleted row breaks it. Rows from before audit_chain carry their
 * links themselves (hash over the content, in id order); later ones are linked in audit_chain, in commit order.
 * With anchors, the chain must also pass through each anchored head: a chain rewritten consistently inside the
 * database (rows removed from the end and the head rewound, or a row edited and every later hash recomputed) does not.
 */
export async function verifyAudit(db: Executor, batch = 5000, anchored?: AnchorCheck): Promise<VerifyResult> {
  const problems: string[] = [];
  let prev = GENESIS;
  let checked = 0;
  let lastId = 0;
  const at = new Map<number, Array<{ count: number; hash: string; at: string }>>();
  for (const a of anchored?.anchors ?? []) {
    if ('bad' in a) problems.push(`mốc neo không đọc được (unreadable anchor): ${a.bad}`);
    else if (!anchored!.signed(anchored!.key, a)) problems.push(`mốc neo ${a.at} (${a.count}) không đúng chữ ký (anchor not signed with the key)`);
    else at.set(a.count, [...(at.get(a.count) ?? []), a]);
  }
  const passAnchor = () => {
    for (const a of at.get(checked) ?? []) {
      if (a.hash !== prev) problems.push(`bản ghi thứ ${checked} khác với mốc neo ${a.at} (the chain was rewritten before this anchor)`);
    }
  };
  passAnchor();
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).where('hash', 'is not', null).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) problems.push(`#${r.id}: liên kết với bản ghi trước bị đứt (a row before it was removed or changed)`);
      if (entryHash(r.prev_hash!, r) !== r.hash) problems.push(`#${r.id}: nội dung đã bị sửa (row content was edited)`);
      prev = r.hash!;
      lastId = r.id;
      checked++;
      passAnchor();
    }
  }
  let lastSeq = 0;
  for (;;) {
    const links = await db
      .selectFrom('audit_chain as c')
      .leftJoin('audit_log as l', 'l.id', 'c.audit_id')
      .select(['c.seq', 'c.audit_id', 'c.prev_hash as link_prev', 'c.hash as link_hash'])
      .select(['l.id', 'l.at', 'l.actor_id', 'l.actor_label', 'l.action', 'l.entity_type', 'l.entity_id', 'l.before', 'l.after', 'l.ip', 'l.content_hash'])
      .where('c.seq', '>', lastSeq)
      .orderBy('c.seq')
      .limit(batch)
      .execute();
    if (links.length === 0) break;
    for (const k of links) {
      const label = `#${k.audit_id}`;
      if (k.link_prev !== prev) problems.push(`${label}: liên kết với bản ghi trước bị đứt (a row before it was removed or changed)`);
      if (linkHash(k.link_prev, k.content_hash ?? '') !== k.link_hash) problems.push(`${label}: mắt xích đã bị sửa (the chain link was edited)`);
      if (k.id === null) problems.push(`${label}: bản ghi đã bị xóa (the row was removed)`);
      else if (contentHash(k as Parameters<typeof contentHash>[0]) !== k.content_hash) problems.push(`${label}: nội dung đã bị sửa (row content was edited)`);
      prev = k.link_hash;
      lastSeq = Number(k.seq);
      checked++;
      passAnchor();
    }
  }
  const outside = await sql<{ id: number }>`
    select l.id from audit_log l where l.hash is null and not exists (select 1 from audit_chain c where c.audit_id = l.id) order by l.id limit 20`.execute(db);
  for (const r of outside.rows) problems.push(`#${r.id}: bản ghi nằm ngoài chuỗi (a row outside the chain)`);
  const head = await db.selectFrom('audit_head').select(['count', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && (Number(head.count) !== checked || head.hash !== prev)) {
    problems.push(`đầu chuỗi (${head.count}) không khớp với ${checked} bản ghi (rows at the end were removed)`);
  }
  for (const [count, list] of at) {
    if (count > checked) problems.push(`mốc neo ${list[0].at} ghi ${count} bản ghi, chuỗi chỉ còn ${checked} (rows at the end were removed)`);
  }
  return { ok: problems.length === 0, checked, problems };
}

export const auditMigrations: Record<string, Migration> = {
  '202611270001_platform_audit': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('actor_id', 'bigint')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('before', 'jsonb')
        .addColumn('after', 'jsonb')
        .addColumn('ip', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await sql`
        create function audit_log_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_log is append-only'; end $$`.execute(db);
      await sql`
        create trigger audit_log_no_change before update or delete on audit_log
        for each row execute function audit_log_append_only()`.execute(db);
    },
  },
  '202611270800_platform_audit_chain': {
    async up(db: Kysely<any>) {
      // Rows written from now on carry the hash of their content; the chain links them at commit, in audit_chain.
      await sql`alter table audit_log add column content_hash text`.execute(db);
      await sql`alter table audit_log alter column prev_hash drop not null`.execute(db);
      await sql`alter table audit_log alter column hash drop not null`.execute(db);
      await sql`create table audit_chain (
        seq bigint primary key,
        audit_id bigint not null unique,
        prev_hash text not null,
        hash text not null)`.execute(db);
      await sql`create trigger audit_chain_no_change before update or delete on audit_chain
        for each row execute function audit_log_append_only()`.execute(db);
      await sql`
        create function audit_chain_link() returns trigger language plpgsql as $$
        declare
          v_count bigint;
          v_prev text;
          v_hash text;
        begin
          perform pg_advisory_xact_lock(${sql.lit(LOCK_KEY)});
          select count, hash into v_count, v_prev from audit_head where id = 1;
          v_prev := coalesce(v_prev, ${sql.lit(GENESIS)});
          v_hash := encode(sha256(convert_to(v_prev || E'\\n' || new.content_hash, 'UTF8')), 'hex');
          insert into audit_chain (seq, audit_id, prev_hash, hash) values (coalesce(v_count, 0) + 1, new.id, v_prev, v_hash);
          insert into audit_head (id, count, hash) values (1, coalesce(v_count, 0) + 1, v_hash)
          on conflict (id) do update set count = excluded.count, hash = excluded.hash;
          return null;
        end $$`.execute(db);
      // At commit: the lock is taken when the transaction's work is done, and released a moment later.
      await sql`create constraint trigger audit_log_link after insert on audit_log deferrable initially deferred
        for each row when (new.hash is null) execute function audit_chain_link()`.execute(db);
    },
  },
};
