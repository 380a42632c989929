import { beforeAll, expect, it } from 'vitest';
import sharp from 'sharp';
import { describeEachEngine } from '../../test/harness';
import { refusal } from '../../test/refusal';
import { addWorkingDaysFrom } from '../calendar/service';
import { createCast, type Cast } from '../petitions/testing';
import { todayVN } from './service/common';
import {
  cancelCommitment,
  createCommitment,
  extendCommitment,
  getCommitmentForViewer,
  listCommitmentsBySource,
  listPublicCommitments,
  recordFinding,
  transferCommitment,
  updateProgress,
  scanCommitmentDeadlines,
  turnIntoPetition,
} from './service';
import { getPetitionForViewer } from '../petitions/service';
import { commitmentInput } from './testing';

describeEachEngine('commitments service', (getApp) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  });

  it('records a commitment from its source: working-day deadline, event, audit, the citizens follow and are told', async () => {
    const ctx = getApp().ctx;
    const input = commitmentInput(c.agencies.ubndCC, { citizenIds: [c.citizenA.id], categoryId: c.categories.giaoThong });
    const k = await createCommitment(ctx, c.officerCC, input);
    expect(k.code).toMatch(/^CK-20\d\d-\d{6}$/);
    expect(k).toMatchObject({ state: 'open', agencyId: c.agencies.ubndCC, citizenIds: [c.citizenA.id], overdue: false, extensionCount: 0, keoDai: false });
    expect(k.deadline).toBe(await addWorkingDaysFrom(ctx, todayVN(ctx), 10));
    const db = ctx.db;
    expect((await db.selectFrom('audit_log').select('action').where('entity_type', '=', 'commitment').where('entity_id', '=', String(k.id)).execute()).map((a) => a.action)).toEqual(['commitment.create']);
    const notes = await db.selectFrom('notifications').select(['user_id', 'event']).where('entity_type', '=', 'commitment').where('entity_id', '=', String(k.id)).execute();
    expect(notes.map((x) => [Number(x.user_id), x.event])).toEqual([[c.citizenA.id, 'commitment.created']]);
    const bySource = await listCommitmentsBySource(ctx, 'reception_case', [(input.source as { refId: string }).refId, 'nothing-here']);
    expect(bySource).toEqual([expect.objectContaining({ id: k.id, state: 'open', deadline: k.deadline, overdue: false, href: `/cam-ket/${k.code}` })]);
  });

  it('runs inside the caller’s transaction: rolled back with it', async () => {
    const ctx = getApp().ctx;
    const input = commitmentInput(c.agencies.ubndCC);
    await expect(
      ctx.db.transaction().execute(async (tx) => {
        await createCommitment(ctx, c.officerCC, input, tx);
        throw new Error('the minutes failed');
      }),
    ).rejects.toThrow('the minutes failed');
    expect(await listCommitmentsBySource(ctx, 'reception_case', [(input.source as { refId: string }).refId])).toEqual([]);
  });

  it('refuses bad input and callers who may not record, writing nothing', async () => {
    const ctx = getApp().ctx;
    const today = todayVN(ctx);
    expect((await refusal(createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { promisedOn: today, deadline: '2020-01-01', deadlineWorkingDays: undefined })))).key).toBe('deadline:commitments.error.deadlineBeforePromise');
    expect((await refusal(createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { deadlineWorkingDays: undefined })))).key).toBe('deadline:commitments.error.deadlineRequired');
    expect((await refusal(createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { text: 'ngắn' })))).key).toBe('text:commitments.error.textShort');
    expect((await refusal(createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { source: { kind: 'x', refId: '1', href: '/a', label: 'b' } })))).key).toBe('source.kind:commitments.error.sourceKind');
    expect((await refusal(createCommitment(ctx, c.citizenA, commitmentInput(c.agencies.ubndCC)))).status).toBe(403);
    expect((await refusal(createCommitment(ctx, c.officerTH, commitmentInput(c.agencies.ubndCC)))).status).toBe(403);
    expect((await refusal(createCommitment(ctx, null, commitmentInput(c.agencies.ubndCC)))).status).toBe(401);
  });

  it('goes through progress, report, the Front’s verdicts; each role only its own actions', async () => {
    const ctx = getApp().ctx;
    const k = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { citizenIds: [c.citizenA.id] }));
    expect((await refusal(updateProgress(ctx, c.frontCC, k.code, { note: 'Đã khảo sát tuyến mương.', pct: 30 }))).status).toBe(403);
    expect((await refusal(updateProgress(ctx, c.officerTH, k.code, { note: 'Đã khảo sát tuyến mương.', pct: 30 }))).status).toBe(403);
    expect((await refusal(recordFinding(ctx, c.frontCC, k.code, { onDate: todayVN(ctx), method: 'field_visit', finding: 'Chưa thấy thi công trên thực địa.', verdict: 'kept' }))).key).toBe('commitments.error.notDone');
    const p1 = await updateProgress(ctx, c.officerCC, k.code, { note: 'Đã khảo sát tuyến mương, lập dự toán.', pct: 30, milestone: 'Khảo sát xong' });
    expect(p1).toMatchObject({ state: 'in_progress', progressPct: 30 });
    expect((await refusal(updateProgress(ctx, c.officerCC, k.code, { note: 'Đã làm.', pct: 130 }))).key).toBe('pct:commitments.error.pct');
    expect((await refusal(recordFinding(ctx, c.officerCC, k.code, { onDate: todayVN(ctx), method: 'field_visit', finding: 'Tự kết luận của cơ quan.' }))).status).toBe(403);
    const f = await recordFinding(ctx, c.frontCC, k.code, { onDate: todayVN(ctx), method: 'citizens_opinion', finding: 'Người dân bản Hài xác nhận đã có đoàn khảo sát.' });
    expect(f.state).toBe('in_progress');
    const done = await updateProgress(ctx, c.officerCC, k.code, { note: 'Đã hoàn thành sửa chữa 300 m mương.', done: true });
    expect(done).toMatchObject({ state: 'done_awaiting_verification', progressPct: 100 });
    const notKept = await recordFinding(ctx, c.frontCC, k.code, { onDate: todayVN(ctx), method: 'field_visit', finding: 'Còn 50 m mương chưa xây, nước vẫn tràn.', verdict: 'not_kept' });
    expect(notKept.state).toBe('verified_not_kept');
    await updateProgress(ctx, c.officerCC, k.code, { note: 'Đã xây nốt 50 m còn lại.', done: true });
    const kept = await recordFinding(ctx, c.frontCC, k.code, { onDate: todayVN(ctx), method: 'field_visit', finding: 'Toàn tuyến đã kiên cố, nước chảy thông.', verdict: 'kept' });
    expect(kept.state).toBe('verified_kept');
    expect((await refusal(updateProgress(ctx, c.officerCC, k.code, { note: 'Thêm một cập nhật.' }))).status).toBe(409);
    const events = await ctx.db.selectFrom('notifications').select(['user_id', 'event']).where('entity_type', '=', 'commitment').where('entity_id', '=', String(k.id)).execute();
    const toCitizen = events.filter((e) => Number(e.user_id) === c.citizenA.id).map((e) => e.event);
    expect(toCitizen).toEqual(['commitment.created', 'commitment.progress', 'commitment.done', 'commitment.notKept', 'commitment.done', 'commitment.kept']);
    expect(events.some((e) => Number(e.user_id) === c.frontCC.id && e.event === 'commitment.toVerify')).toBe(true);
    const detail = await getCommitmentForViewer(ctx, null, k.code);
    expect(detail.timeline.map((t) => t.type)).toEqual(['created', 'progress', 'finding', 'report_done', 'verify_not_kept', 'report_done', 'verify_kept']);
    expect(detail.findings.map((x) => x.verdict)).toEqual([null, 'not_kept', 'kept']);
  });

  it('only the head extends (with a later date and a reason), transfers and cancels', async () => {
    const ctx = getApp().ctx;
    const k = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC));
    const later = await addWorkingDaysFrom(ctx, k.deadline, 5);
    expect((await refusal(extendCommitment(ctx, c.officerCC, k.code, { deadline: later, reason: 'Chờ vốn ngân sách.' }))).status).toBe(403);
    expect((await refusal(extendCommitment(ctx, c.headCC, k.code, { deadline: later }))).key).toBe('reason:commitments.error.reasonRequired');
    expect((await refusal(extendCommitment(ctx, c.headCC, k.code, { deadline: k.deadline, reason: 'Chờ vốn ngân sách.' }))).key).toBe('deadline:commitments.error.extendEarlier');
    const ext = await extendCommitment(ctx, c.headCC, k.code, { deadline: later, reason: 'Chờ vốn ngân sách tỉnh phân bổ.' });
    expect(ext).toMatchObject({ deadline: later, originalDeadline: k.deadline, extensionCount: 1 });
    expect((await refusal(transferCommitment(ctx, c.frontCC, k.code, { agencyId: c.agencies.snnmt, reason: 'Thuộc thẩm quyền Sở.' }))).status).toBe(403);
    const tr = await transferCommitment(ctx, c.headCC, k.code, { agencyId: c.agencies.snnmt, reason: 'Thuộc thẩm quyền Sở Nông nghiệp và Môi trường.' });
    expect(tr).toMatchObject({ agencyId: c.agencies.snnmt, state: 'open', transferCount: 1 });
    expect((await refusal(cancelCommitment(ctx, c.officerCC, k.code, { reason: 'Không còn cần thiết.' }))).status).toBe(403);
    expect((await refusal(cancelCommitment(ctx, c.headCC, k.code, {}))).key).toBe('reason:commitments.error.reasonRequired');
    const cancelled = await cancelCommitment(ctx, c.headCC, k.code, { reason: 'Đã được giải quyết bằng dự án khác của tỉnh.' });
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: 'Đã được giải quyết bằng dự án khác của tỉnh.' });
  });

  it('derives overdue from the deadline, and flags kéo dài when the topic was promised before and not kept', async () => {
    const app = getApp();
    const ctx = app.ctx;
    const topicId = `topic-${Date.now()}`;
    const first = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { topicId, deadlineWorkingDays: 2 }));
    app.clock.advance(10 * 86_400_000);
    try {
      const src = await listCommitmentsBySource(ctx, 'reception_case', [first.source.refId]);
      expect(src[0].overdue).toBe(true);
      const list = await listPublicCommitments(ctx, first.unitCode, { state: 'overdue' });
      expect(list.items.some((i) => i.id === first.id && i.overdue)).toBe(true);
      const again = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { topicId }));
      expect(again.keoDai).toBe(true);
    } finally {
      app.clock.reset();
    }
  });

  it('shows a private commitment only to officials and the citizens it answers', async () => {
    const ctx = getApp().ctx;
    const k = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { isPublic: false, citizenIds: [c.citizenA.id] }));
    expect((await refusal(getCommitmentForViewer(ctx, null, k.code))).status).toBe(404);
    expect((await refusal(getCommitmentForViewer(ctx, c.citizenB, k.code))).status).toBe(404);
    expect((await getCommitmentForViewer(ctx, c.citizenA, k.code)).official).toBe(false);
    expect((await getCommitmentForViewer(ctx, c.supervisor, k.code)).official).toBe(true);
    expect((await refusal(getCommitmentForViewer(ctx, c.officerTH, k.code))).status).toBe(404);
  });

  it('escalates once per level: due soon → officer, overdue → head, overdue by N more working days → the level above', async () => {
    const app = getApp();
    const ctx = app.ctx;
    const k = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { deadlineWorkingDays: 1 }));
    const notices = async () =>
      (await ctx.db.selectFrom('notifications').select(['user_id', 'event']).where('entity_type', '=', 'commitment').where('entity_id', '=', String(k.id)).orderBy('id').execute()).map((n) => [Number(n.user_id), n.event]);
    await scanCommitmentDeadlines(ctx);
    expect(await notices()).toEqual([[c.officerCC.id, 'commitment.due_soon']]);
    await scanCommitmentDeadlines(ctx);
    expect((await notices()).length).toBe(1);
    try {
      app.clock.advance(30 * 86_400_000);
      await scanCommitmentDeadlines(ctx);
      const after = await notices();
      expect(after).toContainEqual([c.headCC.id, 'commitment.overdue']);
      expect(after).not.toContainEqual([c.supervisor.id, 'commitment.escalated']);
      const digest = await ctx.db.selectFrom('notifications').select(['event', 'params']).where('user_id', '=', c.supervisor.id).where('entity_type', '=', 'commitment_escalation').execute();
      expect(digest.map((d) => d.event)).toContain('commitment.escalated');
      const row = await ctx.db.selectFrom('commitments').select(['due_state', 'escalation_level']).where('id', '=', k.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ due_state: 'overdue', escalation_level: 3 });
      const n = after.length;
      await scanCommitmentDeadlines(ctx);
      expect((await notices()).length).toBe(n);
    } finally {
      app.clock.reset();
    }
  });

  it('turns a commitment found not kept into a petition of its agency, linked both ways; refuses one still on time', async () => {
    const ctx = getApp().ctx;
    const k = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC, { citizenIds: [c.citizenA.id] }));
    expect((await refusal(turnIntoPetition(ctx, c.headCC, k.code))).key).toBe('commitments.error.notUnresolved');
    expect((await refusal(turnIntoPetition(ctx, c.officerCC, k.code))).status).toBe(403);
    await updateProgress(ctx, c.officerCC, k.code, { note: 'Đã sửa xong tuyến mương.', done: true });
    await recordFinding(ctx, c.frontCC, k.code, { onDate: todayVN(ctx), method: 'field_visit', finding: 'Mương vẫn rò rỉ, chưa đạt yêu cầu.', verdict: 'not_kept' });
    const turned = await turnIntoPetition(ctx, c.frontCC, k.code);
    expect(turned.petitionCode).toMatch(/^KN-/);
    const p = await getPetitionForViewer(ctx, c.officerCC, turned.petitionCode!);
    expect(p.petition.agencyId).toBe(c.agencies.ubndCC);
    expect(p.petition.content).toContain(`/cam-ket/${k.code}`);
    expect((await refusal(turnIntoPetition(ctx, c.frontCC, k.code))).key).toBe('commitments.error.alreadyPetition');
    const audited = await ctx.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'commitment').where('entity_id', '=', String(k.id)).execute();
    expect(audited.map((a) => a.action)).toContain('commitment.to_petition');
  });

  it('turning into a petition is one transaction: of two at once, one petition is made and the other writes nothing', async () => {
    const ctx = getApp().ctx;
    const k = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC));
    await updateProgress(ctx, c.officerCC, k.code, { note: 'Đã sửa xong tuyến mương.', done: true });
    await recordFinding(ctx, c.frontCC, k.code, { onDate: todayVN(ctx), method: 'field_visit', finding: 'Mương vẫn rò rỉ, chưa đạt yêu cầu.', verdict: 'not_kept' });
    const made = await Promise.allSettled([turnIntoPetition(ctx, c.frontCC, k.code), turnIntoPetition(ctx, c.frontCC, k.code)]);
    expect(made.map((m) => m.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = made.find((m): m is PromiseRejectedResult => m.status === 'rejected')!.reason as { status?: number; messageKey?: string };
    expect([refused.status, refused.messageKey]).toEqual([409, 'commitments.error.alreadyPetition']);
    const petitions = await ctx.db.selectFrom('petitions').select('code').where('title', '=', `Cam kết ${k.code} chưa được thực hiện`).execute();
    expect(petitions.map((p) => p.code)).toEqual([(await getCommitmentForViewer(ctx, c.frontCC, k.code)).commitment.petitionCode]);
  });

  it('takes evidence through the platform’s file checks: a text file is refused with nothing written, a photo is kept', async () => {
    const ctx = getApp().ctx;
    const k = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC));
    const refused = await refusal(updateProgress(ctx, c.officerCC, k.code, { note: 'Ảnh hiện trường kèm theo.', pct: 20 }, { uploads: [{ filename: 'anh.jpg', data: Buffer.from('không phải ảnh') }] }));
    expect(refused).toMatchObject({ status: 415, key: 'files.error.type' });
    const after = await getCommitmentForViewer(ctx, null, k.code);
    expect(after.commitment.progressPct).toBe(0);
    expect(after.timeline.map((t) => t.type)).toEqual(['created']);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a7' } }).png().toBuffer();
    await updateProgress(ctx, c.officerCC, k.code, { note: 'Ảnh hiện trường kèm theo.', pct: 20 }, { uploads: [{ filename: 'hien-truong.png', data: png }] });
    const d = await getCommitmentForViewer(ctx, null, k.code);
    expect(d.timeline[1].files.map((f) => f.filename)).toEqual([expect.stringMatching(/\.png$/)]);
  });
});
