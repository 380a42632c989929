import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type TestApp } from '../../test/harness';
import type { Principal } from '../../platform/access/principal';
import { setSetting } from '../../platform/settings/settings';
import { ValidationError, HttpError } from '../../platform/http/errors';
import { translator } from '../../platform/i18n/i18n';
import { createAgency } from '../directory/service';
import { registerCommentTarget } from './targets';
import {
  addWord,
  allComments,
  blockAuthor,
  countComments,
  listComments,
  listQueue,
  markComment,
  moderateComment,
  postComment,
  reportComment,
  unblockUser,
} from './service';
import { generateComments } from './generator';

const t = translator('vi');
const SYS = { id: null, label: 'system' };

// One agency per app (each engine has its own database): the test target's moderators.
const agencyOf = new Map<TestApp, number>();
let current: TestApp;

registerCommentTarget('testpage', {
  canComment: async (_ctx, _p, id) => (id === 999 ? 'comments.error.closed' : true),
  link: (id) => `/thu/${id}`,
  title: async (_db, id) => (id === 404 ? null : `Trang thử ${id}`),
  scope: async () => ({ unitCode: '03670', agencyId: agencyOf.get(current) ?? null }),
  sections: async (_db, id) => (id === 77 ? [{ key: 'dieu-1', label: 'Điều 1' }] : []),
});

function person(id: number, name: string, roles: Principal['roles'] = []): Principal {
  return { id, name, email: null, phone: null, kind: roles.length ? 'official' : 'citizen', unitCode: '03670', roles, via: 'session' };
}

async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationError) return e.messages(t);
    throw e;
  }
  throw new Error('expected a ValidationError');
}

async function httpError(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error('expected an HttpError');
}

describeEachEngine('comments service', (getApp) => {
  let admin: Principal;
  let officer: Principal;
  let agencyId: number;
  const citizen = person(5001, 'Nguyễn Văn An');
  const citizen2 = person(5002, 'Lò Thị Hoa');
  const ip = { ip: '10.0.0.1' };

  beforeAll(async () => {
    const app = getApp();
    current = app;
    admin = person(9001, 'Quản trị', [{ role: 'admin', agencyId: 0, unitCode: '14', provinceCode: '14', unitLevel: 'province' }]);
    const agency = await createAgency(app.ctx, admin, { name: 'Ủy ban nhân dân phường Chiềng Cơi', kind: 'peoples_committee', unitCode: '03670' });
    agencyId = agency.id;
    agencyOf.set(app, agencyId);
    officer = person(9002, 'Cầm Văn Dũng', [{ role: 'officer', agencyId, unitCode: '03670', provinceCode: '14', unitLevel: 'commune' }]);
    await setSetting(app.ctx.db, SYS, 'comments.rateMaxPerAccount', 1000);
    await setSetting(app.ctx.db, SYS, 'comments.rateMaxPerIp', 1000);
  });

  it('refuses fewer than 5 and more than 500 characters with the exact messages', async () => {
    const { ctx } = getApp();
    const short = await fieldErrors(postComment(ctx, citizen, { targetType: 'testpage', targetId: 1, body: '  abcd  ' }, ip));
    expect(short.body).toBe('Bạn vui lòng nhập từ 5 ký tự trở lên !!!');
    const decomposedShort = await fieldErrors(postComment(ctx, citizen, { targetType: 'testpage', targetId: 1, body: 'Vie\u0323\u0302t' }, ip));
    expect(decomposedShort.body).toBe('Bạn vui lòng nhập từ 5 ký tự trở lên !!!');
    const long = await fieldErrors(postComment(ctx, citizen, { targetType: 'testpage', targetId: 1, body: 'ệ'.repeat(501) }, ip));
    expect(long.body).toBe('Bình luận không được vượt quá 500 ký tự (hiện có 501 ký tự). Vui lòng rút gọn trước khi gửi.');
    // 500 decomposed letters are 500 characters: accepted, stored NFC.
    const ok = await postComment(ctx, citizen, { targetType: 'testpage', targetId: 1, body: ` ${'e\u0323\u0302'.repeat(500)} ` }, ip);
    expect(ok.held).toBe(false);
    expect(ok.comment.body).toBe('ệ'.repeat(500));
    expect(await countComments(ctx.db, 'testpage', 1)).toEqual({ total: 1, top: 1 });
  });

  it('holds a guest comment for moderation until approved, and refuses a guest posing as an official', async () => {
    const { ctx } = getApp();
    const r = await postComment(ctx, null, { targetType: 'testpage', targetId: 2, body: 'Ý kiến của khách về bài viết', guestName: 'Trần Văn Khách', guestContact: '0912 345 678' }, ip);
    expect(r.held).toBe(true);
    expect((await listComments(ctx.db, { targetType: 'testpage', targetId: 2, order: 'newest', viewer: null })).items).toHaveLength(0);
    const queue = await listQueue(ctx.db, officer, { tab: 'pending' });
    const item = queue.items.find((i) => i.id === r.comment.id)!;
    expect(item).toMatchObject({ holdReason: 'guest', guestContact: '0912345678' });
    await moderateComment(ctx, officer, r.comment.id, 'approve');
    const page = await listComments(ctx.db, { targetType: 'testpage', targetId: 2, order: 'newest', viewer: null });
    expect(page.items.map((c) => c.body)).toEqual(['Ý kiến của khách về bài viết']);
    expect(page.items[0].author).toMatchObject({ name: 'Trần Văn Khách', guest: true, agency: null });

    for (const name of ['UBND phường Chiềng Cơi', 'Ủy ban nhân dân phường', 'Chủ tịch Lường Văn Thắng', 'CHU TICH XA', 'uỷ ban']) {
      const e = await fieldErrors(postComment(ctx, null, { targetType: 'testpage', targetId: 2, body: 'Tôi trả lời chính thức', guestName: name, guestContact: 'a@b.vn' }, ip));
      expect(e.guestName, name).toBe(t('comments.error.impersonation'));
    }
    const noContact = await fieldErrors(postComment(ctx, null, { targetType: 'testpage', targetId: 2, body: 'Một ý kiến khác', guestName: 'Hoa' }, ip));
    expect(noContact.guestContact).toBe(t('comments.error.guestContact'));
  });

  it('lets an official reply as an agency they hold a role at, and no other', async () => {
    const { ctx } = getApp();
    const top = await postComment(ctx, citizen, { targetType: 'testpage', targetId: 3, body: 'Khi nào đường tổ 5 được sửa?' }, ip);
    const reply = await postComment(ctx, officer, { targetType: 'testpage', targetId: 3, parentId: top.comment.id, body: 'Phường sẽ sửa trong quý III.', asAgencyId: agencyId }, ip);
    expect(reply.comment.author.agency).toEqual({ id: agencyId, name: 'Ủy ban nhân dân phường Chiềng Cơi' });
    const e = await httpError(postComment(ctx, citizen, { targetType: 'testpage', targetId: 3, body: 'Tôi trả lời thay phường', asAgencyId: agencyId }, ip));
    expect([e.status, e.messageKey]).toEqual([403, 'comments.error.notYourAgency']);
    const guest = await httpError(postComment(ctx, null, { targetType: 'testpage', targetId: 3, body: 'Tôi trả lời thay phường', asAgencyId: agencyId, guestName: 'Hoa', guestContact: 'hoa@example.vn' }, ip));
    expect(guest.status).toBe(403);

    // A reply to a reply joins the top-level thread (one level deep).
    const nested = await postComment(ctx, citizen2, { targetType: 'testpage', targetId: 3, parentId: reply.comment.id, body: 'Cảm ơn phường đã trả lời.' }, ip);
    expect(nested.comment.parentId).toBe(top.comment.id);
    const page = await listComments(ctx.db, { targetType: 'testpage', targetId: 3, order: 'newest', viewer: null });
    expect(page.items).toHaveLength(1);
    expect(page.items[0].replies.map((r) => r.body)).toEqual(['Phường sẽ sửa trong quý III.', 'Cảm ơn phường đã trả lời.']);
    expect(page.items[0].replyCount).toBe(2);
    expect(page.total).toBe(3);
  });

  it('hides a comment automatically after N reports, one report per user', async () => {
    const { ctx } = getApp();
    const c = await postComment(ctx, citizen, { targetType: 'testpage', targetId: 4, body: 'Bình luận gây tranh cãi' }, ip);
    await reportComment(ctx, person(6001, 'A'), c.comment.id, { reason: 'spam' });
    const again = await httpError(reportComment(ctx, person(6001, 'A'), c.comment.id, { reason: 'spam' }));
    expect([again.status, again.messageKey]).toEqual([409, 'comments.error.alreadyReported']);
    const own = await httpError(reportComment(ctx, citizen, c.comment.id, { reason: 'spam' }));
    expect(own.messageKey).toBe('comments.error.reportOwn');
    expect((await reportComment(ctx, person(6002, 'B'), c.comment.id, { reason: 'offensive' })).hidden).toBe(false);
    expect((await listQueue(ctx.db, officer, { tab: 'reported' })).items.map((i) => i.id)).toContain(c.comment.id);
    expect((await reportComment(ctx, person(6003, 'C'), c.comment.id, { reason: 'off_topic' })).hidden).toBe(true);
    expect((await listComments(ctx.db, { targetType: 'testpage', targetId: 4, order: 'newest', viewer: null })).items).toHaveLength(0);
    expect(await countComments(ctx.db, 'testpage', 4)).toEqual({ total: 0, top: 0 });
    const hidden = (await listQueue(ctx.db, officer, { tab: 'hidden' })).items.find((i) => i.id === c.comment.id)!;
    expect(hidden.holdReason).toBe('reports');

    // Restoring needs a reason, and is audited.
    const noReason = await fieldErrors(moderateComment(ctx, officer, c.comment.id, 'restore', { reason: '' }));
    expect(noReason.reason).toBe(t('comments.error.reasonRequired'));
    await moderateComment(ctx, officer, c.comment.id, 'restore', { reason: 'Không vi phạm quy định' });
    expect(await countComments(ctx.db, 'testpage', 4)).toEqual({ total: 1, top: 1 });
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'comment').where('entity_id', '=', String(c.comment.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['comment.create', 'comment.report', 'comment.report', 'comment.report', 'comment.autoHide', 'comment.restore']);

    // Only moderators of the target's agency (or administrators) moderate.
    const other = person(9100, 'Người khác', [{ role: 'officer', agencyId: agencyId + 1000, unitCode: '03671', provinceCode: '14', unitLevel: 'commune' }]);
    expect((await httpError(moderateComment(ctx, other, c.comment.id, 'hide', { reason: 'Thử quyền' }))).status).toBe(403);
    expect((await httpError(moderateComment(ctx, citizen2, c.comment.id, 'hide', { reason: 'Thử quyền' }))).status).toBe(403);
  });

  it('refuses a blocked user with a clear message, until unblocked', async () => {
    const { ctx } = getApp();
    const troll = person(7001, 'Kẻ phá rối');
    const c = await postComment(ctx, troll, { targetType: 'testpage', targetId: 5, body: 'Nội dung phá rối lần một' }, ip);
    await blockAuthor(ctx, officer, c.comment.id, { reason: 'Phá rối nhiều lần' });
    const e = await httpError(postComment(ctx, troll, { targetType: 'testpage', targetId: 5, body: 'Nội dung phá rối lần hai' }, ip));
    expect([e.status, t(e.messageKey)]).toEqual([403, 'Tài khoản của bạn đã bị chặn bình luận do vi phạm quy định. Vui lòng liên hệ ban quản trị nếu cần.']);
    await unblockUser(ctx, officer, troll.id);
    expect((await postComment(ctx, troll, { targetType: 'testpage', targetId: 5, body: 'Xin lỗi, tôi sẽ góp ý đúng mực' }, ip)).held).toBe(false);
  });

  it('holds a comment with a word of the list, whatever its case and diacritics', async () => {
    const { ctx } = getApp();
    for (const body of ['Bọn nhà cái lừa đảo', 'NHA CAI uy tín đây', 'Đồ ngu, không biết gì', 'do NGU thật']) {
      const r = await postComment(ctx, citizen, { targetType: 'testpage', targetId: 6, body }, ip);
      expect(r.held, body).toBe(true);
    }
    // Hidden characters and look-alike letters do not hide a word: zero-width space and joiner, soft hyphen, a bidi
    // override, a zero-width space for the space, full-width letters, a Cyrillic "а".
    for (const body of ['Đồ n\u200Bgu, không biết gì', 'Đồ n\u200Dgu thật sự', 'Đồ n\u00ADgu thật sự', 'Đồ n\u202Egu thật sự', 'Bọn nhà\u200Bcái lừa đảo', 'Đồ ｎｇｕ thật sự', 'Bọn nh\u0430 cái lừa đảo']) {
      const r = await postComment(ctx, citizen, { targetType: 'testpage', targetId: 16, body }, ip);
      expect(r.held, JSON.stringify(body)).toBe(true);
    }
    // Words are matched whole: "Casinova" or "đồ nguội" do not trip the list.
    expect((await postComment(ctx, citizen, { targetType: 'testpage', targetId: 6, body: 'Quán Casinova bán đồ nguội ngon' }, ip)).held).toBe(false);
    await addWord(ctx, admin, { word: 'Đường dây nóng giả' });
    expect((await postComment(ctx, citizen, { targetType: 'testpage', targetId: 6, body: 'Gọi duong day nong gia này nhé' }, ip)).held).toBe(true);
    const queue = await listQueue(ctx.db, admin, { tab: 'pending' });
    expect(queue.items.filter((i) => i.targetId === 6).every((i) => i.holdReason === 'words')).toBe(true);
    // The viewer sees their own held comments on the first page, marked.
    const own = await listComments(ctx.db, { targetType: 'testpage', targetId: 6, order: 'newest', viewer: citizen });
    expect(own.items.filter((i) => i.pendingOwn)).toHaveLength(5);
    expect((await listComments(ctx.db, { targetType: 'testpage', targetId: 6, order: 'newest', viewer: citizen2 })).items).toHaveLength(1);
  });

  it('throttles a flood from one address and one account with 429', async () => {
    const { ctx } = getApp();
    await setSetting(ctx.db, SYS, 'comments.rateMaxPerIp', 3);
    try {
      for (let i = 0; i < 3; i++) await postComment(ctx, person(8000 + i, `Người ${i}`), { targetType: 'testpage', targetId: 7, body: `Ý kiến số ${i + 1}` }, { ip: '10.9.9.9' });
      const e = await httpError(postComment(ctx, person(8100, 'Người mới'), { targetType: 'testpage', targetId: 7, body: 'Ý kiến thứ tư' }, { ip: '10.9.9.9' }));
      expect([e.status, t(e.messageKey, e.params)]).toEqual([429, 'Bạn đã gửi quá nhiều bình luận trong 10 phút qua. Vui lòng thử lại sau ít phút.']);
      // Another address is not affected; after the window the address may post again.
      await postComment(ctx, person(8101, 'Người khác'), { targetType: 'testpage', targetId: 7, body: 'Ý kiến từ nơi khác' }, { ip: '10.9.9.10' });
      getApp().clock.advance(11 * 60_000);
      await postComment(ctx, person(8102, 'Người sau'), { targetType: 'testpage', targetId: 7, body: 'Ý kiến sau đó' }, { ip: '10.9.9.9' });
    } finally {
      await setSetting(ctx.db, SYS, 'comments.rateMaxPerIp', 1000);
    }
    await setSetting(ctx.db, SYS, 'comments.rateMaxPerAccount', 2);
    try {
      const p = person(8200, 'Một người');
      await postComment(ctx, p, { targetType: 'testpage', targetId: 7, body: 'Lần thứ nhất' }, { ip: '10.1.1.1' });
      await postComment(ctx, p, { targetType: 'testpage', targetId: 7, body: 'Lần thứ hai' }, { ip: '10.1.1.2' });
      expect((await httpError(postComment(ctx, p, { targetType: 'testpage', targetId: 7, body: 'Lần thứ ba' }, { ip: '10.1.1.3' }))).status).toBe(429);
    } finally {
      await setSetting(ctx.db, SYS, 'comments.rateMaxPerAccount', 1000);
    }
  });

  it('refuses closed targets, missing targets and unknown sections', async () => {
    const { ctx } = getApp();
    expect((await httpError(postComment(ctx, citizen, { targetType: 'testpage', targetId: 999, body: 'Đã hết hạn góp ý' }, ip))).status).toBe(403);
    expect((await httpError(postComment(ctx, citizen, { targetType: 'testpage', targetId: 404, body: 'Không có trang này' }, ip))).status).toBe(404);
    expect((await httpError(postComment(ctx, citizen, { targetType: 'nope', targetId: 1, body: 'Không có loại này' }, ip))).status).toBe(404);
    const e = await fieldErrors(postComment(ctx, citizen, { targetType: 'testpage', targetId: 77, section: 'dieu-9', body: 'Góp ý điều 9' }, ip));
    expect(e.section).toBe(t('comments.error.section'));
    const ok = await postComment(ctx, citizen, { targetType: 'testpage', targetId: 77, section: 'dieu-1', body: 'Góp ý điều 1' }, ip);
    expect(ok.comment.section).toBe('dieu-1');
    expect((await listComments(ctx.db, { targetType: 'testpage', targetId: 77, order: 'newest', section: 'dieu-1', viewer: null })).items).toHaveLength(1);
  });

  it('records consultation decisions (explanation required unless accepted), for the synthesis report', async () => {
    const { ctx } = getApp();
    const a = await postComment(ctx, citizen, { targetType: 'testpage', targetId: 8, body: 'Đề nghị mở rộng đường' }, ip);
    const b = await postComment(ctx, citizen2, { targetType: 'testpage', targetId: 8, body: 'Đề nghị giữ cây xanh' }, ip);
    const before = await listComments(ctx.db, { targetType: 'testpage', targetId: 8, order: 'oldest', viewer: null });
    expect(before.items.map((c) => c.decision)).toEqual([null, null]);
    await ctx.db.transaction().execute((tx) => markComment(tx, { id: officer.id, label: officer.name }, a.comment.id, { decision: 'accepted' }));
    // Anonymous pages are cached per target version: a decision is a change readers see at once.
    const after = await listComments(ctx.db, { targetType: 'testpage', targetId: 8, order: 'oldest', viewer: null });
    expect(after.items.map((c) => c.decision)).toEqual(['accepted', null]);
    await expect(ctx.db.transaction().execute((tx) => markComment(tx, { id: officer.id, label: officer.name }, b.comment.id, { decision: 'explained' }))).rejects.toBeInstanceOf(ValidationError);
    await ctx.db.transaction().execute((tx) => markComment(tx, { id: officer.id, label: officer.name }, b.comment.id, { decision: 'explained', explanation: 'Cây xanh được giữ nguyên theo quy hoạch.' }));
    const all = await allComments(ctx.db, 'testpage', 8);
    expect(all.map((c) => [c.body, c.decision, c.explanation])).toEqual([
      ['Đề nghị mở rộng đường', 'accepted', null],
      ['Đề nghị giữ cây xanh', 'explained', 'Cây xanh được giữ nguyên theo quy hoạch.'],
    ]);
  });

  it('pages through 1,200 comments (ties on time included) returning each exactly once, both orders', async () => {
    const { ctx } = getApp();
    await generateComments(ctx.db, { targetType: 'testpage', targetId: 100, count: 1200, sameTime: true, repliesPer: 2 });
    for (const order of ['newest', 'oldest'] as const) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await listComments(ctx.db, { targetType: 'testpage', targetId: 100, order, cursor, viewer: null, limit: 50 });
        seen.push(...page.items.map((c) => c.id));
        for (const c of page.items) expect(c.replies.length).toBe(c.id % 10 === 0 ? 2 : 0);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(pages).toBe(24);
      expect(seen).toHaveLength(1200);
      expect(new Set(seen).size).toBe(1200);
      const sorted = [...seen].sort((x, y) => (order === 'newest' ? y - x : x - y));
      expect(seen).toEqual(sorted);
    }
    expect((await countComments(ctx.db, 'testpage', 100)).top).toBe(1200);
  });
});
