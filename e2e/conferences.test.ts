import { afterAll, beforeAll, expect, it } from 'vitest';
import { docxText } from '../src/platform/documents/zip';
import { checkA11y, describeE2E, launchBrowser, login, newPage, startServer, type Browser, type Page, type RunningServer } from './harness';

async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await button.click();
  await navigated;
  await page.waitForLoadState('load');
}

const vnDate = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);

/** The document title pdfkit writes in the PDF's Info dictionary (an object holding a UTF-16BE literal string). */
function pdfTitle(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  const ref = /\/Title (\d+) 0 R/.exec(s);
  const obj = ref ? new RegExp(`\\n${ref[1]} 0 obj\\n\\(([\\s\\S]*?)\\)\\nendobj`).exec(s) : null;
  if (!obj) return '';
  const raw = obj[1].replace(/\\([()\\])/g, '$1').replace(/\\n/g, '\n').replace(/\\r/g, '\r');
  const bytes = Buffer.from(raw, 'latin1');
  return bytes[0] === 0xfe && bytes[1] === 0xff ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le') : raw;
}

describeE2E('dialogue conferences in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let officer: Page;
  let id = '';
  const title = 'Hội nghị đối thoại về đường giao thông nội bản phường Chiềng Cơi';
  const answer = 'Phường bố trí kinh phí rải cấp phối đường vào bản Hài trong quý này.';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 600_000 }), launchBrowser()]);
    officer = await newPage(browser);
    await login(officer, server.url, 'chutich@example.com');
  }, 660_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 600_000);

  it('plans a conference, approves and announces it (notice on the public list and page)', async () => {
    await officer.goto(`${server.url}/can-bo/hoi-nghi/moi`);
    await checkA11y(officer);
    await officer.locator('#title').fill(title);
    await officer.locator('[id="chairs.0.userId"]').selectOption({ label: 'Quàng Thị Mai — Đảng ủy phường Chiềng Cơi' });
    await officer.locator('[id="chairs.1.userId"]').selectOption({ label: 'Lường Văn Thắng — Ủy ban nhân dân phường Chiềng Cơi' });
    await officer.locator('#date').fill(vnDate(10));
    await officer.locator('[id="agenda.0.title"]').fill('Khai mạc');
    await officer.locator('[id="agenda.0.minutes"]').fill('10');
    await officer.locator('[id="agenda.1.title"]').fill('Nhân dân phát biểu, lãnh đạo trả lời');
    await officer.locator('[id="agenda.1.minutes"]').fill('90');
    // An in-person conference without a venue is refused beside the field.
    await submit(officer, officer.getByRole('button', { name: 'Lưu' }));
    expect(await officer.locator('#venue-error').innerText()).toContain('địa điểm');
    await checkA11y(officer);
    await officer.locator('#venue').fill('Nhà văn hóa bản Hài');
    await submit(officer, officer.getByRole('button', { name: 'Lưu' }));
    id = /\/can-bo\/hoi-nghi\/(\d+)/.exec(officer.url())![1];
    await checkA11y(officer);
    await submit(officer, officer.getByRole('button', { name: 'Phê duyệt' }));
    await submit(officer, officer.getByRole('button', { name: 'Thông báo công khai' }));
    expect(await officer.locator('.page-header .badge').first().innerText()).toBe('Đã thông báo');

    const visitor = await newPage(browser);
    await visitor.goto(`${server.url}/hoi-nghi`);
    await checkA11y(visitor);
    await visitor.getByRole('link', { name: title }).click();
    await visitor.waitForLoadState('load');
    expect(await visitor.getByText('Quàng Thị Mai, Bí thư Đảng ủy phường Chiềng Cơi').isVisible()).toBe(true);
    await checkA11y(visitor);
    // Registration without an account: a printable confirmation with its QR code.
    await visitor.locator('#name').fill('Lò Văn Pọm');
    await visitor.locator('#phone').fill('0912 777 001');
    await visitor.locator('#village').fill('Bản Hài');
    await submit(visitor, visitor.getByRole('button', { name: 'Đăng ký' }));
    expect(visitor.url()).toContain('/hoi-nghi/dang-ky/');
    expect(await visitor.locator('figure svg').count()).toBe(1);
    expect(await visitor.locator('[data-code]').innerText()).toMatch(/^[A-Z2-9]{6}$/);
    await checkA11y(visitor);
    await visitor.context().close();
  }, 300_000);

  it('a citizen registers and sends a question; the live session is seen updating in a second browser', async () => {
    const citizen = await newPage(browser);
    await login(citizen, server.url, 'congdan@example.com');
    await citizen.goto(`${server.url}/hoi-nghi/${id}`);
    await citizen.locator('#phone').fill('0912 777 002');
    await submit(citizen, citizen.getByRole('button', { name: 'Đăng ký' }));
    await citizen.goto(`${server.url}/hoi-nghi/${id}`);
    await citizen.locator('#content').fill('Bao giờ đường vào bản Hài được sửa, mùa mưa rất lầy lội?');
    await submit(citizen, citizen.getByRole('button', { name: 'Gửi câu hỏi' }));
    expect(await citizen.locator('.flash').innerText()).toContain('Đã gửi câu hỏi');
    await checkA11y(citizen);
    await citizen.context().close();

    // The session opens; a second browser watches the public live page.
    await officer.goto(`${server.url}/can-bo/hoi-nghi/${id}`);
    await submit(officer, officer.getByRole('button', { name: 'Khai mạc' }));
    const live = await newPage(browser);
    await live.goto(`${server.url}/hoi-nghi/${id}/truc-tiep`);
    await checkA11y(live);
    expect(await live.locator('#live-status').innerText()).toBe('Đang diễn ra');

    await officer.goto(`${server.url}/can-bo/hoi-nghi/${id}/thu-ky`);
    await checkA11y(officer);
    await submit(officer, officer.getByRole('button', { name: 'Đưa ra trả lời' }).first());
    // Without reloading, the live page shows the question on the floor, then its answer.
    await live.getByText('Bao giờ đường vào bản Hài được sửa').first().waitFor({ timeout: 30_000 });
    await officer.locator('#answer').fill(answer);
    await officer.locator('#commitmentText').fill('Rải cấp phối đường vào bản Hài');
    await officer.locator('#commitmentDeadline').fill(vnDate(60));
    await submit(officer, officer.getByRole('button', { name: 'Ghi trả lời' }));
    await live.getByText(answer).waitFor({ timeout: 30_000 });
    expect(await live.locator('#live-answers').innerText()).toContain('Rải cấp phối đường vào bản Hài');
    expect(live.pageErrors).toEqual([]);
    // A question from the floor, typed by the secretary.
    await officer.locator('#askerName').fill('Cà Thị Xiêng');
    await officer.locator('#content').fill('Đề nghị sửa đèn đường tổ dân phố 2.');
    await submit(officer, officer.getByRole('button', { name: 'Thêm vào hàng chờ' }));
    expect(await officer.getByText('Đề nghị sửa đèn đường tổ dân phố 2.').count()).toBeGreaterThan(0);
    await live.context().close();
  }, 300_000);

  it('closes the session and issues the minutes and the conclusion notice as DOCX and PDF', async () => {
    await officer.goto(`${server.url}/can-bo/hoi-nghi/${id}`);
    await submit(officer, officer.getByRole('button', { name: 'Bế mạc' }));
    await officer.locator('#minutes-secretary').fill('Cầm Văn Dũng');
    await officer.locator('#minutes-attendees').fill('64');
    await submit(officer, officer.getByRole('button', { name: 'Lưu dự thảo' }).first());
    await submit(officer, officer.getByRole('button', { name: 'Ban hành' }).first());
    await submit(officer, officer.getByRole('button', { name: 'Ban hành' }).first());
    await checkA11y(officer);
    const minutes = await officer.request.get(`${server.url}/hoi-nghi/${id}/bien-ban.docx`);
    expect(minutes.status()).toBe(200);
    const text = docxText(Buffer.from(await minutes.body()));
    expect(text).toContain('BIÊN BẢN');
    expect(text).toMatch(/Số: \d+\/BB-UBND/);
    expect(text).toContain('THƯ KÝ');
    expect(text).toContain('Cầm Văn Dũng');
    expect(text).toContain(answer);
    const notice = docxText(Buffer.from(await (await officer.request.get(`${server.url}/hoi-nghi/${id}/thong-bao-ket-luan.docx`)).body()));
    expect(notice).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(notice).toContain('Rải cấp phối đường vào bản Hài');
    const pdf = Buffer.from(await (await officer.request.get(`${server.url}/hoi-nghi/${id}/bien-ban.pdf`)).body());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfTitle(pdf)).toContain(title);
    // Results published: the public page shows the answer and the documents.
    await submit(officer, officer.getByRole('button', { name: 'Công bố kết quả' }));
    const visitor = await newPage(browser);
    await visitor.goto(`${server.url}/hoi-nghi/${id}`);
    expect(await visitor.getByText(answer).isVisible()).toBe(true);
    expect(await visitor.getByRole('link', { name: 'DOCX' }).count()).toBe(2);
    await checkA11y(visitor);
    await visitor.context().close();
  }, 300_000);
});
