import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkA11y, describeE2E, launchBrowser, newPage, startServer, type Browser, type RunningServer } from './harness';

describeE2E('foundation: the shell in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    // Graceful shutdown on SIGTERM: a clean exit, not a kill.
    if (exit) expect(exit).toEqual({ code: 0, signal: null });
  }, 600_000);

  it('serves the home page in Vietnamese with its landmarks', async () => {
    const page = await newPage(browser);
    const res = await page.goto(`${server.url}/`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expect(page.title()).resolves.toContain('Đối Thoại');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Đối thoại giữa Nhân dân và chính quyền');
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('contentinfo').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Điều hướng chính' }).count()).toBe(1);
    // The skip link leads to the main content.
    const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
    expect(await skip.getAttribute('href')).toBe('#main');
    // Vietnamese web font is self-hosted: the stylesheet comes from this server.
    const css = await page.locator('link[rel="stylesheet"]').first().getAttribute('href');
    expect(css?.startsWith('/')).toBe(true);
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/gioi-thieu`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForLoadState('load');
    // Back on the same page, now in English.
    expect(new URL(page.url()).pathname).toBe('/gioi-thieu');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('About');
    await checkA11y(page);

    await page.goto(`${server.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Dialogue between the people and their government');
    await checkA11y(page);

    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    await page.waitForLoadState('load');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Đối thoại giữa Nhân dân và chính quyền');
    await page.context().close();
  });

  it('answers an unknown page with a Vietnamese 404 page, no stack trace', async () => {
    const page = await newPage(browser);
    const res = await page.goto(`${server.url}/khong-co-trang-nay`);
    expect(res?.status()).toBe(404);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Không tìm thấy trang');
    const body = await page.locator('main').innerText();
    expect(body).toContain('Trang hoặc tài nguyên bạn tìm không tồn tại hoặc đã được chuyển đi.');
    expect(body).not.toMatch(/at \S+ \(|Error:/);
    await page.getByRole('link', { name: 'Về trang chủ' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto(`${server.url}/khong-co-trang-nay`);
    await checkA11y(page);
    await page.context().close();
  });

  it('renders the API documentation at /api/docs from the OpenAPI document', async () => {
    const page = await newPage(browser);
    const res = await page.goto(`${server.url}/api/docs`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    const h1 = await page.getByRole('heading', { level: 1 }).innerText();
    expect(h1.length).toBeGreaterThan(0);
    // It links the machine-readable document, and that document is OpenAPI 3.1.
    const link = page.locator('a[href="/api/v1/openapi.json"]');
    expect(await link.count()).toBe(1);
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1/);
    // Every documented operation is on the page.
    const ops = Object.values(doc.paths).reduce<number>((n, p) => n + Object.keys(p as object).length, 0);
    expect(await page.locator('main details').count()).toBe(ops);
    await checkA11y(page);
    await page.context().close();
  });

  it('works without JavaScript: the language switch is a plain link', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForLoadState('load');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.context().close();
  });

  it('the accessibility check itself fails on a serious violation (so that passing means something)', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    // An image with no text alternative and a button with no name: both "critical" for axe.
    await page.evaluate(() => {
      const main = document.querySelector('main')!;
      main.insertAdjacentHTML('beforeend', '<img src="/static/favicon.svg"><button type="button"></button>');
    });
    await expect(checkA11y(page)).rejects.toThrow(/image-alt|button-name/);
    await page.context().close();
  });
});
