import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { ValidationError } from '../../platform/http/errors';
import { docxText } from '../../platform/documents/zip';
import { createCast, type Cast } from '../petitions/testing';
import { getPetitionForViewer } from '../petitions/service';
import { listCommitmentsBySource, updateProgress } from '../commitments/service';
import { conferenceInput } from './testing';
import {
  answerQuestion,
  askQuestion,
  cancelRegistration,
  conferenceIcs,
  createConference,
  deferQuestion,
  documentFile,
  editDocument,
  correctDocument,
  eventsSince,
  floorQuestion,
  getConference,
  issueDocument,
  liveHub,
  passUnanswered,
  register,
  setCurrentQuestion,
  transitionConference,
  updateConference,
  checkIn,
} from './service';
import type { LiveEvent } from './model';

async function fieldError(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationError) return e.errors;
    throw e;
  }
  throw new Error('no validation error');
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 500;
  }
}

describeEachEngine('conferences: the whole cycle', (getApp) => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await createCast(getApp().ctx);
  });

  it('refuses bad input beside the field, and officers of another unit', async () => {
    const { ctx } = getApp();
    expect(await fieldError(createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { endTime: '07:00' })))).toHaveProperty('endTime', 'conferences.error.endBeforeStart');
    expect(await fieldError(createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { venue: '' })))).toHaveProperty('venue', 'conferences.error.place');
    expect(await fieldError(createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { chairs: [{ userId: cast.citizenA.id, title: 'Bí thư' }] })))).toHaveProperty(['chairs.0.userId'], 'conferences.error.chair');
    expect(await fieldError(createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { reason: 'voters_request', reasonText: 'Cử tri đề nghị', votersTotal: 1000, requestersCount: 50 })))).toHaveProperty('requestersCount', 'conferences.error.belowThreshold');
    expect(await status(createConference(ctx, cast.officerTH, await conferenceInput(ctx, cast)))).toBe(403);
    expect(await status(createConference(ctx, cast.citizenA, await conferenceInput(ctx, cast)))).toBe(403);
  });

  it('plans → approval → notice (short notice needs a reason) → registration with a waiting list → questions → live session → minutes and notice', async () => {
    const app = getApp();
    const { ctx } = app;
    const c0 = await createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { capacity: 1 }, 3));
    expect(c0.status).toBe('draft');
    expect(await status(transitionConference(ctx, cast.officerCC, c0.id, { action: 'approve' }))).toBe(403);
    await transitionConference(ctx, cast.headCC, c0.id, { action: 'approve' });
    expect(await fieldError(transitionConference(ctx, cast.officerCC, c0.id, { action: 'announce' }))).toHaveProperty('shortNoticeReason', 'conferences.error.shortNotice');
    const c1 = await transitionConference(ctx, cast.officerCC, c0.id, { action: 'announce', shortNoticeReason: 'Sạt lở đất ở bản Hài cần đối thoại gấp' });
    expect(c1.status).toBe('announced');
    expect(c1.shortNoticeReason).toContain('Sạt lở');

    // Registration: within capacity, then the waiting list, which moves up when a place frees.
    const r1 = await register(ctx, cast.citizenA, c1.id, { name: 'Nguyễn Văn An', phone: '0912345001' });
    const r2 = await register(ctx, null, c1.id, { name: 'Lò Văn Pọm', phone: '0912345002', village: 'Bản Hài' });
    expect([r1.status, r2.status]).toEqual(['registered', 'waitlisted']);
    expect(r1.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(await status(register(ctx, null, c1.id, { name: 'Lò Văn Pọm', phone: '0912 345 002' }))).toBe(409);
    expect(await status(cancelRegistration(ctx, cast.citizenB, r1.code))).toBe(403);
    await cancelRegistration(ctx, cast.citizenA, r1.code);
    const r2b = await cancelRegistration(ctx, null, r2.code, {}).catch(() => null);
    expect(r2b).toBeNull();

    // A question in advance, linked to the citizen's own petition only.
    const q1 = await askQuestion(ctx, cast.citizenA, c1.id, { content: 'Bao giờ phường sửa đường vào bản Hài bị sạt lở?', askerVillage: 'Bản Hài' });
    expect(q1.status).toBe('pending');
    expect(await fieldError(askQuestion(ctx, cast.citizenB, c1.id, { content: 'Câu hỏi gắn với kiến nghị của người khác', petitionId: 999999 }))).toHaveProperty('petitionId');

    // Editing an announced conference bumps the calendar SEQUENCE.
    const edited = await updateConference(ctx, cast.officerCC, c1.id, await conferenceInput(ctx, cast, { capacity: 1, venue: 'Nhà văn hóa bản Hài' }, 3));
    expect(edited.sequence).toBe(c1.sequence + 1);
    const ics = conferenceIcs(edited, 'http://localhost:3000', 'Phường Chiềng Cơi');
    expect(ics).toContain(`UID:conference-${c1.id}@localhost:3000`);
    expect(ics).toContain(`SEQUENCE:${edited.sequence}`);
    expect(ics).toContain('TZID=Asia/Ho_Chi_Minh');
    expect(ics).toContain('BEGIN:VTIMEZONE');

    // Registration closes a day before, questions two days before.
    app.clock.advance(3 * 86400_000 - 12 * 3600_000);
    expect(await status(register(ctx, null, c1.id, { name: 'Quàng Văn Hùng', phone: '0912345003' }))).toBe(409);
    expect(await status(askQuestion(ctx, cast.citizenA, c1.id, { content: 'Một câu hỏi gửi quá hạn cho hội nghị' }))).toBe(409);

    // The live session: a listener in this process receives every event in order.
    const seen: LiveEvent[] = [];
    let wake: (() => void) | null = null;
    const remove = await liveHub(ctx).add(c1.id, 0, (e) => {
      seen.push(e);
      wake?.();
    });
    await transitionConference(ctx, cast.officerCC, c1.id, { action: 'start' });
    const reg2 = (await checkIn(ctx, cast.officerCC, c1.id, r2.code)).checkedInAt;
    expect(reg2).not.toBeNull();
    const q2 = await floorQuestion(ctx, cast.officerCC, c1.id, { askerName: 'Bà Lò Thị Xuân', askerVillage: 'Bản Hài', content: 'Nước sinh hoạt ở bản Hài thường xuyên bị mất.' });
    await setCurrentQuestion(ctx, cast.officerCC, q1.id);
    await answerQuestion(ctx, cast.officerCC, q1.id, {
      answeredByName: cast.headCC.name,
      answeredByTitle: 'Chủ tịch UBND phường',
      answer: 'Phường đã khảo sát, sẽ gia cố taluy và sửa đường trong quý II.',
      commitmentText: 'Gia cố taluy, sửa đường vào bản Hài',
      commitmentAgencyId: cast.agencies.ubndCC,
      commitmentDeadline: '2027-06-30',
    });
    // The commitment is in the commitments register, linked both ways.
    const answered = await ctx.db.selectFrom('conference_questions').select('commitment_id').where('id', '=', q1.id).executeTakeFirstOrThrow();
    expect(answered.commitment_id).not.toBeNull();
    const registered = await listCommitmentsBySource(ctx, 'conference_question', [String(q1.id)]);
    expect(registered.map((x) => x.id)).toEqual([answered.commitment_id]);
    await deferQuestion(ctx, cast.officerCC, q2.id);
    await transitionConference(ctx, cast.officerCC, c1.id, { action: 'end' });
    const all = await eventsSince(ctx.db, c1.id, 0);
    while (seen.length < all.length) await new Promise<void>((r) => (wake = r));
    remove();
    expect(seen.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    expect(seen.map((e) => e.kind)).toEqual(expect.arrayContaining(['status', 'queued', 'current', 'answered', 'deferred']));
    // A listener that reconnects after event 3 gets exactly the rest.
    expect((await eventsSince(ctx.db, c1.id, 3)).map((e) => e.seq)).toEqual(all.slice(3).map((e) => e.seq));

    // What was not answered on the floor becomes a petition, linked both ways, once.
    expect(await passUnanswered(ctx, cast.officerCC, c1.id)).toBe(1);
    expect(await passUnanswered(ctx, cast.officerCC, c1.id)).toBe(0);
    const c2 = await getConference(ctx.db, c1.id);
    expect(c2.status).toBe('held');

    // Minutes: Form 1.9, numbered per issuing body and year; frozen once issued, corrected as a new version.
    await editDocument(ctx, cast.officerCC, c1.id, 'minutes', { secretary: 'Cầm Thị Lan', attendeesCount: 85, attendeeGroups: 'Đại diện 85 hộ dân các bản, tổ dân phố' });
    const minutes = await issueDocument(ctx, cast.officerCC, c1.id, 'minutes');
    expect(minutes.number).toBe(1);
    const text = docxText(await documentFile(ctx, null, c1.id, 'minutes', 'docx'));
    expect(text).toContain('BIÊN BẢN');
    expect(text).toContain('Số: 01/BB-UBND');
    expect(text).toContain('THƯ KÝ');
    expect(text).toContain('CHỦ TỌA');
    expect(text).toContain('Bao giờ phường sửa đường vào bản Hài');
    expect(text).toContain('Gia cố taluy, sửa đường vào bản Hài');
    expect(text).toContain('30/06/2027');
    expect(await status(editDocument(ctx, cast.officerCC, c1.id, 'minutes', { closing: 'Sửa sau khi ban hành' }))).toBe(409);
    const correction = await correctDocument(ctx, cast.officerCC, c1.id, 'minutes');
    expect([correction.version, correction.status, correction.number]).toEqual([2, 'draft', 1]);

    // The conclusion notice: the party committee chaired, so the Party layout.
    await issueDocument(ctx, cast.officerCC, c1.id, 'conclusion');
    const notice = docxText(await documentFile(ctx, null, c1.id, 'conclusion', 'docx'));
    expect(notice).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(notice).toMatch(/Số 01-TB\/ĐU/);
    expect(notice).toContain('Gia cố taluy, sửa đường vào bản Hài');
    const pdf = await documentFile(ctx, null, c1.id, 'conclusion', 'pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    await transitionConference(ctx, cast.officerCC, c1.id, { action: 'publish' });
    expect((await getConference(ctx.db, c1.id)).status).toBe('results_published');
    const petitionId = (await ctx.db.selectFrom('conference_questions').select('created_petition_id').where('id', '=', q2.id).executeTakeFirstOrThrow()).created_petition_id!;
    const petition = await getPetitionForViewer(ctx, cast.officerCC, petitionId);
    expect(petition.petition.conferenceId).toBe(c1.id);

    // The public page lists the commitment, linked to its page, with its state as the register has it now.
    const [commitment] = registered;
    const before = await app.server.inject({ method: 'GET', url: `/hoi-nghi/${c1.id}` });
    const listed = (body: string) => {
      const from = body.indexOf(`data-commitment="${commitment.code}"`);
      expect(from).toBeGreaterThan(0);
      return body.slice(from, body.indexOf('</li>', from));
    };
    expect(listed(before.body)).toContain(`href="/cam-ket/${commitment.code}"`);
    expect(listed(before.body)).toContain('Chưa thực hiện');
    await updateProgress(ctx, cast.officerCC, commitment.code, { note: 'Đã khảo sát taluy, lập dự toán.', pct: 20 });
    const after = await app.server.inject({ method: 'GET', url: `/hoi-nghi/${c1.id}`, headers: { cookie: 'lang=en' } });
    expect(listed(after.body)).toContain('In progress');
  });

  it('cancelling needs a reason and tells everyone registered', async () => {
    const app = getApp();
    const { ctx } = app;
    app.clock.reset();
    const c = await createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, {}, 20));
    await transitionConference(ctx, cast.headCC, c.id, { action: 'approve' });
    await transitionConference(ctx, cast.officerCC, c.id, { action: 'announce' });
    await register(ctx, cast.citizenA, c.id, { name: 'Nguyễn Văn An', phone: '0912345009' });
    expect(await fieldError(transitionConference(ctx, cast.officerCC, c.id, { action: 'cancel' }))).toHaveProperty('reason', 'conferences.error.reasonRequired');
    await transitionConference(ctx, cast.officerCC, c.id, { action: 'cancel', reason: 'Mưa lũ, hội trường bị ngập' });
    const n = await ctx.db.selectFrom('notifications').select('params').where('user_id', '=', cast.citizenA.id).where('event', '=', 'conference.cancel').execute();
    expect(n).toHaveLength(1);
  });
});
