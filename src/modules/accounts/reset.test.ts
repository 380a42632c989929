import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../platform/mail/mailer';
import { createLogger } from '../../platform/logger';
import { createTestApp, type TestApp } from '../../test/harness';
import { enginesToTest } from '../../test/engines';
import { parseMail, startSmtp } from '../../test/smtp';
import { CSRF_COOKIE } from '../../platform/http/csrf';
import { cookieHeader, DEMO_PASSWORD, postForm, setCookies } from './testing';

/** The n-th message the SMTP server received (from 1), once it has arrived, with its subject and text. */
async function mailNumber(smtp: Awaited<ReturnType<typeof startSmtp>>, n: number) {
  const mail = await smtp.waitFor(n);
  return { to: mail.to, ...parseMail(mail.raw) };
}

const engines = await enginesToTest();

for (const engine of engines) {
  describe(`accounts: password reset by e-mail through real SMTP [${engine}]`, () => {
    let app: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let ip = 0;

    beforeAll(async () => {
      smtp = await startSmtp();
      const log = createLogger('silent');
      app = await createTestApp(engine, {
        demo: true,
        config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}` },
        mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Đối Thoại <no-reply@doithoai.test>', log }),
      });
    }, 600_000);
    afterAll(async () => {
      await app?.close();
      await smtp?.close();
    });

    async function anonymous() {
      const headers = { 'x-forwarded-for': `198.19.0.${++ip}` };
      const page = await app.server.inject({ method: 'GET', url: '/quen-mat-khau', headers });
      const jar = setCookies(page);
      return { as: { cookie: cookieHeader(jar), csrf: jar.get(CSRF_COOKIE)! }, headers };
    }
    async function ask(login: string) {
      const { as, headers } = await anonymous();
      return postForm(app, '/quen-mat-khau', as, { login }, headers);
    }
    const apiLogin = (password: string) =>
      app.server.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': `198.19.1.${++ip}` }, payload: { login: 'congdan@example.com', password } });

    it('sends a one-use link by e-mail, sets the new password with it, and refuses it afterwards', async () => {
      const sent = smtp.received.length;
      const unknown = await ask('khong-co@example.com');
      const phoneOnlyUnknown = await ask('0987 000 111');
      const known = await ask('congdan@example.com');
      // The same answer whatever the account.
      for (const r of [known, unknown, phoneOnlyUnknown]) {
        expect(r.statusCode).toBe(303);
        expect(r.headers.location).toBe('/quen-mat-khau');
        expect(setCookies(r).get('dt_flash')).toBe(setCookies(known).get('dt_flash'));
      }
      const followed = await app.server.inject({ method: 'GET', url: '/quen-mat-khau', headers: { cookie: `dt_flash=${setCookies(known).get('dt_flash')}` } });
      expect(followed.body).toContain('Nếu thông tin trên khớp với một tài khoản có e-mail');
      expect(followed.body).toContain('60 phút');

      // The unknown logins, asked first, sent nothing: the first message to arrive is the known account's.
      const mail = await mailNumber(smtp, sent + 1);
      expect(mail.to).toEqual(['congdan@example.com']);
      expect(mail.subject).toBe('Đặt lại mật khẩu tài khoản Đối Thoại');
      expect(mail.text).toContain('Xin chào Nguyễn Văn An');
      const link = /http:\/\/localhost:3000(\/dat-lai-mat-khau\?token=[\w%-]+)/.exec(mail.text)?.[1];
      expect(link).toBeTruthy();
      // Only the known account got a link.
      expect(await app.ctx.db.selectFrom('password_resets').select('user_id').execute()).toHaveLength(1);

      const form = await app.server.inject({ method: 'GET', url: link! });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Mật khẩu mới');
      const token = decodeURIComponent(link!.split('token=')[1]);
      const { as, headers } = await anonymous();
      const mismatch = await postForm(app, '/dat-lai-mat-khau', as, { token, password: 'MatKhauMoi#1', password2: 'khac-han' }, headers);
      expect(mismatch.statusCode).toBe(422);
      expect(mismatch.body).toContain('Mật khẩu nhập lại không khớp.');
      const done = await postForm(app, '/dat-lai-mat-khau', as, { token, password: 'MatKhauMoi#1', password2: 'MatKhauMoi#1' }, headers);
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/dang-nhap');

      expect((await apiLogin(DEMO_PASSWORD)).statusCode).toBe(401);
      expect((await apiLogin('MatKhauMoi#1')).statusCode).toBe(200);

      const again = await app.server.inject({ method: 'GET', url: link! });
      expect(again.statusCode).toBe(400);
      expect(again.body).toContain('Liên kết đặt lại mật khẩu không hợp lệ, đã hết hạn hoặc đã được sử dụng');
      const reuse = await postForm(app, '/dat-lai-mat-khau', as, { token, password: 'KhacNua#2026', password2: 'KhacNua#2026' }, headers);
      expect(reuse.statusCode).toBe(400);
      expect((await apiLogin('KhacNua#2026')).statusCode).toBe(401);

      const actions = await app.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'in', ['account.passwordResetRequest', 'account.passwordReset'])
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['account.passwordResetRequest', 'account.passwordReset']);
    });

    it('lets a link expire after accounts.resetMinutes', async () => {
      const sent = smtp.received.length;
      await ask('congdan@example.com');
      const mail = await mailNumber(smtp, sent + 1);
      const link = /http:\/\/localhost:3000(\/dat-lai-mat-khau\?token=[\w%-]+)/.exec(mail.text)![1];
      expect((await app.server.inject({ method: 'GET', url: link })).statusCode).toBe(200);
      app.clock.advance(61 * 60_000);
      try {
        expect((await app.server.inject({ method: 'GET', url: link })).statusCode).toBe(400);
        const { as, headers } = await anonymous();
        const token = decodeURIComponent(link.split('token=')[1]);
        const late = await postForm(app, '/dat-lai-mat-khau', as, { token, password: 'QuaHan#2026', password2: 'QuaHan#2026' }, headers);
        expect(late.statusCode).toBe(400);
      } finally {
        app.clock.reset();
      }
      // The link that expired was the only message sent.
      expect(smtp.received).toHaveLength(sent + 1);
    });
  });
}
