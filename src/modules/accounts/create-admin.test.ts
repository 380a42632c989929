import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import type { Principal } from '../../platform/access/principal';
import { createAgency } from '../directory/service';
import { createAdmin, NoAgencyError } from './service';
import { loginAs } from './testing';

describeEachEngine('accounts: create-admin on a database without agencies', (getApp) => {
  it('creates the account but says clearly that no role could be given; a second run after the directory exists gives it', async () => {
    const app = getApp();
    const first = createAdmin(app.ctx, { email: 'root@example.com', name: 'Quản trị viên', password: 'QuanTri#2026' });
    await expect(first).rejects.toBeInstanceOf(NoAgencyError);
    await expect(first).rejects.toThrow(/CHƯA gán quyền quản trị.*chạy lại create-admin/s);
    const me = await loginAs(app, 'root@example.com', 'QuanTri#2026');
    expect((await app.server.inject({ method: 'GET', url: '/quan-tri/nguoi-dung', headers: { cookie: me.cookie, accept: 'text/html' } })).statusCode).toBe(403);

    // An operator loads the directory (here: the province People's Committee and a commune's), then runs it again.
    const bootstrap: Principal = { id: 0, name: 'test', email: null, phone: null, kind: 'official', unitCode: null, via: 'session', roles: [{ role: 'admin', agencyId: 0, unitCode: '14', provinceCode: '14', unitLevel: 'province' }] };
    await createAgency(app.ctx, bootstrap, { name: 'Ủy ban nhân dân phường Chiềng Cơi', kind: 'peoples_committee', unitCode: '03670' });
    const province = await createAgency(app.ctx, bootstrap, { name: 'Ủy ban nhân dân tỉnh Sơn La', kind: 'peoples_committee', unitCode: '14' });
    const second = await createAdmin(app.ctx, { email: 'root@example.com', name: 'Quản trị viên', password: 'QuanTri#2026' });
    expect(second).toMatchObject({ created: false, agency: { code: province.code } });
    const again = await loginAs(app, 'root@example.com', 'QuanTri#2026');
    expect((await app.server.inject({ method: 'GET', url: '/quan-tri/nguoi-dung', headers: { cookie: again.cookie, accept: 'text/html' } })).statusCode).toBe(200);
  });
});
