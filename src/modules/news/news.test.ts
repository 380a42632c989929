import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import type { Principal } from '../../platform/access/principal';
import { setSetting } from '../../platform/settings/settings';
import { createAgency } from '../directory/service';
import { insertAccount, login } from '../accounts/service';
import { postComment } from '../comments/service';
import sharp from 'sharp';
import { createArticle, getArticle, renderBody, setArticleStatus, slugify } from './service';

const SYS = { id: null, label: 'system' };
const CSRF = 'csrf-token-for-tests-0123456789';

function person(id: number, name: string, roles: Principal['roles'] = []): Principal {
  return { id, name, email: null, phone: null, kind: roles.length ? 'official' : 'citizen', unitCode: '03670', roles, via: 'session' };
}

it('renders article bodies safely: HTML is text, javascript: links are not links', () => {
  const html = renderBody('Đoạn **đậm** và *nghiêng*.\n\n<script>alert(1)</script>\n\n[độc](javascript:alert(1)) [tốt](https://sonla.gov.vn)\n\n- một\n- hai\n\n<img src=x onerror=alert(1)>');
  expect(html).toContain('<strong>đậm</strong>');
  expect(html).toContain('<em>nghiêng</em>');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).not.toMatch(/<script|<img|href="javascript/i);
  expect(html).toContain('<a href="https://sonla.gov.vn" rel="noopener nofollow">tốt</a>');
  expect(html).toContain('<ul>\n<li>một</li>');
  expect(slugify('Phát huy vai trò người đứng đầu trong đối thoại!')).toBe('phat-huy-vai-tro-nguoi-dung-dau-trong-doi-thoai');
  expect(slugify('2026')).toBe('tin-2026');
});

describeEachEngine('news', (getApp) => {
  let officer: Principal;
  let agencyId: number;
  let articleId: number;
  let slug: string;

  beforeAll(async () => {
    const app = getApp();
    const admin = person(9001, 'Quản trị', [{ role: 'admin', agencyId: 0, unitCode: '14', provinceCode: '14', unitLevel: 'province' }]);
    agencyId = (await createAgency(app.ctx, admin, { name: 'Ủy ban nhân dân phường Chiềng Cơi', kind: 'peoples_committee', unitCode: '03670' })).id;
    officer = person(9002, 'Cầm Văn Dũng', [{ role: 'officer', agencyId, unitCode: '03670', provinceCode: '14', unitLevel: 'commune' }]);
    await setSetting(app.ctx.db, SYS, 'comments.rateMaxPerIp', 1000);
    const a = await createArticle(app.ctx, officer, {
      title: 'Phường Chiềng Cơi đối thoại với Nhân dân',
      summary: 'Hội nghị đối thoại về chỉnh trang đô thị năm 2026 với các hộ dân.',
      body: 'Nội dung **hội nghị** đối thoại.\n\n<script>alert(1)</script>',
      agencyId: String(agencyId),
    });
    articleId = a.id;
    slug = a.slug;
  });

  it('keeps a draft off the public pages, publishes it, and schedules by the clock', async () => {
    const { server, ctx, clock } = getApp();
    expect((await server.inject({ url: `/tin-tuc/${slug}`, headers: { accept: 'text/html' } })).statusCode).toBe(404);
    const later = new Date(ctx.clock.now().getTime() + 2 * 86_400_000);
    await setArticleStatus(ctx, officer, articleId, 'publish', { publishAt: later });
    expect((await server.inject({ url: `/tin-tuc/${slug}`, headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect((await server.inject({ url: '/tin-tuc' })).body).not.toContain('Phường Chiềng Cơi đối thoại với Nhân dân');
    clock.advance(3 * 86_400_000);
    const list = await server.inject({ url: '/tin-tuc' });
    expect(list.body).toContain('Phường Chiềng Cơi đối thoại với Nhân dân');
    const page = await server.inject({ url: `/tin-tuc/${slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>hội nghị</strong>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The comment box, as on the source article's page.
    expect(page.body).toContain('Bạn còn 500/500 ký tự');
    expect(page.body).toMatch(/<script type="module" src="\/assets\/comment-box-[\w-]+\.js">/);
    expect((await server.inject({ url: `/tin-tuc/${articleId}` })).headers.location).toBe(`/tin-tuc/${slug}`);
    // Someone else's agency may not edit it.
    const stranger = person(9100, 'Người khác', [{ role: 'officer', agencyId: agencyId + 999, unitCode: '03671', provinceCode: '14', unitLevel: 'commune' }]);
    await expect(setArticleStatus(ctx, stranger, articleId, 'withdraw')).rejects.toMatchObject({ status: 403 });
  });

  it('shows comments as text, the official reply as the agency with a badge, and replies under their comment', async () => {
    const { server, ctx } = getApp();
    const citizen = person(5001, 'Nguyễn Văn An');
    const top = await postComment(ctx, citizen, { targetType: 'news', targetId: articleId, body: '<script>alert("x")</script> Khi nào sửa đường?' }, { ip: '10.0.0.5' });
    await postComment(ctx, officer, { targetType: 'news', targetId: articleId, parentId: top.comment.id, asAgencyId: agencyId, body: 'Phường sẽ sửa trong quý III năm nay.' }, { ip: '10.0.0.6' });
    const page = await server.inject({ url: `/tin-tuc/${slug}` });
    expect(page.body).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script> Khi nào sửa đường?');
    expect(page.body).not.toContain('<script>alert("x")');
    expect(page.body).toContain('Ủy ban nhân dân phường Chiềng Cơi trả lời');
    expect(page.body).toContain('Trả lời chính thức');
    expect(page.body).toContain('(2 bình luận)');
    const oldest = await server.inject({ url: `/tin-tuc/${slug}?order=oldest` });
    expect(oldest.statusCode).toBe(200);
    const reply = await server.inject({ url: `/tin-tuc/${slug}?reply=${top.comment.id}` });
    expect(reply.body).toContain('Trả lời bình luận của Nguyễn Văn An');
    expect(reply.body).toContain(`name="parentId" value="${top.comment.id}"`);
    const badCursor = await server.inject({ url: `/tin-tuc/${slug}?cursor=%%%` });
    expect(badCursor.statusCode).toBe(200);
  });

  it('lets a signed-in citizen report by form, hides after the third report, and the officer sees it in the queue', async () => {
    const { server, ctx } = getApp();
    const c = await postComment(ctx, person(5050, 'Người viết'), { targetType: 'news', targetId: articleId, body: 'Nội dung quảng cáo rác ở đây' }, { ip: '10.0.0.7' });
    const cookies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const email = `bao.cao.${i}.${ctx.dbKind}@example.com`;
      await insertAccount(ctx, { email, name: `Người báo cáo ${i}`, password: 'MatKhau@2026!', kind: 'citizen' });
      const { token } = await login(ctx, { login: email, password: 'MatKhau@2026!' }, {});
      cookies.push(`dt_session=${token}; dt_csrf=${CSRF}`);
    }
    for (const cookie of cookies) {
      const r = await server.inject({
        method: 'POST',
        url: `/binh-luan/${c.comment.id}/bao-cao`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, accept: 'text/html' },
        payload: `_csrf=${CSRF}&reason=spam`,
      });
      expect(r.statusCode).toBe(303);
    }
    const page = await server.inject({ url: `/tin-tuc/${slug}` });
    expect(page.body).not.toContain('Nội dung quảng cáo rác ở đây');
    const officerEmail = `can.bo.${ctx.dbKind}@example.com`;
    await insertAccount(ctx, { email: officerEmail, name: 'Cán bộ phường', password: 'MatKhau@2026!', kind: 'official', roles: [{ role: 'officer', agencyId }] });
    const { token } = await login(ctx, { login: officerEmail, password: 'MatKhau@2026!' }, {});
    const queue = await server.inject({ url: '/quan-tri/binh-luan?tab=hidden', headers: { cookie: `dt_session=${token}` } });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Nội dung quảng cáo rác ở đây');
    expect(queue.body).toContain('Tự động ẩn do nhiều báo cáo');
  }, 600_000);
  it('an officer writes an article with a picture through the editor form, refused fields shown beside them', async () => {
    const { server, ctx } = getApp();
    const email = `bien.tap.${ctx.dbKind}@example.com`;
    await insertAccount(ctx, { email, name: 'Biên tập viên', password: 'MatKhau@2026!', kind: 'official', roles: [{ role: 'officer', agencyId }] });
    const { token } = await login(ctx, { login: email, password: 'MatKhau@2026!' }, {});
    const cookie = `dt_session=${token}; dt_csrf=${CSRF}`;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a3141b' } }).png().toBuffer();
    const multipart = (fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) => {
      const b = '----doithoai' + Math.random().toString(16).slice(2);
      const parts: Buffer[] = [];
      for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
      if (file) {
        parts.push(Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="image"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`));
        parts.push(file.data, Buffer.from('\r\n'));
      }
      parts.push(Buffer.from(`--${b}--\r\n`));
      return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}`, cookie, accept: 'text/html' } };
    };
    const fields = { title: 'Tin có ảnh minh họa', summary: 'Một tin bài có ảnh để thử biểu mẫu biên tập.', body: 'Nội dung tin bài có ảnh minh họa.', agencyId: String(agencyId), imageCaption: 'Ảnh thử' };
    const bad = await server.inject({ method: 'POST', url: `/can-bo/tin-tuc?_csrf=${CSRF}`, ...multipart({ ...fields, title: '' }) });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="title-error"');
    const notImage = await server.inject({ method: 'POST', url: `/can-bo/tin-tuc?_csrf=${CSRF}`, ...multipart(fields, { name: 'anh.png', type: 'image/png', data: Buffer.from('<html><script>alert(1)</script></html>') }) });
    expect(notImage.statusCode).toBe(422);
    expect(notImage.body).toContain('id="image-error"');
    const ok = await server.inject({ method: 'POST', url: `/can-bo/tin-tuc?_csrf=${CSRF}`, ...multipart(fields, { name: 'anh.png', type: 'image/png', data: png }) });
    expect(ok.statusCode).toBe(303);
    const id = Number(String(ok.headers.location).split('/').pop());
    const a = (await getArticle(ctx.db, id))!;
    expect(a).toMatchObject({ title: 'Tin có ảnh minh họa', status: 'draft', agencyId });
    expect((await server.inject({ url: `/tep/${a.imageFileId}` })).statusCode).toBe(404);
    expect((await server.inject({ url: `/tep/${a.imageFileId}`, headers: { cookie } })).statusCode).toBe(200);
    const pub = await server.inject({ method: 'POST', url: `/can-bo/tin-tuc/${id}/dang`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, accept: 'text/html' }, payload: `_csrf=${CSRF}&publishAt=` });
    expect(pub.statusCode).toBe(303);
    const page = await server.inject({ url: `/tin-tuc/${a.slug}` });
    expect(page.body).toContain(`<img src="/tep/${a.imageFileId}" alt="Ảnh thử"`);
    expect((await server.inject({ url: `/tep/${a.imageFileId}` })).statusCode).toBe(200);
  }, 600_000);
});

describeEachEngine(
  'news demo',
  (getApp) => {
    it('has the source article with its comments, an official reply and a comment awaiting moderation', async () => {
      const { server } = getApp();
      const list = await server.inject({ url: '/tin-tuc' });
      expect(list.body).toContain('Phát huy vai trò người đứng đầu trong đối thoại trực tiếp với Nhân dân');
      const page = await server.inject({ url: '/tin-tuc/phat-huy-vai-tro-nguoi-dung-dau-trong-doi-thoai-truc-tiep-voi-nhan-dan' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Triển khai thực hiện nghiêm Quy định số 12-QĐi/TU ngày 27/2/2019');
      // No photo, so no caption; and no body abolished on 1/7/2025 (the city party committee and People's Committee).
      expect(page.body).not.toMatch(/Thành ủy|UBND Thành phố|<figcaption/);
      expect(page.body).toContain('Bạn còn 500/500 ký tự');
      expect(page.body).toContain('Ủy ban nhân dân phường Chiềng Cơi trả lời');
      expect(page.body).toContain('(6 bình luận)');
      expect(page.body).not.toContain('đèn chiếu sáng đường liên tổ');
    });
  },
  { demo: true },
);
