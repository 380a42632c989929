import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine, type TestApp } from '../../test/harness';
import { seedDirectoryDemo } from '../directory/seed';
import { seedAccounts } from '../accounts/seed';
import { loginAs } from '../accounts/testing';
import { getAgencyByCode } from '../directory/service';
import { usersWithRole } from '../accounts/service';
import { addDays, todayInVietnam } from '../../platform/calendar/dates';
import type { StatisticScope } from '../../platform/module';
import { principalOfUser } from './seed';
import { createDocument, listDisclosureCategories, publishDocument, withdrawDocument } from './service';
import { openConsultation } from './consultation';
import { disclosureModule } from './index';

// The period counted: January 2026, civil days of Vietnam.
const FROM = new Date('2026-01-01T00:00:00+07:00');
const TO = new Date('2026-02-01T00:00:00+07:00');
const at = (s: string) => new Date(`${s}+07:00`);

/** The documents the library behind a link lists (fewer than a page here). */
async function listed(app: TestApp, href: string, cookie?: string): Promise<number[]> {
  const res = await app.server.inject({ url: href, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
  expect(res.statusCode).toBe(200);
  return [...new Set([...res.body.matchAll(/href="\/cong-khai\/(\d+)"/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

describeEachEngine('disclosure statistics link to exactly what they count', (getApp) => {
  let ward = 0;
  let province = 0;
  let supervisor = '';
  const doc: Record<string, number> = {};

  beforeAll(async () => {
    const app = getApp();
    await seedDirectoryDemo(app.ctx);
    await seedAccounts(app.ctx);
    supervisor = (await loginAs(app, 'sonla@example.com')).cookie;
    ward = (await getAgencyByCode(app.ctx.db, 'UBND-03670'))!.id;
    province = (await getAgencyByCode(app.ctx.db, 'UBND-14'))!.id;
    const officer = await principalOfUser(app.ctx.db, (await usersWithRole(app.ctx.db, { role: 'officer', agencyId: ward }))[0]);
    const admin = await principalOfUser(app.ctx.db, (await usersWithRole(app.ctx.db, { role: 'admin', agencyId: province }))[0]);
    const categoryId = (await listDisclosureCategories(app.ctx.db))[0].id;
    const make = async (key: string, who: typeof officer, agencyId: number, publishedAt: string | null) => {
      const id = await createDocument(app.ctx, who, { agencyId, categoryId, title: `Kế hoạch ${key} năm 2026`, summary: 'Mục tiêu, chỉ tiêu và giải pháp thực hiện trong năm.', forms: ['web_portal'] });
      if (publishedAt) {
        await publishDocument(app.ctx, who, id);
        // Test data placed in time directly: what is counted, not how it got there.
        await sql`update documents set published_at = ${at(publishedAt)} where id = ${id}`.execute(app.ctx.db);
      }
      doc[key] = id;
      return id;
    };
    await make('january', officer, ward, '2026-01-15T09:00:00');
    const withdrawn = await make('withdrawn', officer, ward, '2026-01-31T23:30:00');
    await withdrawDocument(app.ctx, officer, withdrawn, { reason: 'Văn bản được thay thế bằng kế hoạch mới.' });
    await make('december', officer, ward, '2025-12-31T23:30:00');
    await make('february', officer, ward, '2026-02-01T00:10:00');
    await make('provincial', admin, province, '2026-01-10T09:00:00');
    await make('draft', officer, ward, null);
    const t0 = todayInVietnam(app.ctx.clock.now());
    for (const [key, created, report] of [['january', '2026-01-20T08:00:00', '2026-01-28T08:00:00'], ['december', '2026-02-02T08:00:00', null], ['provincial', '2026-01-05T08:00:00', '2026-02-03T08:00:00']] as const) {
      await openConsultation(app.ctx, key === 'provincial' ? admin : officer, doc[key], { opensOn: t0, closesOn: addDays(t0, 30) });
      await sql`update consultations set created_at = ${at(created)}, report_published_at = ${report ? at(report) : null} where document_id = ${doc[key]}`.execute(app.ctx.db);
    }
  }, 300_000);

  const scopes = (): Array<[string, StatisticScope, Record<string, string[]>]> => [
    ['the commune', { unitCode: '03670', from: FROM, to: TO }, { published: ['january', 'withdrawn'], consultations: ['january'], reports: ['january'] }],
    ['the province', { unitCode: '14', from: FROM, to: TO }, { published: ['january', 'withdrawn', 'provincial'], consultations: ['january', 'provincial'], reports: ['january'] }],
    ['the province and its agency', { unitCode: '14', from: FROM, to: TO, agencyId: province }, { published: ['provincial'], consultations: ['provincial'], reports: [] }],
  ];

  it('lists, for visitors and officials, the documents each number counts in its unit, agency and period', async () => {
    const app = getApp();
    for (const [name, scope, expected] of scopes()) {
      for (const [stat, keys] of Object.entries(expected)) {
        const s = disclosureModule.statistics!.find((x) => x.key === `disclosure.${stat}`)!;
        const value = await s.compute(app.ctx.db, scope);
        const want = keys.map((k) => doc[k]).sort((a, b) => a - b);
        for (const audience of ['public', 'official'] as const) {
          const href = s.link!(scope, audience)!;
          expect(href, `${stat} for ${name}`).toContain('from=2026-01-01&to=2026-01-31');
          const ids = await listed(app, href, audience === 'official' ? supervisor : undefined);
          expect(ids, `${stat} for ${name} (${audience})`).toEqual(want);
          expect(value, `${stat} for ${name}`).toBe(ids.length);
        }
      }
    }
  });

  it('keeps a unit without documents of its own chosen in the library’s unit filter', async () => {
    const res = await getApp().server.inject({ url: '/cong-khai?unit=03646&withdrawn=1', headers: { accept: 'text/html' } });
    expect(res.body).toMatch(/<option value="03646" selected>Phường Tô Hiệu</);
  });

  it('filters the API list by the period too, and refuses a malformed one beside the field or as problem+json', async () => {
    const app = getApp();
    const api = await app.server.inject({ url: '/api/v1/documents?unit=03670&withdrawn=1&from=2026-01-01&to=2026-01-31' });
    expect(api.statusCode).toBe(200);
    expect((api.json().items as Array<{ id: number }>).map((d) => d.id).sort((a, b) => a - b)).toEqual([doc.january, doc.withdrawn].sort((a, b) => a - b));
    const bad = await app.server.inject({ url: '/api/v1/documents?from=2026-02-30' });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const page = await app.server.inject({ url: '/cong-khai?from=2026-02-01&to=2026-01-01', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(422);
    expect(page.body).toMatch(/id="to-error"[^>]*>\s*Ngày kết thúc phải sau hoặc trùng ngày bắt đầu/);
    expect(page.body).not.toContain(`href="/cong-khai/${doc.january}"`);
    const malformed = await app.server.inject({ url: '/cong-khai?from=15/13/2026', headers: { accept: 'text/html' } });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.body).toMatch(/id="from-error"[^>]*>\s*Ngày không hợp lệ/);
  });
});
