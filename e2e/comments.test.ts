import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkA11y, describeE2E, launchBrowser, login, newPage, startServer, type Browser, type Page, type RunningServer } from './harness';

const ARTICLE = '/tin-tuc/phat-huy-vai-tro-nguoi-dung-dau-trong-doi-thoai-truc-tiep-voi-nhan-dan';
const SHORT = 'Bạn vui lòng nhập từ 5 ký tự trở lên !!!';
const LONG_512 = 'Bình luận không được vượt quá 500 ký tự (hiện có 512 ký tự). Vui lòng rút gọn trước khi gửi.';

describeE2E('the comment box in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 420_000 }), launchBrowser()]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 600_000);

  const counter = (page: Page) => page.locator('#comment-body-counter');
  const box = (page: Page) => page.getByLabel('Nội dung bình luận');

  it('counts as one types and pastes — decomposed Vietnamese and emoji as a person sees them — and refuses under 5 and over 500', async () => {
    const page = await newPage(browser);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await page.goto(`${server.url}${ARTICLE}`);
    expect(await counter(page).innerText()).toBe('Bạn còn 500/500 ký tự');
    expect(await page.locator('#comment-body-live').getAttribute('aria-live')).toBe('polite');
    await checkA11y(page);

    await box(page).click();
    await page.keyboard.type('Xin chào');
    await expect.poll(() => counter(page).innerText()).toBe('Bạn còn 492/500 ký tự');

    // Pasted text (an input event without key presses): "Việt" typed with combining marks counts 4, not 6.
    await box(page).fill('');
    await page.keyboard.insertText('Vie\u0323\u0302t');
    expect(await box(page).inputValue()).toHaveLength(6);
    await expect.poll(() => counter(page).innerText()).toBe('Bạn còn 496/500 ký tự');
    // An emoji family is one character; leading and trailing spaces do not count.
    await page.keyboard.insertText(' 👨‍👩‍👧‍👦   ');
    await expect.poll(() => counter(page).innerText()).toBe('Bạn còn 494/500 ký tự');

    // Under 5: refused in the browser with the exact message beside the box; nothing is sent.
    await box(page).fill('abc');
    await page.getByRole('button', { name: 'Gửi bình luận' }).click();
    await expect.poll(() => page.locator('#comment-body-error').innerText()).toBe(SHORT);
    expect(await page.locator('#comment-body-error').isVisible()).toBe(true);
    expect(await box(page).getAttribute('aria-invalid')).toBe('true');
    expect(posts).toEqual([]);

    // Over 500: the pasted text is not cut; the overflow shows, and the "under 5" refusal no longer stands beside it;
    // sending is refused.
    await box(page).fill('');
    await page.keyboard.insertText('ệ'.repeat(512));
    expect(Array.from(await box(page).inputValue())).toHaveLength(512);
    await expect.poll(() => page.locator('#comment-body-error').isVisible()).toBe(false);
    expect(await box(page).getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => counter(page).innerText()).toBe('Bạn còn 0/500 ký tự');
    expect(await page.locator('#comment-body-overflow').innerText()).toBe('Vượt quá 12 ký tự');
    await page.getByRole('button', { name: 'Gửi bình luận' }).click();
    await expect.poll(() => page.locator('#comment-body-error').innerText()).toBe(LONG_512);
    expect(posts).toEqual([]);

    // Back within the limit, the refusal and the overflow go away; the screen-reader region has spoken.
    await box(page).fill('Một ý kiến vừa đủ dài');
    await expect.poll(() => page.locator('#comment-body-overflow').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#comment-body-error').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#comment-body-live').innerText(), { timeout: 5000 }).toContain('Bạn còn 479/500 ký tự');
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  }, 600_000);

  it('without JavaScript the server refuses under 5 and over 500 with the same messages, keeping the text', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${server.url}${ARTICLE}`);
    expect(await counter(page).innerText()).toBe('Bạn còn 500/500 ký tự');
    await box(page).fill('abc');
    await page.getByLabel('Họ và tên').fill('Lò Văn Thành');
    await page.getByLabel('Thư điện tử hoặc số điện thoại').fill('thanh@example.com');
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Gửi bình luận' }).click()]);
    expect(res.status()).toBe(422);
    await page.waitForLoadState('load');
    expect(await page.locator('#comment-body-error').innerText()).toBe(SHORT);
    expect(await box(page).inputValue()).toBe('abc');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Lò Văn Thành');
    expect(await counter(page).innerText()).toBe('Bạn còn 497/500 ký tự');

    await box(page).fill('a'.repeat(512));
    const [res2] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Gửi bình luận' }).click()]);
    expect(res2.status()).toBe(422);
    await page.waitForLoadState('load');
    expect(await page.locator('#comment-body-error').innerText()).toBe(LONG_512);
    expect(await page.locator('#comment-body-overflow').innerText()).toBe('Vượt quá 12 ký tự');
    expect(await box(page).inputValue()).toHaveLength(512);
    // A guest posing as an official is refused beside the name field (the same page, checked by axe with scripts on).
    const js = await newPage(browser);
    await js.goto(`${server.url}${ARTICLE}`);
    await box(js).fill('Tôi là chủ tịch phường, xin trả lời như sau.');
    await js.getByLabel('Họ và tên').fill('Chủ tịch UBND phường');
    await js.getByLabel('Thư điện tử hoặc số điện thoại').fill('gia.mao@example.com');
    const [res3] = await Promise.all([js.waitForResponse((r) => r.request().method() === 'POST'), js.getByRole('button', { name: 'Gửi bình luận' }).click()]);
    expect(res3.status()).toBe(422);
    await js.waitForLoadState('load');
    expect(await js.locator('#guestName-error').innerText()).toContain('Khách không được dùng tên như vậy');
    expect(await box(js).inputValue()).toBe('Tôi là chủ tịch phường, xin trả lời như sau.');
    await checkA11y(js);
    await js.context().close();

    // A valid guest comment is accepted and held for moderation.
    await box(page).fill('Tổ 7 đề nghị lắp thêm đèn đường, xin cảm ơn.');
    await page.getByRole('button', { name: 'Gửi bình luận' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe(ARTICLE);
    expect(await page.locator('.flash').innerText()).toContain('sẽ hiển thị sau khi được kiểm duyệt');
    expect(await page.locator('main').innerText()).not.toContain('Tổ 7 đề nghị lắp thêm đèn đường');
    await page.context().close();
  }, 600_000);

  it('a citizen posts, an official replies as the ward, readers report it hidden, and an officer restores it', async () => {
    const citizen = await newPage(browser);
    await login(citizen, server.url, 'congdan@example.com');
    await citizen.goto(`${server.url}${ARTICLE}`);
    await box(citizen).fill('Đề nghị phường công bố lịch thi công rãnh thoát nước tổ 5.');
    await citizen.getByRole('button', { name: 'Gửi bình luận' }).click();
    await citizen.waitForLoadState('load');
    expect(await citizen.locator('.flash').innerText()).toBe('Bình luận của bạn đã được đăng.');
    const hash = new URL(citizen.url()).hash;
    expect(hash).toMatch(/^#binh-luan-\d+$/);
    const commentId = hash.slice('#binh-luan-'.length);
    const comment = citizen.locator(`#binh-luan-${commentId}`);
    expect(await comment.innerText()).toContain('Đề nghị phường công bố lịch thi công rãnh thoát nước tổ 5.');
    await checkA11y(citizen);

    // The chairman answers as the People's Committee of the ward.
    const head = await newPage(browser);
    await login(head, server.url, 'chutich@example.com');
    await head.goto(`${server.url}${ARTICLE}`);
    await head.locator(`#binh-luan-${commentId}`).getByRole('link', { name: 'Trả lời' }).first().click();
    await head.waitForLoadState('load');
    expect(await head.getByRole('heading', { name: /Trả lời bình luận của/ }).count()).toBe(1);
    await head.getByLabel('Trả lời với tư cách').selectOption({ label: 'Ủy ban nhân dân phường Chiềng Cơi' });
    await box(head).fill('Lịch thi công sẽ được niêm yết tại nhà văn hóa tổ 5 trong tuần này.');
    await head.getByRole('button', { name: 'Gửi trả lời' }).click();
    await head.waitForLoadState('load');
    const thread = head.locator(`#binh-luan-${commentId}`);
    expect(await thread.innerText()).toContain('Ủy ban nhân dân phường Chiềng Cơi trả lời');
    expect(await thread.locator('.badge', { hasText: 'Trả lời chính thức' }).count()).toBe(1);
    await head.context().close();

    // Three signed-in readers report it: it is hidden automatically.
    for (const email of ['mattran@example.com', 'bithu@example.com', 'sonla@example.com']) {
      const reader = await newPage(browser);
      await login(reader, server.url, email);
      await reader.goto(`${server.url}${ARTICLE}#binh-luan-${commentId}`);
      const c = reader.locator(`#binh-luan-${commentId}`);
      await c.locator('summary', { hasText: 'Báo cáo vi phạm' }).first().click();
      await c.getByLabel('Quảng cáo, tin rác').first().check();
      await c.getByRole('button', { name: 'Gửi báo cáo' }).first().click();
      await reader.waitForLoadState('load');
      expect(await reader.locator('.flash').innerText()).toContain('Cảm ơn bạn đã báo cáo');
      await reader.context().close();
    }
    await citizen.goto(`${server.url}${ARTICLE}`);
    expect(await citizen.locator(`#binh-luan-${commentId}`).count()).toBe(0);

    // The ward's officer finds it in the moderation queue and restores it, with a reason.
    const officer = await newPage(browser);
    await login(officer, server.url, 'chuyenvien@example.com');
    await officer.goto(`${server.url}/quan-tri/binh-luan?tab=hidden`);
    const item = officer.locator(`#kiem-duyet-${commentId}`);
    expect(await item.innerText()).toContain('Tự động ẩn do nhiều báo cáo');
    await checkA11y(officer);
    await item.getByLabel('Lý do').first().fill('Ý kiến đúng quy định, không phải tin rác');
    await item.getByRole('button', { name: 'Khôi phục' }).click();
    await officer.waitForLoadState('load');
    expect(await officer.locator('.flash').innerText()).toBe('Đã khôi phục bình luận.');
    await officer.context().close();

    await citizen.goto(`${server.url}${ARTICLE}`);
    expect(await citizen.locator(`#binh-luan-${commentId}`).count()).toBe(1);
    expect(citizen.pageErrors).toEqual([]);
    await citizen.context().close();
  }, 600_000);
});
