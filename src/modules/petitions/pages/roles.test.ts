import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type TestApp } from '../../../test/harness';
import { cookieHeader, loginAs, postForm, setCookies } from '../../accounts/testing';
import { seedAccounts } from '../../accounts/seed';
import { createCast, petitionInput } from '../testing';
import { createPetition } from '../service';

type Session = { cookie: string; csrf: string };
const get = (app: TestApp, url: string, who: Session) =>
  app.server.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: who.cookie } });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describeEachEngine('petition pages for each role (what a newcomer sees)', (getApp) => {
  const who: Record<string, Session> = {};
  beforeAll(async () => {
    const app = getApp();
    await createCast(app.ctx);
    await seedAccounts(app.ctx);
    for (const k of ['mattran', 'chuyenvien', 'sonla']) who[k] = await loginAs(app, `${k}@example.com`);
  }, 600_000);

  it('the Front officer is told what the Front does — follow, consolidate, supervise — not that they answer', async () => {
    const page = text((await get(getApp(), '/can-bo/kien-nghi', who.mattran)).body);
    expect(page).toContain('để Mặt trận theo dõi, tổng hợp và giám sát việc trả lời');
    expect(page).not.toContain('Kiến nghị của cơ quan bạn: tiếp nhận, phân công, trả lời đúng hạn.');
    expect(page).toContain('Nhập kiến nghị thay công dân');
    expect(page).not.toContain('Mẫu trả lời');
  });

  it("the handling officer keeps the agency's inbox caption and its tools", async () => {
    const page = text((await get(getApp(), '/can-bo/kien-nghi', who.chuyenvien)).body);
    expect(page).toContain('Kiến nghị của cơ quan bạn: tiếp nhận, phân công, trả lời đúng hạn.');
    expect(page).toContain('Mẫu trả lời');
  });

  it('the provincial supervisor lands on the overdue petitions to follow up, without a clerk’s tools', async () => {
    const res = await get(getApp(), '/can-bo/kien-nghi', who.sonla);
    expect(res.statusCode).toBe(200);
    const page = text(res.body);
    expect(page).toContain('Những kiến nghị cần bạn đôn đốc');
    expect(page).toContain('Không có kiến nghị nào quá hạn');
    expect(res.body).toMatch(/<option value="overdue" selected/);
    expect(page).not.toContain('Nhập kiến nghị thay công dân');
    expect(page).not.toContain('Mẫu trả lời');
  });
});

describeEachEngine('petition confirmations in plain Vietnamese', (getApp) => {
  const who: Record<string, Session> = {};
  let code = '';
  beforeAll(async () => {
    const app = getApp();
    const cast = await createCast(app.ctx);
    await seedAccounts(app.ctx);
    code = (await createPetition(app.ctx, cast.citizenA, petitionInput(), { channel: 'web' })).petition.code;
    for (const k of ['mattran', 'chuyenvien']) who[k] = await loginAs(app, `${k}@example.com`);
  }, 600_000);

  it('an officer who entered a petition for someone is given the petition’s code to hand over, not “your code”', async () => {
    const app = getApp();
    const staff = text((await get(app, `/kien-nghi/${code}/da-gui?thay=1`, who.mattran)).body);
    expect(staff).toContain('Mã theo dõi của kiến nghị');
    expect(staff).toContain('Hãy đưa mã này cho người gửi kiến nghị');
    expect(staff).not.toContain('Mã theo dõi của bạn');
    const citizen = text((await app.server.inject({ url: `/kien-nghi/${code}/da-gui?thay=1`, headers: { accept: 'text/html' } })).body);
    expect(citizen).toContain('Mã theo dõi của bạn');
  });

  it('an action is confirmed in a sentence, not as a log line', async () => {
    const app = getApp();
    const res = await postForm(app, `/kien-nghi/${code}/thao-tac`, who.chuyenvien, { action: 'note', note: 'Đã liên hệ tổ dân phố để xác minh.' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const jar = new Map(who.chuyenvien.cookie.split('; ').map((c) => c.split('=') as [string, string]));
    for (const [k, v] of setCookies(res)) jar.set(k, v);
    const page = text((await app.server.inject({ url: res.headers.location as string, headers: { accept: 'text/html', cookie: cookieHeader(jar) } })).body);
    expect(page).toContain('Đã lưu ghi chú.');
    expect(page).not.toContain('Đã thực hiện');
  });
});
