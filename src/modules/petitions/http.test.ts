import { beforeAll, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { describeEachEngine } from '../../test/harness';
import { communeBoundary, findCommuneByPoint } from '../../platform/geo';
import { createApiToken } from '../accounts/service';
import { createCast, petitionInput, type Cast } from './testing';
import { createPetition, transition } from './service';

function pointIn(code: string): [number, number] {
  const f = communeBoundary(code)!;
  const pts = (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()).flat();
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  for (let i = 1; i < 20; i++) {
    for (let j = 1; j < 20; j++) {
      const lon = Math.min(...xs) + ((Math.max(...xs) - Math.min(...xs)) * i) / 20;
      const lat = Math.min(...ys) + ((Math.max(...ys) - Math.min(...ys)) * j) / 20;
      if (findCommuneByPoint(lon, lat)?.code === code) return [lon, lat];
    }
  }
  throw new Error('no point');
}

describeEachEngine('petitions JSON API and Open311', (getApp) => {
  let c: Cast;
  const tokens: Record<string, string> = {};
  const bearer = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });
  beforeAll(async () => {
    const ctx = getApp().ctx;
    c = await createCast(ctx);
    for (const [k, p] of Object.entries({ citizenA: c.citizenA, citizenB: c.citizenB, officerCC: c.officerCC, headCC: c.headCC, officerTH: c.officerTH })) {
      tokens[k] = (await createApiToken(ctx, p, { name: 'test' })).token;
    }
  });
  const inject = (opts: InjectOptions) => getApp().server.inject(opts);

  // ------------------------------------------------------------------------------------------- JSON API

  it('creates through the API (201, Location), refuses the anonymous and answers bad input with Vietnamese field errors', async () => {
    expect((await inject({ method: 'POST', url: '/api/v1/petitions', payload: petitionInput() })).statusCode).toBe(401);
    const bad = await inject({ method: 'POST', url: '/api/v1/petitions', headers: bearer('citizenA'), payload: { kind: 'kien_nghi', title: 'Đèn', content: 'ngắn', unitCode: '03670' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const problem = bad.json();
    expect(problem).toMatchObject({ status: 422, title: 'Dữ liệu chưa hợp lệ' });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'title', message: 'Tiêu đề cần ít nhất 5 ký tự.' },
        { field: 'content', message: 'Nội dung cần ít nhất 20 ký tự.' },
      ]),
    );
    const badJson = await inject({ method: 'POST', url: '/api/v1/petitions', headers: { ...bearer('citizenA'), 'content-type': 'application/json' }, payload: '{"kind":' });
    expect(badJson.statusCode).toBe(400);
    const html = '<script>alert(1)</script><b>Đèn đường</b> tổ 2 hỏng đã hai tuần, đề nghị thay bóng.';
    const ok = await inject({ method: 'POST', url: '/api/v1/petitions', headers: bearer('citizenA'), payload: petitionInput({ content: html }) });
    expect(ok.statusCode).toBe(201);
    const body = ok.json();
    expect(ok.headers.location).toBe(`/api/v1/petitions/${body.petition.code}`);
    expect(body.petition).toMatchObject({ channel: 'api', status: 'submitted', content: html });
    expect(body.relation).toBe('owner');
    // The answer presents the petition as written, without reading it again: the same as reading it afterwards.
    const read = await inject({ method: 'GET', url: ok.headers.location as string, headers: bearer('citizenA') });
    expect(read.json()).toEqual(body);
  });

  it('refuses a list period that ends before it starts, beside the field (page) and as problem+json (API)', async () => {
    const api = await inject({ method: 'GET', url: '/api/v1/petitions?from=2026-05-01&to=2026-04-01' });
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json().errors).toEqual([{ field: 'to', message: 'Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.' }]);
    const page = await inject({ method: 'GET', url: '/kien-nghi?from=2026-05-01&to=2026-04-01', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.');
    expect((await inject({ method: 'GET', url: '/api/v1/petitions?from=2026-04-01&to=2026-04-01' })).statusCode).toBe(200);
  });

  it('honours Idempotency-Key: a retry returns the same petition, a different body with the same key is 422', async () => {
    const key = `retry-${Date.now()}`;
    const payload = petitionInput({ title: 'Đề nghị sửa cầu treo bản Cọ' });
    const a = await inject({ method: 'POST', url: '/api/v1/petitions', headers: { ...bearer('citizenB'), 'idempotency-key': key }, payload });
    const b = await inject({ method: 'POST', url: '/api/v1/petitions', headers: { ...bearer('citizenB'), 'idempotency-key': key }, payload: { ...payload } });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().petition.code).toBe(a.json().petition.code);
    expect(b.json()).toEqual((await inject({ method: 'GET', url: a.headers.location as string, headers: bearer('citizenB') })).json());
    const c2 = await inject({ method: 'POST', url: '/api/v1/petitions', headers: { ...bearer('citizenB'), 'idempotency-key': key }, payload: { ...payload, title: 'Khác hẳn' } });
    expect(c2.statusCode).toBe(422);
    expect(c2.json().detail).toContain('Idempotency-Key');
    const badKey = await inject({ method: 'POST', url: '/api/v1/petitions', headers: { ...bearer('citizenB'), 'idempotency-key': 'có dấu' }, payload });
    expect(badKey.statusCode).toBe(422);
  });

  it('runs transitions: 422 with the allowed actions, 403 for a role that may not, 404 for what one may not see', async () => {
    const ctx = getApp().ctx;
    const { petition } = await createPetition(ctx, c.citizenA, petitionInput({ visibility: 'private' }), { skipRateLimit: true });
    const url = `/api/v1/petitions/${petition.code}/transitions`;
    const early = await inject({ method: 'POST', url, headers: bearer('headCC'), payload: { action: 'approve' } });
    expect(early.statusCode).toBe(422);
    expect(early.json().allowedActions).toEqual(expect.arrayContaining(['receive', 'forward', 'direct']));
    expect((await inject({ method: 'POST', url, headers: bearer('citizenA'), payload: { action: 'receive' } })).statusCode).toBe(403);
    expect((await inject({ method: 'POST', url, headers: bearer('officerTH'), payload: { action: 'receive' } })).statusCode).toBe(404);
    expect((await inject({ method: 'POST', url, headers: bearer('citizenB'), payload: { action: 'withdraw', reason: 'x' } })).statusCode).toBe(404);
    const missing = await inject({ method: 'POST', url, headers: bearer('officerCC'), payload: { action: 'forward' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['targetAgencyId', 'reason']);
    const ok = await inject({ method: 'POST', url, headers: bearer('officerCC'), payload: { action: 'receive' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ petition: { status: 'received' }, relation: 'official' });
    // Reading: the owner and the commune's officers; nobody else.
    expect((await inject({ method: 'GET', url: `/api/v1/petitions/${petition.code}` })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: `/api/v1/petitions/${petition.code}`, headers: bearer('citizenB') })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: `/api/v1/petitions/${petition.id}`, headers: bearer('citizenA') })).json().relation).toBe('owner');
    const tl = await inject({ method: 'GET', url: `/api/v1/petitions/${petition.code}/timeline`, headers: bearer('citizenA') });
    expect(tl.json().items.map((e: { type: string }) => e.type)).toEqual(['submitted', 'receive']);
  });

  it('rates through the API (only the petitioner) and tracks by code without an account', async () => {
    const ctx = getApp().ctx;
    const { petition } = await createPetition(ctx, c.citizenA, petitionInput(), { skipRateLimit: true });
    await transition(ctx, c.officerCC, petition.id, { action: 'receive' });
    await transition(ctx, c.headCC, petition.id, { action: 'assign', assigneeId: c.officerCC.id });
    await transition(ctx, c.officerCC, petition.id, { action: 'draft_answer', answerText: 'Đã thay bóng đèn và sửa tủ điện chiếu sáng của tuyến đường.' });
    await transition(ctx, c.headCC, petition.id, { action: 'approve' });
    await transition(ctx, c.officerCC, petition.id, { action: 'publish' });
    const url = `/api/v1/petitions/${petition.code}/rating`;
    expect((await inject({ method: 'POST', url, headers: bearer('citizenB'), payload: { score: 5 } })).statusCode).toBe(403);
    const bad = await inject({ method: 'POST', url, headers: bearer('citizenA'), payload: { score: 9 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toEqual({ field: 'score', message: 'Vui lòng chọn mức đánh giá từ 1 đến 5.' });
    const ok = await inject({ method: 'POST', url, headers: bearer('citizenA'), payload: { score: 4, comment: 'Đã sáng trở lại' } });
    expect(ok.json().petition).toMatchObject({ status: 'closed', rating: 4 });
    const tracked = await inject({ method: 'GET', url: `/api/v1/petitions/track/${petition.code}` });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json()).toMatchObject({ code: petition.code, status: 'closed', title: petition.title });
    expect(tracked.body).not.toContain('Nguyễn Văn An');
    expect((await inject({ method: 'GET', url: '/api/v1/petitions/track/KN-2001-000001' })).statusCode).toBe(404);
  });

  it('lists with filters, search and an opaque cursor with a next link', async () => {
    const ctx = getApp().ctx;
    for (let i = 0; i < 3; i++) {
      const { petition } = await createPetition(ctx, c.citizenA, petitionInput({ title: `Sạt lở đường lên bản Hài đoạn ${i + 1}` }), { skipRateLimit: true });
      await transition(ctx, c.officerCC, petition.id, { action: 'receive' });
      await transition(ctx, c.headCC, petition.id, { action: 'assign', assigneeId: c.officerCC.id });
      await transition(ctx, c.officerCC, petition.id, { action: 'draft_answer', answerText: 'Đã khắc phục sạt lở, thông đường cho bà con đi lại bình thường.' });
      await transition(ctx, c.headCC, petition.id, { action: 'approve' });
      await transition(ctx, c.officerCC, petition.id, { action: 'publish' });
    }
    const first = await inject({ method: 'GET', url: '/api/v1/petitions?limit=2&unit=03670' });
    expect(first.statusCode).toBe(200);
    const p1 = first.json();
    expect(p1.items).toHaveLength(2);
    expect(p1.items.every((i: Record<string, unknown>) => !('petitionerName' in i))).toBe(true);
    expect(p1.next).toMatch(/^\/api\/v1\/petitions\?limit=2&unit=03670&cursor=/);
    const p2 = (await inject({ method: 'GET', url: p1.next })).json();
    expect(p2.items[0].id).not.toBe(p1.items[0].id);
    const search = (await inject({ method: 'GET', url: `/api/v1/petitions?q=${encodeURIComponent('sat lo ban hai')}` })).json();
    expect(search.terms).toEqual(['sat', 'lo', 'ban', 'hai']);
    expect(search.items.slice(0, 6).some((i: { title: string }) => /^Sạt lở đường lên bản Hài/.test(i.title))).toBe(true);
    expect(search.items.every((i: { title: string }) => /Hài/.test(i.title))).toBe(true);
    const mine = (await inject({ method: 'GET', url: '/api/v1/petitions?mine=1&limit=100', headers: bearer('citizenA') })).json();
    expect(mine.items.length).toBeGreaterThan(3);
    expect((await inject({ method: 'GET', url: '/api/v1/petitions?mine=1' })).statusCode).toBe(401);
    expect((await inject({ method: 'GET', url: '/api/v1/petitions?scope=inbox', headers: bearer('citizenA') })).statusCode).toBe(403);
    const inbox = (await inject({ method: 'GET', url: '/api/v1/petitions?scope=inbox&status=submitted,received&limit=100', headers: bearer('officerCC') })).json();
    expect(inbox.items.every((i: { status: string }) => ['submitted', 'received'].includes(i.status))).toBe(true);
    const badFilter = await inject({ method: 'GET', url: '/api/v1/petitions?status=flying' });
    expect(badFilter.statusCode).toBe(422);
    expect((await inject({ method: 'GET', url: '/api/v1/petitions?cursor=@@@' })).statusCode).toBe(422);
    const sim = (await inject({ method: 'GET', url: `/api/v1/petitions/similar?title=${encodeURIComponent('sạt lở đường bản Hài')}` })).json();
    expect(sim.items.length).toBeGreaterThan(0);
    expect(sim.items.length).toBeLessThanOrEqual(5);
  });

  it('uploads attachments (checked by content: 415 for a disguised file), then attaches them; only readers of the petition get the file', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 50, b: 50 } } }).png().toBuffer();
    const multipart = (files: Array<{ name: string; type: string; data: Buffer }>) => {
      const boundary = '----petitions' + Date.now();
      const parts = files.map((f) => Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`),
        f.data,
        Buffer.from('\r\n'),
      ]));
      return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
    };
    const fake = multipart([{ name: 'anh.jpg', type: 'image/jpeg', data: Buffer.from('<html>không phải ảnh</html>') }]);
    const bad = await inject({ method: 'POST', url: '/api/v1/petitions/attachments', headers: { ...bearer('citizenA'), 'content-type': fake.type }, payload: fake.payload });
    expect(bad.statusCode).toBe(415);
    expect(bad.json().detail).toContain('anh.jpg');
    const good = multipart([{ name: 'sat-lo.png', type: 'image/png', data: png }]);
    const up = await inject({ method: 'POST', url: '/api/v1/petitions/attachments', headers: { ...bearer('citizenA'), 'content-type': good.type }, payload: good.payload });
    expect(up.statusCode).toBe(201);
    const [file] = up.json().items;
    expect(file).toMatchObject({ kind: 'image', filename: expect.stringMatching(/\.png$/) });
    // Someone else cannot attach my file.
    const stolen = await inject({ method: 'POST', url: '/api/v1/petitions', headers: bearer('citizenB'), payload: petitionInput({ attachmentIds: [file.id], visibility: 'private' }) });
    expect(stolen.statusCode).toBe(422);
    const created = await inject({ method: 'POST', url: '/api/v1/petitions', headers: bearer('citizenA'), payload: petitionInput({ attachmentIds: [file.id], visibility: 'private' }) });
    expect(created.statusCode).toBe(201);
    expect(created.json().attachments).toEqual([expect.objectContaining({ fileId: file.id, kind: 'image' })]);
    expect((await inject({ method: 'GET', url: `/tep/${file.id}`, headers: bearer('citizenA') })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: `/tep/${file.id}`, headers: bearer('officerCC') })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: `/tep/${file.id}`, headers: bearer('citizenB') })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: `/tep/${file.id}` })).statusCode).toBe(404);
  });

  it('documents the API in OpenAPI under the tag “Kiến nghị”', async () => {
    const doc = (await inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain('Kiến nghị');
    for (const p of ['/api/v1/petitions', '/api/v1/petitions/{id}', '/api/v1/petitions/{id}/transitions', '/api/v1/petitions/{id}/rating', '/api/v1/petitions/track/{code}', '/api/v1/petitions/{id}/timeline']) {
      expect(doc.paths[p], p).toBeTruthy();
    }
    expect(doc.components.schemas.PetitionInput.required).toEqual(['kind', 'title', 'content']);
  });

  // ------------------------------------------------------------------------------------------- Open311

  it('Open311 discovery, services and service definitions in JSON and XML', async () => {
    const dj = await inject({ method: 'GET', url: '/open311/v2/discovery.json' });
    expect(dj.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(dj.json()).toMatchObject({ endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] }] });
    expect(dj.json().changeset).toBeTruthy();
    const dx = await inject({ method: 'GET', url: '/open311/v2/discovery.xml' });
    expect(dx.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(dx.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery>/);
    expect(dx.body).toContain('<formats>\n        <format>text/xml</format>\n        <format>application/json</format>\n      </formats>');

    const sj = (await inject({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=03670' })).json();
    const land = sj.find((s: { service_code: string }) => s.service_code === 'dat-dai');
    expect(land).toEqual({ service_code: 'dat-dai', service_name: 'Đất đai', description: expect.any(String), metadata: false, type: 'realtime', keywords: expect.stringContaining('dat dai'), group: 'Kiến nghị, phản ánh' });
    const sx = await inject({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(sx.body).toContain('<services>\n  <service>\n    <service_code>');
    expect(sx.body).toContain('<metadata>false</metadata>');
    expect(sx.body).toContain('<type>realtime</type>');
    const bad = await inject({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=nowhere' });
    expect(bad.statusCode).toBe(404);
    expect(bad.json()).toEqual([{ code: 404, description: expect.stringContaining('jurisdiction_id') }]);

    expect((await inject({ method: 'GET', url: '/open311/v2/services/dat-dai.json' })).json()).toEqual({ service_code: 'dat-dai', attributes: [] });
    const defx = await inject({ method: 'GET', url: '/open311/v2/services/dat-dai.xml' });
    expect(defx.body).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_definition>\n  <service_code>dat-dai</service_code>\n  <attributes/>\n</service_definition>\n');
    const none = await inject({ method: 'GET', url: '/open311/v2/services/khong-co.xml' });
    expect(none.statusCode).toBe(404);
    expect(none.body).toMatch(/<errors>\n  <error>\n    <code>404<\/code>\n    <description>service_code not found: khong-co<\/description>/);
    expect((await inject({ method: 'GET', url: '/open311/v2/services.yaml' })).statusCode).toBe(404);
  });

  it('Open311 POST requests: api_key required (403), location required (400), unknown service (404), then created', async () => {
    const ctx = getApp().ctx;
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const type = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const [lon, lat] = pointIn('03670');
    const base = { service_code: 'moi-truong', lat: String(lat), long: String(lon), description: 'Rác thải tập kết ở đầu ngõ tổ 2 đã hai tuần không được thu gom, bốc mùi, ruồi nhặng nhiều.' };

    const noKey = await inject({ method: 'POST', url: '/open311/v2/requests.json', headers: type, payload: form(base) });
    expect(noKey.statusCode).toBe(403);
    expect(noKey.json()).toEqual([{ code: 403, description: 'Thiếu api_key (mã truy cập cá nhân).' }]);
    const badKey = await inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: type, payload: form({ ...base, api_key: 'dt_not-a-real-token-at-all-000' }) });
    expect(badKey.statusCode).toBe(403);
    expect(badKey.body).toContain('<errors>\n  <error>\n    <code>403</code>');
    const noWhere = await inject({ method: 'POST', url: '/open311/v2/requests.json', headers: type, payload: form({ api_key: tokens.citizenA, description: base.description }) });
    expect(noWhere.statusCode).toBe(400);
    expect(noWhere.json().map((e: { code: number }) => e.code)).toEqual([400, 400]);
    const unknown = await inject({ method: 'POST', url: '/open311/v2/requests.json', headers: type, payload: form({ ...base, api_key: tokens.citizenA, service_code: 'khong-co' }) });
    expect(unknown.statusCode).toBe(404);
    const short = await inject({ method: 'POST', url: '/open311/v2/requests.json', headers: type, payload: form({ ...base, api_key: tokens.citizenA, description: 'Rác nhiều' }) });
    expect(short.statusCode).toBe(400);
    expect(short.json()[0].description).toContain('Nội dung cần ít nhất 20 ký tự');
    const outside = await inject({ method: 'POST', url: '/open311/v2/requests.json', headers: type, payload: form({ ...base, api_key: tokens.citizenA, lat: '21.03', long: '105.85' }) });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()[0].description).toContain('ngoài địa bàn tỉnh Sơn La');

    const ok = await inject({ method: 'POST', url: '/open311/v2/requests.json', headers: type, payload: form({ ...base, api_key: tokens.citizenA, jurisdiction_id: '14', media_url: 'http://example.com/x.jpg' }) });
    expect(ok.statusCode).toBe(200);
    const [created] = ok.json();
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^KN-\d{4}-\d{6}$/), service_notice: expect.stringContaining('Mã theo dõi'), account_id: c.citizenA.id });
    const row = await ctx.db.selectFrom('petitions').selectAll().where('code', '=', created.service_request_id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'open311', unit_code: '03670', kind: 'phan_anh', petitioner_id: c.citizenA.id, visibility: 'public' });

    const xml = await inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: type, payload: form({ ...base, api_key: tokens.citizenB, jurisdiction_id: '03670' }) });
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests>\n  <request>\n    <service_request_id>KN-\d{4}-\d{6}<\/service_request_id>\n    <service_notice>[^<]+<\/service_notice>\n    <account_id>\d+<\/account_id>\n  <\/request>\n<\/service_requests>\n$/);

    // An official's integration (e.g. a hotline system) sends the citizen's name: entered for that citizen.
    const staff = await inject({ method: 'POST', url: '/open311/v2/requests.json', headers: type, payload: form({ ...base, api_key: tokens.officerCC, first_name: 'Văn Xôm', last_name: 'Lò', phone: '0987654321' }) });
    const staffRow = await ctx.db.selectFrom('petitions').selectAll().where('code', '=', staff.json()[0].service_request_id).executeTakeFirstOrThrow();
    expect(staffRow).toMatchObject({ petitioner_id: null, petitioner_name: 'Lò Văn Xôm', entered_by: c.officerCC.id, channel: 'open311' });
  });

  it('Open311 GET requests: one, several, filters; status open/closed; private ones by code show status only', async () => {
    const ctx = getApp().ctx;
    const open = (await createPetition(ctx, c.citizenA, petitionInput({ categoryId: c.categories.moiTruong }), { skipRateLimit: true })).petition;
    const priv = (await createPetition(ctx, c.citizenA, petitionInput({ visibility: 'private', categoryId: c.categories.moiTruong }), { skipRateLimit: true })).petition;
    const done = (await createPetition(ctx, c.citizenA, petitionInput({ categoryId: c.categories.moiTruong, title: 'Nước thải trang trại lợn chảy ra suối' }), { skipRateLimit: true })).petition;
    await transition(ctx, c.officerCC, done.id, { action: 'receive' });
    await transition(ctx, c.headCC, done.id, { action: 'assign', assigneeId: c.officerCC.id });
    await transition(ctx, c.officerCC, done.id, { action: 'draft_answer', answerText: 'Trang trại đã xây bể lắng và hầm biogas, không còn xả thải ra suối.' });
    await transition(ctx, c.headCC, done.id, { action: 'approve' });
    await transition(ctx, c.officerCC, done.id, { action: 'publish' });

    const one = await inject({ method: 'GET', url: `/open311/v2/requests/${open.code}.json` });
    expect(one.statusCode).toBe(200);
    const [r] = one.json();
    expect(Object.keys(r)).toEqual([
      'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
      'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
    ]);
    expect(r).toMatchObject({ service_request_id: open.code, status: 'open', service_code: 'moi-truong', service_name: 'Tài nguyên – Môi trường', agency_responsible: 'Ủy ban nhân dân phường Chiềng Cơi' });
    expect(r.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(r.description).toBe(open.content);
    const privOne = (await inject({ method: 'GET', url: `/open311/v2/requests/${priv.code}.json` })).json()[0];
    expect(privOne).toMatchObject({ service_request_id: priv.code, status: 'open', description: null, lat: null });
    expect((await inject({ method: 'GET', url: `/open311/v2/requests/${priv.code}.json?api_key=${tokens.citizenA}` })).json()[0].description).toBe(priv.content);
    const closedX = await inject({ method: 'GET', url: `/open311/v2/requests/${done.code}.xml` });
    expect(closedX.body).toContain(`<service_requests>\n  <request>\n    <service_request_id>${done.code}</service_request_id>\n    <status>closed</status>\n    <status_notes>Trang trại đã xây bể lắng`);
    expect(closedX.body).toContain('<address_id/>');
    const missing = await inject({ method: 'GET', url: '/open311/v2/requests/KN-2001-000009.xml' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<code>404</code>');

    const several = (await inject({ method: 'GET', url: `/open311/v2/requests.json?service_request_id=${open.code},${done.code}` })).json();
    expect(several.map((x: { service_request_id: string }) => x.service_request_id).sort()).toEqual([open.code, done.code].sort());
    // The public list holds published answers only.
    const closedList = (await inject({ method: 'GET', url: '/open311/v2/requests.json?status=closed&service_code=moi-truong&jurisdiction_id=03670' })).json();
    expect(closedList.map((x: { service_request_id: string }) => x.service_request_id)).toContain(done.code);
    expect(closedList.every((x: { status: string }) => x.status === 'closed')).toBe(true);
    expect((await inject({ method: 'GET', url: '/open311/v2/requests.json?status=open' })).json().some((x: { service_request_id: string }) => x.service_request_id === priv.code)).toBe(false);
    const tooLong = await inject({ method: 'GET', url: '/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()[0]).toEqual({ code: 400, description: 'Khoảng thời gian tra cứu không được vượt quá 90 ngày.' });
    expect((await inject({ method: 'GET', url: '/open311/v2/requests.json?status=maybe' })).statusCode).toBe(400);
    expect((await inject({ method: 'GET', url: '/open311/v2/nothing.json' })).json()).toEqual([{ code: 404, description: expect.any(String) }]);
  });
});
