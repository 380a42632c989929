import { beforeAll, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { describeEachEngine, type TestApp } from '../../test/harness';
import { seedDirectoryDemo } from '../directory/seed';
import { seedAccounts } from '../accounts/seed';
import { loginAs } from '../accounts/testing';
import { getAgencyByCode } from '../directory/service';
import { usersWithRole } from '../accounts/service';
import { listNotifications } from '../notifications/service';
import { postComment } from '../comments';
import { setSetting } from '../../platform/settings/settings';
import { addDays, todayInVietnam } from '../../platform/calendar/dates';
import { verifyAudit } from '../../platform/audit/audit';
import { docxText } from '../../platform/documents/zip';
import type { Principal } from '../../platform/access/principal';
import { principalOfUser, seedDisclosureDemo, DEMO_MAP_LAYER } from './seed';
import {
  createDocument,
  followDocument,
  getDocument,
  listDisclosureCategories,
  listDocuments,
  postingPeriod,
  publishDocument,
  withdrawDocument,
} from './service';
import { closeIfDue, getConsultation, openConsultation, runConsultationSchedule, sectionKey } from './consultation';
import { quarterOf } from './quarterly';
import { parseMapLayer } from './map';
import { COMMENT_TARGET } from './model';
import { disclosureModule } from './index';

type Who = 'officer' | 'head' | 'admin' | 'front' | 'otherHead' | 'supervisor' | 'citizen';
const LOGINS: Record<Who, string> = {
  officer: 'chuyenvien@example.com',
  head: 'chutich@example.com',
  admin: 'quantri@example.com',
  front: 'mattran@example.com',
  otherHead: 'bithu@example.com',
  supervisor: 'sonla@example.com',
  citizen: 'congdan@example.com',
};

function errorText(html: string, field: string): string | null {
  const m = new RegExp(`id="${field.replace(/\./g, '\\.')}-error"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1] : null;
}

function multipart(fields: Record<string, string>, files: Array<{ field: string; name: string; type: string; data: Buffer }>) {
  const boundary = '----dt' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${f.field}"; filename="${f.name}"\r\ncontent-type: ${f.type}\r\n\r\n`));
    parts.push(f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describeEachEngine('disclosure and consultation', (getApp) => {
  let app: TestApp;
  let ward: number;
  let party: number;
  let province: number;
  const sessions = new Map<Who, { cookie: string; csrf: string }>();
  const principals = new Map<Who, Principal>();
  let cat: (code: string) => number;

  const as = (who: Who) => sessions.get(who)!;
  const p = (who: Who) => principals.get(who)!;
  const today = () => todayInVietnam(app.clock.now());
  const get = (url: string, who?: Who) =>
    app.server.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(who ? { cookie: as(who).cookie } : {}) } });
  const post = (url: string, who: Who, body: Record<string, unknown>) => {
    const form = new URLSearchParams();
    form.append('_csrf', as(who).csrf);
    for (const [k, v] of Object.entries(body)) {
      if (v === undefined || v === null) continue;
      for (const x of Array.isArray(v) ? v : [v]) form.append(k, String(x));
    }
    return app.server.inject({
      method: 'POST',
      url,
      headers: { accept: 'text/html', cookie: as(who).cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
  };

  const base = () => ({
    agencyId: ward,
    categoryId: cat('socio_economic_plan'),
    title: 'Kế hoạch phát triển kinh tế - xã hội năm 2027',
    summary: 'Mục tiêu, chỉ tiêu và giải pháp phát triển kinh tế - xã hội của phường.',
    forms: ['notice_board', 'web_portal'],
  });

  beforeAll(async () => {
    app = getApp();
    app.clock.reset();
    await seedDirectoryDemo(app.ctx);
    await seedAccounts(app.ctx);
    ward = (await getAgencyByCode(app.ctx.db, 'UBND-03670'))!.id;
    party = (await getAgencyByCode(app.ctx.db, 'DU-03670'))!.id;
    province = (await getAgencyByCode(app.ctx.db, 'UBND-14'))!.id;
    const cats = new Map((await listDisclosureCategories(app.ctx.db)).map((c) => [c.code, c.id]));
    cat = (code) => cats.get(code)!;
    for (const who of Object.keys(LOGINS) as Who[]) sessions.set(who, await loginAs(app, LOGINS[who]));
    const ids: Record<Who, number> = {
      officer: (await usersWithRole(app.ctx.db, { role: 'officer', agencyId: ward }))[0],
      head: (await usersWithRole(app.ctx.db, { role: 'head', agencyId: ward }))[0],
      admin: (await usersWithRole(app.ctx.db, { role: 'admin', agencyId: province }))[0],
      front: (await usersWithRole(app.ctx.db, { role: 'front_officer', agencyId: (await getAgencyByCode(app.ctx.db, 'MTTQ-03670'))!.id }))[0],
      otherHead: (await usersWithRole(app.ctx.db, { role: 'head', agencyId: party }))[0],
      supervisor: (await usersWithRole(app.ctx.db, { role: 'supervisor', agencyId: (await getAgencyByCode(app.ctx.db, 'VP-UBND-14'))!.id }))[0],
      citizen: 0,
    };
    for (const who of Object.keys(ids) as Who[]) if (ids[who]) principals.set(who, await principalOfUser(app.ctx.db, ids[who]));
  }, 600_000);

  it('lets officers and heads of the issuing agency and administrators draft and publish, and nobody else', async () => {
    // Officer pages: a guest is sent to sign in; roles that do not issue documents are refused.
    const guest = await app.server.inject({ method: 'GET', url: '/can-bo/cong-khai', headers: { accept: 'text/html' } });
    expect(guest.statusCode).toBe(303);
    expect(guest.headers.location).toContain('/dang-nhap?next=');
    for (const who of ['citizen', 'front', 'supervisor'] as Who[]) {
      expect((await get('/can-bo/cong-khai/moi', who)).statusCode, who).toBe(403);
      expect((await post('/can-bo/cong-khai/moi', who, base())).statusCode, who).toBe(403);
    }
    // A head of another agency (the party committee) may not issue for the People's Committee.
    const other = await post('/can-bo/cong-khai/moi', 'otherHead', base());
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('Chỉ cán bộ, lãnh đạo của cơ quan ban hành');

    for (const who of ['officer', 'head', 'admin'] as Who[]) {
      const form = await get('/can-bo/cong-khai/moi', who);
      expect(form.statusCode, who).toBe(200);
      const res = await post('/can-bo/cong-khai/moi', who, { ...base(), title: `Kế hoạch của ${who}` });
      expect(res.statusCode, who).toBe(303);
      const id = Number(/\/can-bo\/cong-khai\/(\d+)/.exec(res.headers.location as string)![1]);
      // A draft is not public, and not revealed to other officials.
      expect((await get(`/cong-khai/${id}`)).statusCode).toBe(404);
      expect((await get(`/cong-khai/${id}`, 'otherHead')).statusCode).toBe(404);
      expect((await app.server.inject({ url: `/api/v1/documents/${id}` })).statusCode).toBe(404);
      expect((await get(`/cong-khai/${id}`, who)).statusCode).toBe(200);
      expect((await post(`/can-bo/cong-khai/${id}/cong-bo`, 'otherHead', {})).statusCode).toBe(404);
      expect((await post(`/can-bo/cong-khai/${id}/cong-bo`, 'citizen', {})).statusCode).toBe(403);
      const pub = await post(`/can-bo/cong-khai/${id}/cong-bo`, who, {});
      expect(pub.statusCode, who).toBe(303);
      expect((await getDocument(app.ctx.db, id))!.status).toBe('published');
      expect((await get(`/cong-khai/${id}`)).statusCode).toBe(200);
      // Once published, others are refused (403), no longer hidden.
      expect((await post(`/can-bo/cong-khai/${id}/thu-hoi`, 'otherHead', { reason: 'Không đúng thẩm quyền' })).statusCode).toBe(403);
    }
    // A commune officer may not issue for the province.
    await expect(createDocument(app.ctx, p('officer'), { ...base(), agencyId: province })).rejects.toMatchObject({ status: 403 });
    // A provincial administrator may issue for the province and its communes.
    const provincial = await createDocument(app.ctx, p('admin'), { ...base(), agencyId: province, unitCode: '03670' });
    expect((await getDocument(app.ctx.db, provincial))!.unitCode).toBe('03670');
    // A commune agency may not issue for another commune.
    await expect(createDocument(app.ctx, p('officer'), { ...base(), unitCode: '03679' })).rejects.toMatchObject({ errors: { unitCode: 'disclosure.error.unit' } });
    // Every step is in the audit trail, and the chain holds.
    const actions = await app.ctx.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'document').execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['document.create', 'document.publish']));
    expect((await verifyAudit(app.ctx.db)).ok).toBe(true);
  });

  it('posts for the legal minimum by default, permanently for permanent categories, and refuses a shorter period beside the field', async () => {
    const t0 = today();
    const id = await createDocument(app.ctx, p('officer'), base());
    await publishDocument(app.ctx, p('officer'), id);
    let doc = (await getDocument(app.ctx.db, id))!;
    expect(doc.postedFrom).toBe(t0);
    expect(doc.postedUntil).toBe(addDays(t0, 30));

    // The minimum is a setting.
    await app.ctx.db.transaction().execute((tx) => setSetting(tx, { id: null, label: 'test' }, 'disclosure.minPostingDays', 45));
    const id2 = await createDocument(app.ctx, p('officer'), base());
    await publishDocument(app.ctx, p('officer'), id2);
    expect((await getDocument(app.ctx.db, id2))!.postedUntil).toBe(addDays(t0, 45));
    await app.ctx.db.transaction().execute((tx) => setSetting(tx, { id: null, label: 'test' }, 'disclosure.minPostingDays', 30));

    // Administrative procedures and democracy rules are posted permanently: no end date.
    for (const code of ['admin_procedures', 'democracy_rules']) {
      const pid = await createDocument(app.ctx, p('officer'), { ...base(), categoryId: cat(code), postedUntil: addDays(t0, 40) });
      await publishDocument(app.ctx, p('officer'), pid);
      doc = (await getDocument(app.ctx.db, pid))!;
      expect(doc.categoryPermanent).toBe(true);
      expect(doc.postedUntil).toBeNull();
    }

    // Shorter than 30 days: 422, the message beside "posted until", nothing written.
    const before = (await listDocuments(app.ctx, {}, { statuses: ['draft', 'published', 'withdrawn'] })).total;
    const res = await post('/can-bo/cong-khai/moi', 'officer', { ...base(), postedFrom: t0, postedUntil: addDays(t0, 10) });
    expect(res.statusCode).toBe(422);
    expect(errorText(res.body, 'postedUntil')).toContain('Thời gian niêm yết phải ít nhất 30 ngày');
    expect(res.body).toContain('Kế hoạch phát triển kinh tế - xã hội năm 2027'); // the text typed is kept
    expect((await listDocuments(app.ctx, {}, { statuses: ['draft', 'published', 'withdrawn'] })).total).toBe(before);
    // No form of disclosure chosen: the message beside the group.
    const noForms = await post('/can-bo/cong-khai/moi', 'officer', { ...base(), forms: undefined });
    expect(noForms.statusCode).toBe(422);
    expect(errorText(noForms.body, 'forms')).toBe('Vui lòng chọn ít nhất một hình thức công khai.');
    // The rule as a pure function, with its boundary.
    expect(postingPeriod({ postedFrom: '2026-03-01', postedUntil: '2026-03-31' }, { permanent: false, minDays: 30, defaultFrom: null }).errors).toEqual({});
    expect(postingPeriod({ postedFrom: '2026-03-01', postedUntil: '2026-03-30' }, { permanent: false, minDays: 30, defaultFrom: null }).errors).toEqual({
      postedUntil: 'disclosure.error.periodShort',
    });

    // Editing a published document through its form: audited with before and after; a withdrawn one is read-only.
    const editForm = await get(`/can-bo/cong-khai/${id2}/sua`, 'officer');
    expect(editForm.statusCode).toBe(200);
    expect(editForm.body).toContain('value="Kế hoạch phát triển kinh tế - xã hội năm 2027"');
    const edited = await post(`/can-bo/cong-khai/${id2}/sua`, 'officer', { ...base(), title: 'Kế hoạch phát triển kinh tế - xã hội năm 2027 (điều chỉnh)', postedFrom: t0, postedUntil: addDays(t0, 45) });
    expect(edited.statusCode).toBe(303);
    expect((await getDocument(app.ctx.db, id2))!.title).toBe('Kế hoạch phát triển kinh tế - xã hội năm 2027 (điều chỉnh)');
    const upd = await app.ctx.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'document.update').where('entity_id', '=', String(id2)).executeTakeFirstOrThrow();
    expect(JSON.stringify(upd.before)).toContain('"Kế hoạch phát triển kinh tế - xã hội năm 2027"');
    expect(JSON.stringify(upd.after)).toContain('(điều chỉnh)');
    expect((await post(`/can-bo/cong-khai/${id2}/sua`, 'otherHead', base())).statusCode).toBe(403);

    // Withdrawal needs a reason; the page says so; the quarterly list keeps it.
    await expect(withdrawDocument(app.ctx, p('officer'), id, { reason: '' })).rejects.toMatchObject({ errors: { reason: expect.any(String) } });
    await withdrawDocument(app.ctx, p('officer'), id, { reason: 'Thay thế bằng kế hoạch điều chỉnh' });
    expect((await post(`/can-bo/cong-khai/${id}/sua`, 'officer', base())).statusCode).toBe(409);
    const page = await get(`/cong-khai/${id}`);
    expect(page.body).toContain('Thay thế bằng kế hoạch điều chỉnh');
    expect((await listDocuments(app.ctx, { q: 'nothing-like-this' })).total).toBe(0);
  });

  it('finds "Kế hoạch" when searching "ke hoach", in the library, the API and the site search', async () => {
    const id = await createDocument(app.ctx, p('officer'), { ...base(), title: 'Kế hoạch thu gom rác thải sinh hoạt', tags: ['môi trường'] });
    await publishDocument(app.ctx, p('officer'), id);
    const found = await listDocuments(app.ctx, { q: 'ke hoach thu gom' });
    expect(found.items[0].id).toBe(id);
    const byTag = await listDocuments(app.ctx, { q: 'MOI TRUONG' });
    expect(byTag.items.map((d) => d.id)).toContain(id);
    const page = await get('/cong-khai?q=ke+hoach+thu+gom');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<mark>Kế</mark> <mark>hoạch</mark>');
    const api = await app.server.inject({ url: '/api/v1/documents?q=ke%20hoach%20thu%20gom' });
    expect(api.statusCode).toBe(200);
    expect(api.json().items[0]).toMatchObject({ id, title: 'Kế hoạch thu gom rác thải sinh hoạt', unit: { code: '03670' } });
    const one = await app.server.inject({ url: `/api/v1/documents/${id}` });
    expect(one.json()).toMatchObject({ id, consultation: null, forms: ['notice_board', 'web_portal'] });
    const bad = await app.server.inject({ url: '/api/v1/documents?limit=9999' });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    // Filters: currently posted, category, year.
    const posted = await listDocuments(app.ctx, { posted: true, category: cat('socio_economic_plan') });
    expect(posted.items.every((d) => d.status === 'published' && d.postedFrom! <= today())).toBe(true);
    expect((await listDocuments(app.ctx, { year: 1999 })).total).toBe(0);
    // The site search and the dashboards reach the module through its manifest.
    const hits = await disclosureModule.search!.search(app.ctx, 'ke hoach thu gom', { limit: 5, principal: null });
    expect(hits[0]).toMatchObject({ title: 'Kế hoạch thu gom rác thải sinh hoạt', href: `/cong-khai/${id}` });
    const published = disclosureModule.statistics!.find((s) => s.key === 'disclosure.published')!;
    expect(await published.compute(app.ctx.db, { unitCode: '03670' })).toBeGreaterThan(0);
    expect(await published.compute(app.ctx.db, { unitCode: '03679' })).toBe(0);
    const spec = await app.server.inject({ url: '/api/v1/openapi.json' });
    expect(Object.keys(spec.json().paths)).toEqual(expect.arrayContaining(['/api/v1/documents', '/api/v1/documents/{id}']));
    // Markup typed by an official is shown as text.
    const xss = await createDocument(app.ctx, p('officer'), { ...base(), title: 'Kế hoạch <script>alert(1)</script>', summary: '<img src=x onerror=alert(1)> tóm tắt kế hoạch' });
    await publishDocument(app.ctx, p('officer'), xss);
    const shown = await get(`/cong-khai/${xss}`);
    expect(shown.body).not.toContain('<script>alert(1)</script>');
    expect(shown.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(shown.body).not.toContain('<img src=x');
    // The officer's list shows the agency's documents of every status.
    const mine = await get('/can-bo/cong-khai', 'officer');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Kế hoạch thu gom rác thải sinh hoạt');
  });

  it('opens a consultation for at least 20 days, or shorter with a recorded reason shown beside the field', async () => {
    const id = await createDocument(app.ctx, p('officer'), { ...base(), title: 'Dự thảo quy chế dân chủ' });
    const t0 = today();
    // Not before it is published.
    await expect(openConsultation(app.ctx, p('officer'), id, { opensOn: t0, closesOn: addDays(t0, 25) })).rejects.toMatchObject({ status: 409 });
    await publishDocument(app.ctx, p('officer'), id);
    const form = await get(`/can-bo/cong-khai/${id}/lay-y-kien`, 'officer');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${addDays(t0, 20)}"`); // the default window is the legal minimum
    const short = await post(`/can-bo/cong-khai/${id}/lay-y-kien`, 'officer', { opensOn: t0, closesOn: addDays(t0, 10) });
    expect(short.statusCode).toBe(422);
    expect(errorText(short.body, 'shortReason')).toBe('Vui lòng nêu lý do lấy ý kiến ít hơn 20 ngày.');
    expect(errorText(short.body, 'closesOn')).toContain('ít nhất 20 ngày');
    expect(await getConsultation(app.ctx.db, id)).toBeUndefined();
    const past = await post(`/can-bo/cong-khai/${id}/lay-y-kien`, 'officer', { opensOn: addDays(t0, -1), closesOn: addDays(t0, 30) });
    expect(errorText(past.body, 'opensOn')).toBe('Ngày bắt đầu không được trước hôm nay.');
    // Someone else's officer cannot open it.
    expect((await post(`/can-bo/cong-khai/${id}/lay-y-kien`, 'otherHead', { opensOn: t0, closesOn: addDays(t0, 30) })).statusCode).toBe(403);
    const ok = await post(`/can-bo/cong-khai/${id}/lay-y-kien`, 'officer', {
      opensOn: t0,
      closesOn: addDays(t0, 10),
      shortReason: 'Cần ban hành trước mùa mưa bão',
      sectionTitle: ['Chương I', '', 'Chương II'],
      sectionQuestion: ['Phạm vi áp dụng?', '', ''],
    });
    expect(ok.statusCode).toBe(303);
    const c = (await getConsultation(app.ctx.db, id))!;
    expect(c.shortReason).toBe('Cần ban hành trước mùa mưa bão');
    expect(c.sections.map((s) => [s.position, s.title, s.question])).toEqual([
      [1, 'Chương I', 'Phạm vi áp dụng?'],
      [2, 'Chương II', null],
    ]);
    const audited = await app.ctx.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'consultation.open').where('entity_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(JSON.stringify(audited.after)).toContain('Cần ban hành trước mùa mưa bão');
    // Once open, the window cannot be changed.
    await expect(openConsultation(app.ctx, p('officer'), id, { opensOn: t0, closesOn: addDays(t0, 40) })).rejects.toMatchObject({ status: 409 });
    // The reason is public.
    expect((await get(`/cong-khai/${id}`)).body).toContain('Cần ban hành trước mùa mưa bão');
  });

  it('runs the whole cycle: comments, closing, marking, the synthesis report published and followers told at each step', async () => {
    const t0 = today();
    const citizen = await principalOfUser(app.ctx.db, (await app.ctx.db.selectFrom('users').select('id').where('email', '=', 'congdan@example.com').executeTakeFirstOrThrow()).id);
    const id = await createDocument(app.ctx, p('officer'), { ...base(), title: 'Dự thảo Kế hoạch nâng cấp chợ trung tâm', docNumber: '07/KH-UBND' });
    await publishDocument(app.ctx, p('officer'), id);
    // The citizen follows the document before the consultation opens.
    const follow = await post(`/cong-khai/${id}/theo-doi`, 'citizen', { on: '1' });
    expect(follow.statusCode).toBe(303);
    await openConsultation(app.ctx, p('officer'), id, {
      opensOn: t0,
      closesOn: addDays(t0, 20),
      sections: [{ title: 'Vị trí chợ', question: 'Có nên giữ vị trí hiện tại?' }],
    });
    const c = (await getConsultation(app.ctx.db, id))!;
    const kinds = async () => (await listNotifications(app.ctx.db, citizen.id, null, { limit: 100 })).items.filter((n) => n.entityId === String(id)).map((n) => n.event);
    expect(await kinds()).toEqual(['consultation.opened']);

    const page = await get(`/cong-khai/${id}`, 'citizen');
    expect(page.body).toContain('Đang lấy ý kiến');
    expect(page.body).toContain('Vị trí chợ');
    const c1 = await postComment(app.ctx, citizen, { targetType: COMMENT_TARGET, targetId: id, section: sectionKey(c.sections[0].id), body: 'Đề nghị giữ vị trí chợ cũ vì gần khu dân cư.' }, { ip: null });
    const c2 = await postComment(app.ctx, citizen, { targetType: COMMENT_TARGET, targetId: id, body: 'Đề nghị miễn phí thuê ki-ốt cho tất cả tiểu thương.' }, { ip: null });
    // Marking before the window closes is refused.
    expect((await post(`/can-bo/cong-khai/${id}/tiep-thu/${c1.comment.id}`, 'officer', { decision: 'accepted' })).statusCode).toBe(409);

    // Three days before the end: the reminder.
    app.clock.set(new Date(`${addDays(t0, 18)}T09:00:00+07:00`));
    expect((await runConsultationSchedule(app.ctx)).reminded).toBeGreaterThanOrEqual(1);
    expect(await kinds()).toContain('consultation.closingSoon');
    // After the end: viewing the page closes it (the job would too), once.
    app.clock.set(new Date(`${addDays(t0, 21)}T09:00:00+07:00`));
    const closedPage = await get(`/cong-khai/${id}`);
    expect(closedPage.body).toContain('Đã hết hạn lấy ý kiến, đang tổng hợp');
    expect((await getConsultation(app.ctx.db, id))!.closedAt).not.toBeNull();
    expect(await closeIfDue(app.ctx, id)).toBe(false);
    expect((await kinds()).filter((k) => k === 'consultation.closed')).toHaveLength(1);
    // Comments are closed now.
    await expect(postComment(app.ctx, citizen, { targetType: COMMENT_TARGET, targetId: id, body: 'Ý kiến gửi muộn sau khi hết hạn.' }, { ip: null })).rejects.toMatchObject({ status: 403 });

    // Marking: the officer's page; explained without an explanation → 422 beside the field.
    const marking = await get(`/can-bo/cong-khai/${id}/tiep-thu`, 'officer');
    expect(marking.statusCode).toBe(200);
    expect(marking.body).toContain('Đề nghị giữ vị trí chợ cũ');
    expect((await get(`/can-bo/cong-khai/${id}/tiep-thu`, 'otherHead')).statusCode).toBe(403);
    expect((await post(`/can-bo/cong-khai/${id}/tiep-thu/${c1.comment.id}`, 'citizen', { decision: 'accepted' })).statusCode).toBe(403);
    const noExpl = await post(`/can-bo/cong-khai/${id}/tiep-thu/${c2.comment.id}`, 'officer', { decision: 'explained', explanation: '' });
    expect(noExpl.statusCode).toBe(422);
    expect(errorText(noExpl.body, `m${c2.comment.id}-explanation`)).toBeTruthy();
    // Publishing with a comment unanswered is refused.
    expect((await post(`/can-bo/cong-khai/${id}/tiep-thu/${c1.comment.id}`, 'officer', { decision: 'accepted' })).statusCode).toBe(303);
    const early = await post(`/can-bo/cong-khai/${id}/bao-cao`, 'officer', {});
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Còn 1 ý kiến chưa tiếp thu, giải trình');
    expect(
      (await post(`/can-bo/cong-khai/${id}/tiep-thu/${c2.comment.id}`, 'head', { decision: 'explained', explanation: 'Miễn phí cho hộ nghèo; các hộ khác nộp theo giá do tỉnh quy định.' })).statusCode,
    ).toBe(303);
    // A preview, then the report.
    const preview = await post(`/can-bo/cong-khai/${id}/bao-cao/xem-truoc`, 'officer', { number: '9' });
    expect(preview.statusCode).toBe(200);
    expect(docxText(preview.rawPayload)).toContain('Số: 09/BC-UBND');
    const published = await post(`/can-bo/cong-khai/${id}/bao-cao`, 'officer', { number: '9' });
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`/cong-khai/${id}#bao-cao`);

    const docx = await app.server.inject({ url: `/cong-khai/${id}/bao-cao.docx` });
    expect(docx.statusCode).toBe(200);
    const text = docxText(docx.rawPayload);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('ỦY BAN NHÂN DÂN\nPHƯỜNG CHIỀNG CƠI');
    expect(text).toContain('Số: 09/BC-UBND');
    expect(text).toMatch(/Chiềng Cơi, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    expect(text).toContain('Tiếp thu, giải trình ý kiến của Nhân dân đối với Dự thảo Kế hoạch nâng cấp chợ trung tâm');
    expect(text).toContain('Đề nghị giữ vị trí chợ cũ vì gần khu dân cư.');
    expect(text).toContain('1. Vị trí chợ');
    expect(text).toContain('Đề nghị miễn phí thuê ki-ốt cho tất cả tiểu thương.');
    expect(text).toContain('Miễn phí cho hộ nghèo; các hộ khác nộp theo giá do tỉnh quy định.');
    expect(text).toContain('tiếp thu 1 ý kiến');
    expect(text).toContain('giải trình 1 ý kiến');
    const pdf = await app.server.inject({ url: `/cong-khai/${id}/bao-cao.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // The citizen sees the report link; the followers were told.
    const done = await get(`/cong-khai/${id}`, 'citizen');
    expect(done.body).toContain(`href="/cong-khai/${id}/bao-cao.docx"`);
    expect(done.body).toContain('2 ý kiến: tiếp thu 1, tiếp thu một phần 0, giải trình 1.');
    expect(await kinds()).toEqual(expect.arrayContaining(['consultation.opened', 'consultation.closingSoon', 'consultation.closed', 'consultation.reported']));
    // After the report, marks are frozen and the report is not published twice.
    expect((await post(`/can-bo/cong-khai/${id}/tiep-thu/${c1.comment.id}`, 'officer', { decision: 'explained', explanation: 'x' })).statusCode).toBe(409);
    expect((await post(`/can-bo/cong-khai/${id}/bao-cao`, 'officer', {})).statusCode).toBe(409);
    const audit = await app.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(id)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['consultation.open', 'consultation.close', 'consultation.report.publish']));
    app.clock.reset();
    await followDocument(app.ctx, citizen, id, false);
  });

  it('announces a scheduled consultation on its first day through the job, and takes no comments before', async () => {
    const t0 = today();
    const citizen = await principalOfUser(app.ctx.db, (await app.ctx.db.selectFrom('users').select('id').where('email', '=', 'congdan@example.com').executeTakeFirstOrThrow()).id);
    const id = await createDocument(app.ctx, p('head'), { ...base(), title: 'Dự thảo phương án sắp xếp tổ dân phố' });
    await publishDocument(app.ctx, p('head'), id);
    await followDocument(app.ctx, citizen, id, true);
    await openConsultation(app.ctx, p('head'), id, { opensOn: addDays(t0, 2), closesOn: addDays(t0, 30) });
    const events = async () => (await listNotifications(app.ctx.db, citizen.id, null, { limit: 100 })).items.filter((n) => n.entityId === String(id)).map((n) => n.event);
    expect(await events()).toEqual([]);
    expect((await get(`/cong-khai/${id}`)).body).toContain('Sắp lấy ý kiến');
    await expect(postComment(app.ctx, citizen, { targetType: COMMENT_TARGET, targetId: id, body: 'Góp ý gửi quá sớm.' }, { ip: null })).rejects.toMatchObject({ status: 403 });
    // While scheduled, the window may still change; the job does nothing yet.
    await openConsultation(app.ctx, p('head'), id, { opensOn: addDays(t0, 2), closesOn: addDays(t0, 25) });
    await runConsultationSchedule(app.ctx);
    expect(await events()).toEqual([]);
    app.clock.set(new Date(`${addDays(t0, 2)}T07:00:00+07:00`));
    try {
      const r = await runConsultationSchedule(app.ctx);
      expect(r.opened).toBeGreaterThanOrEqual(1);
      expect(await events()).toEqual(['consultation.opened']);
      await runConsultationSchedule(app.ctx);
      expect(await events()).toEqual(['consultation.opened']); // once
      await postComment(app.ctx, citizen, { targetType: COMMENT_TARGET, targetId: id, body: 'Nên giữ nguyên tổ 3 vì đông dân.' }, { ip: null });
    } finally {
      app.clock.reset();
    }
  });

  it('lists the quarter’s disclosures and exports them as DOCX and XLSX', async () => {
    const t0 = today();
    const { year, quarter } = quarterOf(t0);
    const id = await createDocument(app.ctx, p('officer'), { ...base(), title: 'Danh sách hộ nghèo năm 2027', categoryId: cat('social_support'), docNumber: '35/TB-UBND', issuedOn: t0, forms: ['notice_board', 'radio'] });
    await publishDocument(app.ctx, p('officer'), id);
    const q = `unit=03670&year=${year}&quarter=${quarter}`;
    const page = await get(`/cong-khai/danh-muc?${q}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Danh sách hộ nghèo năm 2027');
    expect(page.body).toContain('Niêm yết tại trụ sở; Loa truyền thanh');
    const docx = await app.server.inject({ url: `/cong-khai/danh-muc.docx?${q}` });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const text = docxText(docx.rawPayload);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('DANH MỤC');
    expect(text).toContain(`Thông tin đã công khai quý ${['I', 'II', 'III', 'IV'][quarter - 1]} năm ${year}`);
    expect(text).toContain('Danh sách hộ nghèo năm 2027');
    expect(text).toContain('Số 35/TB-UBND');
    const xlsx = await app.server.inject({ url: `/cong-khai/danh-muc.xlsx?${q}` });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as any);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0][0]).toContain('DANH MỤC THÔNG TIN ĐÃ CÔNG KHAI');
    expect(rows.find((r) => r[0] === 'STT')).toBeTruthy();
    const row = rows.find((r) => r[1] === 'Danh sách hộ nghèo năm 2027')!;
    expect(row).toBeTruthy();
    expect(row[3]).toBe('35/TB-UBND');
    expect(row[6]).toBe('Niêm yết tại trụ sở; Loa truyền thanh');
    expect(row[7]).toBe(`${t0.slice(8, 10)}/${t0.slice(5, 7)}/${t0.slice(0, 4)}`);
    // Another quarter does not list it.
    const other = await get(`/cong-khai/danh-muc?unit=03670&year=${year - 1}&quarter=${quarter}`);
    expect(other.body).not.toContain('Danh sách hộ nghèo năm 2027');
    expect((await get('/cong-khai/danh-muc?unit=99999')).statusCode).toBe(404);
  });

  it('accepts a GeoJSON map layer, draws it without JavaScript, and refuses bad files beside the field', async () => {
    const id = await createDocument(app.ctx, p('officer'), { ...base(), title: 'Kế hoạch chỉnh trang vỉa hè', categoryId: cat('planning') });
    await publishDocument(app.ctx, p('officer'), id);
    const send = (name: string, data: Buffer, who: Who = 'officer') => {
      const mp = multipart({}, [{ field: 'map', name, type: 'application/geo+json', data }]);
      return app.server.inject({
        method: 'POST',
        url: `/can-bo/cong-khai/${id}/ban-do?_csrf=${encodeURIComponent(as(who).csrf)}`,
        headers: { accept: 'text/html', cookie: as(who).cookie, 'content-type': mp.contentType },
        payload: mp.payload,
      });
    };
    const notFc = await send('x.geojson', Buffer.from(JSON.stringify({ type: 'Feature', geometry: null })));
    expect(notFc.statusCode).toBe(422);
    expect(errorText(notFc.body, 'map')).toBe('Tệp bản đồ phải là một FeatureCollection GeoJSON.');
    const badCoord = await send('x.geojson', Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [103.9, 200] } }] })));
    expect(errorText(badCoord.body, 'map')).toContain('Đối tượng thứ 1');
    expect(errorText((await send('x.geojson', Buffer.from('{oops'))).body, 'map')).toBe('Tệp bản đồ không phải JSON hợp lệ.');
    expect(parseMapLayer(Buffer.alloc(2048, ' '), 1024)).toMatchObject({ ok: false, error: 'disclosure.error.mapTooLarge' });
    expect((await send('x.geojson', Buffer.from(JSON.stringify(DEMO_MAP_LAYER)), 'otherHead')).statusCode).toBe(403);

    const ok = await send('pham-vi.geojson', Buffer.from(JSON.stringify(DEMO_MAP_LAYER)));
    expect(ok.statusCode).toBe(303);
    const page = await get(`/cong-khai/${id}`);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('class="map-boundary map-area"');
    expect(page.body).toContain('class="map-plan map-line"');
    expect(page.body).toContain('Tuyến đường nội thị nâng cấp');
    expect(page.body).toContain('disclosure-map');
    expect(page.body).toMatch(/data-tile-url[ >]/);
    const layer = await app.server.inject({ url: `/cong-khai/${id}/ban-do.geojson` });
    expect(layer.json().features).toHaveLength(3);
    const boundary = await app.server.inject({ url: `/cong-khai/${id}/ranh-gioi.geojson` });
    expect(boundary.json().features[0].properties.name).toBe('Phường Chiềng Cơi');
    // The tile URL is a setting.
    await app.ctx.db.transaction().execute((tx) => setSetting(tx, { id: null, label: 'test' }, 'disclosure.tileUrl', 'https://tiles.example.vn/{z}/{x}/{y}.png'));
    expect((await get(`/cong-khai/${id}`)).body).toContain('data-tile-url="https://tiles.example.vn/{z}/{x}/{y}.png"');
    await app.ctx.db.transaction().execute((tx) => setSetting(tx, { id: null, label: 'test' }, 'disclosure.tileUrl', ''));
  });

  it('attaches files that become public with the document, and lets administrators edit the law’s categories', async () => {
    const id = await createDocument(app.ctx, p('officer'), { ...base(), title: 'Quyết định phê duyệt dự toán' });
    const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const mp = multipart({}, [{ field: 'file', name: 'du-toan.pdf', type: 'application/pdf', data: pdfBytes }]);
    const up = await app.server.inject({
      method: 'POST',
      url: `/can-bo/cong-khai/${id}/tep?_csrf=${encodeURIComponent(as('officer').csrf)}`,
      headers: { accept: 'text/html', cookie: as('officer').cookie, 'content-type': mp.contentType },
      payload: mp.payload,
    });
    expect(up.statusCode).toBe(303);
    const manage = await get(`/can-bo/cong-khai/${id}`, 'officer');
    const fileId = /href="\/tep\/([0-9a-f-]{36})"/.exec(manage.body)![1];
    expect((await app.server.inject({ url: `/tep/${fileId}` })).statusCode).toBe(404); // draft: not public
    expect((await app.server.inject({ url: `/tep/${fileId}`, headers: { cookie: as('officer').cookie } })).statusCode).toBe(200);
    await publishDocument(app.ctx, p('officer'), id);
    expect((await app.server.inject({ url: `/tep/${fileId}` })).statusCode).toBe(200);
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const mp2 = multipart({}, [{ field: 'file', name: 'evil.pdf', type: 'application/pdf', data: html }]);
    const refused = await app.server.inject({
      method: 'POST',
      url: `/can-bo/cong-khai/${id}/tep?_csrf=${encodeURIComponent(as('officer').csrf)}`,
      headers: { accept: 'text/html', cookie: as('officer').cookie, 'content-type': mp2.contentType },
      payload: mp2.payload,
    });
    expect(refused.statusCode).toBe(415);
    expect(errorText(refused.body, 'file')).toBeTruthy();

    // Categories: administrators only.
    expect((await get('/quan-tri/cong-khai/linh-vuc', 'officer')).statusCode).toBe(403);
    expect((await get('/quan-tri/cong-khai/linh-vuc', 'admin')).statusCode).toBe(200);
    const bad = await post('/quan-tri/cong-khai/linh-vuc', 'admin', { code: 'Có Dấu', name: 'Xổ số', nameEn: 'Lottery' });
    expect(bad.statusCode).toBe(422);
    expect(errorText(bad.body, 'code')).toBeTruthy();
    const created = await post('/quan-tri/cong-khai/linh-vuc', 'admin', { code: 'land_prices', name: 'Bảng giá đất', nameEn: 'Land prices', permanent: 'on', active: ['', 'on'], sort: '200' });
    expect(created.statusCode).toBe(303);
    const cats = await listDisclosureCategories(app.ctx.db);
    expect(cats.find((c) => c.code === 'land_prices')).toMatchObject({ name: 'Bảng giá đất', permanent: true, active: true });
    expect((await post('/quan-tri/cong-khai/linh-vuc', 'officer', { code: 'x_y', name: 'Xyz', nameEn: 'Xyz' })).statusCode).toBe(403);
  });

  it('seeds the demo: documents for the ward and the province, one consultation open today, one with its report', async () => {
    await seedDisclosureDemo(app.ctx);
    const t0 = today();
    const open = await listDocuments(app.ctx, { consultation: true, limit: 50 });
    const street = open.items.find((d) => d.title.startsWith('Dự thảo Kế hoạch chỉnh trang đô thị'))!;
    expect(street).toBeTruthy();
    const sc = (await getConsultation(app.ctx.db, street.id))!;
    expect(sc.opensOn <= t0 && t0 <= sc.closesOn).toBe(true);
    expect(street.hasMap).toBe(true);
    const plan = (await listDocuments(app.ctx, { q: 'Du thao Ke hoach phat trien kinh te - xa hoi nam', limit: 50 })).items.find((d) => d.title.includes('phường Chiềng Cơi'))!;
    const pc = (await getConsultation(app.ctx.db, plan.id))!;
    expect(pc.reportPublishedAt).not.toBeNull();
    expect(pc.closesOn < t0).toBe(true);
    const report = await app.server.inject({ url: `/cong-khai/${plan.id}/bao-cao.docx` });
    expect(docxText(report.rawPayload)).toContain('Bổ sung chỉ tiêu: 100% hộ gia đình được sử dụng nước sạch vào cuối năm.');
    const province = await listDocuments(app.ctx, { q: 'Son La', limit: 50 });
    expect(province.items.some((d) => d.unitCode === '14')).toBe(true);
    expect((await listDocuments(app.ctx, { q: 'ho ngheo', limit: 50 })).total).toBeGreaterThan(0);
    expect((await listDocuments(app.ctx, { q: 'thu tuc hanh chinh', limit: 50 })).items.some((d) => d.categoryPermanent && d.postedUntil === null)).toBe(true);
    const page = await get(`/cong-khai/${street.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đang lấy ý kiến');
    expect((await verifyAudit(app.ctx.db)).ok).toBe(true);
  });
});
