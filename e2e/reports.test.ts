import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { extractText, getDocumentProxy } from 'unpdf';
import { docxText } from '../src/platform/documents/zip';
import { checkA11y, describeE2E, launchBrowser, login, newPage, startServer, type Browser, type Page, type RunningServer } from './harness';

async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await button.click();
  await navigated;
  await page.waitForLoadState('load');
}

const VN = 7 * 3600_000;
const vnStart = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - VN);

describeE2E('reports, dashboards and open data in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let db: pg.Client;
  const year = new Date(Date.now() + VN).getUTCFullYear();

  /** Petitions received in [from, to] (civil dates), counted straight from the server's database. */
  async function received(unitWhere: string, from: string, toExclusive: string): Promise<number> {
    const r = await db.query(`select count(*)::int as n from petitions where ${unitWhere} and status <> 'merged' and submitted_at >= $1 and submitted_at < $2`, [vnStart(from), vnStart(toExclusive)]);
    return r.rows[0].n;
  }
  const statValue = async (page: Page, key: string) => Number((await page.locator(`[data-key="${key}"] .stat-value`).first().innerText()).replace(/[.\s%]/g, ''));

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ engine: 'postgres', readyTimeoutMs: 600_000 }), launchBrowser()]);
    db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
  }, 660_000);

  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await server?.stop();
  }, 600_000);

  it('shows the provincial supervisor the province with its map, the numbers equal to the database', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'sonla@example.com');
    await page.goto(`${server.url}/so-lieu`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Số liệu tổng hợp: Tỉnh Sơn La');
    expect(await page.getByText('Số liệu tính đến').isVisible()).toBe(true);
    expect(await page.locator('svg.map path.commune').count()).toBeGreaterThan(70);
    const today = new Date(Date.now() + VN).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + VN + 86400_000).toISOString().slice(0, 10);
    expect(await statValue(page, 'petitions.received')).toBe(await received(`province_code = '14'`, `${year}-01-01`, tomorrow));
    await checkA11y(page);
    // The number links to the cases behind it.
    await submit(page, page.locator('[data-key="petitions.received"] a'));
    expect(new URL(page.url()).pathname).toBe('/can-bo/kien-nghi');
    // A malformed filter: a clear message beside the field.
    await page.goto(`${server.url}/so-lieu?from=${today}&to=${year - 1}-01-01`);
    expect(await page.getByText('Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.').first().isVisible()).toBe(true);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('opens the lists behind the conferences, consolidation and reception numbers, each accessible', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'sonla@example.com');
    for (const key of ['conferences.held', 'conferences.answered', 'consolidation.topics', 'commitments.reception.held', 'commitments.open']) {
      await page.goto(`${server.url}/so-lieu`);
      const link = page.locator(`[data-key="${key}"] a`).first();
      expect(await link.count(), key).toBe(1);
      await submit(page, link);
      expect(page.url(), key).not.toContain('/so-lieu');
      expect(await page.getByRole('heading', { level: 1 }).count(), key).toBe(1);
      await checkA11y(page);
    }
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('shows the commune head the commune, generates a quarterly report whose DOCX and PDF carry the database’s numbers', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'chutich@example.com');
    await page.goto(`${server.url}/so-lieu`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Số liệu tổng hợp: Phường Chiềng Cơi');
    await checkA11y(page);
    await page.goto(`${server.url}/bao-cao`);
    await checkA11y(page);
    await page.getByLabel('Cơ quan ban hành').selectOption({ label: 'Ủy ban nhân dân phường Chiềng Cơi' });
    await page.getByLabel('Loại báo cáo').selectOption('q1');
    await page.getByLabel('Năm').fill(String(year));
    await submit(page, page.getByRole('button', { name: 'Lập báo cáo' }));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('quý I năm');
    await checkA11y(page);
    await page.getByLabel('Đánh giá, phương hướng').fill('Quý I, phường tiếp công dân đủ số ngày theo quy định.');
    await submit(page, page.getByRole('button', { name: 'Lưu nội dung' }));
    await submit(page, page.getByRole('button', { name: 'Ban hành và gửi cấp trên' }));
    expect(await page.getByText('Đã ban hành, chờ cấp trên xác nhận').first().isVisible()).toBe(true);
    const n = await received(`unit_code = '03670'`, `${year}-01-01`, `${year}-04-01`);
    const docx = await page.request.get(`${server.url}${await page.getByRole('link', { name: 'Tải văn bản (DOCX)' }).getAttribute('href')}`);
    expect(docx.status()).toBe(200);
    const text = docxText(Buffer.from(await docx.body()));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toMatch(/Số: \d{2}\/BC-UBND/);
    expect(text).toContain(`Kiến nghị tiếp nhận\n${n.toLocaleString('vi-VN')}\n`);
    const pdfRes = await page.request.get(`${server.url}${await page.getByRole('link', { name: 'Tải bản PDF' }).getAttribute('href')}`);
    expect(pdfRes.headers()['content-type']).toContain('application/pdf');
    const pdf = await extractText(await getDocumentProxy(new Uint8Array(await pdfRes.body())), { mergePages: true });
    expect(pdf.text.replace(/\s+/g, ' ')).toContain(`Kiến nghị tiếp nhận ${n.toLocaleString('vi-VN')}`);
    await page.context().close();
  }, 300_000);

  it('downloads an open dataset with one row per published petition', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/du-lieu-mo`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Dữ liệu mở');
    await checkA11y(page);
    await page.getByRole('link', { name: 'Kiến nghị, phản ánh đã công khai và trả lời' }).click();
    await page.waitForLoadState('load');
    await checkA11y(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV' }).click()]);
    const path = await download.path();
    const csv = (await import('node:fs')).readFileSync(path!, 'utf8');
    const lines = csv.trim().split(/\r\n(?=KN-)/);
    const published = await db.query(`select count(*)::int as n from petitions where visibility = 'public' and track = 'general' and published_at is not null and not confidential`);
    expect(lines.length - 1).toBe(published.rows[0].n);
    expect(csv).not.toContain('@example.com');
    await page.context().close();
  }, 300_000);
});
