import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type TestApp } from '../../../test/harness';
import { loginAs } from '../../accounts/testing';
import { seedDirectoryDemo } from '../../directory/seed';
import { seedAccounts } from '../../accounts/seed';

type Session = { cookie: string; csrf: string };
const get = (app: TestApp, url: string, who: Session) =>
  app.server.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: who.cookie } });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describeEachEngine('petition pages for each role (what a newcomer sees)', (getApp) => {
  const who: Record<string, Session> = {};
  beforeAll(async () => {
    const app = getApp();
    await seedDirectoryDemo(app.ctx);
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
