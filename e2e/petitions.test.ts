import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  advanceDays,
  checkA11y,
  describeE2E,
  launchBrowser,
  login,
  newPage,
  runJobs,
  startServer,
  type Browser,
  type Page,
  type RunningServer,
} from './harness';

/** Clicks something that submits a form or follows a link, and waits for the next page to load. */
async function go(page: Page, click: () => Promise<void>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await click();
  await navigated;
  await page.waitForLoadState('load');
}

/** Opens an action's panel on the detail page (if it has fields) and submits it. */
async function runAction(page: Page, action: string, fill?: () => Promise<void>): Promise<void> {
  const panel = page.locator(`#action-${action}`);
  if (await panel.count()) {
    if (!(await panel.getAttribute('open'))) await panel.locator('summary').click();
  }
  if (fill) await fill();
  await go(page, () => page.locator(`#form-${action} button.action-submit`).click());
  const alert = await page.locator('main [role="alert"], main .field-error').allInnerTexts();
  expect(alert, `after ${action}`).toEqual([]);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

describeE2E('petitions in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let code = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 420_000 }), launchBrowser()]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 600_000);

  it('a citizen submits a petition: kinds explained, live counter, the tracking code', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'congdan@example.com');
    await page.goto(`${server.url}/kien-nghi/gui`);
    expect(await h1(page)).toBe('Gửi kiến nghị, phản ánh');
    await checkA11y(page);
    await expect.poll(() => page.locator('.counter').innerText()).toBe('Bạn còn 5.000/5.000 ký tự');
    await page.getByLabel('Phản ánh').check();
    await page.locator('#title').fill('Sạt lở taluy đường vào bản Hài');
    await page.locator('#content').fill('Quá ngắn');
    await expect.poll(() => page.locator('.counter').innerText()).toBe('Cần thêm 12 ký tự nữa (tối thiểu 20)');
    const content =
      'Mưa lớn kéo dài làm sạt lở taluy dương trên đường vào bản Hài, đất đá tràn xuống mặt đường, đe dọa ba hộ dân phía dưới. Đề nghị phường khảo sát và gia cố.';
    await page.locator('#content').fill(content);
    await expect.poll(() => page.locator('.counter').innerText()).toBe(`Bạn còn ${(5000 - [...content].length).toLocaleString('vi-VN')}/5.000 ký tự`);
    expect(await page.locator('#unitCode').inputValue()).toBe('03670');
    await page.getByLabel(/Công khai nội dung và trả lời/).check();
    await page.locator('#peopleCount').fill('3');
    await go(page, () => page.getByRole('button', { name: 'Gửi kiến nghị' }).click());
    expect(await h1(page)).toBe('Đã gửi kiến nghị');
    code = (await page.locator('.tracking-code').innerText()).trim();
    expect(code).toMatch(/^KN-\d{4}-\d{6}$/);
    await checkA11y(page);
    await page.goto(`${server.url}/kien-nghi/cua-toi`);
    expect(await page.locator('main').innerText()).toContain(code);
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 600_000);

  it('the form works without JavaScript, with the errors beside the fields', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await login(page, server.url, 'congdan@example.com');
    await page.goto(`${server.url}/kien-nghi/gui`);
    await page.locator('#title').fill('Đèn');
    await go(page, () => page.getByRole('button', { name: 'Gửi kiến nghị' }).click());
    expect(await page.locator('#title-error').innerText()).toBe('Tiêu đề cần ít nhất 5 ký tự.');
    expect(await page.locator('#content-error').innerText()).toBe('Vui lòng nhập nội dung kiến nghị.');
    // The form shown again keeps the address it was posted to: no CSRF token in it.
    expect(page.url()).toBe(`${server.url}/kien-nghi/gui`);
    // (axe needs JavaScript; the same page is checked with it in the test above.)
    await page.locator('#title').fill('Đèn đường tổ 5 bị hỏng');
    await page.locator('#content').fill('Cả dãy đèn đường ở tổ 5 phường Chiềng Cơi không sáng đã hai tuần, buổi tối rất nguy hiểm.');
    await go(page, () => page.getByRole('button', { name: 'Gửi kiến nghị' }).click());
    expect(await h1(page)).toBe('Đã gửi kiến nghị');
    await page.context().close();
  }, 600_000);

  it('officer receives and assigns, drafts the answer; the head approves and publishes', async () => {
    const officer = await newPage(browser);
    await login(officer, server.url, 'chuyenvien@example.com');
    await officer.goto(`${server.url}/can-bo/kien-nghi`);
    expect(await h1(officer)).toBe('Hộp kiến nghị');
    await checkA11y(officer);
    await go(officer, () => officer.locator('main').getByRole('link', { name: 'Sạt lở taluy đường vào bản Hài' }).first().click());
    expect(await officer.locator('.code').first().innerText()).toBe(code);
    await checkA11y(officer);
    await runAction(officer, 'receive', () => officer.locator('#receive-receiptNo').fill('15/TCD'));
    expect(await officer.locator('main').innerText()).toContain('Đã thụ lý');
    await runAction(officer, 'assign', async () => void (await officer.locator('#assign-assigneeId').selectOption({ label: 'Cầm Văn Dũng' })));
    await checkA11y(officer);
    await runAction(officer, 'draft_answer', async () => {
      await officer.locator('#answerText').fill(
        'Ngày 12/11, UBND phường đã khảo sát hiện trường, dọn đất đá và cắm biển cảnh báo; taluy sẽ được gia cố bằng rọ đá trong tháng 12.',
      );
      await officer.locator('#draft-docNo').fill('123/UBND-VP');
    });
    expect(await officer.locator('#answer').innerText()).toBe('Dự thảo trả lời');
    await officer.context().close();

    const head = await newPage(browser);
    await login(head, server.url, 'chutich@example.com');
    await head.goto(`${server.url}/kien-nghi/${code}`);
    await checkA11y(head);
    await runAction(head, 'approve');
    await runAction(head, 'publish');
    expect(await head.locator('main').innerText()).toContain('Đã trả lời');
    await head.context().close();

    // Everyone sees the published answer, without the petitioner's name; search finds it without diacritics.
    const visitor = await newPage(browser);
    await visitor.goto(`${server.url}/kien-nghi?q=sat+lo+ban+hai`);
    await checkA11y(visitor);
    expect(await visitor.locator('main mark').first().innerText()).toBe('Sạt');
    await go(visitor, () => visitor.locator('main').getByRole('link', { name: /taluy đường vào bản Hài/ }).first().click());
    const text = await visitor.locator('main').innerText();
    expect(text).toContain('gia cố bằng rọ đá');
    expect(text).not.toContain('Nguyễn Văn An');
    await checkA11y(visitor);
    await visitor.goto(`${server.url}/tra-cuu`);
    await visitor.getByLabel('Mã theo dõi').fill(code.toLowerCase());
    await go(visitor, () => visitor.getByRole('button', { name: 'Tra cứu' }).click());
    expect(await visitor.locator('main').innerText()).toContain('Đã trả lời');
    await checkA11y(visitor);
    await visitor.context().close();
  }, 600_000);

  it('the citizen rates the answer and then reopens the petition', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'congdan@example.com');
    await page.goto(`${server.url}/kien-nghi/${code}`);
    await checkA11y(page);
    await runAction(page, 'rate', async () => {
      await page.getByLabel('2 — Không hài lòng').check();
      await page.locator('#rate-comment').fill('Chưa thấy gia cố.');
    });
    expect(await page.locator('#rating').count()).toBe(1);
    await runAction(page, 'reopen', () => page.locator('#reopen-reason').fill('Đến nay taluy vẫn chưa được gia cố, mưa lại sạt tiếp.'));
    const text = await page.locator('main').innerText();
    expect(text).toContain('Mở lại');
    expect(text).toContain('Người gửi đã mở lại');
    await checkA11y(page);
    // Similar answered petitions are suggested while typing a new title.
    await page.goto(`${server.url}/kien-nghi/gui`);
    await page.locator('#title').fill('sat lo taluy duong vao ban');
    await expect.poll(() => page.locator('#similar').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('#similar').innerText()).toContain(code);
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 600_000);

  it('a Front officer enters a petition gathered from voters; who and where are recorded', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'mattran@example.com');
    await page.goto(`${server.url}/can-bo/kien-nghi/nhap`);
    expect(await h1(page)).toBe('Nhập kiến nghị thay công dân');
    await checkA11y(page);
    await page.locator('#channel').selectOption('front_gathering');
    await page.locator('#petitionerName').fill('Lò Văn Cọ');
    await page.locator('#petitionerPhone').fill('0987111222');
    await page.locator('#enteredPlace').fill('Hội nghị tiếp xúc cử tri bản Cọ');
    await page.getByLabel('Kiến nghị', { exact: true }).check();
    await page.locator('#title').fill('Cử tri bản Cọ đề nghị làm rãnh thoát nước');
    await page.locator('#content').fill('Mùa mưa nước tràn qua đường nội bản Cọ gây ngập nhà dân; đề nghị đầu tư rãnh thoát nước dọc đường.');
    await page.locator('#unitCode').selectOption('03670');
    await go(page, () => page.getByRole('button', { name: 'Ghi nhận kiến nghị' }).click());
    expect(await h1(page)).toBe('Đã gửi kiến nghị');
    const staffCode = (await page.locator('.tracking-code').innerText()).trim();
    await page.context().close();

    const officer = await newPage(browser);
    await login(officer, server.url, 'chuyenvien@example.com');
    await officer.goto(`${server.url}/kien-nghi/${staffCode}`);
    const text = await officer.locator('main').innerText();
    expect(text).toContain('Lò Văn Cọ');
    expect(text).toContain('Hội nghị tiếp xúc cử tri bản Cọ');
    expect(text).toContain('Mặt trận, đoàn thể tổng hợp');
    await checkA11y(officer);

    // Forward it to a provincial department with a reason: it leaves the commune's hands at once.
    await runAction(officer, 'forward', async () => {
      await officer.locator('#forward-targetAgencyId').selectOption({ label: 'Sở Nông nghiệp và Môi trường tỉnh Sơn La' });
      await officer.locator('#forward-reason').fill('Công trình thủy lợi thuộc thẩm quyền của Sở.');
    });
    const after = await officer.locator('main').innerText();
    expect(after).toContain('Đã chuyển đơn');
    expect(after).toContain('Sở Nông nghiệp và Môi trường');
    await officer.context().close();

    // The province's supervisor sees it (with the reason on the timeline).
    const sup = await newPage(browser);
    await login(sup, server.url, 'sonla@example.com');
    await sup.goto(`${server.url}/can-bo/kien-nghi?q=ranh+thoat+nuoc+ban+co`);
    await checkA11y(sup);
    expect(await sup.locator('main').innerText()).toContain(staffCode);
    await sup.context().close();
  }, 600_000);

  it('a denunciation goes on the legal track: never public, the map pin chooses the commune', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'congdan@example.com');
    await page.goto(`${server.url}/kien-nghi/gui`);
    await page.getByLabel('Tố cáo').check();
    expect(await page.locator('main').innerText()).toContain('Họ tên, địa chỉ, bút tích của người tố cáo được giữ bí mật');
    await page.locator('#title').fill('Tố cáo việc thu tiền trái quy định khi cấp giấy xác nhận');
    await page.locator('#content').fill('Cán bộ một phòng chuyên môn thu thêm 500.000 đồng của người dân khi cấp giấy xác nhận, không có biên lai.');
    // The map: commune boundaries drawn alone (no tile server); a click inside one fills the pin and the commune.
    const boundaries: string[] = [];
    page.on('request', (r) => void (r.url().includes('/kien-nghi/ban-do') && boundaries.push(new URL(r.url()).pathname)));
    await page.locator('details.map-picker summary').click();
    await page.locator('#map path.leaflet-interactive').first().waitFor({ timeout: 20_000 });
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.locator('#lat').inputValue()).not.toBe('');
    expect(await page.locator('.map-status').innerText()).toMatch(/^Đã chọn vị trí .* thuộc /);
    const picked = await page.locator('#unitCode').inputValue();
    expect(picked).toMatch(/^\d{5}$/);
    // Only the chosen commune's own boundary is drawn (with the pin), fetched alone; at most the coarse overview besides.
    expect(boundaries).toContain(`/kien-nghi/ban-do/${picked}.geojson`);
    expect(boundaries.every((u) => u === '/kien-nghi/ban-do.geojson' || u === `/kien-nghi/ban-do/${picked}.geojson`)).toBe(true);
    await expect.poll(() => page.locator('#map path.leaflet-interactive').count()).toBe(2);
    await checkA11y(page, { exclude: ['#map'] });
    await go(page, () => page.getByRole('button', { name: 'Gửi kiến nghị' }).click());
    expect(await h1(page)).toBe('Đã gửi kiến nghị');
    const legal = (await page.locator('.tracking-code').innerText()).trim();
    expect(legal).toMatch(/^KNTC-\d{4}-\d{6}$/);
    await page.goto(`${server.url}/kien-nghi/${legal}`);
    expect(await page.locator('main').innerText()).toContain('Trình tự khiếu nại, tố cáo');
    await checkA11y(page);
    await page.context().close();

    const visitor = await newPage(browser);
    expect((await visitor.goto(`${server.url}/kien-nghi/${legal}`))!.status()).toBe(404);
    await visitor.goto(`${server.url}/tra-cuu?ma=${legal}`);
    const text = await visitor.locator('main').innerText();
    expect(text).toContain('Nội dung kiến nghị không công khai.');
    expect(text).not.toContain('thu tiền trái quy định');
    await checkA11y(visitor);
    await visitor.context().close();
  }, 600_000);

  it('an overdue petition escalates: after the deadline passes, the head is notified', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'congdan@example.com');
    await page.goto(`${server.url}/kien-nghi/gui`);
    await page.getByLabel('Kiến nghị', { exact: true }).check();
    await page.locator('#title').fill('Đề nghị sửa cầu treo bản Púng');
    await page.locator('#content').fill('Cầu treo bản Púng bị hỏng ván mặt cầu, học sinh đi học rất nguy hiểm, đề nghị sửa chữa sớm.');
    await go(page, () => page.getByRole('button', { name: 'Gửi kiến nghị' }).click());
    const late = (await page.locator('.tracking-code').innerText()).trim();
    await page.context().close();

    // Nobody acts on it; a month passes on the server's clock and the deadline scan runs.
    await advanceDays(server.url, 30);
    await runJobs(server.url);

    const head = await newPage(browser);
    await login(head, server.url, 'chutich@example.com');
    await head.goto(`${server.url}/thong-bao`);
    await checkA11y(head);
    const notes = await head.locator('main').innerText();
    expect(notes).toContain(`Quá hạn: ${late}`);
    await go(head, () => head.getByRole('link', { name: `Quá hạn: ${late}` }).first().click());
    expect(await head.locator('main').innerText()).toContain('Quá hạn');
    await head.goto(`${server.url}/can-bo/kien-nghi?due=overdue&q=cau+treo+ban+pung`);
    expect(await head.locator('main').innerText()).toContain(late);
    await checkA11y(head);
    await head.context().close();
  }, 600_000);
});
