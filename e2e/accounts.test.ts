import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkA11y, describeE2E, launchBrowser, login, newPage, startServer, type Browser, type RunningServer } from './harness';
import { DEMO_ACCOUNTS } from '../src/modules/accounts/seed';

describeE2E('accounts in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // A generous start-up allowance: the first start migrates and loads the whole demo province.
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 420_000 }), launchBrowser()]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 600_000);

  it('shows the login page accessibly and a wrong password keeps the visitor there with the message', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/dang-nhap`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Đăng nhập');
    await checkA11y(page);
    await page.getByLabel('E-mail hoặc số điện thoại').fill('congdan@example.com');
    await page.locator('#password').fill('khong-dung-mat-khau');
    await page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(await page.getByRole('alert').innerText()).toContain('Thông tin đăng nhập không đúng');
    // What was typed stays, the password does not.
    expect(await page.getByLabel('E-mail hoặc số điện thoại').inputValue()).toBe('congdan@example.com');
    expect(await page.locator('#password').inputValue()).toBe('');
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`logs in as ${account.email} (${account.role?.role ?? 'citizen'}) and shows the name in the header`, async () => {
      const page = await newPage(browser);
      await login(page, server.url, account.email);
      const header = page.getByRole('banner');
      expect(await header.getByRole('link', { name: account.name }).count(), account.email).toBe(1);
      await page.getByRole('banner').getByRole('link', { name: account.name }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe('/tai-khoan');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tài khoản của tôi');
      await checkA11y(page);
      if (account.role?.role === 'admin') {
        await page.goto(`${server.url}/quan-tri`);
        await checkA11y(page);
        await page.getByRole('link', { name: 'Người dùng' }).first().click();
        await page.waitForLoadState('load');
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Người dùng');
        await checkA11y(page);
        await page.getByRole('link', { name: 'Cầm Văn Dũng' }).click();
        await page.waitForLoadState('load');
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Người dùng: Cầm Văn Dũng');
        expect(await page.getByLabel('Cơ quan').locator('optgroup').count()).toBeGreaterThan(1);
        await checkA11y(page);
        await page.goto(`${server.url}/quan-tri/nguoi-dung/moi`);
        await checkA11y(page);
        await page.goto(`${server.url}/quan-tri/thiet-lap`);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Thiết lập hệ thống');
        await checkA11y(page);
      } else {
        const res = await page.goto(`${server.url}/quan-tri/nguoi-dung`);
        expect(res?.status(), account.email).toBe(403);
      }
      // Sign out from the header.
      await page.getByRole('banner').getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForLoadState('load');
      expect(await page.getByRole('banner').getByRole('link', { name: 'Đăng nhập' }).count()).toBe(1);
      expect(page.pageErrors).toEqual([]);
      await page.context().close();
    }, 600_000);
  }

  it('shows the registration form and its messages accessibly (axe needs scripts on)', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/dang-ky`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Đăng ký tài khoản công dân');
    await checkA11y(page);
    await page.getByLabel('Họ và tên').fill('Hà Thị Thanh Xuân');
    await page.locator('#password').fill('ngan');
    await page.getByRole('button', { name: 'Đăng ký' }).last().click();
    await page.waitForLoadState('load');
    expect(await page.locator('#password-error').innerText()).toBe('Mật khẩu cần ít nhất 8 ký tự.');
    await checkA11y(page);
    expect(page.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('registers a new citizen without JavaScript, showing messages beside the fields first', async () => {
    // No axe here: axe runs as a script, which this page has turned off (the test above checks the same pages).
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${server.url}/dang-ky`);
    await page.getByLabel('Họ và tên').fill('Hà Thị Thanh Xuân');
    await page.locator('#password').fill('ngan');
    await page.getByRole('button', { name: 'Đăng ký' }).last().click();
    await page.waitForLoadState('load');
    expect(await page.locator('#password-error').innerText()).toBe('Mật khẩu cần ít nhất 8 ký tự.');
    expect(await page.locator('#email-error').innerText()).toBe('Vui lòng nhập e-mail hoặc số điện thoại.');
    expect(await page.locator('#terms-error').innerText()).toBe('Bạn cần đồng ý với điều khoản sử dụng.');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Hà Thị Thanh Xuân');

    await page.locator('#email').fill('thanhxuan@example.com');
    await page.locator('#phone').fill('+84 386 222 333');
    await page.locator('#password').fill('XuanSonLa#2026');
    await page.locator('#password2').fill('XuanSonLa#2026');
    await page.getByLabel('Xã, phường nơi cư trú').selectOption({ label: 'Chiềng Cơi' });
    await page.getByLabel('Tôi đã đọc và đồng ý với điều khoản sử dụng').check();
    await page.getByRole('button', { name: 'Đăng ký' }).last().click();
    await page.waitForLoadState('load');
    // With an e-mail address the answer is the same whether or not it was registered: a mail, then sign in.
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(await page.getByRole('status').first().innerText()).toContain('Đã ghi nhận đăng ký');
    expect(await page.getByRole('banner').getByRole('link', { name: 'Hà Thị Thanh Xuân' }).count()).toBe(0);
    await page.context().close();

    // Signs in again with the phone number, in a browser with scripts, and sees the profile.
    const again = await newPage(browser);
    await login(again, server.url, '0386 222 333', 'XuanSonLa#2026');
    expect(await again.getByRole('banner').getByRole('link', { name: 'Hà Thị Thanh Xuân' }).count()).toBe(1);
    await checkA11y(again);
    await again.goto(`${server.url}/tai-khoan`);
    expect(await again.locator('#phone').inputValue()).toBe('0386222333');
    await checkA11y(again);
    await again.context().close();
  });

  it('creates a personal API token on the profile page and shows it once', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'chuyenvien@example.com');
    await page.goto(`${server.url}/tai-khoan`);
    await page.getByLabel('Tên gợi nhớ').fill('Phần mềm một cửa');
    await page.getByRole('button', { name: 'Tạo mã truy cập' }).click();
    await page.waitForLoadState('load');
    const token = await page.locator('#new-token').innerText();
    expect(token).toMatch(/^dt_/);
    await checkA11y(page);
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { name: string }).name).toBe('Cầm Văn Dũng');
    await page.goto(`${server.url}/tai-khoan`);
    expect(await page.locator('#new-token').count()).toBe(0);
    await page.context().close();
  }, 600_000);

  it('offers the password reset pages', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/quen-mat-khau`);
    await checkA11y(page);
    await page.getByLabel('E-mail hoặc số điện thoại').fill('khong-co-ai@example.com');
    await page.getByRole('button', { name: 'Gửi liên kết đặt lại mật khẩu' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().innerText()).toContain('Nếu thông tin trên khớp với một tài khoản có e-mail');
    await checkA11y(page);
    await page.goto(`${server.url}/dat-lai-mat-khau?token=khong-hop-le-aaaaaaaaaaaaaaaa`);
    expect(await page.getByRole('alert').innerText()).toContain('không hợp lệ');
    await checkA11y(page);
    await page.context().close();
  });
});
