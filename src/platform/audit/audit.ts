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
  const body = canonicalJson([
    e.at.toISOString(), e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id,
    e.before ?? null, e.after ?? null, e.ip ?? null,
  ]);
  return createHash('sha256').update(prev).update('\n').update(body).digest('hex');
}

/**
 * Appends to the hash-chained audit trail. Call it inside the use case's transaction: the
 * advisory lock serialises writers until commit, so the chain order is the id order.
 */
export async function audit(tx: Executor, entry: AuditEntry): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
  const head = await tx.selectFrom('audit_head').select(['count', 'hash']).where('id', '=', 1).executeTakeFirst();
  const prev = head?.hash ?? GENESIS;
  const row = {
    at: entry.at ?? new Date(),
    actor_id: entry.actor.id,
    actor_label: entry.actor.label,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: String(entry.entityId),
    before: entry.before === undefined ? null : JSON.parse(canonicalJson(entry.before)),
    after: entry.after === undefined ? null : JSON.parse(canonicalJson(entry.after)),
    ip: entry.ip ?? null,
  };
  const hash = entryHash(prev, row);
  await tx
    .insertInto('audit_log')
    .values({ ...row, before: row.before === null ? null : JSON.stringify(row.before), after: row.after === null ? null : JSON.stringify(row.after), prev_hash: prev, hash } as any)
    .execute();
  await tx
    .insertInto('audit_head')
    .values({ id: 1, count: (head?.count ?? 0) + 1, hash })
    .onConflict((oc) => oc.column('id').doUpdateSet({ count: (head?.count ?? 0) + 1, hash }))
    .execute();
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
};
