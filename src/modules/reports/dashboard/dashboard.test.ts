import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../../test/harness';
import { loginAs } from '../../accounts/testing';
import { createCast, petitionInput, CHIENG_COI, type Cast } from '../../petitions/testing';
import { createPetition, transition, compactPetitionStats, listInbox } from '../../petitions/service';
import { audienceOf } from './scope';
import { allStatistics, statisticValues } from './service';
import { today, vnRange } from '../period';
import { addDays } from '../../../platform/calendar/dates';

type Db = import('../../../platform/db/types').Db;

/** The same figures counted straight from the petitions table. */
async function direct(db: Db, unit: string, from: Date, to: Date) {
  const w = unit.length <= 2 ? sql`province_code = ${unit}` : sql`unit_code = ${unit}`;
  const r = await sql<{ received: number; answered: number; open: number; overdue: number; rated: number }>`
    select count(*)::int as received, count(*) filter (where answered_at is not null)::int as answered,
      count(*) filter (where status in ('submitted','received','forwarded','assigned','answer_drafted','approved','reopened'))::int as open,
      count(*) filter (where due_state = 'overdue')::int as overdue, count(rating)::int as rated
    from petitions where ${w} and status <> 'merged' and submitted_at >= ${from} and submitted_at < ${to}`.execute(db);
  return r.rows[0];
}

function pick(values: Array<{ key: string; value: number | null }>) {
  const v = (k: string) => values.find((x) => x.key === k)?.value;
  return { received: v('petitions.received'), answered: v('petitions.answered'), open: v('petitions.open'), overdue: v('petitions.overdue'), rated: v('petitions.ratingCount') };
}

describeEachEngine(
  'reports: dashboards',
  (getApp) => {
    let c: Cast;
    beforeAll(async () => {
      c = await createCast(getApp().ctx);
    });

    it('shows the provincial supervisor the province, its communes, a map and the numbers linked to their items', async () => {
      const app = getApp();
      const { cookie } = await loginAs(app, 'sonla@example.com');
      const res = await app.server.inject({ url: '/so-lieu', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Tỉnh Sơn La');
      expect(res.body).toContain('Số liệu tính đến');
      expect(res.body).toContain('<svg class="chart map"');
      expect(res.body).toContain(`href="/can-bo/kien-nghi?from=${today(app.ctx.clock.now()).slice(0, 4)}-01-01&amp;to=${today(app.ctx.clock.now()).slice(0, 4)}-12-31&amp;status=answered%2Cclosed"`);
      expect(res.body).toContain('href="/can-bo/kien-nghi?unit=03670');
      const year = app.ctx.clock.now().getUTCFullYear();
      const d = await direct(app.ctx.db, '14', new Date(Date.UTC(year, 0, 1) - 7 * 3600_000), new Date(Date.UTC(year + 1, 0, 1) - 7 * 3600_000));
      const received = /data-key="petitions.received"><span class="stat-value"><a [^>]*>([\d.]+)</.exec(res.body)?.[1];
      expect(Number(received?.replace(/\./g, ''))).toBe(d.received);
      const csv = await app.server.inject({ url: '/so-lieu/bang.csv?by=unit', headers: { cookie } });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('Phường Chiềng Cơi');
    });

    it('links the conferences and consolidation numbers to their lists, public ones only for the public', async () => {
      const app = getApp();
      const { cookie } = await loginAs(app, 'sonla@example.com');
      const official = (await app.server.inject({ url: '/so-lieu', headers: { cookie } })).body;
      const linkOf = (html: string, key: string) => new RegExp(`data-key="${key.replace('.', '\\.')}"><span class="stat-value"><a href="([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, '&');
      const year = today(app.ctx.clock.now()).slice(0, 4);
      const period = `from=${year}-01-01&to=${year}-12-31`;
      expect(linkOf(official, 'conferences.held')).toBe(`/hoi-nghi?when=past&state=held&unit=14&${period}`);
      expect(linkOf(official, 'conferences.answered')).toBe(`/hoi-nghi/cau-hoi?status=answered&unit=14&${period}`);
      expect(linkOf(official, 'conferences.passedUp')).toBe(`/hoi-nghi/cau-hoi?level=above&unit=14&${period}`);
      expect(linkOf(official, 'consolidation.topics')).toBe(`/tong-hop/chuyen-de?unit=14&${period}`);
      expect(linkOf(official, 'consolidation.pressingTopics')).toBe(`/tong-hop/chuyen-de?unit=14&${period}&pressing=1`);
      // Every one of those lists opens for the supervisor.
      for (const key of ['conferences.held', 'conferences.answered', 'conferences.passedUp', 'consolidation.topics', 'consolidation.pressingTopics']) {
        expect((await app.server.inject({ url: linkOf(official, key)!, headers: { cookie } })).statusCode).toBe(200);
      }
      const pub = (await app.server.inject({ url: '/so-lieu' })).body;
      expect(linkOf(pub, 'conferences.held')).toBe(`/hoi-nghi?when=past&state=held&unit=14&${period}`);
      expect(linkOf(pub, 'conferences.answered')).toBe(`/hoi-nghi/cau-hoi?status=answered&unit=14&${period}`);
      for (const key of ['conferences.passedUp', 'consolidation.topics', 'consolidation.pressingTopics']) {
        expect(pub).toContain(`data-key="${key}"`);
        expect(linkOf(pub, key)).toBeUndefined();
      }
    });

    it('keeps a commune head to the commune, a citizen to public figures', async () => {
      const app = getApp();
      const head = await loginAs(app, 'chutich@example.com');
      const own = await app.server.inject({ url: '/so-lieu', headers: { cookie: head.cookie } });
      expect(own.statusCode).toBe(200);
      expect(own.body).toContain('Phường Chiềng Cơi');
      expect(own.body).toContain('data-key="petitions.legal"');
      const other = await app.server.inject({ url: '/so-lieu?unit=14', headers: { cookie: head.cookie, accept: 'text/html' } });
      expect(other.statusCode).toBe(403);
      const api = await app.server.inject({ url: '/api/v1/statistics?unit=14', headers: { cookie: head.cookie } });
      expect(api.statusCode).toBe(403);
      const citizen = await loginAs(app, 'congdan@example.com');
      const pub = await app.server.inject({ url: `/so-lieu?unit=${CHIENG_COI}`, headers: { cookie: citizen.cookie } });
      expect(pub.statusCode).toBe(200);
      expect(pub.body).not.toContain('data-key="petitions.legal"');
      // The public list shows only published answers of public petitions: the public numbers link nowhere.
      expect(pub.body).not.toContain('href="/kien-nghi?');
      const anon = await app.server.inject({ url: '/api/v1/statistics' });
      expect(anon.json().items.some((i: { key: string }) => i.key === 'petitions.legal')).toBe(false);
    });

    it('refuses malformed filters with a clear message', async () => {
      const app = getApp();
      const page = await app.server.inject({ url: '/so-lieu?unit=99999', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(422);
      expect(page.body).toContain('Không có đơn vị hành chính này');
      const range = await app.server.inject({ url: '/api/v1/statistics?from=2026-05-01&to=2026-04-01' });
      expect(range.statusCode).toBe(422);
      expect(range.json().errors[0]).toEqual({ field: 'to', message: 'Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.' });
      const future = await app.server.inject({ url: '/api/v1/statistics?from=2999-01-01&to=2999-02-01' });
      expect(future.statusCode).toBe(422);
      expect(future.json().errors[0].field).toBe('from');
      const bad = await app.server.inject({ url: '/api/v1/statistics?from=31/02/2026' });
      expect(bad.statusCode).toBe(422);
      expect((await app.server.inject({ url: '/api/v1/statistics?agency=999999' })).statusCode).toBe(422);
    });

    it('stays equal to a direct count while petitions change in parallel', async () => {
      const app = getApp();
      const ctx = app.ctx;
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          createPetition(ctx, c.citizenA, petitionInput({ title: `Đèn đường hỏng ở tổ ${i + 1}, phường Chiềng Cơi`, categoryId: i % 2 ? c.categories.dienNuoc : c.categories.giaoThong }), { skipRateLimit: true }),
        ),
      );
      const ids = created.map((x) => x.petition.id);
      const answer = 'UBND phường đã kiểm tra và giao Đội quản lý đô thị thay bóng đèn trong tuần này.';
      const chain = async (id: number) => {
        await transition(ctx, c.officerCC, id, { action: 'receive' });
        await transition(ctx, c.headCC, id, { action: 'assign', assigneeId: c.officerCC.id });
        await transition(ctx, c.officerCC, id, { action: 'draft_answer', answerText: answer });
        await transition(ctx, c.headCC, id, { action: 'approve' });
        await transition(ctx, c.officerCC, id, { action: 'publish' });
        await transition(ctx, c.citizenA, id, { action: 'rate', score: 4 });
      };
      await Promise.all([
        ...ids.slice(0, 5).map(chain),
        ...ids.slice(5, 7).map((id) => transition(ctx, c.citizenA, id, { action: 'withdraw', reason: 'Gia đình đã tự khắc phục.' })),
        ...ids.slice(7).map((id) => transition(ctx, c.officerCC, id, { action: 'receive' })),
        sql`update petitions set due_state = 'overdue' where id = ${ids[9]}`.execute(ctx.db),
        compactPetitionStats(ctx.db),
        compactPetitionStats(ctx.db),
      ]);
      const stats = allStatistics(ctx);
      const year = ctx.clock.now().getUTCFullYear();
      // Whole months (the pre-aggregated path) and an arbitrary range (straight from the table) agree with a count.
      const ranges = [vnRange(`${year}-01-01`, `${year}-12-31`), { from: new Date(ctx.clock.now().getTime() - 3 * 86400_000), to: new Date(ctx.clock.now().getTime() + 60_000) }];
      for (const unit of ['14', CHIENG_COI]) {
        for (const r of ranges) {
          // One snapshot for both (the deadline job may mark a petition overdue between two reads).
          const [values, d] = await ctx.db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => [
            await statisticValues(tx, stats, { unitCode: unit, ...r }, audienceOf(c.supervisor).kind),
            await direct(tx, unit, r.from, r.to),
          ] as const);
          expect(pick(values)).toEqual(d);
        }
      }
      await compactPetitionStats(ctx.db);
      const [after, afterDirect] = await ctx.db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => [
        await statisticValues(tx, stats, { unitCode: '14', ...ranges[0] }, 'official'),
        await direct(tx, '14', ranges[0].from, ranges[0].to),
      ] as const);
      expect(pick(after)).toEqual(afterDirect);
      const loose = await sql<{ n: number }>`select count(*)::int as n from petition_stats where not compact`.execute(ctx.db);
      expect(Number(loose.rows[0].n)).toBe(0);
    });

    it('links a number to exactly the items it counts, in its period', async () => {
      const app = getApp();
      const ctx = app.ctx;
      const now = today(ctx.clock.now());
      // Open petitions of the commune submitted in the last days (the ones this suite created) and in the whole year.
      const periods = [{ from: addDays(now, -3), to: now }, { from: `${now.slice(0, 4)}-01-01`, to: now }];
      const sizes: number[] = [];
      for (const p of periods) {
        const res = await app.server.inject({ url: `/api/v1/statistics?unit=${CHIENG_COI}&from=${p.from}&to=${p.to}`, headers: { cookie: (await loginAs(app, 'sonla@example.com')).cookie } });
        const open = (res.json().items as Array<{ key: string; value: number; href: string }>).find((i) => i.key === 'petitions.open')!;
        const link = new URL(open.href, 'http://localhost');
        expect(link.pathname).toBe('/can-bo/kien-nghi');
        expect([link.searchParams.get('from'), link.searchParams.get('to')]).toEqual([p.from, p.to]);
        // The list behind the link, every page of it, as the supervisor sees it.
        const listed: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await listInbox(ctx, c.supervisor, { ...Object.fromEntries(link.searchParams), limit: 100, cursor });
          listed.push(...page.items.map((i) => i.id));
          cursor = page.next ?? undefined;
        } while (cursor);
        const { from, to } = vnRange(p.from, p.to);
        const counted = await sql<{ id: number }>`
          select id from petitions where unit_code = ${CHIENG_COI} and status <> 'merged' and submitted_at >= ${from} and submitted_at < ${to}
            and status in ('submitted','received','forwarded','assigned','answer_drafted','approved','reopened') order by id`.execute(ctx.db);
        expect(listed.sort((a, b) => a - b)).toEqual(counted.rows.map((r) => r.id));
        expect(listed.length).toBe(open.value);
        sizes.push(listed.length);
      }
      // The period matters: the year holds more open petitions than the last days.
      expect(sizes[1]).toBeGreaterThan(sizes[0]);
    });

    it('serves the pages from its cache, forgotten after every change: equal to a direct count after parallel changes', async () => {
      const app = getApp();
      const ctx = app.ctx;
      const { cookie } = await loginAs(app, 'sonla@example.com');
      const now = today(ctx.clock.now());
      const year = now.slice(0, 4);
      // Whole months (summed from the pre-aggregate) and a few days (counted from the table).
      const periods = [{ from: `${year}-01-01`, to: `${year}-12-31` }, { from: addDays(now, -3), to: now }];
      const views = ['14', CHIENG_COI].flatMap((unit) => periods.map((p) => ({ unit, ...p, range: vnRange(p.from, p.to) })));
      const api = async (v: (typeof views)[number]) => {
        const res = await app.server.inject({ url: `/api/v1/statistics?unit=${v.unit}&from=${v.from}&to=${v.to}`, headers: { cookie } });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { asOf: string; items: Array<{ key: string; value: number | null }> };
        return { asOf: body.asOf, figures: pick(body.items) };
      };
      const page = async (v: (typeof views)[number]) => {
        const res = await app.server.inject({ url: `/so-lieu?unit=${v.unit}&from=${v.from}&to=${v.to}`, headers: { cookie } });
        expect(res.statusCode).toBe(200);
        const n = (k: string) => Number(new RegExp(`data-key="${k.replace('.', '\\.')}"><span class="stat-value"><a [^>]*>([\\d.]+)<`).exec(res.body)?.[1]?.replace(/\./g, ''));
        return { received: n('petitions.received'), answered: n('petitions.answered'), open: n('petitions.open') };
      };
      // Read once, then again: the second answer is the first one kept (counted at the same instant).
      const first = await Promise.all(views.map(api));
      const kept = await Promise.all(views.map(api));
      expect(kept.map((x) => x.asOf)).toEqual(first.map((x) => x.asOf));
      await Promise.all(views.map(page));

      // Petitions change through their use cases while the pages are read (loads begun before a commit and
      // finished after it must not be kept).
      const created = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          createPetition(ctx, c.citizenA, petitionInput({ title: `Cống thoát nước bị tắc ở tổ ${i + 1}, phường Chiềng Cơi`, categoryId: c.categories.giaoThong }), { skipRateLimit: true }),
        ),
      );
      const ids = created.map((x) => x.petition.id);
      const answer = 'UBND phường đã cho nạo vét cống, nước đã thoát bình thường.';
      const chain = async (id: number) => {
        await transition(ctx, c.officerCC, id, { action: 'receive' });
        await transition(ctx, c.headCC, id, { action: 'assign', assigneeId: c.officerCC.id });
        await transition(ctx, c.officerCC, id, { action: 'draft_answer', answerText: answer });
        await transition(ctx, c.headCC, id, { action: 'approve' });
        await transition(ctx, c.officerCC, id, { action: 'publish' });
        await transition(ctx, c.citizenA, id, { action: 'rate', score: 5 });
      };
      const reads = async () => {
        for (let i = 0; i < 4; i++) await Promise.all([...views.map(api), page(views[0])]);
      };
      await Promise.all([
        ...ids.slice(0, 4).map(chain),
        ...ids.slice(4, 6).map((id) => transition(ctx, c.citizenA, id, { action: 'withdraw', reason: 'Gia đình đã tự khắc phục.' })),
        ...ids.slice(6).map((id) => transition(ctx, c.officerCC, id, { action: 'receive' })),
        compactPetitionStats(ctx.db),
        reads(),
        reads(),
      ]);

      for (const [i, v] of views.entries()) {
        const d = await direct(ctx.db, v.unit, v.range.from, v.range.to);
        const after = await api(v);
        expect(after.figures).toEqual(d);
        expect(after.asOf > first[i].asOf).toBe(true);
        expect(await page(v)).toEqual({ received: d.received, answered: d.answered, open: d.open });
      }
    });
  },
  { demo: true },
);
