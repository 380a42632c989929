import { beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../../app';
import { accountsModule } from '../accounts';
import { describeEachEngine, type TestApp } from '../../test/harness';
import { loginAs } from '../accounts/testing';
import type { Principal } from '../../platform/access/principal';
import { verifyAudit } from '../../platform/audit/audit';
import { directoryModule } from './index';
import {
  createAgency,
  agencyIdsAt,
  createUnit,
  getAgencyByCode,
  listAgencies,
  listCategories,
  listUnits,
  searchDirectory,
  unitOrder,
  unitSubtree,
  updateUnit,
} from './service';

const ORIGIN = 'http://localhost:3000';

async function json(app: TestApp, url: string) {
  const res = await app.server.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() as any };
}

async function page(app: TestApp, url: string, cookie?: string) {
  return app.server.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
}

async function post(app: TestApp, url: string, session: { cookie: string; csrf: string }, payload: Record<string, string>) {
  return app.server.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, accept: 'text/html', origin: ORIGIN },
    payload: { _csrf: session.csrf, ...payload },
  });
}

async function auditRows(app: TestApp, entityType: string, entityId: string | number) {
  return app.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'actor_label', 'before', 'after'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .orderBy('id')
    .execute();
}

const citizen: Principal = { id: 999_001, name: 'Người dân', email: null, phone: null, kind: 'citizen', unitCode: '03670', roles: [], via: 'session' };

describeEachEngine(
  'directory HTTP',
  (getApp) => {
    // Only the demo data these tests use (the directory and the demo accounts), not every module's.
    beforeAll(async () => {
      await seedDemo(getApp().ctx, [directoryModule, accountsModule]);
    }, 600_000);

    it('lists the 34 provinces, the 75 communes of Sơn La, and finds "chieng coi" first', async () => {
      const app = getApp();
      const provinces = await json(app, '/api/v1/units');
      expect(provinces.status).toBe(200);
      expect(provinces.body.items).toHaveLength(34);
      expect(provinces.body.items.map((u: any) => u.code)).toContain('14');
      expect(provinces.body.items.every((u: any) => u.level === 'province' && u.parentCode === null)).toBe(true);

      const sonLa = await json(app, '/api/v1/units?parent=14');
      expect(sonLa.body.items).toHaveLength(75);
      expect(sonLa.body.items.every((u: any) => u.parentCode === '14' && u.level === 'commune')).toBe(true);

      const found = await json(app, '/api/v1/units?q=chieng%20coi');
      expect(found.body.items[0]).toMatchObject({ code: '03670', fullName: 'Phường Chiềng Cơi' });

      const within = await json(app, '/api/v1/units?parent=14&q=CHI%E1%BB%80NG');
      expect(within.body.items.length).toBeGreaterThan(3);
      expect(within.body.items.every((u: any) => u.parentCode === '14')).toBe(true);

      const villages = await json(app, '/api/v1/units?q=hua%20la');
      expect(villages.body.items[0]).toMatchObject({ code: '03670-006', fullName: 'Bản Hua La', level: 'village' });
    });

    it('gives a unit with its parent and children, and a 404 problem for unknown codes', async () => {
      const app = getApp();
      const coi = await json(app, '/api/v1/units/03670');
      expect(coi.status).toBe(200);
      expect(coi.body.unit).toMatchObject({ code: '03670', level: 'commune' });
      expect(coi.body.parent).toMatchObject({ code: '14', fullName: 'Tỉnh Sơn La' });
      expect(coi.body.children.map((c: any) => c.fullName)).toEqual(
        expect.arrayContaining(['Tổ dân phố 1', 'Bản Hài', 'Bản Cọ', 'Bản Hua La']),
      );
      const province = await json(app, '/api/v1/units/14');
      expect(province.body.parent).toBeNull();
      expect(province.body.children).toHaveLength(75);

      for (const url of ['/api/v1/units/99999', '/api/v1/units?parent=99', '/api/v1/agencies?unit=98765', '/api/v1/agencies/987654', '/api/v1/agencies/abc']) {
        const r = await json(app, url);
        expect(r.status, url).toBe(404);
        expect(r.type, url).toContain('application/problem+json');
        expect(r.body.status).toBe(404);
        expect(r.body.detail).toMatch(/[^\x00-\x7F]/); // a Vietnamese message
      }
      const bad = await json(app, '/api/v1/units?parent=abc');
      expect(bad.status).toBe(422);
    });

    it('lists agencies by unit and kind, refuses an unknown kind with 422', async () => {
      const app = getApp();
      const coi = await json(app, '/api/v1/agencies?unit=03670');
      expect(coi.status).toBe(200);
      const codes = coi.body.items.map((a: any) => a.code);
      expect(codes).toEqual(expect.arrayContaining(['DU-03670', 'UBND-03670', 'HDND-03670', 'MTTQ-03670', 'HND-03670', 'HLHPN-03670', 'DTN-03670', 'HCCB-03670', 'CD-03670']));
      expect(coi.body.items.every((a: any) => a.unitCode === '03670')).toBe(true);
      const ubnd = coi.body.items.find((a: any) => a.code === 'UBND-03670');
      expect(ubnd.name).toBe('Ủy ban nhân dân phường Chiềng Cơi');

      const fronts = await json(app, '/api/v1/agencies?unit=03670&kind=front');
      expect(fronts.body.items.map((a: any) => a.code)).toEqual(['MTTQ-03670']);

      const bad = await json(app, '/api/v1/agencies?kind=ministry');
      expect(bad.status).toBe(422);
      expect(bad.type).toContain('application/problem+json');
      expect(bad.body.errors).toEqual([{ field: 'kind', message: 'Vui lòng chọn một loại cơ quan trong danh sách.' }]);

      const search = await json(app, '/api/v1/agencies?q=uy%20ban%20nhan%20dan%20phuong%20chieng%20coi');
      expect(search.body.items[0].code).toBe('UBND-03670');

      const front = await json(app, `/api/v1/agencies/${(await getAgencyByCode(app.ctx.db, 'MTTQ-03670'))!.id}`);
      expect(front.body.agency.code).toBe('MTTQ-03670');
      expect(front.body.parent.code).toBe('MTTQ-14');
      expect(front.body.children.map((a: any) => a.code)).toEqual(expect.arrayContaining(['HND-03670', 'HLHPN-03670', 'DTN-03670', 'HCCB-03670', 'CD-03670']));
    });

    it('seeds the demo directory: four bodies in each of the 75 communes, the provincial agencies, the categories', async () => {
      const app = getApp();
      const { db } = app.ctx;
      const communes = await json(app, '/api/v1/units?parent=14');
      const all = await listAgencies(db, { limit: 5000 });
      for (const c of communes.body.items) {
        const kinds = all.filter((a) => a.unitCode === c.code).map((a) => a.kind);
        expect(kinds, c.code).toEqual(expect.arrayContaining(['party_committee', 'peoples_committee', 'peoples_council', 'front']));
      }
      for (const code of ['TU-14', 'UBND-14', 'HDND-14', 'MTTQ-14', 'VP-UBND-14', 'SXD-14', 'SNNMT-14', 'SYT-14', 'SGDDT-14', 'STC-14', 'SNV-14', 'CA-14', 'TT-14', 'BTCD-14']) {
        expect(await getAgencyByCode(db, code), code).toBeTruthy();
      }
      expect((await getAgencyByCode(db, 'VP-UBND-14'))!.parentId).toBe((await getAgencyByCode(db, 'UBND-14'))!.id);
      expect((await getAgencyByCode(db, 'UBND-03688'))?.name).toBe('Ủy ban nhân dân xã Mường Chiên');
      expect((await getAgencyByCode(db, 'DU-03688'))?.name).toBe('Đảng ủy xã Mường Chiên');
      expect((await getAgencyByCode(db, 'HDND-03688'))?.nameEn).toBe("People's Council of Muong Chien Commune");
      const cats = await json(app, '/api/v1/categories');
      expect(cats.body.items.map((c: any) => c.code)).toEqual([
        'dat-dai', 'moi-truong', 'xay-dung', 'giao-thong', 'y-te', 'giao-duc', 'chinh-sach', 'an-ninh', 'hanh-chinh', 'nong-nghiep', 'dien-nuoc', 'khac',
      ]);
      expect(cats.body.items[0].name).toBe('Đất đai');
    });

    it('serves the browsing pages: provinces with Sơn La first, search without diacritics, the commune with its boundary', async () => {
      const app = getApp();
      const list = await page(app, '/don-vi');
      expect(list.statusCode).toBe(200);
      const firstLink = /<a href="\/don-vi\/(\d+)">/.exec(list.body.slice(list.body.indexOf('id="all-provinces"')));
      expect(firstLink?.[1]).toBe('14');

      const search = await page(app, '/don-vi?q=chieng+coi');
      expect(search.body).toContain('href="/don-vi/03670"');
      expect(search.body).toMatch(/<mark>Chiềng<\/mark> <mark>Cơi<\/mark>/);
      expect(search.body).toContain('Ủy ban nhân dân phường <mark>Chiềng</mark> <mark>Cơi</mark>');

      const coi = await page(app, '/don-vi/03670');
      expect(coi.statusCode).toBe(200);
      expect(coi.body).toContain('<svg');
      expect(coi.body).toMatch(/<path d="M[\d.]+ [\d.]+L/);
      expect(coi.body).toContain('href="/don-vi/14"');
      expect(coi.body).toContain('Bản Hua La');
      expect(coi.body).toContain('Ủy ban Mặt trận Tổ quốc Việt Nam phường Chiềng Cơi');
      expect(coi.body).not.toContain('<script');

      const province = await page(app, '/don-vi/14?q=chieng+coi');
      expect(province.body).toContain('href="/don-vi/03670"');
      expect(province.body).not.toContain('href="/don-vi/03646"'); // Tô Hiệu is filtered out

      expect((await page(app, '/don-vi/00000')).statusCode).toBe(404);
      const agencies = await page(app, '/co-quan?unit=03670&kind=peoples_committee');
      expect(agencies.body).toContain('Ủy ban nhân dân phường Chiềng Cơi');
      expect(agencies.body).not.toContain('Đảng ủy phường Chiềng Cơi');
      expect((await page(app, '/co-quan?kind=zzz')).statusCode).toBe(422);
      const ubnd = (await getAgencyByCode(app.ctx.db, 'UBND-03670'))!;
      const one = await page(app, `/co-quan/${ubnd.id}`);
      expect(one.body).toContain('Ủy ban nhân dân tỉnh Sơn La'); // its parent
      expect((await page(app, '/co-quan/0')).statusCode).toBe(404);

      const en = await app.server.inject({ method: 'GET', url: '/don-vi/03670', headers: { cookie: 'lang=en', accept: 'text/html' } });
      expect(en.body).toContain('Chieng Coi Ward');
    });

    it('answers the site-wide search with units first, then agencies', async () => {
      const app = getApp();
      const hits = await directoryModule.search!.search(app.ctx, 'chieng coi', { limit: 6, principal: null });
      expect(hits[0]).toMatchObject({ title: 'Phường Chiềng Cơi', href: '/don-vi/03670', snippet: 'Tỉnh Sơn La' });
      expect(hits.length).toBe(6);
      expect(hits.slice(1).every((h) => h.href.startsWith('/co-quan/'))).toBe(true);
      expect(await directoryModule.search!.search(app.ctx, '  ', { limit: 6, principal: null })).toEqual([]);
    });

    it('describes the API in the OpenAPI document', async () => {
      const doc = await json(getApp(), '/api/v1/openapi.json');
      expect(doc.body.paths['/api/v1/units'].get.tags).toEqual(['Danh mục']);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/units/{code}', '/api/v1/agencies', '/api/v1/agencies/{id}', '/api/v1/categories']));
    });

    it('keeps the administrator pages for administrators', async () => {
      const app = getApp();
      const anonymous = await page(app, '/quan-tri/co-quan');
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe('/dang-nhap?next=%2Fquan-tri%2Fco-quan');
      const congdan = await loginAs(app, 'congdan@example.com');
      const chutich = await loginAs(app, 'chutich@example.com');
      for (const url of ['/quan-tri/co-quan', '/quan-tri/co-quan/moi', '/quan-tri/linh-vuc', '/quan-tri/don-vi?commune=03670']) {
        expect((await page(app, url, congdan.cookie)).statusCode, url).toBe(403);
        expect((await page(app, url, chutich.cookie)).statusCode, url).toBe(403);
      }
      const before = (await listAgencies(app.ctx.db, { limit: 5000, includeInactive: true })).length;
      const refused = await post(app, '/quan-tri/co-quan', chutich, { name: 'Cơ quan lạ', kind: 'other', unitCode: '03670' });
      expect(refused.statusCode).toBe(403);
      const cat = await post(app, '/quan-tri/linh-vuc', congdan, { code: 'la', name: 'Lạ' });
      expect(cat.statusCode).toBe(403);
      expect((await listAgencies(app.ctx.db, { limit: 5000, includeInactive: true })).length).toBe(before);
      expect((await listCategories(app.ctx.db, { includeInactive: true })).map((c) => c.code)).not.toContain('la');
      // The navigation does not show the admin menu to them.
      expect((await page(app, '/don-vi', congdan.cookie)).body).not.toContain('href="/quan-tri"');
      const admin = await loginAs(app, 'quantri@example.com');
      const ok = await page(app, '/quan-tri/co-quan', admin.cookie);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('href="/quan-tri/linh-vuc"');
    });

    it('creates and edits an agency through the admin forms, audited, with messages beside the fields', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const bad = await post(app, '/quan-tri/co-quan', admin, { name: '', kind: 'peoples_committee', unitCode: '', unitCodeOther: '77777', email: 'not-an-email' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('class="field-error" id="name-error"');
      expect(bad.body).toContain('id="email-error"');
      expect(bad.body).toContain('Địa chỉ e-mail không hợp lệ.');
      const unknownUnit = await post(app, '/quan-tri/co-quan', admin, { name: 'Ban Quản lý dự án', kind: 'department', unitCode: '', unitCodeOther: '77777' });
      expect(unknownUnit.statusCode).toBe(422);
      expect(unknownUnit.body).toContain('Không có đơn vị hành chính nào mang mã này.');

      const ubnd14 = (await getAgencyByCode(app.ctx.db, 'UBND-14'))!;
      const created = await post(app, '/quan-tri/co-quan', admin, {
        name: 'Ban Quản lý dự án đầu tư xây dựng tỉnh Sơn La',
        nameEn: 'Son La Construction Investment Project Management Board',
        shortName: 'Ban QLDA tỉnh',
        kind: 'department',
        unitCode: '14',
        unitCodeOther: '',
        parentId: String(ubnd14.id),
        email: 'bqlda@sonla.gov.vn',
        phone: '0212 3852 000',
        address: 'Tổ 2, phường Tô Hiệu',
      });
      expect(created.statusCode).toBe(303);
      const id = Number(/\/quan-tri\/co-quan\/(\d+)$/.exec(String(created.headers.location))?.[1]);
      const agency = (await listAgencies(app.ctx.db, { q: 'ban quan ly du an dau tu' }))[0];
      expect(agency).toMatchObject({ id, code: 'CQ-14', kind: 'department', unitCode: '14', parentId: ubnd14.id, email: 'bqlda@sonla.gov.vn' });
      let audits = await auditRows(app, 'agency', id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ action: 'agency.create', actor_label: 'Hoàng Minh Tuấn' });
      expect((audits[0].after as any).name).toBe('Ban Quản lý dự án đầu tư xây dựng tỉnh Sơn La');

      const edit = await page(app, `/quan-tri/co-quan/${id}`, admin.cookie);
      expect(edit.statusCode).toBe(200);
      expect(edit.body).toContain('value="Ban QLDA tỉnh"');
      const cycle = await post(app, `/quan-tri/co-quan/${ubnd14.id}`, admin, {
        name: ubnd14.name,
        nameEn: ubnd14.nameEn,
        kind: 'peoples_committee',
        unitCode: '14',
        parentId: String(id),
      });
      expect(cycle.statusCode).toBe(422);
      expect(cycle.body).toContain('Không thể chọn một cơ quan trực thuộc làm cơ quan cấp trên.');

      const updated = await post(app, `/quan-tri/co-quan/${id}`, admin, {
        code: 'bqlda-14',
        name: 'Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng tỉnh Sơn La',
        kind: 'department',
        unitCode: '14',
        parentId: String(ubnd14.id),
        phone: '0212 3852 111',
      });
      expect(updated.statusCode).toBe(303);
      const after = (await getAgencyByCode(app.ctx.db, 'BQLDA-14'))!;
      expect(after).toMatchObject({ id, phone: '0212 3852 111', email: null, nameEn: 'Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng tỉnh Sơn La' });
      audits = await auditRows(app, 'agency', id);
      expect(audits.map((a) => a.action)).toEqual(['agency.create', 'agency.update']);
      expect((audits[1].before as any).code).toBe('CQ-14');
      expect((audits[1].after as any).code).toBe('BQLDA-14');

      const taken = await post(app, `/quan-tri/co-quan/${id}`, admin, { code: 'UBND-14', name: after.name, kind: 'department', unitCode: '14' });
      expect(taken.statusCode).toBe(422);
      expect(taken.body).toContain('Mã này đã được dùng.');

      const off = await post(app, `/quan-tri/co-quan/${id}/trang-thai`, admin, { active: '0' });
      expect(off.statusCode).toBe(303);
      expect((await json(app, '/api/v1/agencies?unit=14')).body.items.map((a: any) => a.id)).not.toContain(id);
      expect((await json(app, `/api/v1/agencies/${id}`)).body.agency.active).toBe(false);
      audits = await auditRows(app, 'agency', id);
      expect(audits.map((a) => a.action)).toEqual(['agency.create', 'agency.update', 'agency.deactivate']);
      expect((await verifyAudit(app.ctx.db)).ok).toBe(true);
    });

    it('manages categories: create, refuse a duplicate code, reorder, deactivate — audited', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const created = await post(app, '/quan-tri/linh-vuc', admin, { code: 'van-hoa', name: 'Văn hóa – Thể thao', nameEn: 'Culture and sports' });
      expect(created.statusCode).toBe(303);
      const dup = await post(app, '/quan-tri/linh-vuc', admin, { code: 'dat-dai', name: 'Đất' });
      expect(dup.statusCode).toBe(422);
      expect(dup.body).toContain('Mã này đã được dùng.');
      const badCode = await post(app, '/quan-tri/linh-vuc', admin, { code: 'Đất đai', name: 'Đất' });
      expect(badCode.statusCode).toBe(422);
      expect(badCode.body).toContain('Mã chỉ gồm chữ thường không dấu');

      let cats = await listCategories(app.ctx.db, { includeInactive: true });
      const vh = cats.find((c) => c.code === 'van-hoa')!;
      expect(cats[cats.length - 1].code).toBe('van-hoa');
      expect((await post(app, `/quan-tri/linh-vuc/${vh.id}/thu-tu`, admin, { dir: 'up' })).statusCode).toBe(303);
      cats = await listCategories(app.ctx.db, { includeInactive: true });
      expect(cats.slice(-2).map((c) => c.code)).toEqual(['van-hoa', 'khac']);

      const edited = await post(app, `/quan-tri/linh-vuc/${vh.id}`, admin, { name: 'Văn hóa, thể thao và du lịch', nameEn: 'Culture, sports and tourism' });
      expect(edited.statusCode).toBe(303);
      expect((await post(app, `/quan-tri/linh-vuc/${vh.id}/trang-thai`, admin, { active: '0' })).statusCode).toBe(303);
      const api = await json(app, '/api/v1/categories');
      expect(api.body.items.map((c: any) => c.code)).not.toContain('van-hoa');
      const audits = await auditRows(app, 'category', vh.id);
      expect(audits.map((a) => a.action)).toEqual(['category.create', 'category.reorder', 'category.update', 'category.deactivate']);
      const listing = await page(app, '/quan-tri/linh-vuc', admin.cookie);
      expect(listing.body).toContain('Văn hóa, thể thao và du lịch');
    });

    it('adds and renames villages under a commune; only administrators may', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const list = await page(app, '/quan-tri/don-vi?commune=03670', admin.cookie);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Bản Hài');
      const created = await post(app, '/quan-tri/don-vi', admin, { parentCode: '03670', kind: 'ban', name: 'Nà Coóng' });
      expect(created.statusCode).toBe(303);
      const v = await json(app, '/api/v1/units/03670-007');
      expect(v.body.unit).toMatchObject({ fullName: 'Bản Nà Coóng', fullNameEn: 'Na Coong Village', level: 'village', provinceCode: '14' });
      const dup = await post(app, '/quan-tri/don-vi', admin, { parentCode: '03670', kind: 'ban', name: 'hài' });
      expect(dup.statusCode).toBe(422);
      expect(dup.body).toContain('đã có một thôn, bản, tổ dân phố cùng tên');
      const renamed = await post(app, '/quan-tri/don-vi/03670-007', admin, { kind: 'to_dan_pho', name: '7' });
      expect(renamed.statusCode).toBe(303);
      expect((await json(app, '/api/v1/units/03670-007')).body.unit).toMatchObject({ fullName: 'Tổ dân phố 7', fullNameEn: 'Residential Group 7' });
      expect((await auditRows(app, 'unit', '03670-007')).map((a) => a.action)).toEqual(['unit.create', 'unit.update']);
      expect((await searchDirectory(app.ctx.db, 'to dan pho 7')).units[0].code).toBe('03670-007');

      await expect(createUnit(app.ctx, citizen, { parentCode: '03670', kind: 'ban', name: 'Lạ' })).rejects.toMatchObject({ status: 403 });
      await expect(updateUnit(app.ctx, citizen, '03670-007', { kind: 'ban', name: 'Lạ' })).rejects.toMatchObject({ status: 403 });
      await expect(createAgency(app.ctx, null, { name: 'Lạ', kind: 'other', unitCode: '03670' })).rejects.toMatchObject({ status: 403 });
      const adminPrincipal: Principal = { ...citizen, kind: 'official', roles: [{ role: 'admin', agencyId: 1, unitCode: '14', provinceCode: '14', unitLevel: 'province' }] };
      await expect(updateUnit(app.ctx, adminPrincipal, '03670', { kind: 'ban', name: 'Lạ' })).rejects.toMatchObject({ errors: { name: 'directory.error.onlyVillages' } });
      await expect(createUnit(app.ctx, adminPrincipal, { parentCode: '14', kind: 'ban', name: 'Lạ' })).rejects.toMatchObject({ errors: { parentCode: 'directory.error.villageParent' } });
    });

    it('gives other modules the agencies at units, the units under one and their order, forgotten on change', async () => {
      const { db } = getApp().ctx;
      const adminPrincipal: Principal = { ...citizen, kind: 'official', roles: [{ role: 'admin', agencyId: 1, unitCode: '14', provinceCode: '14', unitLevel: 'province' }] };
      const atCoi = (await agencyIdsAt(db, ['03670'])).get('03670')!;
      const listed = await listAgencies(db, { unitCode: '03670', includeInactive: true });
      expect([...atCoi].sort((a, b) => a - b)).toEqual(listed.map((a) => a.id).sort((a, b) => a - b));
      const added = await createAgency(getApp().ctx, adminPrincipal, { name: 'Tổ công tác thử', kind: 'other', unitCode: '03670' });
      expect((await agencyIdsAt(db, ['03670'])).get('03670')).toContain(added.id);
      expect((await agencyIdsAt(db, ['01234567'])).get('01234567')).toEqual([]);

      const sonLa = await unitSubtree(db, '14');
      expect(sonLa).toContain('14');
      expect(sonLa).toContain('03670');
      expect(sonLa).not.toContain('01');
      const village = await createUnit(getApp().ctx, adminPrincipal, { parentCode: '03670', kind: 'ban', name: 'Thử Cây' });
      expect(await unitSubtree(db, '14')).toContain(village.code);
      expect(await unitSubtree(db, '03670')).toEqual(expect.arrayContaining(['03670', village.code]));

      const communes = await listUnits(db, { parent: '14' });
      const order = await unitOrder(db, communes.map((u) => u.code).reverse());
      const sorted = [...communes].reverse().sort((a, b) => order.get(a.code)! - order.get(b.code)!);
      expect(sorted.map((u) => u.code)).toEqual(communes.map((u) => u.code));
    });
  },
  { demo: false },
);
