import { sql } from 'kysely';
import { defineScenario, type BenchRequest } from '../types';

interface State {
  ids: number[];
  count: number;
}

/**
 * Past conferences at scale: 10,000 held and published conferences (× --scale) spread over Sơn La's communes and the
 * last years, each with three agenda items. The public list (upcoming and past, HTML and API) and a conference page.
 */
export const conferences = defineScenario<State>({
  name: 'conferences',
  title: 'Dialogue conferences: 10,000 past conferences — public list and conference page',
  description:
    'Generated with one INSERT … SELECT FROM generate_series over the province\'s People\'s Committees (results published, ' +
    'chairs, venue, 3 agenda items each), then ANALYZE. The past list is an offset page over (starts_at desc, id desc) filtered ' +
    'by status; the conference page reads the conference, its agenda, questions, registration counts, issued documents and the ' +
    'directory names (cached). Target: p99 ≤ 50 ms at 50 connections.',
  async setup({ ctx, scale, log }) {
    const count = Math.max(100, Math.round(10_000 * scale));
    log(`generating ${count.toLocaleString('en')} past conferences`);
    const t = Date.now();
    await sql`
      insert into conferences (unit_code, province_code, agency_id, kind, reason, title, description, chairs, convening, agencies, venue,
        starts_at, ends_at, capacity, registration_closes_at, questions_close_at, status, announced_at, started_at, ended_at,
        results_published_at, search, created_at, updated_at)
      select a.unit_code, '14', a.id, 'peoples_committee', 'periodic',
        'Hội nghị đối thoại số ' || g || ' với Nhân dân ' || u.full_name, 'Đối thoại định kỳ về đất đai, nước sinh hoạt, giao thông.',
        '[]'::jsonb, jsonb_build_array(a.id), '[]'::jsonb, 'Hội trường ' || a.name,
        now() - (g || ' hours')::interval - interval '30 days', now() - (g || ' hours')::interval - interval '30 days' + interval '3 hours',
        200, now() - (g || ' hours')::interval - interval '31 days', now() - (g || ' hours')::interval - interval '32 days',
        'results_published', now() - (g || ' hours')::interval - interval '40 days', now() - (g || ' hours')::interval - interval '30 days',
        now() - (g || ' hours')::interval - interval '30 days' + interval '3 hours', now() - (g || ' hours')::interval - interval '25 days',
        f_fold('Hội nghị đối thoại số ' || g || ' ' || u.full_name), now(), now()
      from generate_series(1, ${count}) g
      join lateral (select id, unit_code, name from agencies where kind = 'peoples_committee' and unit_code <> '14'
                    order by id offset (g % 75) limit 1) a on true
      join units u on u.code = a.unit_code`.execute(ctx.db);
    await sql`
      insert into conference_agenda_items (conference_id, position, title, minutes)
      select c.id, p, (array['Khai mạc', 'Báo cáo tình hình', 'Nhân dân phát biểu, lãnh đạo trả lời'])[p], (array[10, 20, 120])[p]
      from conferences c cross join generate_series(1, 3) p where c.title like 'Hội nghị đối thoại số %'`.execute(ctx.db);
    await sql`analyze conferences`.execute(ctx.db);
    await sql`analyze conference_agenda_items`.execute(ctx.db);
    log(`generated in ${Math.round((Date.now() - t) / 1000)} s`);
    const ids = await sql<{ id: number }>`select id from conferences where title like 'Hội nghị đối thoại số %' and id % 7 = 0 limit 1000`.execute(ctx.db);
    return { ids: ids.rows.map((r) => r.id), count };
  },
  requests: ({ state }): BenchRequest[] => [
    { name: 'GET /hoi-nghi?when=past (past conferences, HTML, first page)', path: '/hoi-nghi?when=past', headers: { accept: 'text/html' }, target: 'p99 ≤ 50 ms' },
    {
      name: 'GET /hoi-nghi?when=past&page=… (past conferences, HTML, pages 1–50)',
      path: '/hoi-nghi?when=past&page=2',
      headers: { accept: 'text/html' },
      vary: (i) => ({ path: `/hoi-nghi?when=past&page=${(i % 50) + 1}` }),
      target: 'p99 ≤ 50 ms',
    },
    { name: 'GET /api/v1/conferences?when=past (API list)', path: '/api/v1/conferences?when=past', target: 'p99 ≤ 50 ms' },
    {
      name: 'GET /hoi-nghi/:id (conference page, HTML)',
      path: `/hoi-nghi/${state.ids[0]}`,
      headers: { accept: 'text/html' },
      vary: (i) => ({ path: `/hoi-nghi/${state.ids[i % state.ids.length]}` }),
      target: 'p99 ≤ 50 ms',
    },
  ],
});
