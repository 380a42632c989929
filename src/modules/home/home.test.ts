import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describeEachEngine('home and about pages', (getApp) => {
  it('say only what works: petitions, disclosure, news — no dialogue conferences or commitments yet', async () => {
    const app = getApp();
    const home = text((await app.server.inject({ url: '/', headers: { accept: 'text/html' } })).body);
    expect(home).toContain('theo dõi việc giải quyết bằng mã theo dõi');
    expect(home).not.toContain('theo dõi các hội nghị đối thoại');
    const about = await app.server.inject({ url: '/gioi-thieu', headers: { accept: 'text/html' } });
    expect(about.statusCode).toBe(200);
    const body = text(about.body);
    expect(body).toContain('tra cứu tiến độ mà không cần đăng nhập');
    expect(body).toContain('góp ý trong thời hạn lấy ý kiến');
    expect(body).not.toMatch(/tổ chức hội nghị đối thoại|giám sát việc thực hiện các cam kết/);
  });
});
