import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createApp, seedDemo } from '../../app';
import { openPostgres } from '../../platform/db/database';
import { createLogger } from '../../platform/logger';
import { accountsModule } from '../accounts';
import { describeEachEngine, testConfig, type TestApp } from '../../test/harness';
import { loginAs } from '../accounts/testing';
import { directoryModule } from '../directory';
import type { Principal } from '../../platform/access/principal';
import { verifyAudit } from '../../platform/audit/audit';
import {
  addCalendarDay,
  addCalendarDaysFrom,
  addWorkingDaysFrom,
  calendarYears,
  ensureCalendarYears,
  isWorkingDayOn,
  listCalendarDays,
  loadWorkingCalendar,
  resetCalendarYear,
  workingDaysBetweenDates,
} from './service';

const ORIGIN = 'http://localhost:3000';

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

const admin: Principal = {
  id: 424_242,
  name: 'Quản trị thử',
  email: null,
  phone: null,
  kind: 'official',
  unitCode: null,
  roles: [{ role: 'admin', agencyId: 1, unitCode: '14', provinceCode: '14', unitLevel: 'province' }],
  via: 'session',
};

describeEachEngine(
  'calendar',
  (getApp, engine) => {
    // Only the demo data these tests use (the directory and the demo accounts), not every module's.
    beforeAll(async () => {
      await seedDemo(getApp().ctx, [directoryModule, accountsModule]);
    }, 600_000);

    it('has the official 2026 schedule loaded at start, and every year from last year to two years ahead', async () => {
      const { ctx } = getApp();
      const days = await listCalendarDays(ctx.db, 2026);
      const byDate = new Map(days.map((d) => [`${d.date}/${d.kind}`, d]));
      for (const date of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
        expect(byDate.get(`${date}/holiday`)).toMatchObject({ name: 'Tết Nguyên đán', source: 'official' });
      }
      expect(byDate.get('2026-01-10/swap_work')).toBeTruthy();
      expect(byDate.get('2026-04-27/compensatory')).toBeTruthy();
      const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(ctx.clock.now()));
      expect(await calendarYears(ctx.db)).toEqual(expect.arrayContaining([year - 1, year, year + 1, year + 2]));
      // Idempotent: a second start adds nothing.
      const before = (await listCalendarDays(ctx.db, year)).length;
      expect(await ensureCalendarYears(ctx)).toEqual([]);
      expect((await listCalendarDays(ctx.db, year)).length).toBe(before);
    });

    it('counts working days across Tết 2026 and the swap days, from a date or an instant', async () => {
      const { ctx } = getApp();
      // Thursday 12/02/2026 + 3 working days: Fri 13/02, then Tết and weekends until Sunday 22/02, Mon 23/02, Tue 24/02.
      expect(await addWorkingDaysFrom(ctx, '2026-02-12', 3)).toBe('2026-02-24');
      // 20:00 UTC on 12/02 is 03:00 on 13/02 in Vietnam: the count starts from the 13th.
      expect(await addWorkingDaysFrom(ctx, new Date('2026-02-12T20:00:00Z'), 1)).toBe('2026-02-23');
      expect(await addWorkingDaysFrom(ctx, new Date('2026-02-12T16:59:00Z'), 1)).toBe('2026-02-13');
      expect(await isWorkingDayOn(ctx, '2026-01-10')).toBe(true); // Saturday worked for Friday 02/01
      expect(await isWorkingDayOn(ctx, '2026-01-02')).toBe(false);
      expect(await isWorkingDayOn(ctx, '2026-04-27')).toBe(false); // compensatory for Giỗ Tổ on Sunday 26/04
      expect(await workingDaysBetweenDates(ctx, '2026-02-12', '2026-02-24')).toBe(3);
      // 10 calendar days from 10/02 end on Friday 20/02, a Tết day: moved to Monday 23/02.
      expect(await addCalendarDaysFrom(ctx, '2026-02-10', 10)).toBe('2026-02-23');
      // 2027: Tết on Saturday 06/02 → Friday 05/02 to Thursday 11/02 off.
      expect(await addWorkingDaysFrom(ctx, '2027-02-04', 1)).toBe('2027-02-12');
      await expect(addWorkingDaysFrom(ctx, '2026-02-30', 1)).rejects.toThrow(RangeError);
    });

    it('answers from the warm cache inside another use case’s transaction', async () => {
      const { ctx } = getApp();
      await loadWorkingCalendar(ctx.db);
      const due = await ctx.db.transaction().execute(async () => addWorkingDaysFrom(ctx, '2026-02-12', 3));
      expect(due).toBe('2026-02-24');
    });

    it('shows the year’s days off publicly', async () => {
      const app = getApp();
      const res = await page(app, '/lich-lam-viec?year=2026');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<time datetime="2026-02-17">17/02/2026</time>');
      expect(res.body).toContain('Thứ Ba');
      expect(res.body).toContain('Tết Nguyên đán');
      expect(res.body).toContain('Làm bù');
      expect(res.body).toMatch(/Năm 2026 có \d{3} ngày làm việc/);
      const en = await app.server.inject({ method: 'GET', url: '/lich-lam-viec?year=2026', headers: { cookie: 'lang=en', accept: 'text/html' } });
      expect(en.body).toContain('Lunar New Year (Tết)');
      expect(en.body).toContain('Tuesday');
    });

    it('keeps the administrator page for administrators', async () => {
      const app = getApp();
      const anonymous = await page(app, '/quan-tri/lich-lam-viec?year=2026');
      expect(anonymous.statusCode).toBe(303);
      expect(String(anonymous.headers.location)).toMatch(/^\/dang-nhap\?next=/);
      const citizen = await loginAs(app, 'congdan@example.com');
      expect((await page(app, '/quan-tri/lich-lam-viec', citizen.cookie)).statusCode).toBe(403);
      const refused = await post(app, '/quan-tri/lich-lam-viec', citizen, { date: '23/02/2026', kind: 'swap_off', name: 'Nghỉ thêm' });
      expect(refused.statusCode).toBe(403);
      const reset = await post(app, '/quan-tri/lich-lam-viec/khoi-phuc', citizen, { year: '2026', confirm: '1' });
      expect(reset.statusCode).toBe(403);
      expect(await addWorkingDaysFrom(app.ctx, '2026-02-12', 3)).toBe('2026-02-24');
      await expect(resetCalendarYear(app.ctx, null, 2026)).rejects.toMatchObject({ status: 403 });
    });

    it('lets an administrator add, edit, delete and reset days; deadlines follow at once; every change audited', async () => {
      const app = getApp();
      const { ctx } = app;
      const session = await loginAs(app, 'quantri@example.com');
      const list = await page(app, '/quan-tri/lich-lam-viec?year=2026', session.cookie);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('16/02/2026');
      expect(list.body).toContain('Thứ Hai');

      // Messages beside the fields.
      const badDate = await post(app, '/quan-tri/lich-lam-viec', session, { date: '30/02/2026', kind: 'swap_off', name: 'Nghỉ thêm' });
      expect(badDate.statusCode).toBe(422);
      expect(badDate.body).toContain('id="date-error"');
      expect(badDate.body).toContain('Ngày không hợp lệ');
      const swapOnWeekday = await post(app, '/quan-tri/lich-lam-viec', session, { date: '24/02/2026', kind: 'swap_work', name: 'Làm bù' });
      expect(swapOnWeekday.statusCode).toBe(422);
      expect(swapOnWeekday.body).toContain('id="kind-error"');
      expect(swapOnWeekday.body).toContain('Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.');
      const dup = await post(app, '/quan-tri/lich-lam-viec', session, { date: '17/02/2026', kind: 'holiday', name: 'Tết' });
      expect(dup.statusCode).toBe(422);
      expect(dup.body).toContain('Ngày này đã có một mục cùng loại.');
      const conflict = await post(app, '/quan-tri/lich-lam-viec', session, { date: '10/01/2026', kind: 'holiday', name: 'Nghỉ' });
      expect(conflict.statusCode).toBe(422);

      // Add a swapped day off on Monday 23/02: the deadline moves by one working day at once.
      const added = await post(app, '/quan-tri/lich-lam-viec', session, {
        date: '23/02/2026',
        kind: 'swap_off',
        name: 'Nghỉ hoán đổi sau Tết',
        nameEn: 'Swapped day off after Tết',
        note: 'Thử nghiệm',
      });
      expect(added.statusCode).toBe(303);
      expect(added.headers.location).toBe('/quan-tri/lich-lam-viec?year=2026');
      expect(await addWorkingDaysFrom(ctx, '2026-02-12', 3)).toBe('2026-02-25');
      expect(await isWorkingDayOn(ctx, '2026-02-23')).toBe(false);

      // Edit it: move it to Tuesday 24/02.
      const editPage = await page(app, '/quan-tri/lich-lam-viec/sua?date=2026-02-23&kind=swap_off', session.cookie);
      expect(editPage.statusCode).toBe(200);
      expect(editPage.body).toContain('value="23/02/2026"');
      const edited = await post(app, '/quan-tri/lich-lam-viec/sua?date=2026-02-23&kind=swap_off', session, {
        date: '24/02/2026',
        kind: 'swap_off',
        name: 'Nghỉ hoán đổi sau Tết',
      });
      expect(edited.statusCode).toBe(303);
      expect(await isWorkingDayOn(ctx, '2026-02-23')).toBe(true);
      expect(await isWorkingDayOn(ctx, '2026-02-24')).toBe(false);
      expect(await addWorkingDaysFrom(ctx, '2026-02-12', 3)).toBe('2026-02-25');

      // Delete it.
      const deleted = await post(app, '/quan-tri/lich-lam-viec/xoa', session, { date: '2026-02-24', kind: 'swap_off' });
      expect(deleted.statusCode).toBe(303);
      expect(await addWorkingDaysFrom(ctx, '2026-02-12', 3)).toBe('2026-02-24');

      // Delete a Tết day, then reset the year to the official schedule.
      expect((await post(app, '/quan-tri/lich-lam-viec/xoa', session, { date: '2026-02-20', kind: 'holiday' })).statusCode).toBe(303);
      expect(await addWorkingDaysFrom(ctx, '2026-02-12', 3)).toBe('2026-02-23');
      const unconfirmed = await post(app, '/quan-tri/lich-lam-viec/khoi-phuc', session, { year: '2026' });
      expect(unconfirmed.statusCode).toBe(422);
      expect(unconfirmed.body).toContain('Vui lòng đánh dấu xác nhận');
      expect((await post(app, '/quan-tri/lich-lam-viec/khoi-phuc', session, { year: '2026', confirm: '1' })).statusCode).toBe(303);
      expect(await addWorkingDaysFrom(ctx, '2026-02-12', 3)).toBe('2026-02-24');
      expect((await listCalendarDays(ctx.db, 2026)).every((d) => d.source === 'official')).toBe(true);

      const audits = await ctx.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'entity_id', 'actor_label'])
        .where('action', 'like', 'calendar.%')
        .orderBy('id')
        .execute();
      expect(audits.map((a) => `${a.action} ${a.entity_id}`)).toEqual([
        'calendar.add 2026-02-23/swap_off',
        'calendar.update 2026-02-23/swap_off',
        'calendar.delete 2026-02-24/swap_off',
        'calendar.delete 2026-02-20/holiday',
        'calendar.reset 2026',
      ]);
      expect(audits.every((a) => a.actor_label === 'Hoàng Minh Tuấn')).toBe(true);
      expect((await verifyAudit(ctx.db)).ok).toBe(true);
    });

    it('fills the years around a later date, and the service refuses a non-admin', async () => {
      const app = getApp();
      const { ctx } = app;
      app.clock.set(new Date('2031-03-01T00:00:00Z'));
      try {
        const filled = await ensureCalendarYears(ctx);
        expect(filled).toEqual(expect.arrayContaining([2030, 2031, 2032, 2033]));
        // 2031 by the rules: Tết (1/1 âm lịch) is Thursday 23/01/2031.
        const tet = (await listCalendarDays(ctx.db, 2031)).filter((d) => d.name === 'Tết Nguyên đán').map((d) => d.date);
        expect(tet).toContain('2031-01-23');
        expect(await isWorkingDayOn(ctx, '2031-01-23')).toBe(false);
      } finally {
        app.clock.reset();
      }
      const citizen: Principal = { ...admin, kind: 'citizen', roles: [] };
      await expect(addCalendarDay(ctx, citizen, { date: '05/01/2032', kind: 'swap_off', name: 'Thử' })).rejects.toMatchObject({ status: 403 });
      const d = await addCalendarDay(ctx, admin, { date: '2032-01-05', kind: 'swap_off', name: 'Thử' });
      expect(d).toMatchObject({ date: '2032-01-05', source: 'admin', nameEn: 'Thử' });
      expect(await isWorkingDayOn(ctx, '2032-01-05')).toBe(false);
    });

    // Several processes share a database only on a PostgreSQL server.
    if (engine === 'postgres') it(
      'a server process that did not bootstrap (a worker) has the calendar before it serves: deadlines counted inside transactions holding every pooled connection do not wait for it',
      async () => {
        const app = getApp();
        const handle = await openPostgres(app.database.url!, { max: 2 });
        const worker = await createApp(testConfig(), { handle, prepared: true, log: createLogger('silent') });
        try {
          await worker.server.ready();
          // More transactions than connections, each counting a deadline as creating a petition does.
          const counted = await Promise.all(
            Array.from({ length: 6 }, () =>
              worker.ctx.db.transaction().execute(async (tx) => {
                await sql`select 1`.execute(tx);
                return addWorkingDaysFrom(worker.ctx, '2026-11-27', 10);
              }),
            ),
          );
          expect(new Set(counted)).toEqual(new Set(['2026-12-11']));
        } finally {
          await worker.close();
          await handle.close();
        }
      },
      20_000,
    );
  },
  { demo: false },
);
