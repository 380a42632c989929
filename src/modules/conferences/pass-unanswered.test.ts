import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { refusal } from '../../test/refusal';
import { CHIENG_COI, createCast, type Cast } from '../petitions/testing';
import { createPetition } from '../petitions/service';
import { conferenceInput } from './testing';
import { createConference, floorQuestion, passUnanswered, transitionConference } from './service';

describeEachEngine('conferences: unanswered questions become petitions in one transaction', (getApp) => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await createCast(getApp().ctx);
  });

  it('a petition refused after another was written leaves no petition and every question unpassed', async () => {
    const app = getApp();
    const { ctx } = app;
    const c0 = await createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, {}, 3));
    await transitionConference(ctx, cast.headCC, c0.id, { action: 'approve' });
    await transitionConference(ctx, cast.officerCC, c0.id, { action: 'announce', shortNoticeReason: 'Sạt lở đất ở bản Hài cần đối thoại gấp' });
    app.clock.advance(3 * 86400_000 - 12 * 3600_000);
    try {
      await transitionConference(ctx, cast.officerCC, c0.id, { action: 'start' });
      await floorQuestion(ctx, cast.officerCC, c0.id, { askerName: 'Ông Lò Văn Pọm', askerVillage: 'Bản Hài', content: 'Bao giờ đường vào bản Hài được sửa lại?' });
      const q2 = await floorQuestion(ctx, cast.officerCC, c0.id, { askerName: 'Bà Lò Thị Xuân', askerVillage: 'Bản Hài', content: 'Nước sinh hoạt ở bản Hài thường xuyên bị mất.' });
      await transitionConference(ctx, cast.officerCC, c0.id, { action: 'end' });
      const petitionsOf = async () => (await ctx.db.selectFrom('petitions').select('id').where('conference_id', '=', c0.id).execute()).length;
      const linked = async () => (await ctx.db.selectFrom('conference_questions').select(['id', 'created_petition_id']).where('conference_id', '=', c0.id).orderBy('id').execute()).map((q) => q.created_petition_id);

      // An API client of the same officer already used the second question's key for another petition: the
      // petitions module refuses that key (422) inside the transaction, after the first question's petition was written.
      await createPetition(
        ctx,
        cast.officerCC,
        { kind: 'phan_anh', title: 'Đèn đường tổ 3 hỏng', content: 'Đèn chiếu sáng đường tổ 3 phường Chiềng Cơi hỏng đã hai tuần.', unitCode: CHIENG_COI, channel: 'reception_desk', petitioner: { name: 'Nguyễn Văn Bình' } },
        { idempotency: { key: `conference-question-${q2.id}`, requestHash: 'another request' }, skipRateLimit: true },
      );
      const before = await petitionsOf();
      expect((await refusal(passUnanswered(ctx, cast.officerCC, c0.id))).key).toBe('petitions.error.idempotencyMismatch');
      expect(await petitionsOf()).toBe(before);
      expect(await linked()).toEqual([null, null]);
    } finally {
      app.clock.reset();
    }
  });
});
