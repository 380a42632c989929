import { sql } from 'kysely';
import { defineScenario, type BenchRequest } from '../types';
import { setSetting } from '../../src/platform/settings/settings';
import { createApiToken, insertAccount } from '../../src/modules/accounts/service';
import { hashPassword } from '../../src/modules/accounts/password';
import { generatePetitions } from '../../src/modules/petitions/seed';

interface State {
  codes: string[];
  tokens: string[];
  count: number;
}

const CITIZENS = 200;
const UNITS = ['03670', '03646', '03664', '03721', '04105'];

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
    'answers (published_at desc, id desc), with directory names from the directory cache; detail is one petition with its ' +
    'answer, attachments and timeline in one round trip, as the viewer may see them; search is diacritic-insensitive, ' +
    'typo-tolerant and ranked: the public search goes through the configured search provider (SEARCH_PROVIDER, default ' +
    'postgres: petition_search in PostgreSQL alone, its GIN-indexed folded tsvector searched among the most recent answers ' +
    'first, up to 300 of the most recent matches ranked title first; bench/search-providers.ts sets it beside the memory ' +
    'provider\'s inverted index), then the page\'s rows are read by id; mistyped words matched to known ones by trigrams. ' +
    'The bench measures once /readyz lists nothing warming up. ' +
    'Suggestions look among the ' +
    '3,000 most recent answers. Public lists, searches and suggestions are kept 30 s in an in-process cache emptied on every ' +
    'change: the popular queries line measures it, the new-question line measures the search itself. Create runs the whole use ' +
    'case through POST /api/v1/petitions (validation, routing, deadlines from the working calendar, flags, code from a ' +
    'sequence, timeline, follow, notifications, hash-chained audit) with the Bearer tokens of 200 citizens. ' +
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
    // Petitions come from many citizens, as they do: each with an account and a personal API token.
    const hash = await hashPassword('Bench@2026-not-a-real-password');
    const tokens: string[] = [];
    for (let i = 0; i < CITIZENS; i++) {
      const unitCode = UNITS[i % UNITS.length];
      const name = `Công dân thử ${i + 1}`;
      const id = await insertAccount(ctx, { email: `bench.citizen${i + 1}@example.com`, name, password: { hash }, kind: 'citizen', unitCode });
      const p = { id, name, email: `bench.citizen${i + 1}@example.com`, phone: null, kind: 'citizen' as const, unitCode, roles: [], via: 'token' as const };
      tokens.push((await createApiToken(ctx, p, { name: 'bench' })).token);
    }
    const codes = await sql<{ code: string }>`
      select code from petitions
      where visibility = 'public' and track = 'general' and published_at is not null and source = 'generated'
        and id % 97 = 0
      limit 2000`.execute(ctx.db);
    return { codes: codes.rows.map((r) => r.code), tokens, count };
  },
  requests: ({ state }): BenchRequest[] => [
    { name: 'GET /api/v1/petitions (public list, first page)', path: '/api/v1/petitions?limit=20', target: 'p99 ≤ 50 ms' },
    {
      name: 'GET /api/v1/petitions?unit=… (public list of a commune)',
      path: '/api/v1/petitions?limit=20&unit=03670',
      vary: (i) => ({ path: `/api/v1/petitions?limit=20&unit=${UNITS[i % UNITS.length]}` }),
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
      name: 'GET /api/v1/petitions?q=… (search, 10 popular queries: public cache)',
      path: `/api/v1/petitions?q=${encodeURIComponent(QUERIES[0])}`,
      vary: (i) => ({ path: `/api/v1/petitions?q=${encodeURIComponent(QUERIES[i % QUERIES.length])}` }),
      target: 'p95 ≤ 50 ms',
    },
    {
      // Every request a question not asked before in the run (query × commune × first or second page × page size), so none is
      // answered from the public cache: what the search itself costs.
      name: 'GET /api/v1/petitions?q=… (search, each request a new question: no cache)',
      path: `/api/v1/petitions?q=${encodeURIComponent(QUERIES[0])}`,
      vary: (i) => {
        const q = encodeURIComponent(QUERIES[i % QUERIES.length]);
        const unit = ['', ...UNITS][Math.floor(i / QUERIES.length) % 6];
        const page = Math.floor(i / 60) % 2;
        const limit = 10 + (Math.floor(i / 120) % 40);
        const cursor = page ? `&cursor=${Buffer.from(JSON.stringify([page * limit])).toString('base64url')}` : '';
        return { path: `/api/v1/petitions?q=${q}&limit=${limit}${unit ? `&unit=${unit}` : ''}${cursor}` };
      },
      target: 'p95 ≤ 50 ms',
    },
    {
      name: 'GET /api/v1/petitions/similar?title=… (suggestions while typing)',
      path: `/api/v1/petitions/similar?title=${encodeURIComponent(TITLES[0])}`,
      vary: (i) => ({ path: `/api/v1/petitions/similar?title=${encodeURIComponent(TITLES[i % TITLES.length])}` }),
      target: 'p95 ≤ 50 ms',
    },
    {
      name: `POST /api/v1/petitions (create through the API, Bearer, ${CITIZENS} citizens)`,
      method: 'POST',
      path: '/api/v1/petitions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${state.tokens[0]}` },
      expectStatus: 201,
      vary: (i) => ({
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${state.tokens[i % state.tokens.length]}`,
          'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        },
        body: JSON.stringify({
          kind: 'phan_anh',
          title: `${TITLES[i % TITLES.length]} tại bản số ${i}`,
          content: `Phản ánh số ${i}: đề nghị chính quyền kiểm tra, xử lý sớm để bảo đảm an toàn cho bà con trong bản.`,
          unitCode: UNITS[i % UNITS.length],
          visibility: 'public',
        }),
      }),
      target: '≥ 300 req/s',
    },
  ],
});
