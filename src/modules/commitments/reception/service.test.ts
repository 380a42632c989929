import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness';
import { refusal } from '../../../test/refusal';
import { addDays } from '../../../platform/calendar';
import { findAgency } from '../../directory/service';
import { getPetitionForViewer, listEnteredBy } from '../../petitions/service';
import { createCast, CHIENG_COI, type Cast } from '../../petitions/testing';
import { todayVN } from '../service/common';
import { bookSlot, complianceOf, getReceptionDay, listCommitmentsBySource, planReceptionDay, readCompliance, readRegister, recordCase, remindReceptionDays, requiredDays } from '../service';

describeEachEngine('reception days', (getApp) => {
  let c: Cast;
  let partyId: number;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
    partyId = (await findAgency(getApp().ctx.db, CHIENG_COI, 'party_committee'))!.id;
  });
  const dayInput = (over: Record<string, unknown> = {}) => ({
    agencyId: partyId,
    headName: 'Quàng Thị Mai',
    headTitle: 'Bí thư Đảng ủy phường Chiềng Cơi',
    onDate: addDays(todayVN(getApp().ctx), 3),
    starts: '07:30',
    ends: '11:30',
    place: 'Trụ sở tiếp công dân phường Chiềng Cơi, tổ 2',
    slots: 2,
    ...over,
  });

  it('plans a day with place and hours; only the unit’s officials; bad hours are refused', async () => {
    const ctx = getApp().ctx;
    const d = await planReceptionDay(ctx, c.officerCC, CHIENG_COI, dayInput());
    expect(d).toMatchObject({ headKind: 'party_secretary_commune', status: 'planned', slots: 2, booked: 0 });
    expect((await refusal(planReceptionDay(ctx, c.citizenA, CHIENG_COI, dayInput()))).status).toBe(403);
    expect((await refusal(planReceptionDay(ctx, c.officerTH, CHIENG_COI, dayInput()))).status).toBe(403);
    expect((await refusal(planReceptionDay(ctx, c.officerCC, CHIENG_COI, dayInput({ ends: '07:00' })))).key).toBe('ends:reception.error.hours');
    expect((await refusal(planReceptionDay(ctx, c.officerCC, CHIENG_COI, dayInput({ agencyId: c.agencies.ubndTH })))).key).toBe('agencyId:reception.error.agency');
  });

  it('books slots until full', async () => {
    const ctx = getApp().ctx;
    const d = await planReceptionDay(ctx, c.officerCC, CHIENG_COI, dayInput());
    const topic = { name: 'Nguyễn Văn An', topic: 'Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho gia đình.' };
    expect(await bookSlot(ctx, c.citizenA, d.id, topic)).toEqual({ slotNo: 1, at: '07:30' });
    expect(await bookSlot(ctx, c.citizenB, d.id, topic)).toEqual({ slotNo: 2, at: '09:30' });
    expect((await refusal(bookSlot(ctx, c.citizenA, d.id, topic))).key).toBe('reception.error.full');
    expect((await refusal(bookSlot(ctx, null, d.id, topic))).status).toBe(401);
  });

  it('enters a case in the register: it becomes a petition (reception desk) and the promise a commitment', async () => {
    const ctx = getApp().ctx;
    const d = await planReceptionDay(ctx, c.officerCC, CHIENG_COI, dayInput({ onDate: todayVN(ctx) }));
    const input = {
      citizenName: 'Lò Văn Khánh', citizenAddress: 'Bản Hài, phường Chiềng Cơi', idNo: '014088001234',
      title: 'Đường vào bản Hài sạt lở', summary: 'Đoạn đường vào bản Hài bị sạt lở sau mưa lớn, xe máy không đi được, học sinh phải đi vòng xa.',
      kind: 'kien_nghi', peopleCount: 3, withinCompetence: 'on',
      promise: 'Phường bố trí kinh phí khắc phục đoạn sạt lở đường vào bản Hài.', promiseAgencyId: String(c.agencies.ubndCC), promiseWorkingDays: '15',
    };
    expect((await refusal(recordCase(ctx, c.officerCC, d.id, { ...input, promiseWorkingDays: '', promiseDeadline: '' }))).key).toBe('promiseDeadline:commitments.error.deadlineRequired');
    expect((await refusal(recordCase(ctx, c.frontCC, d.id, input))).status).toBe(403);
    const row = await recordCase(ctx, c.officerCC, d.id, input);
    expect(row).toMatchObject({ rowNo: expect.any(Number), kind: 'kien_nghi', peopleCount: 3, withinCompetence: true, petitionCode: expect.stringMatching(/^KN-/), commitmentCode: expect.stringMatching(/^CK-/) });
    const p = await getPetitionForViewer(ctx, c.officerCC, row.petitionCode!);
    expect(p.petition.channel).toBe('reception_desk');
    const k = await listCommitmentsBySource(ctx, 'reception_case', [String(row.id)]);
    expect(k.map((x) => x.code)).toEqual([row.commitmentCode]);
    const register = await readRegister(ctx, c.officerCC, CHIENG_COI, { dayId: d.id });
    expect(register.map((r) => r.citizenName)).toEqual(['Lò Văn Khánh']);
    expect((await refusal(readRegister(ctx, c.citizenA, CHIENG_COI, {}))).status).toBe(403);
  });

  it('writes nothing when the commitment is refused after the petition was made: the case is one transaction', async () => {
    const ctx = getApp().ctx;
    const d = await planReceptionDay(ctx, c.officerCC, CHIENG_COI, dayInput({ onDate: todayVN(ctx) }));
    const entered = async () => (await listEnteredBy(ctx, c.officerCC, { limit: 100 })).items.length;
    const before = { petitions: await entered(), register: (await readRegister(ctx, c.officerCC, CHIENG_COI, {})).length };
    // The promise's agency passes the form's checks but is no agency: createCommitment refuses it inside the
    // transaction, after the petition and the register's row have been written in it.
    const input = {
      citizenName: 'Cầm Thị Hoa', title: 'Nước sinh hoạt bản Cọ yếu', summary: 'Nước sinh hoạt của bản Cọ chảy yếu từ đầu tháng, nhiều hộ không có nước dùng buổi chiều.',
      kind: 'kien_nghi', peopleCount: 1, withinCompetence: 'on',
      promise: 'Phường kiểm tra và sửa đường ống nước bản Cọ.', promiseAgencyId: '2000000000', promiseWorkingDays: '10',
    };
    expect((await refusal(recordCase(ctx, c.officerCC, d.id, input))).key).toBe('promiseAgencyId:commitments.error.agency');
    expect(await entered()).toBe(before.petitions);
    expect((await readRegister(ctx, c.officerCC, CHIENG_COI, {})).length).toBe(before.register);
    expect((await getReceptionDay(ctx.db, d.id)).status).toBe('planned');
    // The same case with a real agency goes through, whole.
    const row = await recordCase(ctx, c.officerCC, d.id, { ...input, promiseAgencyId: String(c.agencies.ubndCC) });
    expect(await entered()).toBe(before.petitions + 1);
    expect(row.commitmentCode).toMatch(/^CK-/);
    expect((await getReceptionDay(ctx.db, d.id)).status).toBe('held');
  });

  it('counts compliance per head and month against the settings, visible to the level above; reminds once', async () => {
    const app = getApp();
    const ctx = app.ctx;
    const month = todayVN(ctx).slice(0, 7);
    const rows = await complianceOf(ctx.db, [CHIENG_COI], month);
    const party = rows.find((r) => r.headKind === 'party_secretary_commune')!;
    expect(party.required).toBe(2);
    expect(party.held).toBeGreaterThanOrEqual(1);
    const chair = rows.find((r) => r.headKind === 'chair_commune')!;
    expect(chair.required).toBe(requiredDays('chair_commune', month, { 'commitments.reception.chairCommune.perWeek': 1 }));
    expect(chair.required).toBeGreaterThanOrEqual(4);
    expect((await readCompliance(ctx, c.supervisor, CHIENG_COI, month)).length).toBe(2);
    expect((await refusal(readCompliance(ctx, c.officerTH, CHIENG_COI, month))).status).toBe(403);
    const [y, m] = month.split('-').map(Number);
    app.clock.set(new Date(Date.UTC(y, m - 1, 25, 3)));
    try {
      const first = await remindReceptionDays(ctx);
      expect(first).toBeGreaterThan(0);
      expect(await remindReceptionDays(ctx)).toBe(0);
      const toHead = await ctx.db.selectFrom('notifications').select('event').where('user_id', '=', c.headCC.id).where('event', '=', 'reception.behind').execute();
      expect(toHead.length).toBe(1);
    } finally {
      app.clock.reset();
    }
  });
});
