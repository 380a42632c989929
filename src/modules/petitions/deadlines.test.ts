import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { createCast, petitionInput, type Cast } from './testing';
import { createPetition, dueLists, dueSummary, getPetitionForViewer, listInbox, transition } from './service';
import { scanDeadlines } from './jobs';

/** 10:00 in Vietnam on a civil date. */
const vn = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`);

describeEachEngine('petitions deadlines and escalation', (getApp) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  });
  afterEach(() => getApp().clock.reset());

  it('counts working days across Tết (2026: 16–20/02 off) for every kind', async () => {
    const app = getApp();
    app.clock.set(vn('2026-02-13')); // Friday before Tết
    const kn = (await createPetition(app.ctx, c.citizenA, petitionInput(), { skipRateLimit: true })).petition;
    // Intake (forward within 5 working days): 23, 24, 25, 26, 27 February.
    expect(kn.stepDue).toBe('2026-02-27');
    // Answer within 10 working days.
    expect(kn.replyDue).toBe('2026-03-06');
    // Complaint: accepted within 10 (calendar) days → 23/02, a working day.
    const complaint = (await createPetition(app.ctx, c.citizenA, petitionInput({ kind: 'khieu_nai' }), { skipRateLimit: true })).petition;
    expect(complaint.stepDue).toBe('2026-02-23');
    expect(complaint.replyDue).toBeNull();
    // Denunciation: initial processing within 7 working days → 03/03.
    const denunciation = (await createPetition(app.ctx, c.citizenA, petitionInput({ kind: 'to_cao' }), { skipRateLimit: true })).petition;
    expect(denunciation.stepDue).toBe('2026-03-03');
    // Accepting the complaint on 24/02 starts its 30-day resolution period: 26/03.
    app.clock.set(vn('2026-02-24'));
    const accepted = await transition(app.ctx, c.officerCC, complaint.id, { action: 'receive' });
    expect(accepted.replyDue).toBe('2026-03-26');
    expect(accepted.stepDue).toBe('2026-03-26');
    // An extension of a petition: +10 working days from its due date (06/03 → 20/03).
    await transition(app.ctx, c.officerCC, kn.id, { action: 'receive' });
    const ext = await transition(app.ctx, c.headCC, kn.id, { action: 'extend', reason: 'Cần khảo sát thêm sau Tết.' });
    expect(ext.replyDue).toBe('2026-03-20');
    // Forwarding gives the receiving agency its own intake period from the day of forwarding.
    const other = (await createPetition(app.ctx, c.citizenA, petitionInput(), { skipRateLimit: true })).petition;
    const fwd = await transition(app.ctx, c.officerCC, other.id, { action: 'forward', targetAgencyId: c.agencies.ubndTH, reason: 'Địa bàn phường Tô Hiệu' });
    expect(fwd.stepDue).toBe('2026-03-03');
  });

  it('marks due soon and overdue and escalates once per level: handler, then head, then the province', async () => {
    const app = getApp();
    const ctx = app.ctx;
    app.clock.set(vn('2026-03-02', 9)); // Monday
    const p = (await createPetition(ctx, c.citizenA, petitionInput(), { skipRateLimit: true })).petition;
    await transition(ctx, c.officerCC, p.id, { action: 'receive' });
    await transition(ctx, c.headCC, p.id, { action: 'assign', assigneeId: c.officerCC.id });
    const q = (await createPetition(ctx, c.citizenA, petitionInput({ title: 'Phản ánh chưa giao ai xử lý' }), { skipRateLimit: true })).petition;
    const assigned = await getPetitionForViewer(ctx, c.officerCC, p.id);
    expect(assigned.petition.stepDue).toBe('2026-03-16'); // the answer is due in 10 working days
    const count = async (event: string, userId: number, id = p.id) =>
      (await ctx.db.selectFrom('notifications').select('id').where('event', '=', `petition.${event}`).where('user_id', '=', userId).where('entity_id', '=', String(id)).execute()).length;

    // Thursday 12/03: due within 2 working days → due soon, the handling officer is told.
    app.clock.set(vn('2026-03-12'));
    await app.jobs.runOnce();
    let d = await getPetitionForViewer(ctx, c.officerCC, p.id);
    expect(d.petition).toMatchObject({ dueState: 'due_soon', escalationLevel: 1 });
    expect(await count('due_soon', c.officerCC.id)).toBe(1);
    expect(await count('overdue', c.headCC.id)).toBe(0);
    // The unassigned one: its intake was due on 09/03 → already overdue, officers and head told.
    const dq = await getPetitionForViewer(ctx, c.officerCC, q.id);
    expect(dq.petition.dueState).toBe('overdue');
    expect(await count('overdue', c.headCC.id, q.id)).toBe(1);
    // The same day again: nothing new.
    app.clock.advance(20 * 60_000);
    await app.jobs.runOnce();
    await scanDeadlines(ctx);
    expect(await count('due_soon', c.officerCC.id)).toBe(1);

    // Tuesday 17/03: overdue → the head (and the handler).
    app.clock.set(vn('2026-03-17'));
    await scanDeadlines(ctx);
    d = await getPetitionForViewer(ctx, c.officerCC, p.id);
    expect(d.petition).toMatchObject({ dueState: 'overdue', escalationLevel: 2 });
    expect(await count('overdue', c.headCC.id)).toBe(1);
    expect(await count('overdue', c.officerCC.id)).toBe(1);
    expect(await count('escalated', c.supervisor.id)).toBe(0);
    expect((await listInbox(ctx, c.headCC, { due: 'overdue', limit: 100 })).items.map((i) => i.id)).toEqual(expect.arrayContaining([p.id, q.id]));

    // Monday 23/03: overdue by more than 3 working days → the province's supervisors, once.
    app.clock.set(vn('2026-03-23'));
    await scanDeadlines(ctx);
    await scanDeadlines(ctx);
    d = await getPetitionForViewer(ctx, c.officerCC, p.id);
    expect(d.petition.escalationLevel).toBe(3);
    expect(await count('escalated', c.supervisor.id)).toBe(1);
    expect(await count('overdue', c.headCC.id)).toBe(1);
    const events = d.timeline.filter((e) => ['due_soon', 'overdue', 'escalated'].includes(e.type)).map((e) => e.type);
    expect(events).toEqual(['due_soon', 'overdue', 'escalated']);
    const audits = await ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).where('entity_id', '=', String(p.id)).where('action', '=', 'petition.deadline').execute();
    expect(audits).toHaveLength(3);
    expect(audits.every((a) => a.actor_label === 'system')).toBe(true);

    // Per-agency summary and lists for the pages and reports.
    const summary = await dueSummary(ctx, c.headCC);
    expect(summary.find((r) => r.agencyId === c.agencies.ubndCC)?.overdue).toBeGreaterThanOrEqual(2);
    const lists = await dueLists(ctx, c.supervisor, { unit: c.units.chiengCoi });
    expect(lists.overdue.map((i) => i.id)).toEqual(expect.arrayContaining([p.id, q.id]));

    // An extension gives a new deadline and starts the escalation again.
    const ext = await transition(ctx, c.headCC, p.id, { action: 'extend', reason: 'Chờ kinh phí sửa chữa.' });
    expect(ext).toMatchObject({ dueState: 'ok', escalationLevel: 0, replyDue: '2026-03-30' });
  });

  it('closes answered petitions automatically after the period, and flags those open too long', async () => {
    const app = getApp();
    const ctx = app.ctx;
    app.clock.set(vn('2026-05-04'));
    const p = (await createPetition(ctx, c.citizenA, petitionInput(), { skipRateLimit: true })).petition;
    await transition(ctx, c.officerCC, p.id, { action: 'receive' });
    await transition(ctx, c.headCC, p.id, { action: 'assign', assigneeId: c.officerCC.id });
    await transition(ctx, c.officerCC, p.id, { action: 'draft_answer', answerText: 'UBND đã chỉ đạo khắc phục xong, đề nghị bà con tiếp tục theo dõi.' });
    await transition(ctx, c.headCC, p.id, { action: 'approve' });
    await transition(ctx, c.officerCC, p.id, { action: 'publish' });
    const open = (await createPetition(ctx, c.citizenB, petitionInput({ unitCode: c.units.toHieu, title: 'Kiến nghị chưa được xử lý lâu ngày' }), { skipRateLimit: true })).petition;
    app.clock.set(vn('2026-05-25'));
    await scanDeadlines(ctx);
    expect((await getPetitionForViewer(ctx, c.citizenA, p.id)).petition.status).toBe('answered');
    app.clock.set(vn('2026-06-05'));
    await scanDeadlines(ctx);
    const closed = await getPetitionForViewer(ctx, c.citizenA, p.id);
    expect(closed.petition.status).toBe('closed');
    expect(closed.timeline.at(-1)).toMatchObject({ type: 'close', data: expect.objectContaining({ automatic: true }) });
    app.clock.set(vn('2026-08-10'));
    await scanDeadlines(ctx);
    const long = await getPetitionForViewer(ctx, c.officerTH, open.id);
    expect(long.petition.keoDai).toBe(true);
  });
});
