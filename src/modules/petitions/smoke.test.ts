import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { createCast, petitionInput } from './testing';
import { createPetition, transition, getPetitionForViewer, searchPetitions } from './service';

describeEachEngine('petitions smoke', (getApp) => {
  it('runs the whole lifecycle', async () => {
    const app = getApp();
    const cast = await createCast(app.ctx);
    const { petition } = await createPetition(app.ctx, cast.citizenA, petitionInput());
    expect(petition.code).toMatch(/^KN-\d{4}-000001$/);
    expect(petition.agencyId).toBe(cast.agencies.ubndCC);
    await transition(app.ctx, cast.officerCC, petition.id, { action: 'receive' });
    await transition(app.ctx, cast.headCC, petition.id, { action: 'assign', assigneeId: cast.officerCC.id });
    await transition(app.ctx, cast.officerCC, petition.id, { action: 'draft_answer', answerText: 'Phường đã cử cán bộ khảo sát và lập phương án gia cố taluy.' });
    await transition(app.ctx, cast.headCC, petition.id, { action: 'approve' });
    const done = await transition(app.ctx, cast.officerCC, petition.id, { action: 'publish' });
    expect(done.status).toBe('answered');
    const pub = await getPetitionForViewer(app.ctx, null, petition.code);
    expect(pub.relation).toBe('public');
    const s = await searchPetitions(app.ctx, null, 'sat lo chieng coi');
    expect(s.items.map((i) => i.code)).toContain(petition.code);
  });
});
