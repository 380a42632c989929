import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describeEachEngine } from '../../test/harness';
import { loginAs } from '../../modules/accounts/testing';

/** Issue 16's 500s, each a 4xx now, and nothing written: NUL, lone surrogates, broken multipart, framework errors. */
const ORIGIN = 'http://localhost:3000';
const BAD_TEXT = 'Nội dung chứa ký tự không hợp lệ';
const boundary = 'xXfuzzXx';
const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nĐường hỏng`;

describeEachEngine(
  'bad input never answers 5xx',
  (getApp) => {
    const inject = (o: InjectOptions): Promise<LightMyRequestResponse> => getApp().server.inject(o);
    const counts = async () => {
      const db = getApp().ctx.db;
      const one = async (t: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db)).rows[0].n);
      return { petitions: await one('petitions'), tokens: await one('api_tokens'), audit: await one('audit_log'), events: await one('petition_events') };
    };
    const expectProblem = (res: LightMyRequestResponse, status: number) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      return res.json() as { status: number; title: string; detail: string; errors?: Array<{ field: string; message: string }> };
    };

    it('refuses NUL in a path parameter, a query and an Open311 code with a 4xx naming the field', async () => {
      for (const url of ['/api/v1/units/%00', '/api/v1/units/a%00b', '/api/v1/documents?unit=%00']) {
        const p = expectProblem(await inject({ method: 'GET', url }), 422);
        expect(p.errors?.[0].message).toContain(BAD_TEXT);
      }
      for (const url of ['/open311/v2/services/a%00.json', '/open311/v2/requests.json?service_code=%00']) {
        const res = await inject({ method: 'GET', url });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.body).toContain(BAD_TEXT);
      }
    });

    it('refuses NUL and lone surrogates in JSON bodies, writing nothing', async () => {
      const me = await loginAs(getApp(), 'congdan@example.com');
      const officer = await loginAs(getApp(), 'chuyenvien@example.com');
      const before = await counts();
      for (const login of ['a\u0000b', 'congdan@example.com\ud800']) {
        expectProblem(await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password: 'x' }, headers: { 'x-forwarded-for': '192.0.2.7' } }), 422);
      }
      const asMe = { cookie: me.cookie, origin: ORIGIN };
      for (const name of ['Máy\u0000', 'Máy \ud800 tính', '\udfff']) {
        const p = expectProblem(await inject({ method: 'POST', url: '/api/v1/me/tokens', payload: { name }, headers: asMe }), 422);
        expect(p.errors).toEqual([{ field: 'name', message: expect.stringContaining(BAD_TEXT) }]);
      }
      const petition = { title: 'Đèn đường tổ 5 bị hỏng\u0000', content: 'Đèn đường ở tổ 5 phường Chiềng Cơi đã hỏng hơn hai tuần nay.' };
      expectProblem(await inject({ method: 'POST', url: '/api/v1/petitions', payload: petition, headers: asMe }), 422);
      expectProblem(await inject({ method: 'POST', url: '/api/v1/petitions', payload: { ...petition, title: 'Đèn \ud83d hỏng' }, headers: asMe }), 422);
      // A key too: it would land in a jsonb column.
      expectProblem(await inject({ method: 'POST', url: '/api/v1/petitions', payload: { ...petition, ['x\u0000']: 1 }, headers: asMe }), 422);
      // A petition the commune officer may receive now: without the checks, the note would reach the database.
      const open = await getApp()
        .ctx.db.selectFrom('petitions')
        .select('code')
        .where('status', '=', 'submitted')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const r = await inject({
        method: 'POST',
        url: `/api/v1/petitions/${open.code}/transitions`,
        payload: { action: 'receive', note: 'Đã nhận\u0000' },
        headers: { cookie: officer.cookie, origin: ORIGIN },
      });
      expectProblem(r, 422);
      expect(await counts()).toEqual(before);
    });

    it('re-renders the login and petition forms with the message beside the field', async () => {
      const page = await inject({ method: 'GET', url: '/dang-nhap' });
      const csrf = page.cookies.find((c) => c.name === 'dt_csrf')!.value;
      const res = await inject({
        method: 'POST',
        url: '/dang-nhap',
        payload: new URLSearchParams({ _csrf: csrf, login: 'a\u0000b', password: 'x' }).toString(),
        headers: { cookie: `dt_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'x-forwarded-for': '192.0.2.8' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="login-error"');
      expect(res.body).toContain(BAD_TEXT);

      const me = await loginAs(getApp(), 'congdan@example.com');
      const before = await counts();
      const form = await inject({
        method: 'POST',
        url: '/kien-nghi/gui',
        payload: new URLSearchParams({ _csrf: me.csrf, title: 'Đèn đường\u0000 tổ 5 bị hỏng', content: 'Đèn đường ở tổ 5 phường Chiềng Cơi đã hỏng hơn hai tuần nay.' }).toString(),
        headers: { cookie: me.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      });
      expect(form.statusCode).toBe(422);
      expect(form.body).toContain('id="title-error"');
      expect(form.body).toContain(BAD_TEXT);
      expect(await counts()).toEqual(before);
    });

    it("answers the route pass's finds on the consolidation and reports pages with a 4xx and a message", async () => {
      const me = await loginAs(getApp(), 'congdan@example.com');
      const officer = await loginAs(getApp(), 'chuyenvien@example.com');
      const html = (who: { cookie: string }, extra: Record<string, string> = {}) => ({ cookie: who.cookie, origin: ORIGIN, accept: 'text/html', ...extra });
      const before = await counts();
      // A page action posted without a body at all (no content type): read as an empty form, not as undefined.
      for (const action of ['chap-nhan', 'tach', 'tu-choi']) {
        const res = await inject({ method: 'POST', url: `/tong-hop/de-xuat/1/${action}?_csrf=${me.csrf}`, headers: html(me) });
        expect(res.statusCode, `${action}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }
      // A unit code of no code's shape, with NUL in a form field: no such unit, without reaching the database.
      const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
      const topic = await inject({
        method: 'POST',
        url: '/tong-hop/chuyen-de',
        payload: form({ _csrf: officer.csrf, unitCode: '_a[Z\u0000*', title: 'Đường liên bản hỏng' }),
        headers: html(officer, { 'content-type': 'application/x-www-form-urlencoded' }),
      });
      expect(topic.statusCode).toBe(404);
      expect(topic.headers['x-safety-net']).toBeUndefined();
      // A citizen has no periodic report to make: refused with its message, as the list page is.
      const report = await inject({ method: 'POST', url: '/bao-cao', payload: form({ _csrf: me.csrf, unitCode: '\u0003' }), headers: html(me, { 'content-type': 'application/x-www-form-urlencoded' }) });
      expect(report.statusCode).toBe(403);
      expect(report.body).toMatch(/<h1\b[^>]*>[^<]+<\/h1>\s*<p>[^<]+/);
      expect(await counts()).toEqual(before);
    });

    it('answers a truncated multipart body or a bad boundary with a 400, writing nothing', async () => {
      const me = await loginAs(getApp(), 'congdan@example.com');
      const before = await counts();
      for (const [type, payload] of [
        [`multipart/form-data; boundary=${boundary}`, truncated],
        ['multipart/form-data; boundary=other', truncated],
        ['multipart/form-data', truncated],
      ]) {
        const api = await inject({ method: 'POST', url: `/api/v1/petitions/attachments?_csrf=${me.csrf}`, payload, headers: { cookie: me.cookie, 'content-type': type } });
        expect(api.statusCode, `${type}: ${api.body}`).toBeGreaterThanOrEqual(400);
        expect(api.statusCode, `${type}: ${api.body}`).toBeLessThan(500);
        expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
        const page = await inject({ method: 'POST', url: `/kien-nghi/gui?_csrf=${me.csrf}`, payload, headers: { cookie: me.cookie, 'content-type': type, accept: 'text/html' } });
        expect(page.statusCode, `${type}: ${page.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(page.statusCode).toBeLessThan(500);
        expect(page.body).toContain('<h1');
      }
      const api = await inject({ method: 'POST', url: `/api/v1/petitions/attachments?_csrf=${me.csrf}`, payload: truncated, headers: { cookie: me.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
      expect(expectProblem(api, 400).detail).toContain('bị hỏng hoặc không đầy đủ');
      expect(await counts()).toEqual(before);
    });

    it("answers Fastify's own refusals (bad percent-encoding, 414) as Vietnamese problem+json", async () => {
      for (const url of ['/api/v1/units/%ZZ', '/api/v1/units/%ED%A0%80', '/kien-nghi/%E0%A4%A']) {
        const p = expectProblem(await inject({ method: 'GET', url, headers: { accept: 'text/html' } }), 400);
        expect(p.title).toBe('Yêu cầu không hợp lệ');
        expect(p.detail).toContain('mã hóa phần trăm');
      }
      const long = expectProblem(await inject({ method: 'GET', url: `/api/v1/units/${'a'.repeat(500)}` }), 414);
      expect(long.detail).toBe('Địa chỉ yêu cầu quá dài.');
      const en = expectProblem(await inject({ method: 'GET', url: '/api/v1/units/%ZZ', headers: { cookie: 'lang=en' } }), 400);
      expect(en.title).toBe('Bad request');
    });

    it('answers headers too large (431) on the socket as Vietnamese problem+json', async () => {
      // The app's own HTTP server (Fastify answers the parser's errors on it), on a port of its own for this test.
      const server = getApp().server.server;
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      try {
        const { port } = server.address() as AddressInfo;
        const res = await new Promise<{ status: number; type: string; body: string }>((ok, fail) => {
          const req = http.get({ host: '127.0.0.1', port, path: '/', headers: { 'x-big': 'a'.repeat(40_000) } }, (r) => {
            let body = '';
            r.on('data', (c) => (body += c));
            r.on('end', () => ok({ status: r.statusCode!, type: String(r.headers['content-type']), body }));
          });
          req.on('error', fail);
        });
        expect(res.status).toBe(431);
        expect(res.type).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(res.body)).toMatchObject({ status: 431, title: 'Phần đầu yêu cầu quá lớn', detail: 'Phần đầu (header) của yêu cầu quá lớn.' });
      } finally {
        await new Promise((ok) => server.close(ok));
      }
    });
  },
  { demo: true },
);
