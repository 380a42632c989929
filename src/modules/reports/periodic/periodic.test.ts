import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { describeEachEngine } from '../../../test/harness';
import { csrfFrom, formBody, loginAs } from '../../accounts/testing';
import { getAgencyByCode } from '../../directory/service';
import { createCast, CHIENG_COI, type Cast } from '../../petitions/testing';
import { docxText } from '../../../platform/documents/zip';
import { listNotifications } from '../../notifications/service';
import { createReport, getReport, issueReport } from './service';
import { remindDueReports } from './jobs';
import { vnRange } from '../period';

type App = ReturnType<Parameters<Parameters<typeof describeEachEngine>[1]>[0]>;

async function received(app: App, unit: string, from: string, to: string): Promise<number> {
  const r = vnRange(from, to);
  const w = unit.length <= 2 ? sql`province_code = ${unit}` : sql`unit_code = ${unit}`;
  const x = await sql<{ n: number }>`select count(*)::int as n from petitions where ${w} and status <> 'merged' and submitted_at >= ${r.from} and submitted_at < ${r.to}`.execute(app.ctx.db);
  return Number(x.rows[0].n);
}

describeEachEngine(
  'reports: periodic reports',
  (getApp) => {
    let c: Cast;
    let year: number;
    beforeAll(async () => {
      c = await createCast(getApp().ctx);
      year = Number(new Date(getApp().ctx.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 4));
    });

    it('generates, edits, issues (numbered) and sends a commune report to the province, which acknowledges it', async () => {
      const app = getApp();
      const head = await loginAs(app, 'chutich@example.com');
      const form = await app.server.inject({ url: '/bao-cao', headers: { cookie: head.cookie } });
      expect(form.statusCode).toBe(200);
      const ubnd = (await getAgencyByCode(app.ctx.db, `UBND-${CHIENG_COI}`))!;
      const bad = await app.server.inject({ method: 'POST', url: '/bao-cao', headers: { cookie: head.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: head.csrf, agencyId: ubnd.id, kind: 'month', year }) });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('Báo cáo tháng cần chọn tháng từ 1 đến 12.');
      const res = await app.server.inject({ method: 'POST', url: '/bao-cao', headers: { cookie: head.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: head.csrf, agencyId: ubnd.id, kind: 'h1', year }) });
      expect(res.statusCode).toBe(303);
      const id = Number(res.headers.location!.split('/').pop());
      const page = await app.server.inject({ url: `/bao-cao/${id}`, headers: { cookie: head.cookie } });
      expect(page.statusCode).toBe(200);
      // Its figures one click away: the dashboard of the same unit and period.
      expect(page.body).toContain(`href="/so-lieu?unit=${CHIENG_COI}&amp;from=${year}-01-01&amp;to=${year}-06-30"`);
      const n = await received(app, CHIENG_COI, `${year}-01-01`, `${year}-06-30`);
      expect(n).toBeGreaterThan(0);
      const r = (await getReport(app.ctx.db, id))!;
      expect(r.figures.figures.find((f) => f.key === 'petitions.received')!.value).toBe(n);
      const csrf = csrfFrom(page.body);
      const post = (path: string, body: Record<string, string> = {}) =>
        app.server.inject({ method: 'POST', url: `/bao-cao/${id}/${path}`, headers: { cookie: head.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: csrf, ...body }) });
      expect((await post('noi-dung', { narrative: 'Phường đã tổ chức tiếp công dân định kỳ đúng quy định.\n\nQuý tới tập trung giải quyết dứt điểm các vụ việc kéo dài.' })).statusCode).toBe(303);
      expect((await post('ban-hanh')).statusCode).toBe(303);
      const issued = (await getReport(app.ctx.db, id))!;
      expect(issued.status).toBe('issued');
      expect(issued.numberText).toMatch(/^\d{2}\/BC-UBND$/);
      const told = await listNotifications(app.ctx.db, c.supervisor.id, null, { limit: 100 });
      expect(told.items.some((x) => x.event === 'reports.issued' && x.link === `/bao-cao/${id}`)).toBe(true);
      expect((await post('noi-dung', { narrative: 'sửa sau khi ban hành' })).statusCode).toBe(409);
      // The document reads the frozen figures: new petitions in the period do not change it.
      const docx = await app.server.inject({ url: `/bao-cao/${id}.docx`, headers: { cookie: head.cookie } });
      const text = docxText(docx.rawPayload);
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain(`Số: ${issued.numberText}`);
      expect(text).toContain('Kiến nghị tiếp nhận');
      expect(text).toContain('Quý tới tập trung giải quyết dứt điểm');
      await sql`update petitions set submitted_at = ${new Date(Date.UTC(year, 1, 10))} where id = (select min(id) from petitions where unit_code = ${CHIENG_COI} and submitted_at >= ${new Date(Date.UTC(year, 9, 1))})`.execute(app.ctx.db);
      const again = docxText((await app.server.inject({ url: `/bao-cao/${id}.docx`, headers: { cookie: head.cookie } })).rawPayload);
      expect(again).toBe(text);
      const pdf = await app.server.inject({ url: `/bao-cao/${id}.pdf`, headers: { cookie: head.cookie } });
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const xlsx = new ExcelJS.Workbook();
      await xlsx.xlsx.load((await app.server.inject({ url: `/bao-cao/${id}.xlsx`, headers: { cookie: head.cookie } })).rawPayload as never);
      const cells = xlsx.worksheets[0].getSheetValues().flat().map(String);
      expect(cells).toContain(String(n));
      // The province's inbox: expected / received / on time; the head cannot acknowledge their own report.
      const sup = await loginAs(app, 'sonla@example.com');
      const inbox = await app.server.inject({ url: `/bao-cao/nhan?kind=h1&year=${year}`, headers: { cookie: sup.cookie } });
      expect(inbox.statusCode).toBe(200);
      expect(inbox.body).toMatch(/data-key="actual"><span class="stat-value">1</);
      expect(inbox.body).toContain('Chưa báo cáo');
      // Its links keep the period chosen: the province's dashboard, and a commune that has not reported.
      expect(inbox.body).toContain(`href="/so-lieu?unit=14&amp;from=${year}-01-01&amp;to=${year}-06-30"`);
      expect(inbox.body).toMatch(new RegExp(`href="/so-lieu\\?unit=(?!14&)\\d{5}&amp;from=${year}-01-01&amp;to=${year}-06-30"`));
      expect((await post('xac-nhan')).statusCode).toBe(403);
      const view = await app.server.inject({ url: `/bao-cao/${id}`, headers: { cookie: sup.cookie } });
      const ack = await app.server.inject({ method: 'POST', url: `/bao-cao/${id}/xac-nhan`, headers: { cookie: sup.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: csrfFrom(view.body), note: 'Đã nhận.' }) });
      expect(ack.statusCode).toBe(303);
      expect((await getReport(app.ctx.db, id))!.status).toBe('acknowledged');
      // Another commune's official cannot see it.
      expect((await app.server.inject({ url: `/bao-cao/${id}`, headers: { cookie: (await loginAs(app, 'congdan@example.com')).cookie } })).statusCode).toBe(403);
    });

    it('a province report includes its communes and says which have not reported', async () => {
      const app = getApp();
      const ubnd14 = (await getAgencyByCode(app.ctx.db, 'UBND-14'))!;
      const r = await createReport(app.ctx, c.admin, { agencyId: ubnd14.id, kind: 'h1', year });
      expect(r.figures.children.length).toBeGreaterThan(70);
      expect(r.figures.completeness).toMatchObject({ expected: r.figures.children.length, actual: 1 });
      const coi = r.figures.children.find((x) => x.code === CHIENG_COI)!;
      expect(coi.values['petitions.received']).toBe(await received(app, CHIENG_COI, `${year}-01-01`, `${year}-06-30`));
      const issued = await issueReport(app.ctx, c.admin, r.id);
      expect(issued.numberText).toBe('01/BC-UBND');
    });

    it('a period without data is still a valid document that says so', async () => {
      const app = getApp();
      const ubnd = (await getAgencyByCode(app.ctx.db, `UBND-${CHIENG_COI}`))!;
      const r = await createReport(app.ctx, c.headCC, { agencyId: ubnd.id, kind: 'month', year: year - 3, month: 1 });
      // Petitions and disclosure have nothing then; a module counting a current state (not events of the period)
      // may still show a figure, and then the document does not say "no data".
      expect(r.figures.figures.filter((f) => f.key.startsWith('petitions.') || f.key.startsWith('disclosure.')).every((f) => f.value === 0)).toBe(true);
      const head = await loginAs(app, 'chutich@example.com');
      const docx = await app.server.inject({ url: `/bao-cao/${r.id}.docx`, headers: { cookie: head.cookie } });
      expect(docx.statusCode).toBe(200);
      if (r.figures.empty) expect(docxText(docx.rawPayload)).toContain('Trong kỳ báo cáo không phát sinh số liệu');
      else expect(docxText(docx.rawPayload)).toContain('Kiến nghị tiếp nhận');
      expect((await app.server.inject({ url: `/bao-cao/${r.id}.pdf`, headers: { cookie: head.cookie } })).statusCode).toBe(200);
    });

    it('reminds the heads of units whose report is due, once', async () => {
      const app = getApp();
      app.clock.set(new Date(`${year + 1}-01-03T03:00:00Z`));
      try {
        const sent = await remindDueReports(app.ctx);
        expect(sent).toBeGreaterThan(0);
        expect(await remindDueReports(app.ctx)).toBe(0);
        const notes = await listNotifications(app.ctx.db, c.headCC.id, null, { limit: 100 });
        expect(notes.items.some((x) => x.event === 'reports.due.soon')).toBe(true);
      } finally {
        app.clock.reset();
      }
    });
  },
  { demo: true },
);
