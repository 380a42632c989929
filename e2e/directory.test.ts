import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkA11y, describeE2E, launchBrowser, login, newPage, startServer, type Browser, type RunningServer } from './harness';

describeE2E('directory and working calendar in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // The first start migrates and loads every module's demo data: give a busy machine time.
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 420_000 }), launchBrowser()]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 600_000);

  it('browses from the provinces to Sơn La to phường Chiềng Cơi', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    // Reference pages sit in the footer (the main menu keeps what people act on).
    await page.getByRole('contentinfo').getByRole('link', { name: 'Đơn vị hành chính' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/don-vi');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Đơn vị hành chính');
    await checkA11y(page);

    await page.locator('#home-province').getByRole('link', { name: 'Tỉnh Sơn La' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/don-vi/14');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tỉnh Sơn La');
    expect(await page.locator('#unit-children ~ ul > li').count()).toBe(75);
    await checkA11y(page);

    await page.locator('main').getByRole('link', { name: 'Phường Chiềng Cơi', exact: true }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/don-vi/03670');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Phường Chiềng Cơi');
    // The boundary, drawn on the server as SVG, with the neighbouring communes as links.
    const map = page.locator('figure svg');
    expect(await map.count()).toBe(1);
    const box = await map.boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(await page.locator('figure svg a').count()).toBeGreaterThan(2);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Ủy ban nhân dân phường Chiềng Cơi');
    expect(main).toContain('Bản Hua La');
    await checkA11y(page);

    // A village's page leads back up the hierarchy.
    await page.getByRole('link', { name: 'Bản Hài' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Bản Hài');
    expect(await page.getByRole('navigation', { name: 'Vị trí trang' }).innerText()).toContain('Phường Chiềng Cơi');
    await checkA11y(page);
    await page.context().close();
  }, 600_000);

  it('works without JavaScript: search, the unit page and its boundary map', async () => {
    // (No axe check here: axe itself runs as a script in the page.)
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${server.url}/don-vi`);
    await page.getByLabel('Tìm đơn vị hành chính hoặc cơ quan').fill('CHIỀNG cơi');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForLoadState('load');
    await page.locator('#found-units ~ ul a').first().click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/don-vi/03670');
    expect(await page.locator('figure svg path').count()).toBeGreaterThan(2);
    await page.context().close();
  }, 600_000);

  it('finds "chieng coi" typed without diacritics, then the agency', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/don-vi`);
    await page.getByLabel('Tìm đơn vị hành chính hoặc cơ quan').fill('chieng coi');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForLoadState('load');
    const first = page.locator('#found-units ~ ul a').first();
    expect(await first.innerText()).toBe('Phường Chiềng Cơi');
    await checkA11y(page);
    await page.getByRole('link', { name: 'Ủy ban nhân dân phường Chiềng Cơi' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ủy ban nhân dân phường Chiềng Cơi');
    expect(await page.locator('main').innerText()).toContain('Ủy ban nhân dân tỉnh Sơn La');
    await checkA11y(page);

    await page.goto(`${server.url}/co-quan?unit=03670&kind=front`);
    expect(await page.locator('main ul.list a').first().innerText()).toBe('Ủy ban Mặt trận Tổ quốc Việt Nam phường Chiềng Cơi');
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 600_000);

  it('shows the working calendar and lets the administrator manage agencies, categories and holidays', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/lich-lam-viec?year=2026`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Lịch làm việc năm 2026');
    expect(await page.locator('main table').innerText()).toContain('17/02/2026');
    await checkA11y(page);

    await login(page, server.url, 'quantri@example.com');
    await page.goto(`${server.url}/quan-tri/co-quan/moi`);
    await checkA11y(page);
    // Submitted empty: the messages appear beside the fields.
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#name-error').innerText()).not.toBe('');
    await checkA11y(page);
    await page.getByLabel('Tên cơ quan').fill('Trung tâm Phục vụ hành chính công phường Chiềng Cơi');
    await page.getByLabel('Loại cơ quan').selectOption('department');
    await page.getByLabel('Tỉnh hoặc xã, phường trong tỉnh').selectOption('03670');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.flash').innerText()).toContain('Trung tâm Phục vụ hành chính công phường Chiềng Cơi');
    await page.goto(`${server.url}/don-vi/03670`);
    expect(await page.locator('main').innerText()).toContain('Trung tâm Phục vụ hành chính công phường Chiềng Cơi');

    await page.goto(`${server.url}/quan-tri/linh-vuc`);
    expect(await page.locator('main table').innerText()).toContain('Đất đai');
    await checkA11y(page);
    await page.goto(`${server.url}/quan-tri/don-vi?commune=03670`);
    expect(await page.locator('main table').innerText()).toContain('Bản Hua La');
    await checkA11y(page);
    await page.goto(`${server.url}/quan-tri/lich-lam-viec?year=2026`);
    expect(await page.locator('main table').innerText()).toContain('Tết Nguyên đán');
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 600_000);
});
