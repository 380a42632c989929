import { beforeAll, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { describeEachEngine } from '../../test/harness';
import { createApiToken } from '../accounts/service';
import { cookieHeader, csrfFrom, formBody, FORM_TYPE, setCookies } from '../accounts/testing';
import { createCast, type Cast } from '../petitions/testing';
import { conferenceInput } from './testing';

describeEachEngine('conferences: pages, API, allow and deny', (getApp) => {
  let cast: Cast;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const inject = (o: InjectOptions) => getApp().server.inject(o);
  let id = 0;
  beforeAll(async () => {
    const ctx = getApp().ctx;
    cast = await createCast(ctx);
    for (const [k, p] of Object.entries({ citizenA: cast.citizenA, citizenB: cast.citizenB, officerCC: cast.officerCC, headCC: cast.headCC, officerTH: cast.officerTH, frontCC: cast.frontCC, supervisor: cast.supervisor })) {
      tokens[k] = (await createApiToken(ctx, p, { name: 'test' })).token;
    }
  });

  it('creates through the API; bad input is problem+json beside the field; another unit and citizens are refused', async () => {
    const ctx = getApp().ctx;
    const body = await conferenceInput(ctx, cast);
    expect((await inject({ method: 'POST', url: '/api/v1/conferences', payload: body })).statusCode).toBe(403);
    expect((await inject({ method: 'POST', url: '/api/v1/conferences', headers: as('citizenA'), payload: body })).statusCode).toBe(403);
    expect((await inject({ method: 'POST', url: '/api/v1/conferences', headers: as('officerTH'), payload: body })).statusCode).toBe(403);
    const bad = await inject({ method: 'POST', url: '/api/v1/conferences', headers: as('officerCC'), payload: { ...body, endTime: '07:00', venue: '' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = Object.fromEntries(bad.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(fields.endTime).toBe('Giờ kết thúc phải sau giờ bắt đầu.');
    expect(fields.venue).toContain('địa điểm');
    const ok = await inject({ method: 'POST', url: '/api/v1/conferences', headers: as('frontCC'), payload: body });
    expect(ok.statusCode).toBe(201);
    id = ok.json().id;
    // A draft is not public.
    expect((await inject({ method: 'GET', url: `/hoi-nghi/${id}`, headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect((await inject({ method: 'POST', url: `/api/v1/conferences/${id}/transitions`, headers: as('officerCC'), payload: { action: 'approve' } })).statusCode).toBe(403);
    expect((await inject({ method: 'POST', url: `/api/v1/conferences/${id}/transitions`, headers: as('headCC'), payload: { action: 'approve' } })).statusCode).toBe(200);
    expect((await inject({ method: 'POST', url: `/api/v1/conferences/${id}/transitions`, headers: as('officerTH'), payload: { action: 'announce' } })).statusCode).toBe(403);
    const ann = await inject({ method: 'POST', url: `/api/v1/conferences/${id}/transitions`, headers: as('officerCC'), payload: { action: 'announce' } });
    expect(ann.json().status).toBe('announced');
    expect((await inject({ method: 'POST', url: `/api/v1/conferences/${id}/transitions`, headers: as('officerCC'), payload: { action: 'close' } })).statusCode).toBe(409);
  });

  it('the public pages render; anyone registers without an account through the form and gets a QR confirmation', async () => {
    const list = await inject({ method: 'GET', url: '/hoi-nghi?q=chieng coi', headers: { accept: 'text/html' } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/hoi-nghi/${id}`);
    const page = await inject({ method: 'GET', url: `/hoi-nghi/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đăng ký tham dự');
    const jar = setCookies(page);
    const csrf = csrfFrom(page.body);
    const bad = await inject({ method: 'POST', url: `/hoi-nghi/${id}/dang-ky`, headers: { cookie: cookieHeader(jar), 'content-type': FORM_TYPE, accept: 'text/html' }, payload: formBody({ _csrf: csrf, name: 'Lò Văn Pọm', phone: 'abc' }) });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Số điện thoại không hợp lệ.');
    const res = await inject({ method: 'POST', url: `/hoi-nghi/${id}/dang-ky`, headers: { cookie: cookieHeader(jar), 'content-type': FORM_TYPE, accept: 'text/html' }, payload: formBody({ _csrf: csrf, name: 'Lò Văn Pọm', phone: '0912 345 678', village: 'Bản Hài' }) });
    expect(res.statusCode).toBe(303);
    const conf = await inject({ method: 'GET', url: res.headers.location as string });
    expect(conf.statusCode).toBe(200);
    expect(conf.body).toContain('<svg');
    expect(conf.body).toContain('Lò Văn Pọm');
    const ics = await inject({ method: 'GET', url: `/hoi-nghi/${id}/lich.ics` });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('SEQUENCE:0');
    const feed = await inject({ method: 'GET', url: '/hoi-nghi/don-vi/03670/lich.ics' });
    expect(feed.body).toContain(`conference-${id}@`);
    const live = await inject({ method: 'GET', url: `/hoi-nghi/${id}/truc-tiep` });
    expect(live.body).toContain('http-equiv="refresh"');
  });

  it('citizens ask for themselves only (signed in); organisers sort and the secretary runs the session through the API', async () => {
    expect((await inject({ method: 'POST', url: `/api/v1/conferences/${id}/questions`, payload: { content: 'Câu hỏi không đăng nhập gửi lên' } })).statusCode).toBe(401);
    const q = await inject({ method: 'POST', url: `/api/v1/conferences/${id}/questions`, headers: as('citizenA'), payload: { content: 'Khi nào có nước sạch ở bản Hài?' } });
    expect(q.statusCode).toBe(201);
    const qid = q.json().id;
    expect((await inject({ method: 'PATCH', url: `/api/v1/conference-questions/${qid}`, headers: as('citizenA'), payload: { level: 'above' } })).statusCode).toBe(403);
    expect((await inject({ method: 'PATCH', url: `/api/v1/conference-questions/${qid}`, headers: as('officerTH'), payload: { level: 'above' } })).statusCode).toBe(403);
    const org = await inject({ method: 'PATCH', url: `/api/v1/conference-questions/${qid}`, headers: as('officerCC'), payload: { assignedAgencyId: cast.agencies.ubndCC } });
    expect(org.json().status).toBe('queued');
    // The officer pages and the console answer the organisers, refuse the others.
    expect((await inject({ method: 'GET', url: `/can-bo/hoi-nghi/${id}`, headers: { ...as('officerCC'), accept: 'text/html' } })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: `/can-bo/hoi-nghi/${id}/thu-ky`, headers: { ...as('officerCC'), accept: 'text/html' } })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: `/can-bo/hoi-nghi/${id}`, headers: { ...as('officerTH'), accept: 'text/html' } })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: `/can-bo/hoi-nghi/${id}`, headers: { ...as('citizenA'), accept: 'text/html' } })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/can-bo/hoi-nghi/moi', headers: { ...as('officerCC'), accept: 'text/html' } })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/can-bo/hoi-nghi/ke-hoach', headers: { ...as('supervisor'), accept: 'text/html' } })).statusCode).toBe(200);
    await inject({ method: 'POST', url: `/api/v1/conferences/${id}/transitions`, headers: as('officerCC'), payload: { action: 'start' } });
    expect((await inject({ method: 'POST', url: `/api/v1/conference-questions/${qid}/current`, headers: as('officerCC') })).statusCode).toBe(200);
    const events = await inject({ method: 'GET', url: `/api/v1/conferences/${id}/events?after=0` });
    expect(events.json().items.map((e: { kind: string }) => e.kind)).toContain('current');
  });
});
