import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness';
import { loginAs } from '../../accounts/testing';
import { seedAccounts } from '../../accounts/seed';
import { createCast, petitionInput, CHIENG_COI, type Cast } from '../testing';
import type { StatisticScope } from '../../../platform/module';
import { createPetition, transition } from './index';
import { STATISTICS } from './stats';

// The period counted: January 2026, civil days of Vietnam.
const FROM = new Date('2026-01-01T00:00:00+07:00');
const TO = new Date('2026-02-01T00:00:00+07:00');

describeEachEngine('petitions statistics link to exactly what they count', (getApp) => {
  let cast: Cast;
  let supervisor = '';
  const code: Record<string, string> = {};

  beforeAll(async () => {
    const app = getApp();
    cast = await createCast(app.ctx);
    await seedAccounts(app.ctx);
    supervisor = (await loginAs(app, 'sonla@example.com')).cookie;
    const make = async (key: string, at: string, over: Record<string, unknown> = {}) => {
      app.clock.set(new Date(`${at}+07:00`));
      code[key] = (await createPetition(app.ctx, cast.citizenA, petitionInput(over), { skipRateLimit: true })).petition.code;
    };
    await make('january', '2026-01-15T10:00:00');
    await make('withdrawn', '2026-01-31T23:30:00');
    await transition(app.ctx, cast.citizenA, code.withdrawn, { action: 'withdraw', reason: 'Đã tự giải quyết được với hàng xóm.' });
    await make('private', '2026-01-10T08:00:00', { visibility: 'private' });
    await make('december', '2025-12-31T23:30:00');
    await make('february', '2026-02-01T00:10:00');
    await make('otherCommune', '2026-01-20T09:00:00', { unitCode: cast.units.toHieu });
    app.clock.reset();
  }, 300_000);

  afterAll(() => getApp().clock.reset());

  const codesOf = (html: string) => [...new Set(html.match(/KN(?:TC)?-\d{4}-\d{6,}/g) ?? [])].sort();

  it('lists in the inbox every petition received counts, withdrawn ones too, in its unit and period', async () => {
    const app = getApp();
    const received = STATISTICS.find((s) => s.key === 'petitions.received')!;
    const cases: Array<[StatisticScope, string[]]> = [
      [{ unitCode: CHIENG_COI, from: FROM, to: TO }, ['january', 'withdrawn', 'private']],
      [{ unitCode: '14', from: FROM, to: TO }, ['january', 'withdrawn', 'private', 'otherCommune']],
    ];
    for (const [scope, keys] of cases) {
      const value = await received.compute(app.ctx.db, scope);
      const href = received.link!(scope, 'official')!;
      expect(href).toContain('from=2026-01-01&to=2026-01-31');
      const res = await app.server.inject({ url: href, headers: { cookie: supervisor, accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      expect(codesOf(res.body), scope.unitCode).toEqual(keys.map((k) => code[k]).sort());
      expect(value, scope.unitCode).toBe(keys.length);
    }
  });

  it('gives the public no link: the public list shows only published answers of public petitions', async () => {
    const app = getApp();
    const scope = { unitCode: CHIENG_COI, from: FROM, to: TO };
    // What the old public link listed: none of the petitions received (none is answered and published).
    const res = await app.server.inject({ url: `/kien-nghi?unit=${CHIENG_COI}&from=2026-01-01&to=2026-01-31`, headers: { accept: 'text/html' } });
    expect(codesOf(res.body)).toEqual([]);
    expect(await STATISTICS.find((s) => s.key === 'petitions.received')!.compute(app.ctx.db, scope)).toBe(3);
    for (const s of STATISTICS) expect(s.link?.(scope, 'public') ?? null, s.key).toBeNull();
  });
});
