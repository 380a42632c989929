import { beforeAll, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import ExcelJS from 'exceljs';
import { describeEachEngine } from '../../test/harness';
import { createApiToken } from '../accounts/service';
import { createCast, type Cast } from '../petitions/testing';
import { quarterOf } from './period';

function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type: string }) {
  const boundary = '----consolidation-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const meeting = { unitCode: '03670', organisation: 'Hội Nông dân', meeting: 'Hội nghị tiếp xúc cử tri bản Hài', heldOn: '20/11/2026', place: 'Nhà văn hóa bản Hài' };
const csv = (rows: string[]) => Buffer.from(['Nội dung ý kiến,Số người,"Thôn, bản, tổ dân phố",Họ và tên,Số điện thoại,Loại', ...rows].join('\n'));

describeEachEngine('consolidation pages and API', (getApp) => {
  let c: Cast;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  let period: string;
  beforeAll(async () => {
    const ctx = getApp().ctx;
    c = await createCast(ctx);
    for (const [k, p] of Object.entries({ front: c.frontCC, officer: c.officerCC, officerTH: c.officerTH, supervisor: c.supervisor, citizen: c.citizenA })) {
      tokens[k] = (await createApiToken(ctx, p, { name: 'test' })).token;
    }
    period = quarterOf(getApp().clock.now());
  });
  const inject = (o: InjectOptions) => getApp().server.inject(o);
  const page = (url: string, who?: string) => inject({ method: 'GET', url, headers: { accept: 'text/html', ...(who ? as(who) : {}) } });

  it('the topics page: the Front officer edits, a handling officer reads, another commune and citizens are refused', async () => {
    expect((await page('/tong-hop')).statusCode).toBe(303);
    const front = await page(`/tong-hop?unit=03670&period=${period}`, 'front');
    expect(front.statusCode).toBe(200);
    expect(front.body).toContain('Đề xuất nhóm ý kiến tương tự');
    const officer = await page(`/tong-hop?unit=03670&period=${period}`, 'officer');
    expect(officer.statusCode).toBe(200);
    expect(officer.body).not.toContain('Đề xuất nhóm ý kiến tương tự');
    expect((await page(`/tong-hop?unit=03670&period=${period}`, 'officerTH')).statusCode).toBe(403);
    expect((await page(`/tong-hop?unit=03670&period=${period}`, 'citizen')).statusCode).toBe(403);
    expect((await page(`/tong-hop?unit=03670&period=${period}`, 'supervisor')).statusCode).toBe(200);
    expect((await page('/tong-hop/nhap-y-kien?unit=03670', 'officer')).statusCode).toBe(403);
  });

  it('the multi-row form: a bad row refuses all with every bad row listed; a good one records petitions of channel front_gathering', async () => {
    const bad = await inject({
      method: 'POST',
      url: '/tong-hop/nhap-y-kien',
      headers: { ...as('front'), accept: 'text/html' },
      payload: { ...meeting, 'rows[0][text]': 'Đường vào bản Hài bị sạt lở sau mưa lớn, đề nghị sớm khắc phục.', 'rows[0][peopleCount]': '12', 'rows[1][text]': 'Ngắn quá', 'rows[2][text]': 'Nước sinh hoạt bản Hài bị đục, đề nghị kiểm tra bể lọc.', 'rows[2][peopleCount]': 'nhiều' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Nội dung ý kiến');
    expect(bad.body).toContain('Số người');
    const before = await getApp().ctx.db.selectFrom('consolidation_gatherings').select('id').execute();
    expect(before).toHaveLength(0);
    const ok = await inject({
      method: 'POST',
      url: '/api/v1/consolidation/gatherings',
      headers: as('front'),
      payload: { ...meeting, rows: [{ text: 'Đường vào bản Hài bị sạt lở sau mưa lớn, đề nghị sớm khắc phục.', peopleCount: 12, village: 'Bản Hài' }, { text: 'Tôi khiếu nại việc thu hồi đất nương của gia đình mà không có quyết định.', kind: 'khieu_nai', name: 'Lò Văn Tâm', phone: '0912345678' }] },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ legal: 1 });
    const rows = await getApp().ctx.db.selectFrom('petitions').select(['channel', 'track', 'people_count', 'entered_place']).where('id', 'in', ok.json().petitionIds).orderBy('id').execute();
    expect(rows).toMatchObject([{ channel: 'front_gathering', track: 'general', people_count: 12, entered_place: 'Hội nghị tiếp xúc cử tri bản Hài – Nhà văn hóa bản Hài' }, { track: 'legal' }]);
    const apiBad = await inject({ method: 'POST', url: '/api/v1/consolidation/gatherings', headers: as('front'), payload: { ...meeting, rows: [{ text: 'ngắn' }, { text: 'Đủ dài để là một ý kiến hợp lệ của bà con.', peopleCount: 0 }] } });
    expect(apiBad.statusCode).toBe(422);
    expect(apiBad.json().rows).toEqual([
      expect.objectContaining({ row: 1, column: 'text', columnName: 'Nội dung ý kiến' }),
      expect.objectContaining({ row: 2, column: 'peopleCount' }),
    ]);
  });

  it('imports a CSV or XLSX file all or nothing; refuses a bad one, a wrong format, an unknown column and the same file twice', async () => {
    const good = csv(['"Rác thải ở chợ Chiềng Cơi không được thu gom, bốc mùi hôi.",5,Tổ dân phố 2,,,Phản ánh', '"Đèn đường Lò Văn Giá hỏng đã hai tháng, buổi tối rất tối.",3,Tổ dân phố 1,,,']);
    const post = (data: Buffer, name = 'y-kien.csv', type = 'text/csv') => inject({ method: 'POST', url: '/api/v1/consolidation/imports', ...(() => { const m = multipart(meeting, { name, data, type }); return { payload: m.payload, headers: { ...m.headers, ...as('front') } }; })() });
    const ok = await post(good);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().petitionIds).toHaveLength(2);
    expect((await post(good)).statusCode).toBe(409);
    const bad = await post(csv(['"Một ý kiến đầy đủ về đường bản Hua La bị hỏng nặng.",2,Bản Hua La,,,', 'ngắn,1,,,,', '"Một ý kiến khác đủ dài về nước sinh hoạt.",-3,,,,Không rõ']));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().rows.map((r: { row: number; column: string }) => `${r.row}:${r.column}`)).toEqual(['3:text', '4:peopleCount', '4:kind']);
    expect((await post(Buffer.from('Cột lạ,Nội dung ý kiến\nx,y'))).statusCode).toBe(422);
    expect((await post(Buffer.from([0x00, 0xff, 0xfe, 0x01]), 'x.bin', 'application/octet-stream')).statusCode).toBe(415);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ý kiến');
    ws.addRow(['STT', 'Nội dung ý kiến', 'Số người', 'Thôn, bản, tổ dân phố']);
    ws.addRow([1, 'Trường mầm non bản Cọ bị dột, các cháu không có chỗ ngủ trưa.', 20, 'Bản Cọ']);
    const xlsx = await post(Buffer.from(await wb.xlsx.writeBuffer()), 'y-kien.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.statusCode).toBe(201);
    const template = await page('/tong-hop/mau-nhap.xlsx', 'front');
    expect(template.statusCode).toBe(200);
    const tw = new ExcelJS.Workbook();
    await tw.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(tw.worksheets[0].getRow(1).values).toEqual(expect.arrayContaining(['Nội dung ý kiến', 'Số người', 'Thôn, bản, tổ dân phố']));
  });

  it('the dossier API and documents: topics and items as in the database', async () => {
    const ctx = getApp().ctx;
    const ids = (await ctx.db.selectFrom('consolidation_gathering_items').select('petition_id').execute()).map((r) => r.petition_id);
    const general = (await ctx.db.selectFrom('petitions').select(['id', 'track']).where('id', 'in', ids).execute()).filter((r) => r.track === 'general').map((r) => r.id);
    const created = await inject({ method: 'POST', url: '/api/v1/consolidation/topics', headers: as('front'), payload: { unitCode: '03670', period, title: 'Ý kiến của bà con bản Hài', petitionIds: general.slice(0, 2) } });
    expect(created.statusCode).toBe(201);
    expect((await inject({ method: 'POST', url: '/api/v1/consolidation/topics', headers: as('officer'), payload: { unitCode: '03670', period, title: 'Không được phép' } })).statusCode).toBe(403);
    const d = await inject({ method: 'GET', url: `/api/v1/consolidation/dossiers?unitCode=03670&period=${period}`, headers: as('officer') });
    expect(d.statusCode).toBe(200);
    expect(d.json().topics[0]).toMatchObject({ title: 'Ý kiến của bà con bản Hài', counts: { items: 2 } });
    expect((await inject({ method: 'GET', url: `/api/v1/consolidation/dossiers?unitCode=03670&period=${period}`, headers: as('officerTH') })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: `/api/v1/consolidation/dossiers?unitCode=03670&period=2026-Q9`, headers: as('officer') })).statusCode).toBe(422);
    const x = await page(`/tong-hop/ho-so.xlsx?unit=03670&period=${period}`, 'officer');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Chuyên đề', 'Ý kiến, kiến nghị']);
    expect(wb.worksheets[0].getRow(2).getCell(3).value).toBe('Ý kiến của bà con bản Hài');
    expect(wb.worksheets[1].rowCount - 1).toBe(general.length);
    const docx = await page(`/tong-hop/ho-so.docx?unit=03670&period=${period}`, 'officer');
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const topicPage = await page(`/tong-hop/chuyen-de/${created.json().id}`, 'front');
    expect(topicPage.statusCode).toBe(200);
    expect(topicPage.body).toContain('Ý kiến của bà con bản Hài');
  });

  it('proposal runs through the API (202, a job), matching a petition to its topic, and the OpenAPI document', async () => {
    const run = await inject({ method: 'POST', url: '/api/v1/consolidation/runs', headers: as('front'), payload: { unitCode: '03670', period } });
    expect(run.statusCode).toBe(202);
    while ((await getApp().jobs.runOnce()) > 0);
    const list = await inject({ method: 'GET', url: `/api/v1/consolidation/proposals?unitCode=03670&period=${period}`, headers: as('officer') });
    expect(list.json().run).toMatchObject({ id: run.json().runId, status: 'done' });
    expect((await inject({ method: 'POST', url: '/api/v1/consolidation/runs', headers: as('officer'), payload: { unitCode: '03670', period } })).statusCode).toBe(403);
    const topic = (await inject({ method: 'GET', url: `/api/v1/consolidation/dossiers?unitCode=03670&period=${period}`, headers: as('front') })).json().topics[0];
    const member = (await inject({ method: 'GET', url: `/api/v1/consolidation/topics/${topic.id}`, headers: as('front') })).json().items[0];
    const m = await inject({ method: 'GET', url: `/api/v1/consolidation/petitions/${member.petitionId}/matches`, headers: as('officer') });
    expect(m.statusCode).toBe(200);
    expect(m.json().matches[0]?.topicId).toBe(topic.id);
    expect((await inject({ method: 'GET', url: `/api/v1/consolidation/petitions/${member.petitionId}/matches`, headers: as('officerTH') })).statusCode).toBe(403);
    const doc = (await inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain('Tổng hợp');
    for (const p of ['/api/v1/consolidation/dossiers', '/api/v1/consolidation/topics/{id}', '/api/v1/consolidation/imports', '/api/v1/consolidation/gatherings', '/api/v1/consolidation/runs']) expect(doc.paths[p], p).toBeTruthy();
  });
});
