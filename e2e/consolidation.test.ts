import { afterAll, beforeAll, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { docxText } from '../src/platform/documents/zip';
import { checkA11y, describeE2E, launchBrowser, login, newPage, runJobs, startServer, type Browser, type Page, type RunningServer } from './harness';

async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await button.click();
  await navigated;
  await page.waitForLoadState('load');
}

async function fillMeeting(page: Page, meeting: string) {
  await page.getByLabel('Cuộc họp, hội nghị').fill(meeting);
  await page.getByLabel('Ngày họp').fill('2026-11-25');
  await page.getByLabel('Địa điểm').fill('Nhà văn hóa bản Cọ');
  await page.getByLabel('Tổ chức thu thập').fill('Hội Cựu chiến binh');
}

const CSV_HEAD = 'Nội dung ý kiến,Số người,"Thôn, bản, tổ dân phố",Họ và tên,Số điện thoại,Loại';

describeE2E('consolidation in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 600_000 }), launchBrowser()]);
  }, 660_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 600_000);

  it('the Front officer enters a meeting, imports a file (and a bad one), accepts and splits a proposal, downloads the dossier matching the data', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'mattran@example.com');
    await page.goto(`${server.url}/tong-hop`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tổng hợp ý kiến, kiến nghị');
    expect(await page.locator('.badge.warn').count()).toBeGreaterThanOrEqual(2);
    await checkA11y(page);
    const scopeUrl = new URL(await page.getByRole('link', { name: 'Nhập ý kiến thu thập' }).getAttribute('href') ?? '', server.url);
    const period = scopeUrl.searchParams.get('period')!;

    // A meeting's opinions in the multi-row form: a new problem told by three people.
    await page.goto(`${server.url}${scopeUrl.pathname}${scopeUrl.search}`);
    await checkA11y(page);
    await fillMeeting(page, 'Hội nghị cựu chiến binh bản Cọ');
    const texts = [
      'Cầu tràn suối Nậm La ở bản Cọ bị nước lũ cuốn trôi mặt cầu, học sinh phải lội suối đi học.',
      'Mặt cầu tràn bản Cọ qua suối Nậm La bị lũ làm hỏng, xe máy không đi qua được, đề nghị sửa cầu tràn.',
      'Đề nghị sớm sửa cầu tràn suối Nậm La bản Cọ bị lũ cuốn, bà con phải đi vòng rất xa.',
    ];
    for (const [i, text] of texts.entries()) {
      await page.getByLabel(`Nội dung ý kiến ${i + 1}`, { exact: true }).fill(text);
      await page.getByLabel(`Số người ${i + 1}`, { exact: true }).fill(String(3 + i));
      await page.getByLabel(`Thôn, bản, tổ dân phố ${i + 1}`, { exact: true }).fill('Bản Cọ');
    }
    await submit(page, page.getByRole('button', { name: 'Ghi nhận các ý kiến' }));
    expect(await page.locator('.flash').innerText()).toContain('Đã ghi nhận 3 ý kiến');

    // A file import, then a bad file: refused with every bad row, nothing written.
    await page.goto(`${server.url}/tong-hop/nhap-tep?unit=03670&period=${period}`);
    await checkA11y(page);
    await fillMeeting(page, 'Họp chi hội cựu chiến binh tổ 3');
    const good = [CSV_HEAD, '"Cầu tràn suối Nậm La bản Cọ bị lũ cuốn trôi, đề nghị sửa chữa để học sinh đi học an toàn.",4,Bản Cọ,,,Kiến nghị', '"Biển báo giao thông ngã ba Trường Chinh bị đổ, xe tải đi nhầm đường.",2,Tổ dân phố 3,,,Phản ánh'].join('\n');
    await page.getByLabel('Tệp XLSX hoặc CSV').setInputFiles({ name: 'cuu-chien-binh.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await submit(page, page.getByRole('button', { name: 'Nhập tệp' }));
    expect(await page.locator('.flash').innerText()).toContain('Đã nhập 2 ý kiến');

    await page.goto(`${server.url}/tong-hop/nhap-tep?unit=03670&period=${period}`);
    await fillMeeting(page, 'Họp chi hội cựu chiến binh tổ 3');
    const bad = [CSV_HEAD, '"Một ý kiến hợp lệ về đường bản Hua La bị hỏng nặng sau mưa.",2,Bản Hua La,,,', 'ngắn,1,,,,', '"Ý kiến thứ ba đủ dài về nước sinh hoạt bản Hài.",không,,,,'].join('\n');
    await page.getByLabel('Tệp XLSX hoặc CSV').setInputFiles({ name: 'loi.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await submit(page, page.getByRole('button', { name: 'Nhập tệp' }));
    const problems = page.locator('.error-summary table tbody tr');
    expect(await problems.count()).toBe(2);
    expect(await problems.nth(0).innerText()).toContain('3');
    expect(await problems.nth(1).innerText()).toContain('Số người');
    await checkA11y(page);

    // Propose (a background job), then split and accept the proposal of the new problem.
    await page.goto(`${server.url}/tong-hop?unit=03670&period=${period}`);
    await submit(page, page.getByRole('button', { name: 'Đề xuất nhóm ý kiến tương tự' }));
    while ((await runJobs(server.url)) > 0);
    await page.goto(`${server.url}/tong-hop/de-xuat?unit=03670&period=${period}`);
    await checkA11y(page);
    const card = page.locator('section.proposal', { hasText: 'Nậm La' }).first();
    expect(await card.locator('tbody tr').count()).toBe(4);
    await card.locator('input[name="petitionIds"]').first().check();
    await submit(page, card.getByRole('button', { name: 'Tách các mục đã chọn' }));
    const rest = page.locator('section.proposal', { hasText: 'Nậm La' }).filter({ has: page.locator('tbody tr:nth-child(3)') }).first();
    expect(await rest.locator('tbody tr').count()).toBe(3);
    await rest.getByLabel('Tên chuyên đề').fill('Cầu tràn suối Nậm La bản Cọ bị lũ cuốn');
    await submit(page, rest.getByRole('button', { name: 'Chấp nhận thành chuyên đề' }));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Cầu tràn suối Nậm La bản Cọ bị lũ cuốn');
    expect(await page.locator('tbody tr').count()).toBe(3);
    await checkA11y(page);

    // The dossier: DOCX and XLSX against the data (the JSON API reads the database).
    const api = await page.request.get(`${server.url}/api/v1/consolidation/dossiers?unitCode=03670&period=${period}`);
    expect(api.status()).toBe(200);
    const dossier = (await api.json()) as { topics: Array<{ id: number; title: string; counts: { items: number } }>; ungroupedPetitionIds: number[] };
    expect(dossier.topics.some((t) => t.title === 'Cầu tràn suối Nậm La bản Cọ bị lũ cuốn')).toBe(true);
    await page.goto(`${server.url}/tong-hop?unit=03670&period=${period}`);
    const docx = await page.request.get(`${server.url}${await page.getByRole('link', { name: 'Tải báo cáo tổng hợp (DOCX)' }).getAttribute('href')}`);
    expect(docx.status()).toBe(200);
    const text = docxText(Buffer.from(await docx.body()));
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('BAN THƯỜNG TRỰC');
    for (const t of dossier.topics) expect(text).toContain(t.title);
    const xlsx = await page.request.get(`${server.url}${await page.getByRole('link', { name: 'Tải bảng tổng hợp (XLSX)' }).getAttribute('href')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const [topics, items] = wb.worksheets;
    expect(topics.rowCount - 1).toBe(dossier.topics.length);
    expect(topics.getRow(2).getCell(2).value).toBe(dossier.topics[0].id);
    expect(items.rowCount - 1).toBe(dossier.topics.reduce((n, t) => n + t.counts.items, 0) + dossier.ungroupedPetitionIds.length);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 600_000);
});
