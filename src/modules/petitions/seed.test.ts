import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/harness';
import { enginesToTest } from '../../test/engines';
import { STATES } from './model';

// The whole demo province is loaded first (every module's seed): a longer set-up than describeEachEngine allows.
for (const engine of await enginesToTest()) {
  describe(`petitions demo seed [${engine}]`, () => {
    let app: TestApp & { database: { drop(): Promise<void> } };
    beforeAll(async () => {
      app = await createTestApp(engine, { demo: true });
    }, 600_000);
    afterAll(async () => {
      await app?.close();
    }, 600_000);
    const getApp = () => app;
    it('has realistic petitions in every state, with the special cases', async () => {
      const { db } = getApp().ctx;
      const r = await sql<{ status: string; n: number }>`select status, count(*)::int as n from petitions group by status`.execute(db);
      const by = Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
      const total = r.rows.reduce((a, x) => a + x.n, 0);
      expect(total).toBeGreaterThanOrEqual(110);
      for (const s of STATES) expect(by[s] ?? 0, s).toBeGreaterThan(0);
      const flags = await sql<{ keo: number; vuot: number; legal: number; kn: number; tc: number; overdue: number; front: number; desk: number; coi: number }>`
        select count(*) filter (where keo_dai)::int as keo, count(*) filter (where vuot_cap)::int as vuot,
          count(*) filter (where track = 'legal')::int as legal, count(*) filter (where kind = 'khieu_nai')::int as kn,
          count(*) filter (where kind = 'to_cao' and confidential)::int as tc, count(*) filter (where due_state = 'overdue')::int as overdue,
          count(*) filter (where channel = 'front_gathering')::int as front, count(*) filter (where channel = 'reception_desk')::int as desk,
          count(*) filter (where unit_code = '03670')::int as coi
        from petitions`.execute(db);
      const f = flags.rows[0];
      expect(f.keo).toBeGreaterThanOrEqual(1);
      expect(f.vuot).toBeGreaterThanOrEqual(1);
      // Other modules' demos add cases of their own (a complaint at the reception desk).
      expect(f.kn).toBeGreaterThanOrEqual(1);
      expect(f.tc).toBeGreaterThanOrEqual(1);
      expect(f.overdue).toBeGreaterThanOrEqual(2);
      expect(f.front).toBeGreaterThanOrEqual(4);
      expect(f.desk).toBeGreaterThanOrEqual(1);
      expect(f.coi * 2).toBeGreaterThan(total);
      const front = await sql<{ n: number }>`
        select count(*)::int as n from petitions p join users u on u.id = p.entered_by
        where u.email = 'mattran@example.com' and p.channel = 'front_gathering'`.execute(db);
      expect(front.rows[0].n).toBeGreaterThanOrEqual(4);
      const rated = await sql<{ n: number }>`select count(*)::int as n from petitions where rating is not null`.execute(db);
      expect(rated.rows[0].n).toBeGreaterThan(5);
      const templates = await sql<{ n: number }>`select count(*)::int as n from petition_answer_templates`.execute(db);
      expect(templates.rows[0].n).toBeGreaterThanOrEqual(3);
    });
  });
}
