import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createMailer } from '../../platform/mail/mailer';
import { createLogger } from '../../platform/logger';
import { createTestApp, type TestApp } from '../../test/harness';
import { enginesToTest } from '../../test/engines';
import { CSRF_COOKIE } from '../../platform/http/csrf';
import { cookieHeader, DEMO_PASSWORD, postForm, setCookies } from './testing';

interface Received {
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server in the test process: what nodemailer sends arrives here over TCP. */
async function startSmtp() {
  const inbox: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), ...parseMessage(raw) });
        waiters.splice(0).forEach((w) => w());
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    inbox,
    /** Resolves once the inbox holds n messages. */
    async waitFor(n: number): Promise<Received> {
      while (inbox.length < n) await new Promise<void>((r) => waiters.push(r));
      return inbox[n - 1];
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQP(data.replace(/_/g, ' ')),
  );
}
function decodeQP(s: string): string {
  const bytes: number[] = [];
  const flat = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '=' && /^[0-9A-F]{2}$/i.test(flat.slice(i + 1, i + 3))) {
      bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(flat[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  const subject = decodeWords(/^Subject: (.*)$/im.exec(headers)![1]).trim();
  if (/transfer-encoding: quoted-printable/i.test(headers)) body = decodeQP(body);
  else if (/transfer-encoding: base64/i.test(headers)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { subject, text: body };
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
      const known = await ask('congdan@example.com');
      const unknown = await ask('khong-co@example.com');
      const phoneOnlyUnknown = await ask('0987 000 111');
      // The same answer whatever the account.
      for (const r of [known, unknown, phoneOnlyUnknown]) {
        expect(r.statusCode).toBe(303);
        expect(r.headers.location).toBe('/quen-mat-khau');
        expect(setCookies(r).get('dt_flash')).toBe(setCookies(known).get('dt_flash'));
      }
      const followed = await app.server.inject({ method: 'GET', url: '/quen-mat-khau', headers: { cookie: `dt_flash=${setCookies(known).get('dt_flash')}` } });
      expect(followed.body).toContain('Nếu thông tin trên khớp với một tài khoản có e-mail');
      expect(followed.body).toContain('60 phút');

      const mail = await smtp.waitFor(1);
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
      await ask('congdan@example.com');
      const mail = await smtp.waitFor(2);
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
      // No other message was sent in between (the unknown requests of the first test sent none).
      expect(smtp.inbox).toHaveLength(2);
    });
  });
}
