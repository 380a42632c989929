import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type TestApp } from '../../../test/harness';
import { loginAs, postForm } from '../../accounts/testing';
import { seedDirectoryDemo } from '../../directory/seed';
import { seedAccounts } from '../../accounts/seed';
import { findAgency } from '../../directory/service';
import { createPetition } from '../../petitions/service';
import { principalFor } from '../../petitions/testing';
import { createCommitment, updateProgress } from '../service';
import { todayVN } from '../service/common';
import { commitmentInput } from '../testing';

type Session = { cookie: string; csrf: string };
const CC = '03670';

const get = (app: TestApp, url: string, who?: Session | null) => app.server.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(who ? { cookie: who.cookie } : {}) } });

describeEachEngine('commitments pages', (getApp) => {
  let citizen: Session, officer: Session, head: Session, front: Session, province: Session;
  let citizenId = 0;
  let ubnd = 0;
  let code = '';
  let officerP: Awaited<ReturnType<typeof principalFor>>;

  beforeAll(async () => {
    const app = getApp();
    await seedDirectoryDemo(app.ctx);
    await seedAccounts(app.ctx);
    [citizen, officer, head, front, province] = await Promise.all(['congdan', 'chuyenvien', 'chutich', 'mattran', 'sonla'].map((u) => loginAs(app, `${u}@example.com`)));
    const user = await app.ctx.db.selectFrom('users').select(['id']).where('email', '=', 'congdan@example.com').executeTakeFirstOrThrow();
    citizenId = user.id;
    ubnd = (await findAgency(app.ctx.db, CC, 'peoples_committee'))!.id;
    officerP = await principalFor(app.ctx, { id: (await app.ctx.db.selectFrom('users').select('id').where('email', '=', 'chuyenvien@example.com').executeTakeFirstOrThrow()).id, name: 'Cầm Văn Dũng', email: 'chuyenvien@example.com' }, [{ role: 'officer', agencyId: ubnd }]);
    code = (await createCommitment(app.ctx, officerP, commitmentInput(ubnd, { citizenIds: [citizenId] }))).code;
  }, 120_000);

  it('shows the public accountability page and the commitment without personal data', async () => {
    const app = getApp();
    const page = await get(app, `/cam-ket/don-vi/${CC}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(code);
    expect(page.body).not.toContain('Nguyễn Văn An');
    const filtered = await get(app, `/cam-ket/don-vi/${CC}?state=verified_kept`);
    expect(filtered.body).not.toContain(code);
    const detail = await get(app, `/cam-ket/${code}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Chưa thực hiện');
    expect((await get(app, '/cam-ket/CK-2026-999999')).statusCode).toBe(404);
    expect((await get(app, '/cam-ket')).statusCode).toBe(200);
  });

  it('runs the lifecycle through the forms, role by role', async () => {
    const app = getApp();
    const act = (who: Session, fields: Record<string, string>) => postForm(app, `/cam-ket/${code}/thao-tac`, who, fields);
    expect((await act(front, { action: 'progress', note: 'Mặt trận tự cập nhật tiến độ.' })).statusCode).toBe(403);
    expect((await act(citizen, { action: 'progress', note: 'Công dân tự cập nhật.' })).statusCode).toBe(403);
    const bad = await act(officer, { action: 'progress', note: 'Đã khảo sát.', pct: '130' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Tỷ lệ hoàn thành phải từ 0 đến 100.');
    expect((await act(officer, { action: 'progress', note: 'Đã khảo sát tuyến mương, lập dự toán.', pct: '40' })).statusCode).toBe(303);
    const early = await act(front, { action: 'finding', onDate: todayVN(app.ctx), method: 'field_visit', finding: 'Đoàn giám sát đã kiểm tra thực địa.', verdict: 'kept' });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Chỉ kết luận khi cơ quan thực hiện đã báo cáo hoàn thành');
    const noReason = await act(head, { action: 'extend', deadline: '2030-01-01' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Phải nêu lý do.');
    expect((await act(head, { action: 'extend', deadline: '2030-01-01', reason: 'Chờ bố trí vốn ngân sách.' })).statusCode).toBe(303);
    expect((await act(officer, { action: 'progress', note: 'Đã hoàn thành toàn tuyến.', done: 'on' })).statusCode).toBe(303);
    expect((await act(front, { action: 'finding', onDate: todayVN(app.ctx), method: 'field_visit', finding: 'Toàn tuyến mương đã kiên cố, nước chảy thông.', verdict: 'kept' })).statusCode).toBe(303);
    const detail = await get(app, `/cam-ket/${code}`);
    expect(detail.body).toContain('Đã thực hiện (Mặt trận xác nhận)');
    expect(detail.body).toContain('Đã gia hạn 1 lần');
    expect(detail.body).toContain('Toàn tuyến mương đã kiên cố');
    const mine = await get(app, '/cam-ket/cua-toi', citizen);
    expect(mine.body).toContain(code);
  });

  it('draws the register and the unit’s page anew after a change (their tables are rendered once per cached page)', async () => {
    const app = getApp();
    const fresh = (await createCommitment(app.ctx, officerP, commitmentInput(ubnd))).code;
    const progressOf = (html: string) => new RegExp(`<a href="/cam-ket/${fresh}">${fresh}</a>[\\s\\S]*?<progress[^>]*value="(\\d+)"`).exec(html)?.[1];
    for (let i = 0; i < 2; i++) {
      expect(progressOf((await get(app, '/can-bo/cam-ket', officer)).body)).toBe('0');
      expect(progressOf((await get(app, `/cam-ket/don-vi/${CC}`)).body)).toBe('0');
    }
    await updateProgress(app.ctx, officerP, fresh, { note: 'Đã khảo sát hiện trường, lập dự toán sửa chữa.', pct: 35 });
    expect(progressOf((await get(app, '/can-bo/cam-ket', officer)).body)).toBe('35');
    expect(progressOf((await get(app, `/cam-ket/don-vi/${CC}`)).body)).toBe('35');
  });

  it('gives each official their page, refuses the others, and exports the register as XLSX', async () => {
    const app = getApp();
    expect((await get(app, '/can-bo/cam-ket', officer)).statusCode).toBe(200);
    expect((await get(app, '/can-bo/cam-ket', citizen)).statusCode).toBe(403);
    expect((await get(app, '/can-bo/cam-ket')).statusCode).toBe(303);
    const xlsx = await get(app, `/can-bo/cam-ket/so.xlsx`, officer);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await get(app, '/can-bo/cam-ket/giam-sat', front)).statusCode).toBe(200);
    expect((await get(app, '/can-bo/cam-ket/giam-sat', officer)).statusCode).toBe(403);
    expect((await get(app, '/can-bo/cam-ket/tong-quan', head)).statusCode).toBe(200);
    expect((await get(app, '/can-bo/cam-ket/tong-quan', province)).statusCode).toBe(200);
    expect((await get(app, '/can-bo/cam-ket/tong-quan', officer)).statusCode).toBe(403);
    const plan = await postForm(app, '/can-bo/cam-ket/giam-sat/ke-hoach', front, { title: 'Giám sát quý IV năm 2026', periodFrom: '2026-10-01', periodTo: '2026-09-01' });
    expect(plan.statusCode).toBe(422);
    expect((await postForm(app, '/can-bo/cam-ket/giam-sat/ke-hoach', front, { title: 'Giám sát quý IV năm 2026', periodFrom: '2026-10-01', periodTo: '2026-12-31' })).statusCode).toBe(303);
  });

  it('records a commitment made in a petition’s answer from its tracking code', async () => {
    const app = getApp();
    const citizenP = await principalFor(app.ctx, { id: citizenId, name: 'Nguyễn Văn An', email: 'congdan@example.com' }, []);
    const { petition } = await createPetition(app.ctx, citizenP, { kind: 'kien_nghi', title: 'Đèn đường tổ 3 bị hỏng', content: 'Toàn bộ đèn chiếu sáng trên đường tổ 3 phường Chiềng Cơi bị hỏng hơn một tháng nay.', unitCode: CC, visibility: 'public' }, { skipRateLimit: true });
    const base = { text: 'Thay mới toàn bộ bóng đèn chiếu sáng tổ 3.', promisedByName: 'Lường Văn Thắng', promisedByTitle: 'Chủ tịch UBND phường', agencyId: String(ubnd), deadlineWorkingDays: '10' };
    const wrong = await postForm(app, '/can-bo/cam-ket/ghi-nhan', officer, { ...base, petitionCode: 'KN-2026-999999' });
    expect(wrong.statusCode).toBe(422);
    const bad = await postForm(app, '/can-bo/cam-ket/ghi-nhan', officer, { ...base, petitionCode: petition.code, promisedByName: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Nhập họ tên người cam kết.');
    const ok = await postForm(app, '/can-bo/cam-ket/ghi-nhan', officer, { ...base, petitionCode: petition.code });
    expect(ok.statusCode).toBe(303);
    const page = await get(app, ok.headers.location as string);
    expect(page.body).toContain(`/kien-nghi/${petition.code}`);
    // The petition's page (the petitions module renders this module's panel) lists it, for the officer and the petitioner.
    const made = (ok.headers.location as string).split('/').pop()!;
    const listed = (body: string) => {
      const from = body.indexOf(`data-commitment="${made}"`);
      expect(from).toBeGreaterThan(0);
      return body.slice(from, body.indexOf('</li>', from));
    };
    const officerView = await get(app, `/kien-nghi/${petition.code}`, officer);
    expect(officerView.body).toContain('Các cam kết từ kiến nghị này');
    expect(listed(officerView.body)).toContain(`href="/cam-ket/${made}"`);
    expect(listed(officerView.body)).toContain('Chưa thực hiện');
    expect(officerView.body).toContain(`/can-bo/cam-ket/ghi-nhan?kien-nghi=${petition.code}`);
    const ownerView = await get(app, `/kien-nghi/${petition.code}`, citizen);
    expect(listed(ownerView.body)).toContain(`href="/cam-ket/${made}"`);
    expect(ownerView.body).not.toContain('/can-bo/cam-ket/ghi-nhan');
    const { petition: other } = await createPetition(app.ctx, citizenP, { kind: 'kien_nghi', title: 'Cống thoát nước tổ 5 bị tắc', content: 'Cống thoát nước tổ 5 phường Chiềng Cơi bị tắc, mưa to nước tràn vào nhà dân.', unitCode: CC, visibility: 'public' }, { skipRateLimit: true });
    const none = await get(app, `/kien-nghi/${other.code}`, citizen);
    expect(none.statusCode).toBe(200);
    expect(none.body).not.toContain('Các cam kết từ kiến nghị này');
    expect((await postForm(app, '/can-bo/cam-ket/ghi-nhan', citizen, { ...base, petitionCode: petition.code })).statusCode).toBe(403);
  });

  it('publishes reception days, keeps the register for officials, and shows compliance to the level above', async () => {
    const app = getApp();
    const party = (await findAgency(app.ctx.db, CC, 'party_committee'))!.id;
    expect((await get(app, `/tiep-cong-dan/${CC}/lich`)).statusCode).toBe(200);
    const day = { agencyId: String(party), headName: 'Quàng Thị Mai', headTitle: 'Bí thư Đảng ủy phường', onDate: todayVN(app.ctx), starts: '07:30', ends: '11:00', place: 'Trụ sở tiếp công dân phường', slots: '5' };
    expect((await postForm(app, `/tiep-cong-dan/${CC}/lich`, citizen, day)).statusCode).toBe(403);
    const badHours = await postForm(app, `/tiep-cong-dan/${CC}/lich`, officer, { ...day, ends: '07:00' });
    expect(badHours.statusCode).toBe(422);
    expect((await postForm(app, `/tiep-cong-dan/${CC}/lich`, officer, day)).statusCode).toBe(303);
    const register = await get(app, `/tiep-cong-dan/${CC}/so`, officer);
    expect(register.statusCode).toBe(200);
    const dayId = /<select id="dayId"[^>]*>\s*<option value="(\d+)"/.exec(register.body)![1];
    expect((await get(app, `/tiep-cong-dan/${CC}/so`, citizen)).statusCode).toBe(403);
    const c = await postForm(app, `/tiep-cong-dan/${CC}/so`, officer, {
      dayId, citizenName: 'Lò Văn Khánh', kind: 'kien_nghi', title: 'Nước sinh hoạt bản Hài', summary: 'Đường ống nước sinh hoạt của bản Hài bị vỡ, hai mươi hộ thiếu nước một tuần nay.', withinCompetence: 'on',
      promise: 'Phường sửa đường ống nước bản Hài trong tuần tới.', promiseWorkingDays: '5', promiseAgencyId: String(ubnd),
    });
    expect(c.statusCode).toBe(303);
    const after = await get(app, `/tiep-cong-dan/${CC}/so`, officer);
    expect(after.body).toContain('Lò Văn Khánh');
    expect(after.body).toMatch(/\/cam-ket\/CK-\d{4}-\d{6}/);
    const compliance = await get(app, `/tiep-cong-dan/${CC}/tuan-thu`, province);
    expect(compliance.statusCode).toBe(200);
    expect(compliance.body).toContain('Bí thư Đảng ủy xã, phường');
    expect((await get(app, `/tiep-cong-dan/14/tuan-thu`, province)).statusCode).toBe(200);
    expect((await get(app, `/tiep-cong-dan/${CC}/tuan-thu`, officer)).statusCode).toBe(403);
  });

  it('answers the JSON API (problem+json on bad input) and computes the manifest statistics', async () => {
    const app = getApp();
    const api = (method: 'GET' | 'POST', url: string, who?: Session, payload?: unknown) =>
      app.server.inject({ method, url, headers: { accept: 'application/json', ...(who ? { cookie: who.cookie, origin: 'http://localhost:3000' } : {}) }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
    const list = await api('GET', `/api/v1/commitments?unitCode=${CC}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.some((i: { code: string }) => i.code === code)).toBe(true);
    expect((await api('GET', '/api/v1/commitments')).statusCode).toBe(422);
    const input = commitmentInput(ubnd);
    const created = await api('POST', '/api/v1/commitments', officer, input);
    expect(created.statusCode).toBe(201);
    const k = created.json();
    expect(k).toMatchObject({ state: 'open', citizenCount: 0 });
    const bad = await api('POST', '/api/v1/commitments', officer, { ...input, text: 'ngắn' });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await api('POST', '/api/v1/commitments', citizen, input)).statusCode).toBe(403);
    expect((await api('POST', `/api/v1/commitments/${k.code}/progress`, front, { note: 'Mặt trận cập nhật thay.' })).statusCode).toBe(403);
    const prog = await api('POST', `/api/v1/commitments/${k.code}/progress`, officer, { note: 'Đã khảo sát hiện trường.', pct: 20 });
    expect(prog.statusCode).toBe(200);
    expect(prog.json().progressPct).toBe(20);
    expect((await api('POST', `/api/v1/commitments/${k.code}/findings`, front, { onDate: todayVN(app.ctx), method: 'field_visit', finding: 'Chưa hoàn thành.', verdict: 'kept' })).statusCode).toBe(409);
    const bySource = await api('GET', `/api/v1/commitments/by-source?kind=reception_case&refIds=${(input.source as { refId: string }).refId}`);
    expect(bySource.json().items.map((i: { code: string }) => i.code)).toEqual([k.code]);
    expect((await api('GET', `/api/v1/reception/${CC}/days`)).statusCode).toBe(200);
    expect((await api('GET', `/api/v1/reception/${CC}/compliance`)).statusCode).toBe(401);
    const stats = Object.fromEntries(await Promise.all(app.ctx.modules.find((m) => m.name === 'commitments')!.statistics!.map(async (s) => [s.key, await s.compute(app.ctx.db, { unitCode: CC })])));
    expect(stats['commitments.verifiedKept']).toBeGreaterThanOrEqual(1);
    expect(stats['commitments.open']).toBeGreaterThanOrEqual(2);
    expect(stats['commitments.reception.required']).toBeGreaterThanOrEqual(6);
    const province = await app.ctx.modules.find((m) => m.name === 'commitments')!.statistics!.find((s) => s.key === 'commitments.open')!.compute(app.ctx.db, { unitCode: '14' });
    expect(province).toBe(stats['commitments.open']);
    const doc = await api('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/commitments/{code}/progress');
  });
});
