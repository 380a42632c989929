import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine, type TestApp } from '../../test/harness';
import { loginAs } from '../accounts/testing';
import { seedAccounts } from '../accounts/seed';
import { createCast, type Cast } from '../petitions/testing';
import type { StatisticScope } from '../../platform/module';
import { createCommitment, planReceptionDay } from './service';
import { findAgency } from '../directory/service';
import { commitmentInput } from './testing';
import { STATISTICS } from './stats';

const CC = '03670';
// The period counted: January 2026, civil days of Vietnam.
const FROM = new Date('2026-01-01T00:00:00+07:00');
const TO = new Date('2026-02-01T00:00:00+07:00');
const IN = '2026-01-15T10:00:00+07:00';

/** The codes the list behind a link shows (the overview's list section only; it has fewer than a page here). */
async function listed(app: TestApp, href: string, cookie: string): Promise<string[]> {
  const res = await app.server.inject({ url: href, headers: { cookie, accept: 'text/html' } });
  expect(res.statusCode).toBe(200);
  const section = res.body.slice(res.body.indexOf('id="danh-sach"'));
  return [...new Set([...section.matchAll(/href="\/cam-ket\/(CK-[\w-]+)"/g)].map((m) => m[1]))].sort();
}

describeEachEngine('commitments statistics link to exactly what they count', (getApp) => {
  let cast: Cast;
  let supervisor = '';
  let catId = 0;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    const app = getApp();
    cast = await createCast(app.ctx);
    await seedAccounts(app.ctx);
    supervisor = (await loginAs(app, 'sonla@example.com')).cookie;
    catId = cast.categories.datDai;
    const { ubndCC, mttqCC, ubndTH } = cast.agencies;
    // Each commitment: its unit, agency, category, state, when it was recorded, public or not.
    const rows: Array<[string, string, number, number | undefined, string, string, boolean]> = [
      ['open', CC, ubndCC, catId, 'open', IN, true],
      ['progress', CC, ubndCC, undefined, 'in_progress', IN, false],
      ['notKept', CC, mttqCC, catId, 'verified_not_kept', IN, true],
      ['done', CC, ubndCC, catId, 'done_awaiting_verification', IN, true],
      ['kept', CC, ubndCC, undefined, 'verified_kept', IN, true],
      ['lateOpen', CC, ubndCC, catId, 'open', IN, true],
      ['before', CC, ubndCC, catId, 'open', '2025-12-31T23:30:00+07:00', true],
      ['after', CC, ubndCC, catId, 'open', '2026-02-01T00:10:00+07:00', true],
      ['otherCommune', cast.units.toHieu, ubndTH, catId, 'open', IN, true],
      ['cancelled', CC, ubndCC, catId, 'cancelled', IN, true],
    ];
    for (const [key, unitCode, agencyId, categoryId, state, at, isPublic] of rows) {
      const k = await createCommitment(app.ctx, cast.admin, commitmentInput(agencyId, { unitCode, categoryId, isPublic, deadline: '2099-12-31', deadlineWorkingDays: undefined }));
      // Test data placed in its state and time directly: what is counted, not how it got there.
      const deadline = key === 'lateOpen' ? '2026-01-20' : '2099-12-31';
      await sql`update commitments set state = ${state}, created_at = ${new Date(at)}, promised_on = ${at.slice(0, 10)}, deadline = ${deadline}, original_deadline = ${deadline} where code = ${k.code}`.execute(app.ctx.db);
      made[key] = k.code;
    }
  }, 120_000);

  const scopes = (): Array<[string, StatisticScope]> => [
    ['the commune', { unitCode: CC, from: FROM, to: TO }],
    ['the province', { unitCode: '14', from: FROM, to: TO }],
    ['the commune and an agency', { unitCode: CC, from: FROM, to: TO, agencyId: cast.agencies.ubndCC }],
    ['the commune and a field', { unitCode: CC, from: FROM, to: TO, categoryId: catId }],
  ];
  const expected: Record<string, Array<[string, string[]]>> = {
    'commitments.open': [
      ['the commune', ['open', 'progress', 'notKept', 'lateOpen']],
      ['the province', ['open', 'progress', 'notKept', 'lateOpen', 'otherCommune']],
      ['the commune and an agency', ['open', 'progress', 'lateOpen']],
      ['the commune and a field', ['open', 'notKept', 'lateOpen']],
    ],
    'commitments.done': [['the commune', ['done']], ['the province', ['done']]],
    'commitments.overdue': [['the commune', ['lateOpen']], ['the commune and an agency', ['lateOpen']]],
    'commitments.verifiedKept': [['the commune', ['kept']], ['the commune and a field', []]],
    'commitments.verifiedNotKept': [['the commune', ['notKept']], ['the commune and an agency', []]],
  };

  it('lists, for the supervisor, the items each number counts in its unit, agency, field, state and period', async () => {
    const app = getApp();
    for (const [key, cases] of Object.entries(expected)) {
      const stat = STATISTICS.find((s) => s.key === key)!;
      for (const [name, keys] of cases) {
        const scope = scopes().find(([n]) => n === name)![1];
        const value = await stat.compute(app.ctx.db, scope);
        const href = stat.link!(scope, 'official')!;
        expect(href, `${key} for ${name}`).toContain('from=2026-01-01&to=2026-01-31');
        const codes = await listed(app, href, supervisor);
        expect(codes, `${key} for ${name}`).toEqual(keys.map((k) => made[k]).sort());
        expect(value, `${key} for ${name}`).toBe(codes.length);
      }
    }
  });

  it('gives the public no link: the numbers count private commitments the public register does not show', () => {
    for (const s of STATISTICS.filter((x) => x.key.startsWith('commitments.') && !x.key.includes('reception'))) {
      expect(s.link!({ unitCode: CC, from: FROM, to: TO }, 'public')).toBeNull();
    }
  });

  it('filters the public register and its API by the period, and a province lists all its communes', async () => {
    const app = getApp();
    const page = await app.server.inject({ url: `/cam-ket/don-vi/14?state=unfinished&from=2026-01-01&to=2026-01-31`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    for (const k of ['open', 'notKept', 'lateOpen', 'otherCommune']) expect(page.body).toContain(made[k]);
    for (const k of ['progress', 'before', 'after', 'done', 'cancelled']) expect(page.body).not.toContain(made[k]);
    const api = await app.server.inject({ url: `/api/v1/commitments?unitCode=${CC}&from=2026-01-01&to=2026-01-31&categoryId=${catId}&state=open` });
    expect(api.statusCode).toBe(200);
    expect((api.json().items as Array<{ code: string }>).map((i) => i.code).sort()).toEqual([made.open, made.lateOpen].sort());
  });

  it('refuses a malformed period beside the field on the page, as problem+json in the API', async () => {
    const app = getApp();
    const bad = await app.server.inject({ url: `/cam-ket/don-vi/${CC}?from=2026-13-01`, headers: { accept: 'text/html' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="from-error">\s*Ngày không hợp lệ/);
    const reversed = await app.server.inject({ url: `/can-bo/cam-ket/tong-quan?from=2026-02-01&to=2026-01-01`, headers: { accept: 'text/html', cookie: supervisor } });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.body).toMatch(/id="to-error">\s*Ngày kết thúc phải sau hoặc trùng ngày bắt đầu/);
    expect(reversed.body).not.toContain(made.open);
    const api = await app.server.inject({ url: `/api/v1/commitments?unitCode=${CC}&from=2026-01-31&to=2026-01-01` });
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await app.server.inject({ url: `/api/v1/commitments?unitCode=${CC}&to=31-31-2026` })).statusCode).toBe(422);
  });

  it('shows the commune’s officer the list behind the commune’s number, not the province’s', async () => {
    const app = getApp();
    const officer = (await loginAs(app, 'chuyenvien@example.com')).cookie;
    const stat = STATISTICS.find((s) => s.key === 'commitments.open')!;
    const commune: StatisticScope = { unitCode: CC, from: FROM, to: TO };
    expect(await listed(app, stat.link!(commune, 'official')!, officer)).toEqual(['open', 'progress', 'notKept', 'lateOpen'].map((k) => made[k]).sort());
    const province = await app.server.inject({ url: stat.link!({ ...commune, unitCode: '14' }, 'official')!, headers: { accept: 'text/html', cookie: officer } });
    expect(province.statusCode).toBe(403);
    const other = await app.server.inject({ url: `/can-bo/cam-ket/tong-quan?unit=${cast.units.toHieu}`, headers: { accept: 'text/html', cookie: officer } });
    expect(other.statusCode).toBe(403);
  });

  it('refuses a malformed or reversed span of months on the compliance page beside the field', async () => {
    const app = getApp();
    const page = (q: string) => app.server.inject({ url: `/tiep-cong-dan/${CC}/tuan-thu?${q}`, headers: { cookie: supervisor, accept: 'text/html' } });
    const bad = await page('tu=2026-13&den=2026-02');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="tu-error"[^>]*>\s*Tháng không hợp lệ/);
    const reversed = await page('tu=2026-03&den=2026-01');
    expect(reversed.statusCode).toBe(422);
    expect(reversed.body).toMatch(/id="den-error"[^>]*>\s*Tháng kết thúc phải sau hoặc trùng tháng bắt đầu/);
    const long = await page('tu=2020-01&den=2026-01');
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Chỉ xem được tối đa 60 tháng một lần.');
    expect((await page('thang=2026-01')).statusCode).toBe(200);
  });

  it('keeps an overview to the caller’s province', async () => {
    const app = getApp();
    const other = await app.server.inject({ url: '/can-bo/cam-ket/tong-quan?unit=01', headers: { accept: 'text/html', cookie: supervisor } });
    expect(other.statusCode).toBe(403);
  });

  it('links the reception days held and required in a period to the unit’s compliance over its months', async () => {
    const app = getApp();
    const party = (await findAgency(app.ctx.db, CC, 'party_committee'))!.id;
    app.clock.set(new Date('2025-12-01T09:00:00+07:00'));
    try {
      for (const onDate of ['2025-12-31', '2026-01-13', '2026-01-27', '2026-02-01']) {
        const d = await planReceptionDay(app.ctx, cast.officerCC, CC, { agencyId: party, headName: 'Quàng Thị Mai', headTitle: 'Bí thư Đảng ủy phường Chiềng Cơi', onDate, starts: '07:30', ends: '11:30', place: 'Trụ sở tiếp công dân phường Chiềng Cơi', slots: 2 });
        await sql`update reception_days set status = 'held' where id = ${d.id}`.execute(app.ctx.db);
      }
    } finally {
      app.clock.reset();
    }
    const scope = { unitCode: CC, from: FROM, to: TO };
    for (const key of ['held', 'required'] as const) {
      const stat = STATISTICS.find((s) => s.key === `commitments.reception.${key}`)!;
      const href = stat.link!(scope, 'official')!;
      expect(href).toBe(`/tiep-cong-dan/${CC}/tuan-thu?thang=2026-01`);
      const res = await app.server.inject({ url: href, headers: { cookie: supervisor, accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      const rows = [...res.body.matchAll(/<th scope="row">[^<]*<\/th><td>[^<]*<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/g)];
      expect(rows.length).toBeGreaterThan(0);
      const shown = rows.reduce((n, m) => n + Number(key === 'held' ? m[2] : m[1]), 0);
      // January's two days only: the last of December and the first of February are other months in Vietnam.
      if (key === 'held') expect(shown).toBe(2);
      expect(await stat.compute(app.ctx.db, scope)).toBe(shown);
      expect(stat.link!(scope, 'public')).toBeNull();
      // Two months: the compliance page over both, the same sum (February's day added).
      const two = { ...scope, to: new Date('2026-03-01T00:00:00+07:00') };
      const twoHref = stat.link!(two, 'official')!;
      expect(twoHref).toBe(`/tiep-cong-dan/${CC}/tuan-thu?tu=2026-01&den=2026-02`);
      const over = await app.server.inject({ url: twoHref, headers: { cookie: supervisor, accept: 'text/html' } });
      const overRows = [...over.body.matchAll(/<th scope="row">[^<]*<\/th><td>[^<]*<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/g)];
      const overShown = overRows.reduce((n, m) => n + Number(key === 'held' ? m[2] : m[1]), 0);
      if (key === 'held') expect(overShown).toBe(3);
      expect(await stat.compute(app.ctx.db, two)).toBe(overShown);
    }
  });
});
