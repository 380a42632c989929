import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { setSetting } from '../../platform/settings/settings';
import { registerCommentTarget } from './targets';

registerCommentTarget('testpage', {
  canComment: async () => true,
  link: (id) => `/thu/${id}`,
  title: async (_db, id) => (id === 404 ? null : `Trang thử ${id}`),
});

const CSRF = 'csrf-token-for-tests-0123456789';
const SYS = { id: null, label: 'system' };
const SHORT = 'Bạn vui lòng nhập từ 5 ký tự trở lên !!!';

function form(fields: Record<string, string>): string {
  return new URLSearchParams({ _csrf: CSRF, ...fields }).toString();
}

describeEachEngine('comments routes', (getApp) => {
  beforeAll(async () => {
    await setSetting(getApp().ctx.db, SYS, 'comments.rateMaxPerIp', 1000);
  });

  const postForm = (fields: Record<string, string>, ip = '10.2.0.1') =>
    getApp().server.inject({
      method: 'POST',
      url: '/binh-luan',
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: `dt_csrf=${CSRF}` },
      payload: form(fields),
    });
  const postJson = (body: unknown, ip = '10.3.0.1') =>
    getApp().server.inject({ method: 'POST', url: '/api/v1/comments', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  it('without JavaScript, the server refuses under 5 characters on a 422 page with the message beside the box and the text kept', async () => {
    const res = await postForm({ targetType: 'testpage', targetId: '1', body: '  Vie\u0323\u0302t ', guestName: 'Lò Văn Thành', guestContact: 'thanh@example.vn' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<p class="field-error" id="comment-body-error" role="alert">${SHORT}</p>`);
    expect(res.body).toContain('aria-invalid="true"');
    // The text and the guest's details are kept; the counter counts what was typed (4 characters).
    expect(res.body).toMatch(/<textarea[^>]*id="comment-body"[^>]*> {2}Vie\u0323\u0302t <\/textarea>/);
    expect(res.body).toContain('Bạn còn 496/500 ký tự');
    expect(res.body).toContain('value="Lò Văn Thành"');
    expect(res.body).toContain('value="thanh@example.vn"');
  });

  it('without JavaScript, the server refuses over 500 characters and shows the overflow', async () => {
    const res = await postForm({ targetType: 'testpage', targetId: '1', body: 'a'.repeat(512), guestName: 'Lò Văn Thành', guestContact: 'thanh@example.vn' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Bình luận không được vượt quá 500 ký tự (hiện có 512 ký tự). Vui lòng rút gọn trước khi gửi.');
    expect(res.body).toContain('Bạn còn 0/500 ký tự');
    expect(res.body).toContain('Vượt quá 12 ký tự');
    expect(res.body).toContain('a'.repeat(512)); // never cut
  });

  it('a guest comment by form is held and the person is sent back to the page', async () => {
    const res = await postForm({ targetType: 'testpage', targetId: '2', body: 'Ý kiến của khách gửi qua biểu mẫu', guestName: 'Hà Thị Thu', guestContact: '0987654321' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/thu/2#binh-luan');
    expect(String(res.headers['set-cookie'])).toContain('comments.flash.held');
    const list = await getApp().server.inject({ url: '/api/v1/comments?targetType=testpage&targetId=2' });
    expect(list.json()).toMatchObject({ items: [], total: 0 });
  });

  it('the JSON API applies the same rules with the exact messages (problem+json)', async () => {
    const short = await postJson({ targetType: 'testpage', targetId: 1, body: '🇻🇳🇻🇳🇻🇳🇻🇳', guestName: 'Hoa', guestContact: 'hoa@example.vn' });
    expect(short.statusCode).toBe(422);
    expect(short.headers['content-type']).toContain('application/problem+json');
    expect(short.json().errors).toContainEqual({ field: 'body', message: SHORT });
    const long = await postJson({ targetType: 'testpage', targetId: 1, body: 'ệ'.repeat(501), guestName: 'Hoa', guestContact: 'hoa@example.vn' });
    expect(long.statusCode).toBe(422);
    expect(long.json().errors).toContainEqual({ field: 'body', message: 'Bình luận không được vượt quá 500 ký tự (hiện có 501 ký tự). Vui lòng rút gọn trước khi gửi.' });
    const huge = await postJson({ targetType: 'testpage', targetId: 1, body: 'x'.repeat(200_000), guestName: 'Hoa', guestContact: 'hoa@example.vn' });
    expect(huge.statusCode).toBeGreaterThanOrEqual(400);
    expect(huge.statusCode).toBeLessThan(500);
    const wrongType = await postJson({ targetType: 'testpage', targetId: 1, body: 12345, guestName: 'Hoa', guestContact: 'hoa@example.vn' });
    expect(wrongType.statusCode).toBe(422);
    const missing = await postJson({ targetType: 'testpage', targetId: 404, body: 'Không có trang này đâu', guestName: 'Hoa', guestContact: 'hoa@example.vn' });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps HTML and script as text: stored as typed, returned as data', async () => {
    await setSetting(getApp().ctx.db, SYS, 'comments.guestModeration', false);
    try {
      const body = '<script>alert("xss")</script><img src=x onerror=alert(1)> <b>Xin chào</b>';
      const res = await postJson({ targetType: 'testpage', targetId: 3, body, guestName: 'Người thử', guestContact: 'thu@example.vn' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ held: false, comment: { body } });
      const list = (await getApp().server.inject({ url: '/api/v1/comments?targetType=testpage&targetId=3' })).json();
      expect(list.items[0].body).toBe(body);
      expect(list.items[0]).not.toHaveProperty('author.userId');
    } finally {
      await setSetting(getApp().ctx.db, SYS, 'comments.guestModeration', true);
    }
  });

  it('throttles a flood from one address with 429 and a Vietnamese message', async () => {
    await setSetting(getApp().ctx.db, SYS, 'comments.rateMaxPerIp', 3);
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await postJson({ targetType: 'testpage', targetId: 4, body: `Ý kiến số ${i + 1} của tôi`, guestName: 'Người gửi nhiều', guestContact: 'nhieu@example.vn' }, '10.66.0.1');
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      expect(last!.json().detail).toBe('Bạn đã gửi quá nhiều bình luận trong 10 phút qua. Vui lòng thử lại sau ít phút.');
      const other = await postJson({ targetType: 'testpage', targetId: 4, body: 'Từ một địa chỉ khác', guestName: 'Người khác', guestContact: 'khac@example.vn' }, '10.66.0.2');
      expect(other.statusCode).toBe(201);
    } finally {
      await setSetting(getApp().ctx.db, SYS, 'comments.rateMaxPerIp', 1000);
    }
  });

  it('refuses a report from someone not signed in, and the moderation queue to a guest', async () => {
    const r = await getApp().server.inject({ method: 'POST', url: '/api/v1/comments/1/reports', headers: { 'content-type': 'application/json' }, payload: '{"reason":"spam"}' });
    expect(r.statusCode).toBe(401);
    const q = await getApp().server.inject({ url: '/quan-tri/binh-luan', headers: { accept: 'text/html' } });
    expect([401, 302, 303]).toContain(q.statusCode);
  });
});
