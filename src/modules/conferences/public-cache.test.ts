import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { createCast, type Cast } from '../petitions/testing';
import { conferenceInput } from './testing';
import { answerQuestion, askQuestion, checkIn, conferencePage, createConference, listPublic, register, setCurrentQuestion, transitionConference } from './service';

// The public lists and pages are read through a cache (service/cache.ts); every change must show at once.
describeEachEngine('conferences: what the public reads is never older than the last change', (getApp) => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await createCast(getApp().ctx);
  });

  it('lists, counts, questions and answers change on the public page as soon as they are committed', async () => {
    const { ctx } = getApp();
    const title = 'Hội nghị đối thoại về nước sinh hoạt bản Hài, phường Chiềng Cơi';
    const upcoming = async () => (await listPublic(ctx, { when: 'upcoming', unitCode: '03670' })).items.map((i) => i.title);
    const c = await createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { title }));
    expect(await upcoming()).not.toContain(title);
    await transitionConference(ctx, cast.headCC, c.id, { action: 'approve' });
    await transitionConference(ctx, cast.officerCC, c.id, { action: 'announce' });
    expect(await upcoming()).toContain(title);

    expect((await conferencePage(ctx, null, c.id)).counts.registered).toBe(0);
    const reg = await register(ctx, null, c.id, { name: 'Lò Văn Pọm', phone: '0912345002', village: 'Bản Hài' });
    expect((await conferencePage(ctx, null, c.id)).counts.registered).toBe(1);

    const q = await askQuestion(ctx, cast.citizenA, c.id, { content: 'Bao giờ bản Hài có nước sinh hoạt ổn định?', askerVillage: 'Bản Hài' });
    // Before the session the public sees no questions; the organisers see theirs.
    expect((await conferencePage(ctx, null, c.id)).questions).toEqual([]);
    expect((await conferencePage(ctx, cast.officerCC, c.id)).questions.map((x) => x.id)).toEqual([q.id]);

    await transitionConference(ctx, cast.officerCC, c.id, { action: 'start' });
    expect((await conferencePage(ctx, null, c.id)).conference.status).toBe('in_session');
    await checkIn(ctx, cast.officerCC, c.id, reg.code);
    expect((await conferencePage(ctx, null, c.id)).counts.checkedIn).toBe(1);
    await setCurrentQuestion(ctx, cast.officerCC, q.id);
    expect((await conferencePage(ctx, null, c.id)).questions.map((x) => [x.id, x.status])).toEqual([[q.id, 'current']]);
    await answerQuestion(ctx, cast.officerCC, q.id, {
      answeredByName: cast.headCC.name,
      answeredByTitle: 'Chủ tịch UBND phường',
      answer: 'Phường sẽ sửa đường ống dẫn nước trong tháng này.',
      commitmentText: 'Sửa đường ống dẫn nước bản Hài',
      commitmentAgencyId: cast.agencies.ubndCC,
      commitmentDeadline: '2027-06-30',
    });
    const page = await conferencePage(ctx, null, c.id);
    expect(page.questions.map((x) => [x.status, x.answer])).toEqual([['answered', 'Phường sẽ sửa đường ống dẫn nước trong tháng này.']]);
    expect(page.commitments.map((k) => k.text)).toEqual(['Sửa đường ống dẫn nước bản Hài']);

    await transitionConference(ctx, cast.officerCC, c.id, { action: 'end' });
    expect(await upcoming()).not.toContain(title);
    expect((await listPublic(ctx, { when: 'past', unitCode: '03670' })).items.map((i) => i.title)).toContain(title);
  });
});
