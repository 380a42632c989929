import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { loginAs } from '../../modules/accounts/testing';
import { seedAccounts } from '../../modules/accounts/seed';
import { seedDirectoryDemo } from '../../modules/directory/seed';
import { listUsers } from '../../modules/accounts/service';
import { notify } from '../../modules/notifications/service';

describeEachEngine('the header and menu', (getApp) => {
  let citizen: { cookie: string; csrf: string };
  beforeAll(async () => {
    const app = getApp();
    await seedDirectoryDemo(app.ctx);
    await seedAccounts(app.ctx);
    citizen = await loginAs(app, 'congdan@example.com');
  }, 600_000);

  it('shows the unread notification count in the header, beside the account', async () => {
    const app = getApp();
    const page = async () => (await app.server.inject({ url: '/', headers: { accept: 'text/html', cookie: citizen.cookie } })).body;
    expect(await page()).not.toContain('class="count"');
    const me = (await listUsers(app.ctx.db, { q: 'congdan@example.com' })).items[0];
    expect(me).toBeTruthy();
    for (let i = 0; i < 3; i++) {
      await notify(app.ctx.db, { recipients: [me!.id], event: 'test', titleKey: 'nav.notifications', bodyKey: 'nav.notifications', params: {}, link: '/' });
    }
    const html = await page();
    const account = /<div class="account">([\s\S]*?)<\/div>/.exec(html)![1];
    expect(account).toMatch(/<a href="\/thong-bao">Thông báo <span class="count" aria-hidden="true">3<\/span><span class="sr-only">3 chưa đọc<\/span><\/a>/);
  });

  it('folds the menu behind a button on phones (no script: a link to #menu), reference pages in the footer', async () => {
    const html = (await getApp().server.inject({ url: '/', headers: { accept: 'text/html' } })).body;
    expect(html).toContain('<a class="menu-open" href="#menu" aria-controls="menu">Menu</a>');
    expect(html).toMatch(/<nav class="site-nav( compact)?" id="menu" aria-label="[^"]+"><ul class="wrap">/);
    const nav = /<nav class="site-nav[^"]*" id="menu"[\s\S]*?<\/nav>/.exec(html)![0];
    expect(nav).not.toContain('/don-vi');
    const footer = /<footer[\s\S]*<\/footer>/.exec(html)![0];
    for (const href of ['/don-vi', '/co-quan', '/lich-lam-viec']) expect(footer).toContain(`href="${href}"`);
  });
});
