import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { getSetting } from '../../platform/settings/settings';
import { verifyAudit } from '../../platform/audit/audit';
import { getAgencyByCode } from '../directory/service';
import { loginAs, postForm } from './testing';
import { createAdmin, getUser, getUsers, usersWithRole } from './service';
import { DEMO_ACCOUNTS } from './seed';

describeEachEngine(
  'accounts: administration',
  (getApp) => {
    const get = (url: string, cookie?: string) => getApp().server.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });

    it('seeds the demo accounts with their roles at the directory’s agencies', async () => {
      const { db } = getApp().ctx;
      const head = await getAgencyByCode(db, 'UBND-03670');
      const ids = await usersWithRole(db, { role: 'head', agencyId: head!.id });
      const users = await getUsers(db, ids);
      expect([...users.values()].map((u) => u.email)).toEqual(['chutich@example.com']);
      const front = await usersWithRole(db, { role: 'front_officer', agencyId: (await getAgencyByCode(db, 'MTTQ-03670'))!.id });
      expect((await getUser(db, front[0]))?.email).toBe('mattran@example.com');
      for (const a of DEMO_ACCOUNTS) {
        const me = await loginAs(getApp(), a.email);
        const r = await getApp().server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: me.cookie } });
        expect(r.json().name).toBe(a.name);
        expect(r.json().roles.map((x: { role: string; agencyCode: string }) => `${x.role}@${x.agencyCode}`)).toEqual(a.role ? [`${a.role.role}@${a.role.agency}`] : []);
      }
    });

    it('refuses administration pages to every role but admin (403), and sends anonymous visitors to the login page', async () => {
      const app = getApp();
      for (const url of ['/quan-tri/nguoi-dung', '/quan-tri/thiet-lap', '/quan-tri/nguoi-dung/moi']) {
        const anon = await get(url);
        expect(anon.statusCode, url).toBe(303);
        expect(anon.headers.location).toBe(`/dang-nhap?next=${encodeURIComponent(url)}`);
      }
      for (const login of ['congdan@example.com', 'chuyenvien@example.com', 'chutich@example.com', 'mattran@example.com', 'sonla@example.com']) {
        const me = await loginAs(app, login);
        for (const url of ['/quan-tri/nguoi-dung', '/quan-tri/nguoi-dung/1', '/quan-tri/thiet-lap']) {
          const r = await get(url, me.cookie);
          expect(r.statusCode, `${login} ${url}`).toBe(403);
          expect(r.body).toContain('Không có quyền truy cập');
        }
        // The landing page lists only what the caller may open (other modules give e.g. moderators
        // an item); with nothing to show it is a 403 too — and never the users or settings pages.
        const landing = await get('/quan-tri', me.cookie);
        if (login === 'congdan@example.com') expect(landing.statusCode).toBe(403);
        expect([200, 403]).toContain(landing.statusCode);
        expect(landing.body).not.toContain('href="/quan-tri/nguoi-dung"');
        expect(landing.body).not.toContain('href="/quan-tri/thiet-lap"');
        const post = await postForm(app, '/quan-tri/thiet-lap', me, { 'accounts.lockMinutes': '1' });
        expect(post.statusCode, login).toBe(403);
        const create = await postForm(app, '/quan-tri/nguoi-dung/moi', me, { name: 'Kẻ Lạ', email: 'la@example.com', password: 'MatKhau#2026' });
        expect(create.statusCode, login).toBe(403);
        if (login === 'congdan@example.com') expect((await get('/', me.cookie)).body).not.toContain('href="/quan-tri"');
      }
      expect(await getSetting(app.ctx.db, 'accounts.lockMinutes')).toBe(15);
    });

    it('shows the admin landing page with the admin menu, and the admin link in the header', async () => {
      const me = await loginAs(getApp(), 'quantri@example.com');
      const home = await get('/', me.cookie);
      expect(home.body).toContain('href="/quan-tri"');
      const r = await get('/quan-tri', me.cookie);
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('href="/quan-tri/nguoi-dung"');
      expect(r.body).toContain('href="/quan-tri/thiet-lap"');
    });

    it('lists users with a diacritic-insensitive search and filters by kind and role', async () => {
      const me = await loginAs(getApp(), 'quantri@example.com');
      const all = await get('/quan-tri/nguoi-dung', me.cookie);
      expect(all.statusCode).toBe(200);
      for (const a of DEMO_ACCOUNTS) expect(all.body).toContain(a.name);
      const search = await get(`/quan-tri/nguoi-dung?q=${encodeURIComponent('luong van thang')}`, me.cookie);
      expect(search.body).toContain('Lường Văn Thắng');
      expect(search.body).not.toContain('Nguyễn Văn An');
      const byPhone = await get('/quan-tri/nguoi-dung?q=0912345678', me.cookie);
      expect(byPhone.body).toContain('Nguyễn Văn An');
      const heads = await get('/quan-tri/nguoi-dung?role=head', me.cookie);
      expect(heads.body).toContain('Lường Văn Thắng');
      expect(heads.body).toContain('Quàng Thị Mai');
      expect(heads.body).not.toContain('Cầm Văn Dũng');
      const citizens = await get('/quan-tri/nguoi-dung?kind=citizen', me.cookie);
      expect(citizens.body).toContain('Nguyễn Văn An');
      expect(citizens.body).not.toContain('Đinh Thị Lan');
      const none = await get('/quan-tri/nguoi-dung?q=zzzzqqq', me.cookie);
      expect(none.body).toContain('Không có người dùng nào phù hợp.');
    });

    it('creates an official, assigns and revokes a role at an agency, and all of it is audited', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const bad = await postForm(app, '/quan-tri/nguoi-dung/moi', admin, { name: 'Lò Văn Khánh', email: 'congdan@example.com', password: '' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toMatch(/id="password-error"[^>]*>Nhập mật khẩu ban đầu hoặc chọn gửi liên kết/);
      expect(bad.body).toContain('value="Lò Văn Khánh"');

      const created = await postForm(app, '/quan-tri/nguoi-dung/moi', admin, { name: 'Lò Văn Khánh', email: 'khanh@example.com', phone: '0977 123 456', password: 'KhoiDau#2026' });
      expect(created.statusCode).toBe(303);
      const url = created.headers.location as string;
      const id = Number(url.split('/').pop());
      const page = await get(url, admin.cookie);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Lò Văn Khánh');
      expect(page.body).toContain('Chưa có vai trò nào.');
      expect(page.body).toContain('Văn phòng Ủy ban nhân dân tỉnh Sơn La');

      const agency = (await getAgencyByCode(app.ctx.db, 'UBND-03670'))!;
      const wrongRole = await postForm(app, `${url}/vai-tro`, admin, { role: 'king', agencyId: String(agency.id) });
      expect(wrongRole.statusCode).toBe(422);
      expect(wrongRole.body).toMatch(/id="role-error"/);
      const wrongAgency = await postForm(app, `${url}/vai-tro`, admin, { role: 'officer', agencyId: '999999' });
      expect(wrongAgency.statusCode).toBe(422);
      expect(wrongAgency.body).toMatch(/id="agencyId-error"[^>]*>Vui lòng chọn cơ quan trong danh sách\./);
      const assigned = await postForm(app, `${url}/vai-tro`, admin, { role: 'officer', agencyId: String(agency.id) });
      expect(assigned.statusCode).toBe(303);
      expect(await usersWithRole(app.ctx.db, { role: 'officer', agencyId: agency.id })).toContain(id);

      const khanh = await loginAs(app, 'khanh@example.com', 'KhoiDau#2026');
      const me = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: khanh.cookie } });
      expect(me.json().roles).toEqual([expect.objectContaining({ role: 'officer', agencyCode: 'UBND-03670' })]);

      const after = await get(url, admin.cookie);
      const rid = new RegExp(`action="/quan-tri/nguoi-dung/${id}/vai-tro/(\\d+)/thu-hoi"`).exec(after.body)![1];
      const revoked = await postForm(app, `${url}/vai-tro/${rid}/thu-hoi`, admin, {});
      expect(revoked.statusCode).toBe(303);
      expect(await usersWithRole(app.ctx.db, { role: 'officer', agencyId: agency.id })).not.toContain(id);
      const meAfter = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: khanh.cookie } });
      expect(meAfter.json().roles).toEqual([]);

      const edited = await postForm(app, url, admin, { name: 'Lò Văn Khánh', email: 'khanh@example.com', phone: '0977123456', kind: 'official', unitCode: '', address: '' });
      expect(edited.statusCode).toBe(303);
      const dup = await postForm(app, url, admin, { name: 'Lò Văn Khánh', email: 'CHUTICH@example.com', phone: '', kind: 'official' });
      expect(dup.statusCode).toBe(422);
      expect(dup.body).toMatch(/id="email-error"[^>]*>E-mail này đã được dùng/);

      const actions = await app.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_label'])
        .where('entity_type', '=', 'user')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['account.create', 'role.assign', 'account.login', 'role.revoke', 'account.update']);
      expect(actions.filter((a) => a.action !== 'account.login').every((a) => a.actor_label === 'Hoàng Minh Tuấn')).toBe(true);
      expect((await verifyAudit(app.ctx.db)).ok).toBe(true);
    });

    it('creates an official with an e-mailed link instead of a password', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const before = app.mail.sent.length;
      const r = await postForm(app, '/quan-tri/nguoi-dung/moi', admin, { name: 'Hà Thị Thu', email: 'thu@example.com', sendReset: 'on' });
      expect(r.statusCode).toBe(303);
      const mail = app.mail.sent[before];
      expect(mail.to).toBe('thu@example.com');
      expect(mail.subject).toBe('Tài khoản Đối Thoại của bạn đã được tạo');
      expect(mail.text).toMatch(/http:\/\/localhost:3000\/dat-lai-mat-khau\?token=[\w-]+/);
      expect(mail.text).toContain('72 giờ');
      const noEmail = await postForm(app, '/quan-tri/nguoi-dung/moi', admin, { name: 'Hà Văn Nam', phone: '0966 111 222', sendReset: 'on' });
      expect(noEmail.statusCode).toBe(422);
      expect(noEmail.body).toContain('Cần có e-mail để gửi liên kết đặt mật khẩu.');
    });

    it('disables, enables and unlocks accounts; an administrator cannot disable themselves or drop their own admin role', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const self = (await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: admin.cookie } })).json();
      const r = await postForm(app, `/quan-tri/nguoi-dung/${self.id}/trang-thai`, admin, { status: 'disabled' });
      expect(r.statusCode).toBe(409);
      expect(r.body).toContain('Bạn không thể vô hiệu hóa tài khoản của chính mình.');
      const page = await get(`/quan-tri/nguoi-dung/${self.id}`, admin.cookie);
      const rid = new RegExp(`action="/quan-tri/nguoi-dung/${self.id}/vai-tro/(\\d+)/thu-hoi"`).exec(page.body)![1];
      const drop = await postForm(app, `/quan-tri/nguoi-dung/${self.id}/vai-tro/${rid}/thu-hoi`, admin, {});
      expect(drop.statusCode).toBe(409);

      // Lock an account by failing, then unlock it from the page.
      for (let i = 0; i < 5; i++) {
        await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': `198.18.9.${i}` }, payload: { login: 'bithu@example.com', password: 'sai' + i } });
      }
      const bithu = (await app.ctx.db.selectFrom('users').select('id').where('email', '=', 'bithu@example.com').executeTakeFirstOrThrow()).id;
      const locked = await get(`/quan-tri/nguoi-dung/${bithu}`, admin.cookie);
      expect(locked.body).toContain('Tạm khóa đăng nhập đến');
      expect((await postForm(app, `/quan-tri/nguoi-dung/${bithu}/mo-khoa`, admin, {})).statusCode).toBe(303);
      await loginAs(app, 'bithu@example.com');
      expect((await get('/quan-tri/nguoi-dung/999999', admin.cookie)).statusCode).toBe(404);
      expect((await get('/quan-tri/nguoi-dung/abc', admin.cookie)).statusCode).toBe(404);
    });

    it('lists every declared setting on the settings page, saves a value, and rejects an out-of-range one with a message', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const page = await get('/quan-tri/thiet-lap', admin.cookie);
      expect(page.statusCode).toBe(200);
      const { settingDefs } = await import('../../platform/settings/settings');
      for (const d of settingDefs()) expect(page.body, d.key).toContain(`name="${d.key}"`);
      expect(page.body).toContain('Tài khoản và đăng nhập');
      expect(page.body).toContain('Mặc định: 15.');

      const bad = await postForm(app, '/quan-tri/thiet-lap', admin, { 'accounts.lockMinutes': '0', 'accounts.maxFailedLogins': 'năm' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toMatch(/id="s-accounts-lockMinutes-error"[^>]*>Giá trị nằm ngoài khoảng cho phép\./);
      expect(bad.body).toMatch(/id="s-accounts-maxFailedLogins-error"[^>]*>Vui lòng nhập một số nguyên\./);
      expect(bad.body).toContain('value="năm"');
      expect(await getSetting(app.ctx.db, 'accounts.lockMinutes')).toBe(15);

      const ok = await postForm(app, '/quan-tri/thiet-lap', admin, { 'accounts.lockMinutes': '20', 'accounts.maxFailedLogins': '5' });
      expect(ok.statusCode).toBe(303);
      expect(await getSetting(app.ctx.db, 'accounts.lockMinutes')).toBe(20);
      const row = await app.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'before', 'after', 'actor_label'])
        .where('entity_type', '=', 'setting')
        .where('entity_id', '=', 'accounts.lockMinutes')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ action: 'setting.update', before: 15, after: 20, actor_label: 'Hoàng Minh Tuấn' });
      const shown = await get('/quan-tri/thiet-lap', admin.cookie);
      expect(shown.body).toMatch(/name="accounts\.lockMinutes"[^>]*value="20"|value="20"[^>]*name="accounts\.lockMinutes"/);
      await postForm(app, '/quan-tri/thiet-lap', admin, { 'accounts.lockMinutes': '15' });
    });

    it('createAdmin (the CLI) gives the admin role at the province People’s Committee, and updates an existing account', async () => {
      const app = getApp();
      const r = await createAdmin(app.ctx, { email: 'Admin2@Example.com', name: 'Vì Văn Toàn', password: 'QuanTri#2026' });
      expect(r).toMatchObject({ created: true, agency: { code: 'UBND-14' } });
      const me = await loginAs(app, 'admin2@example.com', 'QuanTri#2026');
      expect((await get('/quan-tri/nguoi-dung', me.cookie)).statusCode).toBe(200);
      const again = await createAdmin(app.ctx, { email: 'admin2@example.com', name: 'Vì Văn Toàn', password: 'MoiHon#2026' });
      expect(again).toMatchObject({ created: false, userId: r.userId });
      await loginAs(app, 'admin2@example.com', 'MoiHon#2026');
      await expect(createAdmin(app.ctx, { email: 'x@example.com', name: 'X Y', password: '123456789' })).rejects.toThrow(/chữ số/);
    });
  },
  { demo: true },
);
