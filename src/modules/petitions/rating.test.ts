import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { createCast, petitionInput, type Cast } from './testing';
import { createPetition, transition } from './service';
import { petitionSettings } from './settings';
import { stepDeadline } from './service/deadlines';
import { canTransition } from './state-machine';

const answer = 'Phường đã khảo sát hiện trường, lập phương án gia cố taluy và di dời tạm ba hộ dân trong mùa mưa.';

it('the table: a dissatisfied rating keeps the case open; a satisfied one closes it', () => {
  const p = { status: 'answered', track: 'general' } as const;
  const owner = new Set(['owner'] as const);
  expect(canTransition(p, owner, 'rate', { notRated: true, satisfied: true, dissatisfied: false })).toMatchObject({ ok: true, to: 'closed' });
  expect(canTransition(p, owner, 'rate', { notRated: true, satisfied: false, dissatisfied: true })).toMatchObject({ ok: true, to: 'answered' });
  expect(canTransition(p, owner, 'rate', { notRated: false, satisfied: true, dissatisfied: false })).toMatchObject({ ok: false, reason: 'guard', guard: 'notRated' });
});

describeEachEngine('rating and reopening', (getApp) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  }, 600_000);

  async function answered() {
    const ctx = getApp().ctx;
    const { petition } = await createPetition(ctx, c.citizenA, petitionInput(), { skipRateLimit: true });
    await transition(ctx, c.officerCC, petition.id, { action: 'receive' });
    await transition(ctx, c.headCC, petition.id, { action: 'assign', assigneeId: c.officerCC.id });
    await transition(ctx, c.officerCC, petition.id, { action: 'draft_answer', answerText: answer });
    await transition(ctx, c.headCC, petition.id, { action: 'approve' });
    return transition(ctx, c.officerCC, petition.id, { action: 'publish' });
  }

  it('“Không hài lòng” does not close the case: it stays answered, rated, and the petitioner may reopen it', async () => {
    const ctx = getApp().ctx;
    const p = await answered();
    const rated = await transition(ctx, c.citizenA, p.id, { action: 'rate', score: 2, comment: 'Chưa thỏa đáng' });
    expect(rated).toMatchObject({ status: 'answered', rating: 2, closedAt: null });
    const satisfied = await answered();
    expect(await transition(ctx, c.citizenA, satisfied.id, { action: 'rate', score: 4 })).toMatchObject({ status: 'closed', rating: 4 });
  });

  it('reopening gives a new reply deadline counted from the reopening day on the working calendar', async () => {
    const app = getApp();
    const ctx = app.ctx;
    const p = await answered();
    await transition(ctx, c.citizenA, p.id, { action: 'rate', score: 1 });
    app.clock.advance(10 * 86_400_000);
    try {
      const reopened = await transition(ctx, c.citizenA, p.id, { action: 'reopen', reason: 'Taluy vẫn tiếp tục sạt lở sau mưa.' });
      const expected = await stepDeadline(ctx, await petitionSettings(ctx.db), p.kind, 'reply', ctx.clock.now());
      expect(reopened.status).toBe('reopened');
      expect(reopened.replyDue).toBe(expected);
      expect(reopened.replyDue! > p.replyDue!).toBe(true);
      // Taken up again by the agency, the new deadline holds.
      const received = await transition(ctx, c.officerCC, p.id, { action: 'receive' });
      expect(received.replyDue).toBe(expected);
      expect(received.stepDue).toBe(expected);
    } finally {
      app.clock.reset();
    }
  });
});
