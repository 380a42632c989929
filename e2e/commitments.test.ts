import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkA11y, describeE2E, launchBrowser, login, newPage, startServer, type Browser, type Page, type RunningServer } from './harness';

/** Clicks something that submits a form or follows a link, and waits for the next page to load. */
async function go(page: Page, click: () => Promise<void>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await click();
  await navigated;
  await page.waitForLoadState('load');
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const noErrors = async (page: Page, what: string) => expect(await page.locator('main [role="alert"], main .field-error').allInnerTexts(), what).toEqual([]);

describeE2E('commitments in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let petitionCode = '';
  let code = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 420_000 }), launchBrowser()]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 600_000);

  it('the demo unit’s accountability page shows commitments at every stage, overdue said plainly', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/cam-ket/don-vi/03670`);
    expect(await h1(page)).toBe('Thực hiện cam kết của Phường Chiềng Cơi');
    const text = await page.locator('main').innerText();
    for (const s of ['QUÁ HẠN', 'Đã thực hiện (Mặt trận xác nhận)', 'Chưa đạt (Mặt trận kết luận), đang thực hiện lại', 'Đã gia hạn 1 lần']) expect(text).toContain(s);
    await checkA11y(page);
    await page.goto(`${server.url}/tiep-cong-dan/03670/lich`);
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('an officer records a commitment made in the answer to a citizen’s petition', async () => {
    const citizen = await newPage(browser);
    await login(citizen, server.url, 'congdan@example.com');
    await citizen.goto(`${server.url}/kien-nghi/gui`);
    await citizen.locator('#title').fill('Đèn chiếu sáng ngõ 12 tổ 4 bị hỏng');
    await citizen.locator('#content').fill('Ba cột đèn chiếu sáng ngõ 12 tổ 4 hỏng đã hơn một tháng, buổi tối người già và trẻ em đi lại rất khó khăn.');
    await citizen.getByLabel(/Công khai nội dung và trả lời/).check();
    await go(citizen, () => citizen.getByRole('button', { name: 'Gửi kiến nghị' }).click());
    petitionCode = (await citizen.locator('.tracking-code').innerText()).trim();
    expect(petitionCode).toMatch(/^KN-\d{4}-\d{6}$/);
    await citizen.context().close();

    const officer = await newPage(browser);
    await login(officer, server.url, 'chuyenvien@example.com');
    await officer.goto(`${server.url}/can-bo/cam-ket/ghi-nhan`);
    await checkA11y(officer);
    await officer.locator('#petitionCode').fill(petitionCode);
    await officer.locator('#text').fill('Thay mới ba bộ đèn chiếu sáng ngõ 12 tổ 4.');
    await officer.locator('#promisedByName').fill('Lường Văn Thắng');
    await officer.locator('#promisedByTitle').fill('Chủ tịch UBND phường Chiềng Cơi');
    await officer.locator('#agencyId').selectOption({ label: 'Ủy ban nhân dân phường Chiềng Cơi' });
    await officer.locator('#deadlineWorkingDays').fill('10');
    await go(officer, () => officer.getByRole('button', { name: 'Ghi nhận cam kết' }).click());
    await noErrors(officer, 'record');
    code = (await h1(officer)).replace('Cam kết ', '').trim();
    expect(code).toMatch(/^CK-\d{4}-\d{6}$/);
    await checkA11y(officer);

    await officer.locator('#progress_note').fill('Đã khảo sát, đặt mua ba bộ đèn LED 100 W.');
    await officer.locator('#progress_pct').fill('40');
    await go(officer, () => officer.getByRole('button', { name: 'Cập nhật tiến độ' }).click());
    await noErrors(officer, 'progress');
    expect(await officer.locator('main').innerText()).toContain('Đã khảo sát, đặt mua ba bộ đèn LED 100 W.');
    await checkA11y(officer);
    await officer.goto(`${server.url}/can-bo/cam-ket`);
    expect(await officer.locator('main').innerText()).toContain(code);
    await checkA11y(officer);
    expect(officer.pageErrors).toEqual([]);
    await officer.context().close();
  }, 300_000);

  it('the citizen is told of the progress', async () => {
    const citizen = await newPage(browser);
    await login(citizen, server.url, 'congdan@example.com');
    await citizen.goto(`${server.url}/thong-bao`);
    expect(await citizen.locator('main').innerText()).toContain(`Cam kết ${code}: cập nhật tiến độ 40%`);
    await checkA11y(citizen);
    await citizen.goto(`${server.url}/cam-ket/cua-toi`);
    expect(await citizen.locator('main').innerText()).toContain(code);
    await checkA11y(citizen);
    await citizen.context().close();
  }, 300_000);

  it('the agency reports it done, the Front verifies it kept, and the public page says so', async () => {
    const officer = await newPage(browser);
    await login(officer, server.url, 'chuyenvien@example.com');
    await officer.goto(`${server.url}/cam-ket/${code}`);
    await officer.locator('#progress_note').fill('Đã lắp xong ba bộ đèn, đèn sáng từ tối ngày hôm qua.');
    await officer.getByLabel('Đã hoàn thành, đề nghị Mặt trận xác nhận').check();
    await go(officer, () => officer.getByRole('button', { name: 'Cập nhật tiến độ' }).click());
    await noErrors(officer, 'done');
    expect(await officer.locator('main').innerText()).toContain('Đã báo cáo hoàn thành, chờ Mặt trận xác nhận');
    await officer.context().close();

    const front = await newPage(browser);
    await login(front, server.url, 'mattran@example.com');
    await front.goto(`${server.url}/can-bo/cam-ket/giam-sat`);
    expect(await front.locator('main').innerText()).toContain(code);
    await checkA11y(front);
    await front.goto(`${server.url}/cam-ket/${code}`);
    await checkA11y(front);
    await front.locator('#finding_method').selectOption('field_visit');
    await front.locator('#finding_finding').fill('Đoàn giám sát kiểm tra buổi tối: ba bộ đèn mới sáng tốt, người dân phấn khởi.');
    await front.locator('#finding_verdict').selectOption('kept');
    await go(front, () => front.getByRole('button', { name: 'Ghi kết quả giám sát' }).click());
    await noErrors(front, 'verdict');
    await front.context().close();

    const anyone = await newPage(browser);
    await anyone.goto(`${server.url}/cam-ket/don-vi/03670?state=verified_kept`);
    expect(await anyone.locator('main').innerText()).toContain(code);
    await checkA11y(anyone);
    await anyone.goto(`${server.url}/cam-ket/${code}`);
    const text = await anyone.locator('main').innerText();
    expect(text).toContain('Đã thực hiện (Mặt trận xác nhận)');
    expect(text).toContain('Đoàn giám sát kiểm tra buổi tối');
    expect(text).not.toContain('Nguyễn Văn An');
    await checkA11y(anyone);
    expect(anyone.pageErrors).toEqual([]);
    await anyone.context().close();
  }, 300_000);
});
