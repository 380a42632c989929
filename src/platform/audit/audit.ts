import { createHash } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
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
      prev_hash: string;
      hash: string;
    };
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

/**
 * Appends to the hash-chained audit trail. Call it last in the use case's transaction: the advisory lock taken
 * here serialises writers until commit, so the chain order is the id order. One round trip (audit_append) keeps
 * the time under the lock short; the hash is the one entryHash() computes.
 */
export async function audit(tx: Executor, entry: AuditEntry): Promise<void> {
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
  const body = entryBody({ ...row, before: row.before === null ? null : JSON.parse(row.before), after: row.after === null ? null : JSON.parse(row.after) });
  await sql`select audit_append(${row.at}, ${row.actor_id}, ${row.actor_label}, ${row.action}, ${row.entity_type}, ${row.entity_id},
    ${row.before}::jsonb, ${row.after}::jsonb, ${row.ip}, ${body})`.execute(tx);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: string[];
}

/** Walks the whole chain; an edited, inserted or deleted row breaks it. */
export async function verifyAudit(db: Executor, batch = 5000): Promise<VerifyResult> {
  const problems: string[] = [];
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) problems.push(`#${r.id}: liên kết với bản ghi trước bị đứt (a row before it was removed or changed)`);
      const expected = entryHash(r.prev_hash, r);
      if (expected !== r.hash) problems.push(`#${r.id}: nội dung đã bị sửa (row content was edited)`);
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head && (head.hash !== prev || head.count !== checked)) {
    problems.push(`đầu chuỗi (${head.count}) không khớp với ${checked} bản ghi (rows at the end were removed)`);
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
  '202611270735_platform_audit_append': {
    async up(db: Kysely<any>) {
      // The append in one statement: lock, head, row, new head (sha256 of the previous hash, a newline and the body).
      await sql`
        create function audit_append(p_at timestamptz, p_actor_id bigint, p_actor_label text, p_action text, p_entity_type text,
          p_entity_id text, p_before jsonb, p_after jsonb, p_ip text, p_body text) returns void language plpgsql as $$
        declare
          v_count bigint;
          v_prev text;
          v_hash text;
        begin
          perform pg_advisory_xact_lock(${sql.lit(LOCK_KEY)});
          select count, hash into v_count, v_prev from audit_head where id = 1;
          v_prev := coalesce(v_prev, ${sql.lit(GENESIS)});
          v_hash := encode(sha256(convert_to(v_prev || E'\\n' || p_body, 'UTF8')), 'hex');
          insert into audit_log (at, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, prev_hash, hash)
          values (p_at, p_actor_id, p_actor_label, p_action, p_entity_type, p_entity_id, p_before, p_after, p_ip, v_prev, v_hash);
          insert into audit_head (id, count, hash) values (1, coalesce(v_count, 0) + 1, v_hash)
          on conflict (id) do update set count = excluded.count, hash = excluded.hash;
        end $$`.execute(db);
    },
  },
};
