import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { ValidationError } from '../../platform/http/errors';
import type { Executor } from '../../platform/db/types';
import { createApiToken } from '../accounts/service';
import { createCast, petitionInput, type Cast } from './testing';
import { parse } from '../../platform/http/validate';
import { createPetition, getPetitionForViewer, petitionPath, transition } from './service';
import { createPetitionSchema } from './schema';

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

  it('never shows the petitioner entered by staff on the public page, so no “anonymous publicly” wish is taken', async () => {
    const app = getApp();
    const ctx = app.ctx;
    // The schema no longer carries the wish (it was accepted and never read): a client sending it changes nothing.
    expect(parse(createPetitionSchema, desk({ anonymousPublic: true }))).not.toHaveProperty('anonymousPublic');
    const { petition } = await createPetition(ctx, c.officerCC, desk({ petitioner: { name: 'Lường Văn Khiêm', phone: '0912 345 678' } }));
    await transition(ctx, c.officerCC, petition.id, { action: 'receive' });
    await transition(ctx, c.headCC, petition.id, { action: 'assign', assigneeId: c.officerCC.id });
    await transition(ctx, c.officerCC, petition.id, { action: 'draft_answer', answerText: 'Phường đã khảo sát hiện trường và bố trí kinh phí gia cố taluy trong quý này.' });
    await transition(ctx, c.headCC, petition.id, { action: 'approve' });
    await transition(ctx, c.officerCC, petition.id, { action: 'publish' });
    const seen = await getPetitionForViewer(ctx, null, petition.code);
    expect(seen.petition).toMatchObject({ petitionerName: null, petitionerPhone: null, publishedAt: expect.any(Date) });
    expect(seen.petitioner).toEqual({ kind: 'hidden' });
    const page = await app.server.inject({ url: petitionPath(petition.code) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(petition.code);
    expect(page.body).not.toContain('Lường Văn Khiêm');
    expect(page.body).not.toContain('0912 345 678');
    // Its handling officer still sees who sent it.
    expect((await getPetitionForViewer(ctx, c.officerCC, petition.id)).petition.petitionerName).toBe('Lường Văn Khiêm');
  });
});
