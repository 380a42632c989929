import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describeEachEngine('home and about pages', (getApp) => {
  it('say what works — petitions, conferences, commitments, disclosure, figures — each linked to its page', async () => {
    const app = getApp();
    const home = text((await app.server.inject({ url: '/', headers: { accept: 'text/html' } })).body);
    expect(home).toContain('theo dõi việc giải quyết bằng mã theo dõi');
    expect(home).toContain('đăng ký dự hội nghị đối thoại');
    const about = await app.server.inject({ url: '/gioi-thieu', headers: { accept: 'text/html' } });
    expect(about.statusCode).toBe(200);
    const body = text(about.body);
    expect(body).toContain('tra cứu tiến độ mà không cần đăng nhập');
    expect(body).toContain('góp ý trong thời hạn lấy ý kiến');
    expect(body).toContain('gửi câu hỏi trước và theo dõi trực tiếp phiên đối thoại');
    for (const href of ['/kien-nghi/gui', '/hoi-nghi', '/cam-ket', '/cong-khai', '/so-lieu']) {
      expect(about.body).toContain(`href="${href}"`);
      const target = await app.server.inject({ url: href, headers: { accept: 'text/html' } });
      expect(target.statusCode, href).toBeLessThan(400);
    }
  });
});
