import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http/csrf';
import { normalizePhone } from './schema';
import { cookieHeader, DEMO_PASSWORD, loginAs, postForm, setCookies } from './testing';

let n = 0;

describeEachEngine(
  'accounts: registration and profile',
  (getApp) => {
    async function browser() {
      const app = getApp();
      const page = await app.server.inject({ method: 'GET', url: '/dang-ky', headers: { 'x-forwarded-for': `198.18.0.${++n}` } });
      const jar = setCookies(page);
      return { page, as: { cookie: cookieHeader(jar), csrf: jar.get(CSRF_COOKIE)! }, ip: `198.18.0.${n}` };
    }
    const register = async (fields: Record<string, string>) => {
      const { as, ip } = await browser();
      return postForm(getApp(), '/dang-ky', as, fields, { 'x-forwarded-for': ip });
    };
    const valid = (over: Record<string, string> = {}) => ({
      name: 'Lò Văn Pọm',
      email: `dan${++n}@example.com`,
      phone: '',
      password: 'matkhau-an-toan',
      password2: 'matkhau-an-toan',
      unitCode: '03670',
      address: 'Bản Hẹo, phường Chiềng Cơi',
      terms: 'on',
      ...over,
    });

    it('shows the registration form with the communes of Sơn La grouped by kind', async () => {
      const { page } = await browser();
      expect(page.statusCode).toBe(200);
      const html = page.body;
      expect(html).toContain('Họ và tên');
      expect(html).toContain('Số điện thoại di động');
      expect(html).toMatch(/<optgroup label="Phường">[\s\S]*Chiềng Cơi/);
      expect(html).toMatch(/<optgroup label="Xã">/);
      expect((html.match(/<option value="\d{5}"/g) ?? []).length).toBe(75);
      expect(html).toContain('name="terms"');
    });

    it('puts every validation message beside its field (422) and keeps what was typed, never the password', async () => {
      const r = await register({ name: '', email: 'khong-phai-email', phone: '12345', password: '98765432', password2: 'khac', unitCode: '', terms: '' });
      expect(r.statusCode).toBe(422);
      const html = r.body;
      const beside = (field: string) => new RegExp(`id="${field}-error"[^>]*>([^<]+)<`).exec(html)?.[1];
      expect(beside('name')).toBe('Vui lòng nhập đầy đủ họ và tên.');
      expect(beside('email')).toBe('Địa chỉ e-mail không hợp lệ.');
      expect(beside('phone')).toContain('Số điện thoại di động không hợp lệ');
      expect(beside('password')).toBe('Mật khẩu không được chỉ gồm chữ số.');
      expect(beside('password2')).toBe('Mật khẩu nhập lại không khớp.');
      expect(beside('unitCode')).toBe('Vui lòng chọn xã, phường trong danh sách.');
      expect(beside('terms')).toBe('Bạn cần đồng ý với điều khoản sử dụng.');
      expect(html).toContain('value="khong-phai-email"');
      expect(html).not.toContain('98765432');
      expect(html).toContain('class="error-summary"');
    });

    it('needs an e-mail or a phone number, and a password of 8 characters', async () => {
      const r = await register(valid({ email: '', phone: '', password: 'ngan', password2: 'ngan' }));
      expect(r.statusCode).toBe(422);
      expect(r.body).toMatch(/id="email-error"[^>]*>Vui lòng nhập e-mail hoặc số điện thoại\./);
      expect(r.body).toMatch(/id="password-error"[^>]*>Mật khẩu cần ít nhất 8 ký tự\./);
    });

    it('refuses a commune outside the province', async () => {
      const r = await register(valid({ unitCode: '00004' }));
      expect(r.statusCode).toBe(422);
      expect(r.body).toMatch(/id="unitCode-error"/);
    });

    it('registers a citizen, mails them, lets them sign in and stores the name in NFC', async () => {
      const app = getApp();
      const nfd = 'Nguyễn Thị Thu Hà'.normalize('NFD');
      expect(nfd).not.toBe(nfd.normalize('NFC'));
      const email = `Thuha${++n}@Example.com`;
      const r = await register(valid({ name: `  ${nfd}  `, email, phone: '+84 (0)38 123 4567'.replace('(0)', ''), unitCode: '03670' }));
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/dang-nhap');
      expect(setCookies(r).get(SESSION_COOKIE)).toBeFalsy();
      expect(app.mail.sent.at(-1)).toMatchObject({ to: email.toLowerCase(), subject: 'Chào mừng bạn đến với Đối Thoại' });
      const signIn = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': '198.18.1.2' }, payload: { login: email, password: 'matkhau-an-toan' } });
      expect(signIn.statusCode).toBe(200);
      const jar = setCookies(signIn);
      const me = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieHeader(jar) } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ name: 'Nguyễn Thị Thu Hà'.normalize('NFC'), email: email.toLowerCase(), phone: '0381234567', kind: 'citizen', unitCode: '03670', roles: [] });
      const audit = await app.ctx.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'account.register').where('entity_id', '=', String(me.json().id)).execute();
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0].after)).not.toContain('scrypt');
      // And can sign in by phone.
      const byPhone = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': '198.18.1.1' }, payload: { login: '038 123 4567', password: 'matkhau-an-toan' } });
      expect(byPhone.statusCode).toBe(200);
    });

    it('answers the same whether or not the e-mail (any case) is registered, and mails its owner; a used phone is said beside the field', async () => {
      const app = getApp();
      const fresh = await register(valid({ email: `moi${++n}@example.com` }));
      const mailsBefore = app.mail.sent.length;
      const r = await register(valid({ email: 'CONGDAN@example.com' }));
      expect(r.statusCode).toBe(fresh.statusCode);
      expect(r.headers.location).toBe(fresh.headers.location);
      expect(Object.keys(setCookies(r)).sort()).toEqual(Object.keys(setCookies(fresh)).sort());
      const flash = (x: typeof r) => [...setCookies(x).entries()].filter(([k]) => !k.includes('csrf')).map(([k]) => k).sort();
      expect(flash(r)).toEqual(flash(fresh));
      expect(app.mail.sent.slice(mailsBefore)).toEqual([expect.objectContaining({ to: 'congdan@example.com', subject: 'Có người vừa đăng ký Đối Thoại bằng địa chỉ e-mail của bạn' })]);
      const p = await register(valid({ phone: '0912 345 678' }));
      expect(p.statusCode).toBe(422);
      expect(p.body).toMatch(/id="phone-error"[^>]*>Số điện thoại này đã được dùng cho một tài khoản khác\./);
    });

    it('normalises Vietnamese mobile numbers', () => {
      expect(normalizePhone('0912345678')).toBe('0912345678');
      expect(normalizePhone('+84912345678')).toBe('0912345678');
      expect(normalizePhone('84 912 345 678')).toBe('0912345678');
      expect(normalizePhone('091-234-5678')).toBe('0912345678');
      expect(normalizePhone('(+84) 912.345.678')).toBe('0912345678');
      expect(normalizePhone('0212345678')).toBeNull(); // a landline prefix
      expect(normalizePhone('091234567')).toBeNull();
      expect(normalizePhone('abc')).toBeNull();
    });

    it('lets a signed-in user edit name, phone and commune, with messages beside the fields', async () => {
      const app = getApp();
      const me = await loginAs(app, 'congdan@example.com');
      const page = await app.server.inject({ method: 'GET', url: '/tai-khoan', headers: { cookie: me.cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('value="Nguyễn Văn An"');
      const bad = await postForm(app, '/tai-khoan', me, { name: 'A', phone: '123', unitCode: '03670' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toMatch(/id="phone-error"/);
      expect(bad.body).toMatch(/id="name-error"/);
      const ok = await postForm(app, '/tai-khoan', me, { name: 'Nguyễn Văn An', phone: '0912 345 678', unitCode: '03670', address: 'Tổ 6, phường Chiềng Cơi' });
      expect(ok.statusCode).toBe(303);
      const after = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: me.cookie } });
      expect(after.json()).toMatchObject({ address: 'Tổ 6, phường Chiềng Cơi', phone: '0912345678' });
      const rows = await app.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'account.profileUpdate').execute();
      expect(rows.length).toBeGreaterThan(0);
    });

    it('redirects an anonymous visitor of /tai-khoan to the login page with next', async () => {
      const r = await getApp().server.inject({ method: 'GET', url: '/tai-khoan' });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/dang-nhap?next=%2Ftai-khoan');
    });

    it('changes the password (the current one is needed) and signs out the other sessions', async () => {
      const app = getApp();
      const a = await loginAs(app, 'mattran@example.com');
      const b = await loginAs(app, 'mattran@example.com');
      const wrong = await postForm(app, '/tai-khoan/mat-khau', a, { current: 'sai', password: 'MatKhauMoi@2026', password2: 'MatKhauMoi@2026' });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.body).toMatch(/id="current-error"[^>]*>Mật khẩu hiện tại không đúng\./);
      const ok = await postForm(app, '/tai-khoan/mat-khau', a, { current: DEMO_PASSWORD, password: 'MatKhauMoi@2026', password2: 'MatKhauMoi@2026' });
      expect(ok.statusCode).toBe(303);
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).statusCode).toBe(200);
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } })).statusCode).toBe(401);
      await expect(loginAs(app, 'mattran@example.com')).rejects.toThrow(/401/);
      await loginAs(app, 'mattran@example.com', 'MatKhauMoi@2026');
      const back = await postForm(app, '/tai-khoan/mat-khau', a, { current: 'MatKhauMoi@2026', password: DEMO_PASSWORD, password2: DEMO_PASSWORD });
      expect(back.statusCode).toBe(303);
    });

    it('personal API tokens on the profile page: created (shown once), listed with prefix and dates, revoked', async () => {
      const app = getApp();
      const me = await loginAs(app, 'chuyenvien@example.com');
      const created = await postForm(app, '/tai-khoan/ma-truy-cap', me, { tokenName: 'Phần mềm một cửa' });
      expect(created.statusCode).toBe(201);
      const token = /<code id="new-token">([^<]+)<\/code>/.exec(created.body)![1];
      expect(token).toMatch(/^dt_[\w-]{40,}$/);
      const list = await app.server.inject({ method: 'GET', url: '/tai-khoan', headers: { cookie: me.cookie } });
      expect(list.body).not.toContain(token);
      expect(list.body).toContain(`${token.slice(0, 10)}…`);
      expect(list.body).toContain('Phần mềm một cửa');
      expect(list.body).toContain('Chưa dùng');
      const used = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect(used.statusCode).toBe(200);
      expect(used.json().name).toBe('Cầm Văn Dũng');
      const stored = await app.ctx.db.selectFrom('api_tokens').selectAll().where('prefix', '=', token.slice(0, 10)).executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toContain(token);
      expect(stored.last_used_at).not.toBeNull();
      const id = /action="\/tai-khoan\/ma-truy-cap\/(\d+)\/thu-hoi"/.exec(list.body)![1];
      const revoked = await postForm(app, `/tai-khoan/ma-truy-cap/${id}/thu-hoi`, me, {});
      expect(revoked.statusCode).toBe(303);
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
      const empty = await postForm(app, '/tai-khoan/ma-truy-cap', me, { tokenName: '   ' });
      expect(empty.statusCode).toBe(422);
    });

    it('personal API tokens through the JSON API: create once, list without the secret, revoke → 401', async () => {
      const app = getApp();
      const me = await loginAs(app, 'sonla@example.com');
      const headers = { cookie: me.cookie, origin: 'http://localhost:3000' };
      const created = await app.server.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, payload: { name: 'Báo cáo tỉnh' } });
      expect(created.statusCode).toBe(201);
      const { token, id, name } = created.json();
      expect(name).toBe('Báo cáo tỉnh');
      const list = await app.server.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: { authorization: `Bearer ${token}` } });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([expect.objectContaining({ id, name: 'Báo cáo tỉnh', prefix: token.slice(0, 10), revokedAt: null })]);
      expect(JSON.stringify(list.json())).not.toContain(token);
      const bad = await app.server.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, payload: {} });
      expect(bad.statusCode).toBe(422);
      // Someone else cannot revoke it.
      const other = await loginAs(app, 'congdan@example.com');
      const foreign = await app.server.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: { cookie: other.cookie, origin: 'http://localhost:3000' } });
      expect(foreign.statusCode).toBe(404);
      const del = await app.server.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: { authorization: `Bearer ${token}` } });
      expect(del.statusCode).toBe(204);
      const after = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect(after.statusCode).toBe(401);
      const listed = await app.server.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: { cookie: me.cookie } });
      expect(listed.json().items[0].revokedAt).not.toBeNull();
      const actions = await app.ctx.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'api_token').where('entity_id', '=', String(id)).orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['account.tokenCreate', 'account.tokenRevoke']);
    });
  },
  { demo: true },
);
