import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../../test/harness';
import { allDatasets, csvField } from './catalogue';

/** Every personal string of the demo: accounts' names, e-mails and phones, petitioners' names, contacts, IDs. */
async function personalStrings(db: import('../../../platform/db/types').Db): Promise<string[]> {
  const users = await sql<{ full_name: string; email: string | null; phone: string | null; address: string | null }>`
    select full_name, email, phone, address from users`.execute(db);
  const pet = await sql<{ n: string | null; p: string | null; e: string | null; a: string | null; i: string | null }>`
    select petitioner_name as n, petitioner_phone as p, petitioner_email as e, petitioner_address as a, petitioner_id_no as i from petitions`.execute(db);
  const out = new Set<string>();
  for (const u of users.rows) for (const v of [u.full_name, u.email, u.phone, u.address]) if (v && v.length >= 5) out.add(v);
  for (const r of pet.rows) for (const v of [r.n, r.p, r.e, r.a, r.i]) if (v && v.length >= 5) out.add(v);
  return [...out];
}

describeEachEngine(
  'reports: open data',
  (getApp) => {
    it('lists every dataset of every manifest, with its dictionary page', async () => {
      const app = getApp();
      const keys = allDatasets(app.ctx).map((d) => d.key);
      expect(keys).toEqual(expect.arrayContaining(['kien-nghi', 'van-ban-cong-khai']));
      const list = await app.server.inject({ url: '/du-lieu-mo' });
      expect(list.statusCode).toBe(200);
      for (const k of keys) expect(list.body).toContain(`/du-lieu-mo/${k}.csv`);
      const page = await app.server.inject({ url: '/du-lieu-mo/kien-nghi' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Từ điển dữ liệu');
      expect(page.body).toContain('answered_on_time');
      expect((await app.server.inject({ url: '/du-lieu-mo/khong-co' })).statusCode).toBe(404);
      expect((await app.server.inject({ url: '/du-lieu-mo/khong-co.csv' })).statusCode).toBe(404);
    });

    it('streams CSV and JSON with one row per published petition, the count the dictionary gives', async () => {
      const app = getApp();
      const direct = await sql<{ n: number }>`
        select count(*)::int as n from petitions where visibility = 'public' and track = 'general' and published_at is not null and not confidential`.execute(app.ctx.db);
      const n = Number(direct.rows[0].n);
      expect(n).toBeGreaterThan(0);
      const meta = (await app.server.inject({ url: '/api/v1/datasets/kien-nghi' })).json();
      expect(meta.rowCount).toBe(n);
      const json = await app.server.inject({ url: '/du-lieu-mo/kien-nghi.json' });
      expect(json.headers['content-type']).toContain('application/json');
      const rows = JSON.parse(json.body) as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(n);
      expect(Object.keys(rows[0])).toEqual(meta.columns.map((c: { name: string }) => c.name));
      const csv = await app.server.inject({ url: '/du-lieu-mo/kien-nghi.csv' });
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain('kien-nghi.csv');
      expect(csv.body.startsWith('\uFEFFcode,kind,')).toBe(true);
      const api = JSON.parse((await app.server.inject({ url: '/api/v1/datasets/van-ban-cong-khai/rows' })).body);
      expect(api.length).toBe((await app.server.inject({ url: '/api/v1/datasets/van-ban-cong-khai' })).json().rowCount);
    });

    it('no export holds any personal data of the demo', async () => {
      const app = getApp();
      const personal = await personalStrings(app.ctx.db);
      expect(personal.length).toBeGreaterThan(10);
      for (const d of allDatasets(app.ctx)) {
        for (const format of ['csv', 'json']) {
          const body = (await app.server.inject({ url: `/du-lieu-mo/${d.key}.${format}` })).body.normalize('NFC').toLowerCase();
          const found = personal.filter((s) => body.includes(s.normalize('NFC').toLowerCase()));
          expect(found, `${d.key}.${format}`).toEqual([]);
        }
      }
    });

    it('quotes CSV fields and defuses formulas', () => {
      expect(csvField('a,"b"')).toBe('"a,""b"""');
      expect(csvField('=1+1')).toBe("'=1+1");
      expect(csvField(null)).toBe('');
      expect(csvField(true)).toBe('true');
    });
  },
  { demo: true },
);
