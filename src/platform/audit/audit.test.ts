import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { afterAuditedCommit, audit, canonicalJson, entryHash, GENESIS, verifyAudit } from './audit';

it('canonical JSON ignores key order', () => {
  expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }));
});

describeEachEngine('audit trail', (getApp) => {
  const actor = { id: null, label: 'test' };

  it('chains entries and verifies them', async () => {
    const { db } = getApp().ctx;
    for (let i = 0; i < 5; i++) {
      await db.transaction().execute((tx) =>
        audit(tx, { actor, action: 'thing.update', entityType: 'thing', entityId: i, before: { n: i, tên: 'Chiềng Cơi' }, after: { n: i + 1, z: null, a: [1, 2] } }),
      );
    }
    const r = await verifyAudit(db);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.checked).toBeGreaterThanOrEqual(5);
  });

  it('runs what waits for audited commits once per committed transaction, after the commit, never on rollback', async () => {
    const { db } = getApp().ctx;
    let runs = 0;
    afterAuditedCommit(() => runs++);
    const entry = (i: number) => ({ actor, action: 'thing.touch', entityType: 'thing', entityId: 100 + i });
    await db.transaction().execute(async (tx) => {
      await audit(tx, entry(1));
      await audit(tx, entry(2));
      expect(runs).toBe(0);
    });
    expect(runs).toBe(1);
    await expect(
      db.transaction().execute(async (tx) => {
        await audit(tx, entry(3));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(runs).toBe(1);
    await db.transaction().execute(async (tx) => audit(tx, entry(4)));
    expect(runs).toBe(2);
  });

  it('refuses updates and deletes of audit rows', async () => {
    const { db } = getApp().ctx;
    await expect(sql`update audit_log set action = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('detects an edited row', async () => {
    const { db } = getApp().ctx;
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
    const row = await db.selectFrom('audit_log').select(['id', 'after']).orderBy('id').limit(1).offset(1).executeTakeFirstOrThrow();
    await sql`update audit_log set after = '{"n": 999}'::jsonb where id = ${row.id}`.execute(db);
    const r = await verifyAudit(db);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toContain(`#${row.id}`);
    await sql`update audit_log set after = ${JSON.stringify(row.after)}::jsonb where id = ${row.id}`.execute(db);
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('detects a deleted row', async () => {
    const { db } = getApp().ctx;
    const row = await db.selectFrom('audit_log').select('id').orderBy('id').limit(1).offset(2).executeTakeFirstOrThrow();
    await sql`delete from audit_log where id = ${row.id}`.execute(db);
    const r = await verifyAudit(db);
    expect(r.ok).toBe(false);
    await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db);
  });

  it('links rows at commit: a rolled-back transaction leaves neither row nor link, and a removed link is caught', async () => {
    const app = getApp();
    const fresh = await import('../../test/harness').then((m) => m.freshDatabase(app.engine));
    try {
      const { migrateToLatest } = await import('../db/migrate');
      const { migrationSets } = await import('../../app');
      const db = fresh.handle.db;
      await migrateToLatest(db, migrationSets());
      // A chain begun in the former layout (each row its own link) goes on in audit_chain.
      const at = new Date('2026-11-01T01:00:00Z');
      const legacy = { at, actor_id: null, actor_label: 'test', action: 'old', entity_type: 't', entity_id: '1', before: null, after: { n: 1 }, ip: null };
      const hash = entryHash(GENESIS, legacy);
      await sql`insert into audit_log (at, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, prev_hash, hash)
        values (${at}, null, 'test', 'old', 't', '1', null, '{"n": 1}'::jsonb, null, ${GENESIS}, ${hash})`.execute(db);
      await sql`insert into audit_head (id, count, hash) values (1, 1, ${hash})`.execute(db);
      await db.transaction().execute((tx) => audit(tx, { actor, action: 'new', entityType: 't', entityId: 2 }));
      await expect(
        db.transaction().execute(async (tx) => {
          await audit(tx, { actor, action: 'undone', entityType: 't', entityId: 3 });
          throw new Error('the use case failed');
        }),
      ).rejects.toThrow('the use case failed');
      await db.transaction().execute((tx) => audit(tx, { actor, action: 'new', entityType: 't', entityId: 4 }));
      expect(await verifyAudit(db)).toMatchObject({ ok: true, checked: 3 });
      const links = await sql<{ seq: number; prev_hash: string }>`select seq, prev_hash from audit_chain order by seq`.execute(db);
      expect(links.rows.map((l) => Number(l.seq))).toEqual([2, 3]);
      expect(links.rows[0].prev_hash).toBe(hash);

      await sql`alter table audit_chain disable trigger audit_chain_no_change`.execute(db);
      await sql`delete from audit_chain where seq = 2`.execute(db);
      const r = await verifyAudit(db);
      expect(r.ok).toBe(false);
      expect(r.problems.join('\n')).toMatch(/ngoài chuỗi|bị đứt/);
    } finally {
      await fresh.drop();
    }
  });

  it('serialises concurrent writers into one valid chain', async () => {
    const app = getApp();
    const fresh = await import('../../test/harness').then((m) => m.freshDatabase(app.engine));
    try {
      const { migrateToLatest } = await import('../db/migrate');
      const { migrationSets } = await import('../../app');
      await migrateToLatest(fresh.handle.db, migrationSets());
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fresh.handle.db.transaction().execute((tx) => audit(tx, { actor, action: 'c', entityType: 't', entityId: i })),
        ),
      );
      expect(await verifyAudit(fresh.handle.db)).toMatchObject({ ok: true, checked: 20 });
    } finally {
      await fresh.drop();
    }
  });
});
