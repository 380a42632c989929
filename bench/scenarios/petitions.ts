import { sql } from 'kysely';
import { defineScenario, type BenchRequest } from '../types';
import { setSetting } from '../../src/platform/settings/settings';
import { createApiToken, listUsers } from '../../src/modules/accounts/service';
import { generatePetitions } from '../../src/modules/petitions/seed';

interface State {
  codes: string[];
  token: string;
  count: number;
}

const QUERIES = [
  'sat lo chieng coi',
  'den duong hong',
  'nuoc sinh hoat mua kho',
  'ho ngheo',
  'duong ban xuong cap',
  'rac thai thu gom',
  'cau treo',
  'giay chung nhan quyen su dung dat',
  'tro cap nguoi khuyet tat',
  'o nhiem nguon nuoc',
];
const TITLES = ['Sạt lở taluy', 'Đèn đường hỏng', 'Thiếu nước sinh hoạt', 'Rác thải không được thu gom', 'Cầu treo hỏng ván'];

/**
 * Petitions at scale: 1,000,000 generated petitions on PostgreSQL, 100,000 on PGlite (× --scale), across the 75
 * units of Sơn La in every state. Public list, detail and search at 50 connections; creation through the API.
 */
export const petitions = defineScenario<State>({
  name: 'petitions',
  title: 'Petitions: 1,000,000 on PostgreSQL / 100,000 on PGlite — public list, detail, search, create',
  description:
    'generatePetitions() fills the database (multi-row INSERT … SELECT FROM unnest in batches, rows marked generated, with ' +
    'timelines and published answers), then ANALYZE. The public list is a keyset page over a partial index of published public ' +
    'answers (published_at desc, id desc); detail is one petition with its timeline and answer as the viewer may see them; ' +
    'search is diacritic-insensitive, typo-tolerant and ranked (a weighted tsvector of the folded text with a GIN index; up to 300 of ' +
    'the most recent matches, found through the index when the vocabulary promises few, else in a recency window, ranked by ' +
    'ts_rank_cd; mistyped words matched to known ones by trigrams); suggestions look among the 3,000 most recent answers; ' +
    'create runs the whole use case through POST /api/v1/petitions (validation, routing, deadlines from the working calendar, ' +
    'flags, code from a sequence, timeline, follow, notifications, hash-chained audit) with a Bearer token. ' +
    'Targets on PostgreSQL: list and detail p99 ≤ 50 ms, search p95 ≤ 50 ms, create ≥ 300/s.',
  async setup({ ctx, engine, scale, log }) {
    const count = Math.max(1000, Math.round((engine === 'postgres' ? 1_000_000 : 100_000) * scale));
    log(`generating ${count.toLocaleString('en')} petitions`);
    const t = Date.now();
    let next = 100_000;
    await generatePetitions(ctx, count, {
      batch: 2000,
      onProgress: (done) => {
        if (done >= next) {
          log(`  ${done.toLocaleString('en')} (${Math.round((Date.now() - t) / 1000)} s)`);
          next += 100_000;
        }
      },
    });
    log(`generated in ${Math.round((Date.now() - t) / 1000)} s`);
    // The per-account and per-address limits are not what is measured.
    await ctx.db.transaction().execute(async (tx) => {
      await setSetting(tx, { id: null, label: 'bench' }, 'petitions.rateLimit.perAccountPerHour', 1_000_000);
      await setSetting(tx, { id: null, label: 'bench' }, 'petitions.rateLimit.perIpPerHour', 1_000_000);
    });
    const user = (await listUsers(ctx.db, { q: 'congdan@example.com', limit: 5 })).items.find((u) => u.email === 'congdan@example.com');
    if (!user) throw new Error('petitions bench: the demo citizen is missing');
    const { token } = await createApiToken(ctx, { id: user.id, name: user.name, email: user.email, phone: user.phone, kind: 'citizen', unitCode: user.unitCode, roles: [], via: 'token' }, { name: 'bench' });
    const codes = await sql<{ code: string }>`
      select code from petitions
      where visibility = 'public' and track = 'general' and published_at is not null and source = 'generated'
        and id % 97 = 0
      limit 2000`.execute(ctx.db);
    return { codes: codes.rows.map((r) => r.code), token, count };
  },
  requests: ({ state }): BenchRequest[] => [
    { name: 'GET /api/v1/petitions (public list, first page)', path: '/api/v1/petitions?limit=20', target: 'p99 ≤ 50 ms' },
    {
      name: 'GET /api/v1/petitions?unit=… (public list of a commune)',
      path: '/api/v1/petitions?limit=20&unit=03670',
      vary: (i) => ({ path: `/api/v1/petitions?limit=20&unit=${['03670', '03646', '03664', '03721', '04105'][i % 5]}` }),
      target: 'p99 ≤ 50 ms',
    },
    {
      name: 'GET /api/v1/petitions/:code (detail with timeline and answer)',
      path: `/api/v1/petitions/${state.codes[0]}`,
      vary: (i) => ({ path: `/api/v1/petitions/${state.codes[i % state.codes.length]}` }),
      target: 'p99 ≤ 50 ms',
    },
    { name: 'GET /kien-nghi (public list page, HTML)', path: '/kien-nghi', headers: { accept: 'text/html' }, optional: true, target: 'p99 ≤ 50 ms' },
    {
      name: 'GET /kien-nghi/:code (detail page, HTML)',
      path: `/kien-nghi/${state.codes[0]}`,
      headers: { accept: 'text/html' },
      vary: (i) => ({ path: `/kien-nghi/${state.codes[(i * 7) % state.codes.length]}` }),
      optional: true,
      target: 'p99 ≤ 50 ms',
    },
    {
      name: 'GET /api/v1/petitions?q=… (search, ranked, 10 queries)',
      path: `/api/v1/petitions?q=${encodeURIComponent(QUERIES[0])}`,
      vary: (i) => ({ path: `/api/v1/petitions?q=${encodeURIComponent(QUERIES[i % QUERIES.length])}` }),
      target: 'p95 ≤ 50 ms',
    },
    {
      name: 'GET /api/v1/petitions/similar?title=… (suggestions while typing)',
      path: `/api/v1/petitions/similar?title=${encodeURIComponent(TITLES[0])}`,
      vary: (i) => ({ path: `/api/v1/petitions/similar?title=${encodeURIComponent(TITLES[i % TITLES.length])}` }),
      target: 'p95 ≤ 50 ms',
    },
    {
      name: 'POST /api/v1/petitions (create through the API, Bearer)',
      method: 'POST',
      path: '/api/v1/petitions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${state.token}` },
      expectStatus: 201,
      vary: (i) => ({
        headers: { 'content-type': 'application/json', authorization: `Bearer ${state.token}`, 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: JSON.stringify({
          kind: 'phan_anh',
          title: `${TITLES[i % TITLES.length]} tại bản số ${i}`,
          content: `Phản ánh số ${i}: đề nghị chính quyền kiểm tra, xử lý sớm để bảo đảm an toàn cho bà con trong bản.`,
          unitCode: ['03670', '03646', '03664', '03721', '04105'][i % 5],
          visibility: 'public',
        }),
      }),
      target: '≥ 300 req/s',
    },
  ],
});
