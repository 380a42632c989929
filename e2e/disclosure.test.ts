import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  checkA11y,
  describeE2E,
  launchBrowser,
  login,
  moveClock,
  newPage,
  startServer,
  type Browser,
  type Page,
  type RunningServer,
} from './harness';

/** The date input's value, 'YYYY-MM-DD', of a field on the page. */
async function valueOf(page: Page, selector: string): Promise<string> {
  return page.locator(selector).inputValue();
}

async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await button.click();
  await navigated;
  await page.waitForLoadState('load');
}

describeE2E('disclosure and consultation in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // The first start migrates and loads every module's demo content, which can take a while.
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 600_000 }), launchBrowser()]);
  }, 660_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 600_000);

  it('shows the library, the quarterly list and the demo documents accessibly, with the map drawn by Leaflet', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/cong-khai`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Công khai thông tin');
    await checkA11y(page);
    // Diacritic-insensitive search from the form.
    await page.getByLabel('Tìm kiếm').fill('ke hoach chinh trang');
    await submit(page, page.getByRole('button', { name: 'Lọc' }));
    const first = page.locator('.doc-list li').first();
    expect(await first.innerText()).toContain('Kế hoạch chỉnh trang đô thị');
    await checkA11y(page);
    // The plan open for comment, with its map: Leaflet replaces the SVG (no tile server here).
    await first.getByRole('link').first().click();
    await page.waitForLoadState('load');
    expect(await page.getByText('Đang lấy ý kiến').first().isVisible()).toBe(true);
    await page.locator('.map-leaflet').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path').length >= 3);
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    expect(await page.getByText('Tuyến đường nội thị nâng cấp').first().isVisible()).toBe(true);
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);

    await page.goto(`${server.url}/cong-khai/danh-muc`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Danh mục thông tin công khai theo quý');
    await checkA11y(page);
    const docx = await page.request.get(`${server.url}${await page.getByRole('link', { name: 'Tải bản Word (DOCX)' }).getAttribute('href')}`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('wordprocessingml');
    await page.context().close();
  }, 600_000);

  it('runs a consultation to its published report: the officer marks comments and publishes, the citizen sees the report', async () => {
    // The officer drafts, publishes and opens the document for comment.
    const officer = await newPage(browser);
    await login(officer, server.url, 'chuyenvien@example.com');
    await officer.goto(`${server.url}/can-bo/cong-khai/moi`);
    await checkA11y(officer);
    await officer.getByLabel('Loại nội dung công khai').selectOption({ label: 'Quy hoạch, kế hoạch sử dụng đất' });
    await officer.getByLabel('Tên văn bản, nội dung công khai').fill('Dự thảo Kế hoạch sử dụng đất năm 2027 phường Chiềng Cơi');
    await officer.getByLabel('Trích yếu').fill('Chỉ tiêu sử dụng đất, danh mục công trình, dự án thực hiện trong năm 2027.');
    await officer.getByLabel('Số, ký hiệu').fill('30/KH-UBND');
    await submit(officer, officer.getByRole('button', { name: 'Lưu bản nháp' }));
    expect(officer.url()).toMatch(/\/can-bo\/cong-khai\/\d+$/);
    const id = Number(/(\d+)$/.exec(officer.url())![1]);
    await checkA11y(officer);
    await submit(officer, officer.getByRole('button', { name: 'Công bố (công khai)' }));
    expect(await officer.locator('.flash').innerText()).toContain('Đã công bố văn bản.');
    await officer.getByRole('link', { name: 'Mở lấy ý kiến Nhân dân' }).click();
    await officer.waitForLoadState('load');
    await checkA11y(officer);
    // A window shorter than 20 days without a reason: the message beside the field.
    const opens = await valueOf(officer, '#opensOn');
    const closes = await valueOf(officer, '#closesOn');
    await officer.locator('#closesOn').fill(new Date(Date.parse(`${opens}T00:00:00Z`) + 5 * 86_400_000).toISOString().slice(0, 10));
    await submit(officer, officer.getByRole('button', { name: 'Lưu và mở lấy ý kiến' }));
    expect(await officer.locator('#shortReason-error').innerText()).toBe('Vui lòng nêu lý do lấy ý kiến ít hơn 20 ngày.');
    await checkA11y(officer);
    await officer.locator('#closesOn').fill(closes);
    await officer.locator('[id="sections.0.title"]').fill('Chỉ tiêu sử dụng đất');
    await submit(officer, officer.getByRole('button', { name: 'Lưu và mở lấy ý kiến' }));
    expect(await officer.locator('.flash').innerText()).toContain('Đã lưu thời gian lấy ý kiến.');

    // The citizen follows it and comments on a section.
    const citizen = await newPage(browser);
    await login(citizen, server.url, 'congdan@example.com');
    await citizen.goto(`${server.url}/cong-khai/${id}`);
    await checkA11y(citizen);
    await submit(citizen, citizen.getByRole('button', { name: 'Theo dõi văn bản' }));
    await citizen.locator('#comment-body').fill('Đề nghị giữ lại quỹ đất xây dựng sân thể thao cho thanh thiếu niên tổ 5.');
    const section = citizen.locator('select[name="section"]');
    if (await section.count()) await section.selectOption({ label: '1. Chỉ tiêu sử dụng đất' });
    await submit(citizen, citizen.getByRole('button', { name: 'Gửi bình luận' }));
    expect(await citizen.locator('.comments').innerText()).toContain('Đề nghị giữ lại quỹ đất xây dựng sân thể thao');

    // The window closes.
    await moveClock(server.url, { advanceDays: 21 });

    // The officer answers the comment and publishes the report.
    await officer.goto(`${server.url}/can-bo/cong-khai/${id}/tiep-thu`);
    expect(await officer.getByRole('heading', { level: 1 }).innerText()).toBe('Tiếp thu, giải trình ý kiến Nhân dân');
    await checkA11y(officer);
    const item = officer.locator('.marking-list > li').first();
    await item.getByLabel('Tiếp thu một phần').check();
    await item.getByLabel('Nội dung tiếp thu, giải trình').fill('Bố trí 2.000 m² cho sân thể thao tổ 5 trong kế hoạch năm 2027.');
    await submit(officer, item.getByRole('button', { name: 'Lưu' }));
    expect(await officer.locator('.flash').innerText()).toContain('Đã lưu kết quả tiếp thu, giải trình.');
    await officer.getByLabel('Số báo cáo').fill('15');
    await submit(officer, officer.getByRole('button', { name: 'Công bố báo cáo' }));
    expect(new URL(officer.url()).pathname).toBe(`/cong-khai/${id}`);

    // The citizen sees the report link, and the report downloads.
    await citizen.goto(`${server.url}/cong-khai/${id}`);
    const link = citizen.getByRole('link', { name: 'Tải báo cáo (DOCX)' });
    expect(await link.isVisible()).toBe(true);
    expect(await citizen.locator('#bao-cao').innerText()).toContain('1 ý kiến: tiếp thu 0, tiếp thu một phần 1, giải trình 0.');
    await checkA11y(citizen);
    const report = await citizen.request.get(`${server.url}${await link.getAttribute('href')}`);
    expect(report.status()).toBe(200);
    expect((await report.body()).subarray(0, 2).toString()).toBe('PK');
    const pdf = await citizen.request.get(`${server.url}/cong-khai/${id}/bao-cao.pdf`);
    expect(pdf.status()).toBe(200);
    // Followers were told: the citizen's notifications page lists the report.
    await citizen.goto(`${server.url}/thong-bao`);
    expect(await citizen.locator('main').innerText()).toContain('Đã có báo cáo tiếp thu, giải trình');
    expect(officer.pageErrors).toEqual([]);
    expect(citizen.pageErrors).toEqual([]);
    await moveClock(server.url, { reset: true });
    await officer.context().close();
    await citizen.context().close();
  }, 600_000);

  it('works without JavaScript: the map is an SVG with a list of features', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    const open = (await (await page.request.get(`${server.url}/api/v1/documents?consultation=1&q=chinh+trang+do+thi`)).json()) as { items: Array<{ id: number }> };
    expect(open.items.length).toBeGreaterThan(0);
    const url = `${server.url}/cong-khai/${open.items[0].id}`;
    await page.goto(url);
    expect(await page.locator('svg.map-svg path.map-boundary').count()).toBe(1);
    expect(await page.locator('svg.map-svg path.map-plan').count()).toBe(2);
    expect(await page.locator('svg.map-svg circle.map-plan').count()).toBe(1);
    expect(await page.locator('.map-features li').count()).toBe(3);
    expect(await page.locator('.map-features').innerText()).toContain('Nhà văn hóa tổ 5');
    await page.context().close();
    // axe needs JavaScript in the page: check the same fallback with the map island blocked instead.
    const fallback = await newPage(browser);
    await fallback.route('**/assets/disclosure-map-*.js', (r) => r.abort());
    await fallback.goto(url);
    expect(await fallback.locator('svg.map-svg').count()).toBe(1);
    await checkA11y(fallback);
    await fallback.context().close();
  }, 600_000);
});
