import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type TestApp } from '../../../test/harness';
import { cookieHeader, loginAs, postForm, setCookies } from '../../accounts/testing';
import { seedAccounts } from '../../accounts/seed';
import { createCast, petitionInput } from '../testing';
import { createPetition } from '../service';
import sharp from 'sharp';

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

describeEachEngine('what officers see of a petition’s place and photos', (getApp) => {
  let officer: Session;
  let code = '';
  beforeAll(async () => {
    const app = getApp();
    const cast = await createCast(app.ctx);
    await seedAccounts(app.ctx);
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#7a5230' } }).jpeg().toBuffer();
    code = (
      await createPetition(app.ctx, cast.citizenA, petitionInput({ lat: 21.29086, lon: 103.8854 }), {
        channel: 'web',
        uploads: [{ filename: 'taluy-sat-lo.jpg', data: photo, declaredType: 'image/jpeg' }],
      })
    ).petition.code;
    officer = await loginAs(app, 'chuyenvien@example.com');
  }, 600_000);

  it('a small map of the commune with the pin, not bare coordinates, and a thumbnail of each photo', async () => {
    const app = getApp();
    const res = await get(app, `/kien-nghi/${code}`, officer);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<figure class="pin-map"><svg viewBox="0 0 280 \d+"[^>]*role="img" aria-label="Bản đồ Chiềng Cơi với vị trí được đánh dấu \(21\.29086, 103\.88540\)"/);
    expect(res.body).toMatch(/<circle cx="[\d.]+" cy="[\d.]+" r="6"/);
    const thumb = /<img src="(\/tep\/[0-9a-f-]+\/anh-nho)" alt="taluy-sat-lo.jpg"/.exec(res.body)?.[1];
    expect(thumb).toBeTruthy();
    const img = await app.server.inject({ url: thumb!, headers: { cookie: officer.cookie } });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/webp');
    const meta = await sharp(img.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([320, 240]);
    expect(img.rawPayload.byteLength).toBeLessThan(20_000);
    // The same access rule as the file itself: a stranger gets nothing.
    expect((await app.server.inject({ url: thumb! })).statusCode).toBe(404);
  });
});
