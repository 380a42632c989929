import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { ValidationError } from '../../platform/http/errors';
import type { Executor } from '../../platform/db/types';
import { createApiToken } from '../accounts/service';
import { createCast, petitionInput, type Cast } from './testing';
import { createPetition } from './service';

/** What a refused entry could have left behind: petitions, audit rows, idempotency keys, notifications. */
async function footprint(db: Executor) {
  const r = await sql<{ p: number; a: number; k: number; n: number }>`select
      (select count(*)::int from petitions) as p, (select count(*)::int from audit_log) as a,
      (select count(*)::int from idempotency_keys) as k, (select count(*)::int from notifications) as n`.execute(db);
  return r.rows[0];
}

describeEachEngine('petitions: staff entry stays within the staff member’s unit', (getApp) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  });
  const desk = (over: Record<string, unknown> = {}) => petitionInput({ petitioner: { name: 'Lò Văn Xôm', phone: '0987 654 321' }, channel: 'reception_desk', ...over });
  const refused = async (run: Promise<unknown>) => {
    const e = await run.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    return Object.entries((e as ValidationError).errors)[0];
  };

  it('refuses Chiềng Cơi’s officer, head, party secretary and Front officer entering into xã/phường Tô Hiệu’s agency, writing nothing', async () => {
    const ctx = getApp().ctx;
    const before = await footprint(ctx.db);
    for (const who of [c.officerCC, c.headCC, c.bithuCC, c.frontCC]) {
      expect(await refused(createPetition(ctx, who, desk({ agencyId: c.agencies.ubndTH })))).toEqual(['agencyId', 'petitions.error.staffOutsideAgency']);
      expect(await refused(createPetition(ctx, who, desk({ unitCode: c.units.toHieu })))).toEqual(['unitCode', 'petitions.error.staffOutsideUnit']);
      expect(await refused(createPetition(ctx, who, desk({ agencyId: c.agencies.snnmt })))).toEqual(['agencyId', 'petitions.error.staffOutsideAgency']);
    }
    expect(await footprint(ctx.db)).toEqual(before);
  });

  it('lets a provincial department enter only into its own competence', async () => {
    const ctx = getApp().ctx;
    const before = await footprint(ctx.db);
    expect(await refused(createPetition(ctx, c.provOfficer, desk({ agencyId: c.agencies.ubndTH, unitCode: c.units.toHieu })))).toEqual(['agencyId', 'petitions.error.staffOutsideAgency']);
    expect(await refused(createPetition(ctx, c.provOfficer, desk({ agencyId: c.agencies.ubndCC })))).toEqual(['agencyId', 'petitions.error.staffOutsideAgency']);
    expect(await footprint(ctx.db)).toEqual(before);
    const own = await createPetition(ctx, c.provOfficer, desk({ unitCode: c.units.toHieu }));
    expect(own.petition).toMatchObject({ agencyId: c.agencies.snnmt, enteredAgencyId: c.agencies.snnmt, enteredBy: c.provOfficer.id });
  });

  it('still takes a petition about its own commune into the commune’s agencies', async () => {
    const ctx = getApp().ctx;
    const a = await createPetition(ctx, c.officerCC, desk());
    expect(a.petition).toMatchObject({ agencyId: c.agencies.ubndCC, enteredAgencyId: c.agencies.ubndCC });
    const b = await createPetition(ctx, c.frontCC, desk({ agencyId: c.agencies.ubndCC, petitioner: { name: 'Quàng Thị Én' } }));
    expect(b.petition).toMatchObject({ agencyId: c.agencies.ubndCC, enteredAgencyId: c.agencies.mttqCC, channel: 'reception_desk' });
  });

  it('answers a refused API entry 422 every time and a retry creates nothing', async () => {
    const app = getApp();
    const token = (await createApiToken(app.ctx, c.officerCC, { name: 'test' })).token;
    const before = await footprint(app.ctx.db);
    for (let i = 0; i < 2; i++) {
      const r = await app.server.inject({
        method: 'POST',
        url: '/api/v1/petitions',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'staff-entry-th-0001' },
        payload: desk({ agencyId: c.agencies.ubndTH }),
      });
      expect(r.statusCode).toBe(422);
      expect(r.json().errors).toEqual([{ field: 'agencyId', message: 'Chỉ được nhập kiến nghị vào cơ quan thuộc phạm vi được giao của mình.' }]);
    }
    expect(await footprint(app.ctx.db)).toEqual(before);
  });
});
