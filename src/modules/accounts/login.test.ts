import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http/csrf';
import { setSetting } from '../../platform/settings/settings';
import { purgeExpired } from './service';
import { cookieHeader, csrfFrom, DEMO_PASSWORD, FORM_TYPE, formBody, loginAs, postForm, setCookies } from './testing';

const ORIGIN = 'http://localhost:3000';
let ipCounter = 0;
/** Each test its own client address, so that the per-IP limit only bites where a test wants it. */
const freshIp = () => `203.0.113.${++ipCounter}`;

describeEachEngine(
  'accounts: signing in',
  (getApp) => {
    const api = (payload: unknown, headers: Record<string, string> = {}) =>
      getApp().server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object, headers: { 'x-forwarded-for': freshIp(), ...headers } });

    async function formLogin(login: string, password: string, extra: Record<string, string> = {}) {
      const app = getApp();
      const ip = freshIp();
      const page = await app.server.inject({ method: 'GET', url: '/dang-nhap', headers: { 'x-forwarded-for': ip } });
      const jar = setCookies(page);
      return app.server.inject({
        method: 'POST',
        url: '/dang-nhap',
        headers: { cookie: cookieHeader(jar), 'x-forwarded-for': ip, 'content-type': FORM_TYPE, accept: 'text/html' },
        payload: formBody({ _csrf: jar.get(CSRF_COOKIE)!, login, password, ...extra }),
      });
    }

    it('shows a Vietnamese login form', async () => {
      const res = await getApp().server.inject({ method: 'GET', url: '/dang-nhap' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('E-mail hoặc số điện thoại');
      expect(res.body).toContain('Mật khẩu');
      expect(res.body).toMatch(/<label for="login">/);
      expect(res.body).toContain('name="_csrf"');
    });

    it('signs in through the API with an e-mail (any case) or a phone number in any common form', async () => {
      for (const login of ['congdan@example.com', 'CongDan@Example.COM', '0912345678', '+84 912 345 678', '0912.345.678']) {
        const res = await api({ login, password: DEMO_PASSWORD });
        expect(res.statusCode, login).toBe(200);
        const body = res.json();
        expect(body.user).toMatchObject({ name: 'Nguyễn Văn An', email: 'congdan@example.com', phone: '0912345678', kind: 'citizen', unitCode: '03670' });
        expect(body.user.password_hash).toBeUndefined();
        expect(setCookies(res).get(SESSION_COOKIE)).toMatch(/^[\w-]{40,}$/);
      }
    });

    it('sets the session cookie HttpOnly, SameSite=Lax, with the sliding lifetime (not Secure outside production)', async () => {
      const res = await api({ login: 'chutich@example.com', password: DEMO_PASSWORD });
      const cookie = res.cookies.find((c: { name: string }) => c.name === SESSION_COOKIE) as Record<string, unknown>;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 30 * 86400 });
      expect(cookie.secure).toBeFalsy();
    });

    it('answers a wrong password and an unknown account identically (401, Vietnamese, problem+json)', async () => {
      const wrong = await api({ login: 'chuyenvien@example.com', password: 'sai-mat-khau' });
      const unknown = await api({ login: 'khong-ton-tai@example.com', password: 'sai-mat-khau' });
      const unknownPhone = await api({ login: '0987654321', password: 'sai-mat-khau' });
      for (const r of [wrong, unknown, unknownPhone]) {
        expect(r.statusCode).toBe(401);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.json().detail).toContain('Thông tin đăng nhập không đúng');
        expect(r.cookies.find((c: { name: string }) => c.name === SESSION_COOKIE)).toBeUndefined();
      }
      const strip = (r: typeof wrong) => ({ ...r.json(), instance: undefined });
      expect(strip(unknown)).toEqual(strip(wrong));
      expect(strip(unknownPhone)).toEqual(strip(wrong));
    });

    it('answers the form with the same message, beside a refilled login field, for wrong and unknown accounts', async () => {
      const wrong = await formLogin('bithu@example.com', 'sai-mat-khau');
      const unknown = await formLogin('ai-do@example.com', 'sai-mat-khau');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      for (const r of [wrong, unknown]) expect(r.body).toContain('Thông tin đăng nhập không đúng');
      expect(wrong.body).toContain('value="bithu@example.com"');
      expect(wrong.body).not.toContain('sai-mat-khau');
    });

    it('validates empty fields with messages beside them (422)', async () => {
      const r = await formLogin('', '');
      expect(r.statusCode).toBe(422);
      expect(r.body).toMatch(/id="login-error"[^>]*>Vui lòng nhập thông tin này/);
      const j = await api({ login: '' });
      expect(j.statusCode).toBe(422);
      expect(j.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['login', 'password']);
    });

    it('locks an account after accounts.maxFailedLogins failures and unlocks it after accounts.lockMinutes', async () => {
      const app = getApp();
      const login = 'sonla@example.com';
      for (let i = 1; i < 5; i++) expect((await api({ login, password: `sai-${i}` })).statusCode).toBe(401);
      const fifth = await api({ login, password: 'sai-5' });
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json().detail).toMatch(/tạm bị khóa đến \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      expect(fifth.json().retryAfter).toBeGreaterThan(14 * 60);
      expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(14 * 60);
      // Locked: even the right password is refused, on the form too.
      expect((await api({ login, password: DEMO_PASSWORD })).statusCode).toBe(423);
      const form = await formLogin(login, DEMO_PASSWORD);
      expect(form.statusCode).toBe(423);
      expect(form.body).toContain('tạm bị khóa');
      app.clock.advance(14 * 60_000);
      expect((await api({ login, password: DEMO_PASSWORD })).statusCode).toBe(423);
      app.clock.advance(61_000);
      expect((await api({ login, password: DEMO_PASSWORD })).statusCode).toBe(200);
      app.clock.reset();
    });

    it('locks an unknown login exactly like an existing one (no way to tell them apart)', async () => {
      const known = 'mattran@example.com';
      const unknown = 'nobody-here@example.com';
      const answers: Array<[number, number]> = [];
      for (let i = 1; i <= 6; i++) {
        const a = await api({ login: known, password: `sai-${i}` });
        const b = await api({ login: unknown, password: `sai-${i}` });
        answers.push([a.statusCode, b.statusCode]);
        expect(b.json().detail.replace(/\d/g, '0')).toBe(a.json().detail.replace(/\d/g, '0'));
      }
      expect(answers.map(([a]) => a)).toEqual([401, 401, 401, 401, 423, 423]);
      expect(answers.map(([, b]) => b)).toEqual([401, 401, 401, 401, 423, 423]);
      getApp().clock.advance(16 * 60_000);
      expect((await api({ login: known, password: DEMO_PASSWORD })).statusCode).toBe(200);
      getApp().clock.reset();
    });

    it('follows the administrator’s lock-out settings', async () => {
      const app = getApp();
      await app.ctx.db.transaction().execute((tx) => setSetting(tx, { id: null, label: 'test' }, 'accounts.maxFailedLogins', 2));
      try {
        expect((await api({ login: 'nobody2@example.com', password: 'x1' })).statusCode).toBe(401);
        expect((await api({ login: 'nobody2@example.com', password: 'x2' })).statusCode).toBe(423);
      } finally {
        await app.ctx.db.transaction().execute((tx) => setSetting(tx, { id: null, label: 'test' }, 'accounts.maxFailedLogins', 5));
      }
    });

    it('limits sign-in attempts per IP address (form and API together) with 429', async () => {
      const app = getApp();
      const setMax = (n: number) => app.ctx.db.transaction().execute((tx) => setSetting(tx, { id: null, label: 'test' }, 'accounts.loginRateMax', n));
      await setMax(3);
      try {
        const ip = '192.0.2.77';
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
          const r = await app.server.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            headers: { 'x-forwarded-for': ip },
            payload: { login: `x${i}@example.com`, password: 'whatever1' },
          });
          statuses.push(r.statusCode);
        }
        expect(statuses).toEqual([401, 401, 401]);
        // The form shares the counter with the API.
        const page = await app.server.inject({ method: 'GET', url: '/dang-nhap', headers: { 'x-forwarded-for': ip } });
        const jar = setCookies(page);
        const form = await app.server.inject({
          method: 'POST',
          url: '/dang-nhap',
          headers: { cookie: cookieHeader(jar), 'x-forwarded-for': ip, 'content-type': FORM_TYPE, accept: 'text/html' },
          payload: formBody({ _csrf: jar.get(CSRF_COOKIE)!, login: 'congdan@example.com', password: DEMO_PASSWORD }),
        });
        expect(form.statusCode).toBe(429);
        expect(form.body).toContain('quá nhiều yêu cầu');
        const apiAgain = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': ip }, payload: { login: 'congdan@example.com', password: DEMO_PASSWORD } });
        expect(apiAgain.statusCode).toBe(429);
        expect(apiAgain.headers['content-type']).toContain('application/problem+json');
        expect(Number(apiAgain.headers['retry-after'])).toBeGreaterThan(0);
        // Another address is not affected.
        expect((await api({ login: 'congdan@example.com', password: DEMO_PASSWORD })).statusCode).toBe(200);
      } finally {
        await setMax(30);
      }
    });

    it('signs in through the form, redirects to a safe `next` only, and shows the name in the header', async () => {
      const ok = await formLogin('chutich@example.com', DEMO_PASSWORD, { next: '/tai-khoan?x=1' });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe('/tai-khoan?x=1');
      for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
        const r = await formLogin('chutich@example.com', DEMO_PASSWORD, { next: bad });
        expect(r.statusCode).toBe(303);
        expect(r.headers.location, bad).toBe('/');
      }
      const jar = setCookies(ok);
      const home = await getApp().server.inject({ method: 'GET', url: '/', headers: { cookie: cookieHeader(jar) } });
      expect(home.body).toContain('Lường Văn Thắng');
      expect(home.body).toContain('action="/dang-xuat"');
    });

    it('gives a new session id at every login and closes the one the browser had', async () => {
      const app = getApp();
      const first = await loginAs(app, 'congdan@example.com');
      const oldSession = /dt_session=([^;]+)/.exec(first.cookie)![1];
      const page = await app.server.inject({ method: 'GET', url: '/dang-nhap', headers: { cookie: first.cookie } });
      expect(page.statusCode).toBe(303); // already signed in
      const again = await postForm(app, '/dang-nhap', first, { login: 'congdan@example.com', password: DEMO_PASSWORD }, { 'x-forwarded-for': freshIp() });
      expect(again.statusCode).toBe(303);
      const newSession = setCookies(again).get(SESSION_COOKIE)!;
      expect(newSession).toBeTruthy();
      expect(newSession).not.toBe(oldSession);
      const oldMe = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `${SESSION_COOKIE}=${oldSession}` } });
      expect(oldMe.statusCode).toBe(401);
      const newMe = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `${SESSION_COOKIE}=${newSession}` } });
      expect(newMe.statusCode).toBe(200);
    });

    it('GET /api/v1/me: 401 without auth, the user with roles with it', async () => {
      const app = getApp();
      const anon = await app.server.inject({ method: 'GET', url: '/api/v1/me' });
      expect(anon.statusCode).toBe(401);
      expect(anon.headers['content-type']).toContain('application/problem+json');
      const { cookie } = await loginAs(app, 'chutich@example.com');
      const me = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ name: 'Lường Văn Thắng', kind: 'official', roles: [{ role: 'head', agencyCode: 'UBND-03670' }] });
    });

    it('logs out (form and API): the session is deleted, the cookie cleared', async () => {
      const app = getApp();
      const a = await loginAs(app, 'bithu@example.com');
      const out = await postForm(app, '/dang-xuat', a, {});
      expect(out.statusCode).toBe(303);
      expect(setCookies(out).get(SESSION_COOKIE)).toBe('');
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).statusCode).toBe(401);

      const b = await loginAs(app, 'bithu@example.com');
      const out2 = await app.server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: b.cookie, origin: ORIGIN } });
      expect(out2.statusCode).toBe(204);
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } })).statusCode).toBe(401);
    });

    it('expires a session after accounts.sessionDays without use, and slides while it is used', async () => {
      const app = getApp();
      const { cookie } = await loginAs(app, 'chuyenvien@example.com');
      const me = () => app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      try {
        app.clock.advance(20 * 86_400_000);
        const r = await me();
        expect(r.statusCode).toBe(200); // used on day 20: valid until day 50
        const renewed = r.cookies.find((c: { name: string }) => c.name === SESSION_COOKIE) as { maxAge?: number } | undefined;
        expect(renewed?.maxAge).toBe(30 * 86400);
        app.clock.advance(25 * 86_400_000);
        expect((await me()).statusCode).toBe(200); // day 45
        app.clock.advance(31 * 86_400_000);
        expect((await me()).statusCode).toBe(401); // day 76: 31 days unused
        // Housekeeping removes what has expired.
        const someone = await app.ctx.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
        const stale = { id: 'x'.repeat(64), user_id: someone.id, created_at: new Date(0), last_seen_at: new Date(0), expires_at: new Date(1000), ip: null, user_agent: null };
        await app.ctx.db.insertInto('sessions').values(stale).execute();
        await purgeExpired(app.ctx);
        const left = await app.ctx.db.selectFrom('sessions').select('id').where('expires_at', '<=', app.clock.now()).execute();
        expect(left).toEqual([]);
      } finally {
        app.clock.reset();
      }
    });

    it('CSRF: a form POST without _csrf → 403; JSON with the cookie from a foreign Origin → 403; Bearer needs neither', async () => {
      const app = getApp();
      const { cookie, csrf } = await loginAs(app, 'congdan@example.com');
      const noToken = await postForm(app, '/tai-khoan/ma-truy-cap', null, { tokenName: 'x' }, { cookie });
      expect(noToken.statusCode).toBe(403);
      expect(noToken.body).toContain('Phiên làm việc của biểu mẫu đã hết hạn');
      const badToken = await postForm(app, '/tai-khoan/ma-truy-cap', { cookie, csrf: csrf + 'x' }, { tokenName: 'x' });
      expect(badToken.statusCode).toBe(403);
      const good = await postForm(app, '/tai-khoan/ma-truy-cap', { cookie, csrf }, { tokenName: 'x' });
      expect(good.statusCode).toBe(201);
      const foreign = await app.server.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie, origin: 'https://evil.example' }, payload: { name: 'x' } });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().detail).toContain('nguồn khác');
      const noOrigin = await app.server.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie }, payload: { name: 'x' } });
      expect(noOrigin.statusCode).toBe(403);
      const same = await app.server.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie, origin: ORIGIN }, payload: { name: 'tích hợp' } });
      expect(same.statusCode).toBe(201);
      const token = same.json().token as string;
      const bearer = await app.server.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: { authorization: `Bearer ${token}`, origin: 'https://elsewhere.example' },
        payload: { name: 'qua Bearer' },
      });
      expect(bearer.statusCode).toBe(201);
      // The token is the credential: a session cookie sent with it is ignored.
      const withOtherCookie = await app.server.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: 'Bearer dt_not-a-real-token-aaaaaaaaaaaaaaaaaa', cookie },
      });
      expect(withOtherCookie.statusCode).toBe(401);
    });

    it('refuses a disabled account even with the right password, and ends its sessions', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const victim = await loginAs(app, 'chuyenvien@example.com');
      const me = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: victim.cookie } });
      const id = me.json().id as number;
      const dis = await postForm(app, `/quan-tri/nguoi-dung/${id}/trang-thai`, admin, { status: 'disabled' });
      expect(dis.statusCode).toBe(303);
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: victim.cookie } })).statusCode).toBe(401);
      const r = await api({ login: 'chuyenvien@example.com', password: DEMO_PASSWORD });
      expect(r.statusCode).toBe(403);
      expect(r.json().detail).toContain('vô hiệu hóa');
      const wrong = await api({ login: 'chuyenvien@example.com', password: 'sai-mat-khau' });
      expect(wrong.statusCode).toBe(401); // without the password nothing is revealed
      expect((await postForm(app, `/quan-tri/nguoi-dung/${id}/trang-thai`, admin, { status: 'active' })).statusCode).toBe(303);
      expect((await api({ login: 'chuyenvien@example.com', password: DEMO_PASSWORD })).statusCode).toBe(200);
    });

    it('documents the API in the OpenAPI document under the tag "Tài khoản"', async () => {
      const doc = (await getApp().server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      for (const path of ['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/me', '/api/v1/me/tokens', '/api/v1/me/tokens/{id}']) {
        expect(doc.paths[path], path).toBeDefined();
        for (const op of Object.values(doc.paths[path]) as Array<{ tags: string[] }>) expect(op.tags).toEqual(['Tài khoản']);
      }
      expect(doc.components.schemas.User.properties.roles).toBeDefined();
      expect(doc.tags.map((t: { name: string }) => t.name)).toContain('Tài khoản');
    });

    it('lists the demo accounts on the login page of a demo installation', async () => {
      const res = await getApp().server.inject({ method: 'GET', url: '/dang-nhap' });
      expect(res.body).toContain('Tài khoản dùng thử');
      expect(res.body).toContain('<code>chutich@example.com</code>');
      expect(res.body).toContain(DEMO_PASSWORD);
    });

    it('the login page carries the CSRF token of its cookie', async () => {
      const res = await getApp().server.inject({ method: 'GET', url: '/dang-nhap' });
      expect(csrfFrom(res.body)).toBe(setCookies(res).get(CSRF_COOKIE));
    });
  },
  { demo: true },
);
