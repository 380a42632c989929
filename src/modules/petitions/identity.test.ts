import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { createApiToken } from '../accounts/service';
import { createCast, petitionInput, type Cast } from './testing';
import { createPetition, getPetitionForViewer, listInbox } from './service';

describeEachEngine('petitions: who may know the petitioner (DOMAIN §5.2)', (getApp) => {
  let c: Cast;
  const ids: number[] = [];
  let own = 0;
  beforeAll(async () => {
    const ctx = getApp().ctx;
    c = await createCast(ctx);
    const contact = { phone: '0912 345 678', email: 'ban.hai@example.com' };
    ids.push((await createPetition(ctx, c.citizenA, petitionInput({ visibility: 'private' }), { skipRateLimit: true })).petition.id);
    ids.push((await createPetition(ctx, c.citizenB, petitionInput({ unitCode: c.units.toHieu, visibility: 'public' }), { skipRateLimit: true })).petition.id);
    ids.push((await createPetition(ctx, c.officerCC, petitionInput({ petitioner: { name: 'Lò Văn Xôm', ...contact }, visibility: 'private' }))).petition.id);
    ids.push((await createPetition(ctx, c.officerCC, petitionInput({ kind: 'to_cao', petitioner: { name: 'Người tố cáo', ...contact } }))).petition.id);
    own = (await createPetition(ctx, c.provOfficer, petitionInput({ petitioner: { name: 'Hà Thị Sen', ...contact } }))).petition.id;
  });

  it('a provincial department officer walking ids sees no identity of petitions it does not handle', async () => {
    const app = getApp();
    const token = (await createApiToken(app.ctx, c.provOfficer, { name: 'walk' })).token;
    for (const id of ids) {
      const r = await app.server.inject({ method: 'GET', url: `/api/v1/petitions/${id}`, headers: { authorization: `Bearer ${token}` } });
      if (r.statusCode === 404) continue;
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.petitioner.kind, `#${id}`).not.toBe('shown');
      expect(JSON.stringify(body)).not.toMatch(/0912 ?345 ?678|ban\.hai@|Lò Văn Xôm|Nguyễn Văn An|Lò Thị Bích|Người tố cáo/);
    }
    const inbox = await listInbox(app.ctx, c.provOfficer, { limit: 100, agency: c.agencies.ubndCC });
    expect(inbox.items.every((i) => i.petitionerName === undefined)).toBe(true);
    const mine = await getPetitionForViewer(app.ctx, c.provOfficer, own);
    expect(mine.petitioner).toMatchObject({ kind: 'shown', name: 'Hà Thị Sen' });
  });

  it('the handling agency and its chain of supervision do; the denouncer only at the competent agency', async () => {
    const ctx = getApp().ctx;
    const [privateOwn, , desk, denunciation] = ids;
    for (const who of [c.officerCC, c.headCC, c.bithuCC, c.frontCC, c.supervisor]) {
      expect((await getPetitionForViewer(ctx, who, desk)).petitioner, who.name).toMatchObject({ kind: 'shown', name: 'Lò Văn Xôm', email: 'ban.hai@example.com' });
    }
    expect((await getPetitionForViewer(ctx, c.citizenA, privateOwn)).petitioner).toMatchObject({ kind: 'shown' });
    expect((await getPetitionForViewer(ctx, c.officerCC, denunciation)).petitioner).toMatchObject({ kind: 'shown' });
    for (const who of [c.frontCC, c.bithuCC, c.supervisor, c.provHead]) {
      const d = await getPetitionForViewer(ctx, who, denunciation).catch(() => null);
      if (d) expect(d.petitioner, who.name).toEqual({ kind: 'confidential' });
    }
  });

  it('audits every read of a confidential identity, and only those', async () => {
    const ctx = getApp().ctx;
    const [privateOwn, publicTH, desk, denunciation] = ids;
    const reads = async () =>
      (await ctx.db.selectFrom('audit_log').select(['actor_id', 'entity_id']).where('action', '=', 'petition.identity.read').orderBy('id').execute()).map((r) => `${r.actor_id}:${r.entity_id}`);
    const before = await reads();
    await getPetitionForViewer(ctx, c.headCC, desk);
    await getPetitionForViewer(ctx, c.officerCC, denunciation);
    await getPetitionForViewer(ctx, c.citizenA, privateOwn); // the petitioner reading their own: not recorded
    await getPetitionForViewer(ctx, c.provOfficer, desk); // no identity shown: nothing to record
    await getPetitionForViewer(ctx, c.officerTH, publicTH);
    const added = (await reads()).slice(before.length);
    expect(added).toEqual([`${c.headCC.id}:${desk}`, `${c.officerCC.id}:${denunciation}`]);
  });
});
