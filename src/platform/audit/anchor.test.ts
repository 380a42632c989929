import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine, freshDatabase, testConfig } from '../../test/harness';
import { createLogger } from '../logger';
import type { Executor } from '../db/types';
import { audit, contentHash, linkHash, verifyAudit } from './audit';
import { exportAnchor, readAnchors, verifyAnchored } from './anchor';

const actor = { id: null, label: 'test' };

describeEachEngine('audit chain anchored outside the database', (getApp) => {
  async function scenario(fn: (db: Executor, config: ReturnType<typeof testConfig>) => Promise<void>) {
    const fresh = await freshDatabase(getApp().engine);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doithoai-anchor-'));
    try {
      const { migrateToLatest } = await import('../db/migrate');
      const { migrationSets } = await import('../../app');
      await migrateToLatest(fresh.handle.db, migrationSets());
      const config = testConfig({ auditAnchorKey: 'k'.repeat(48), auditAnchorFile: path.join(dir, 'anchors.jsonl') });
      await fn(fresh.handle.db, config);
    } finally {
      await fresh.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const write = async (db: Executor, n: number) => {
    for (let i = 0; i < n; i++) await db.transaction().execute((tx) => audit(tx, { actor, action: 'petition.update', entityType: 'petition', entityId: i, after: { n: i } }));
  };
  const anchorNow = (db: Executor, config: ReturnType<typeof testConfig>) =>
    exportAnchor({ db, config, clock: { now: () => new Date() }, log: createLogger('silent') });

  it('exports a signed head to the file and verifies against it', async () => {
    await scenario(async (db, config) => {
      await write(db, 4);
      const a = await anchorNow(db, config);
      expect(a).toMatchObject({ count: 4 });
      await write(db, 2);
      await anchorNow(db, config);
      expect(readAnchors(config.auditAnchorFile!)).toHaveLength(2);
      expect(await verifyAnchored(db, config)).toMatchObject({ ok: true, checked: 6, anchors: 2 });
    });
  });

  it('catches the newest rows deleted and the head rewound', async () => {
    await scenario(async (db, config) => {
      await write(db, 6);
      await anchorNow(db, config);
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
      await sql`alter table audit_chain disable trigger audit_chain_no_change`.execute(db);
      const keep = await sql<{ hash: string }>`select hash from audit_chain where seq = 4`.execute(db);
      await sql`delete from audit_log where id in (select audit_id from audit_chain where seq > 4)`.execute(db);
      await sql`delete from audit_chain where seq > 4`.execute(db);
      await sql`update audit_head set count = 4, hash = ${keep.rows[0].hash} where id = 1`.execute(db);
      expect((await verifyAudit(db)).ok).toBe(true); // the chain alone cannot tell
      const r = await verifyAnchored(db, config);
      expect(r.ok).toBe(false);
      expect(r.problems.join('\n')).toContain('rows at the end were removed');
    });
  });

  it('catches a row edited with every later hash recomputed', async () => {
    await scenario(async (db, config) => {
      await write(db, 5);
      await anchorNow(db, config);
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
      await sql`alter table audit_chain disable trigger audit_chain_no_change`.execute(db);
      const target = await sql<{ audit_id: string }>`select audit_id from audit_chain where seq = 2`.execute(db);
      await sql`update audit_log set after = '{"n": 999}'::jsonb where id = ${target.rows[0].audit_id}`.execute(db);
      const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      for (const r of rows) await sql`update audit_log set content_hash = ${contentHash(r)} where id = ${r.id}`.execute(db);
      const links = await sql<{ seq: string; audit_id: string }>`select seq, audit_id from audit_chain order by seq`.execute(db);
      let prev = '0'.repeat(64);
      for (const l of links.rows) {
        const c = await sql<{ content_hash: string }>`select content_hash from audit_log where id = ${l.audit_id}`.execute(db);
        const hash = linkHash(prev, c.rows[0].content_hash);
        await sql`update audit_chain set prev_hash = ${prev}, hash = ${hash} where seq = ${l.seq}`.execute(db);
        prev = hash;
      }
      await sql`update audit_head set hash = ${prev} where id = 1`.execute(db);
      expect((await verifyAudit(db)).ok).toBe(true); // consistent inside the database
      const r = await verifyAnchored(db, config);
      expect(r.ok).toBe(false);
      expect(r.problems.join('\n')).toContain('the chain was rewritten before this anchor');
    });
  });

  it('refuses an anchor not signed with the key', async () => {
    await scenario(async (db, config) => {
      await write(db, 3);
      await anchorNow(db, { ...config, auditAnchorKey: 'x'.repeat(48) });
      const r = await verifyAnchored(db, config);
      expect(r.ok).toBe(false);
      expect(r.problems.join('\n')).toContain('not signed with the key');
    });
  });
});
