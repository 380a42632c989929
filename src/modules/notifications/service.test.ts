import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestApp, type TestApp, type TestDatabase } from '../../test/harness';
import { enginesToTest } from '../../test/engines';
import { parseMail, startSmtp } from '../../test/smtp';
import { createMailer } from '../../platform/mail/mailer';
import { createLogger } from '../../platform/logger';
import { addMessages } from '../../platform/i18n/i18n';
import { insertAccount } from '../accounts/service';
import { EMAIL_JOB, SMS_JOB } from './model';
import { follow, followers, listNotifications, markRead, notify, setPrefs, unfollow, unreadCount } from './service';
import { LoggingSmsAdapter, setSmsAdapter, type SmsAdapter } from './sms';

// Test-only catalogue entries standing in for a module's notification texts.
addMessages(
  {
    'test.notify.title': 'Kiến nghị {code} đã có trả lời',
    'test.notify.body': 'Kiến nghị “{title}” của bạn đã được {agency} trả lời. Trạng thái: {status}.',
    'test.notify.status': 'Đã trả lời',
  },
  {
    'test.notify.title': 'Petition {code} has been answered',
    'test.notify.body': 'Your petition “{title}” was answered by {agency}. Status: {status}.',
    'test.notify.status': 'Answered',
  },
);

const engines = await enginesToTest();

for (const engine of engines) {
  describe(`notifications [${engine}]`, () => {
    let app: TestApp & { database: TestDatabase };
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    const sms: Array<{ to: string; text: string }> = [];
    let citizen: number;
    let officer: number;
    let phoneOnly: number;

    beforeAll(async () => {
      smtp = await startSmtp();
      const log = createLogger('silent');
      const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`, from: 'Đối Thoại <no-reply@doithoai.test>', log });
      app = await createTestApp(engine, { mailer, config: { publicUrl: 'https://doithoai.sonla.example' } });
      const capture: SmsAdapter = { name: 'capture', send: async (to, text) => void sms.push({ to, text }) };
      setSmsAdapter(capture);
      citizen = await insertAccount(app.ctx, { email: 'dan@example.com', phone: '0912345678', name: 'Lò Văn Dân', password: 'MatKhau@2026x', kind: 'citizen' });
      officer = await insertAccount(app.ctx, { email: 'canbo@example.com', name: 'Cầm Thị Cán', password: 'MatKhau@2026x', kind: 'official' });
      phoneOnly = await insertAccount(app.ctx, { phone: '0987654321', name: 'Quàng Văn Số', password: 'MatKhau@2026x', kind: 'citizen' });
    }, 600_000);
    afterAll(async () => {
      setSmsAdapter(null);
      await app?.close();
      await smtp?.close();
    }, 600_000);

    const input = (recipients: number[]) => ({
      recipients,
      event: 'petition.answered',
      titleKey: 'test.notify.title',
      bodyKey: 'test.notify.body',
      params: { code: 'KN-2026-000123', title: 'Sạt lở <b>đường</b> bản Cọ', agency: 'UBND phường Chiềng Cơi', statusKey: 'test.notify.status' },
      link: '/kien-nghi/KN-2026-000123',
      entity: { type: 'petition', id: 123 },
    });

    it('creates one row per distinct recipient and an e-mail / SMS job per address, in the same transaction', async () => {
      const { db } = app.ctx;
      await db.transaction().execute((tx) => notify(tx, input([citizen, officer, citizen, phoneOnly, 999_999])));
      const rows = await db.selectFrom('notifications').selectAll().orderBy('user_id').execute();
      expect(rows.map((r) => Number(r.user_id))).toEqual([citizen, officer, phoneOnly].sort((a, b) => a - b));
      expect(rows[0]).toMatchObject({ event: 'petition.answered', link: '/kien-nghi/KN-2026-000123', entity_type: 'petition', entity_id: '123', read_at: null });
      const jobs = await db.selectFrom('jobs').select(['name', 'payload']).where('name', 'in', [EMAIL_JOB, SMS_JOB]).execute();
      const emails = jobs.filter((j) => j.name === EMAIL_JOB).map((j) => (j.payload as { to: string }).to).sort();
      const phones = jobs.filter((j) => j.name === SMS_JOB).map((j) => (j.payload as { to: string }).to).sort();
      expect(emails).toEqual(['canbo@example.com', 'dan@example.com']);
      expect(phones).toEqual(['0912345678', '0987654321']);
      expect(await unreadCount(db, citizen)).toBe(1);
    });

    it('writes nothing and queues nothing when the transaction rolls back', async () => {
      const { db } = app.ctx;
      const before = await db.selectFrom('jobs').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      await expect(
        db.transaction().execute(async (tx) => {
          await notify(tx, input([officer]));
          throw new Error('use case failed');
        }),
      ).rejects.toThrow('use case failed');
      const after = await db.selectFrom('jobs').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      expect(await unreadCount(db, officer)).toBe(1);
    });

    it('sends the e-mail in Vietnamese, with the absolute link, through a real SMTP server; and the SMS', async () => {
      while ((await app.jobs.runOnce()) > 0);
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['canbo@example.com', 'dan@example.com']);
      const mail = parseMail(smtp.received.find((m) => m.to[0] === 'dan@example.com')!.raw);
      expect(mail.subject).toBe('Đối Thoại: Kiến nghị KN-2026-000123 đã có trả lời');
      expect(mail.text).toContain('Kiến nghị “Sạt lở <b>đường</b> bản Cọ” của bạn đã được UBND phường Chiềng Cơi trả lời. Trạng thái: Đã trả lời.');
      expect(mail.text).toContain('Xem chi tiết: https://doithoai.sonla.example/kien-nghi/KN-2026-000123');
      // The HTML alternative shows user text as text.
      expect(smtp.received[0].raw).not.toContain('<b>đường</b>');
      expect(sms.map((s) => s.to).sort()).toEqual(['0912345678', '0987654321']);
      expect(sms[0].text).toBe('Đối Thoại: Kiến nghị KN-2026-000123 đã có trả lời https://doithoai.sonla.example/kien-nghi/KN-2026-000123');
      const pending = await app.ctx.db.selectFrom('jobs').select('status').where('name', 'in', [EMAIL_JOB, SMS_JOB]).where('status', '!=', 'done').execute();
      expect(pending).toEqual([]);
    });

    it('respects a user who turned e-mail off', async () => {
      const { db } = app.ctx;
      await db.transaction().execute((tx) => setPrefs(tx, citizen, { email: false, sms: true }));
      await db.transaction().execute((tx) => notify(tx, input([citizen])));
      const jobs = await db.selectFrom('jobs').select(['name']).where('status', '=', 'queued').execute();
      expect(jobs.map((j) => j.name)).toEqual([SMS_JOB]);
      while ((await app.jobs.runOnce()) > 0);
      await db.transaction().execute((tx) => setPrefs(tx, citizen, { email: true, sms: true }));
    });

    it('follows and unfollows idempotently; followers in order', async () => {
      const { db } = app.ctx;
      await db.transaction().execute(async (tx) => {
        await follow(tx, officer, 'petition', 5);
        await follow(tx, citizen, 'petition', 5);
        await follow(tx, citizen, 'petition', 5);
        await follow(tx, citizen, 'petition', 6);
      });
      expect((await followers(db, 'petition', 5)).sort()).toEqual([citizen, officer].sort());
      await db.transaction().execute((tx) => unfollow(tx, officer, 'petition', '5'));
      expect(await followers(db, 'petition', 5)).toEqual([citizen]);
      expect(await followers(db, 'petition', 7)).toEqual([]);
    });

    it('lists newest first by cursor and marks read only the owner’s notifications (audited)', async () => {
      const { db } = app.ctx;
      for (let i = 0; i < 3; i++) await db.transaction().execute((tx) => notify(tx, input([officer])));
      const first = await listNotifications(db, officer, null, { limit: 2 });
      expect(first.items).toHaveLength(2);
      expect(first.items[0].id).toBeGreaterThan(first.items[1].id);
      const second = await listNotifications(db, officer, first.nextCursor, { limit: 2 });
      expect(second.items.length).toBeGreaterThan(0);
      expect(second.items[0].id).toBeLessThan(first.items[1].id);
      // Someone else cannot mark the officer's notification read.
      expect(await db.transaction().execute((tx) => markRead(tx, citizen, [first.items[0].id]))).toBe(0);
      expect(await db.transaction().execute((tx) => markRead(tx, officer, [first.items[0].id]))).toBe(1);
      expect(await unreadCount(db, officer)).toBe(3);
      expect(await db.transaction().execute((tx) => markRead(tx, officer, 'all'))).toBe(3);
      expect(await unreadCount(db, officer)).toBe(0);
      const audits = await db.selectFrom('audit_log').select('action').where('action', '=', 'notification.read').execute();
      expect(audits).toHaveLength(2);
    });

    it('shows /thong-bao to the signed-in user with text escaped, and marks all read by a POST form', async () => {
      const { server } = app;
      await app.ctx.db.transaction().execute(async (tx) => {
        await markRead(tx, citizen, 'all');
        await notify(tx, input([citizen]));
        await notify(tx, input([citizen]));
      });
      const login = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'dan@example.com', password: 'MatKhau@2026x' } });
      expect(login.statusCode).toBe(200);
      const session = login.cookies.find((c) => c.name === 'dt_session')!.value;
      const first = await server.inject({ method: 'GET', url: '/thong-bao', cookies: { dt_session: session }, headers: { accept: 'text/html' } });
      expect(first.statusCode).toBe(200);
      const csrf = first.cookies.find((c) => c.name === 'dt_csrf')!.value;
      expect(first.body).toContain('Thông báo của tôi');
      expect(first.body).toContain('Bạn có 2 thông báo chưa đọc.');
      expect(first.body).toContain('&lt;b>đường&lt;/b>');
      expect(first.body).not.toContain('<b>đường</b>');
      const post = await server.inject({
        method: 'POST',
        url: '/thong-bao/doc',
        cookies: { dt_session: session, dt_csrf: csrf },
        payload: new URLSearchParams({ _csrf: csrf, all: '1' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(post.statusCode, post.body).toBe(303);
      expect(post.headers.location).toBe('/thong-bao');
      expect(await unreadCount(app.ctx.db, citizen)).toBe(0);
      const noCsrf = await server.inject({
        method: 'POST',
        url: '/thong-bao/doc',
        cookies: { dt_session: session, dt_csrf: csrf },
        payload: 'all=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(noCsrf.statusCode).toBe(403);
      const anon = await server.inject({ method: 'GET', url: '/thong-bao', headers: { accept: 'text/html' } });
      expect(anon.statusCode).toBe(303);
      expect(anon.headers.location).toBe('/dang-nhap?next=%2Fthong-bao');
      const api = await server.inject({ method: 'GET', url: '/api/v1/me/notifications', cookies: { dt_session: session } });
      const json = api.json();
      expect(json.unread).toBe(0);
      expect(json.items[0]).toMatchObject({ event: 'petition.answered', title: 'Kiến nghị KN-2026-000123 đã có trả lời', link: '/kien-nghi/KN-2026-000123' });
      expect((await server.inject({ method: 'GET', url: '/api/v1/me/notifications' })).statusCode).toBe(401);
    });
  });
}

describe('LoggingSmsAdapter', () => {
  it('writes one structured log line with the number and the text', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    await new LoggingSmsAdapter(log).send('0912345678', 'Đối Thoại: Kiến nghị đã có trả lời https://x/kien-nghi/1');
    const entry = JSON.parse(lines[0]);
    expect(entry.sms).toEqual({ to: '0912345678', text: 'Đối Thoại: Kiến nghị đã có trả lời https://x/kien-nghi/1', chars: 56 });
  });
});
