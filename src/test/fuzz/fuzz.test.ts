import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachEngine, type TestApp } from '../harness';
import { loginAs } from '../../modules/accounts/testing';
import { crawl, submissionsFor, type Form } from './forms';
import { judge } from './oracle';
import { operationsOf, requestsFor, type Operation } from './openapi-ops';
import { describeRequest, type FuzzRequest, type Visitor } from './request';
import { routeKey, routeRequests, routesToFuzz } from './routes';

/**
 * Property-based fuzzing of every API operation of the served OpenAPI document and of every HTML form found by
 * crawling the pages, as an anonymous visitor and as the demo citizen: bad input must never answer 5xx, a refusal
 * must be problem+json (API) or the page with its message (forms), and a refusal must write no audit row (every
 * change is audited, so "nothing written"). Routes and forms are read at run time: a new module is covered as soon
 * as it is registered. Seeded: FUZZ_SEED=<n> reproduces a run, FUZZ_RUNS=<n> sets the requests per operation and
 * form per visitor, FUZZ_ONLY=<text> keeps the targets whose name contains it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 160_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
/** Routes outside the OpenAPI document get fewer: their field names are guessed, and there are many of them. */
const ROUTE_RUNS = Math.max(1, Math.ceil(RUNS / 3));
const ONLY = process.env.FUZZ_ONLY ?? '';
const MAX_PAGES = Number(process.env.FUZZ_PAGES ?? 60);
/** A folder to write each fault's full request and answer to (FUZZ_DUMP=/tmp/fuzz), for a closer look. */
const DUMP = process.env.FUZZ_DUMP;
/** FUZZ_SLOW=<ms> prints each target that took longer, to find what makes a pass slow (never a test condition). */
const SLOW = Number(process.env.FUZZ_SLOW ?? 0);
/**
 * Audit rows a refusal may write, not being changes: a lockout after failed sign-ins is itself the refusal, and an
 * official's read of a confidential identity is audited whenever the page showing it is rendered (a form re-shown too).
 */
const AUDITED_REFUSALS = new Set(['account.lock']);
const AUDITED_READ = /\.identity\.read$/;
/** Each part may take long on a loaded machine; a part cut off by vitest would go on beside the next and muddle it. */
const PART_TIMEOUT = 900_000;

type App = TestApp;

/** A number from a name, so that each target keeps its own seed when others are added. */
function seedFor(name: string): number {
  let h = SEED | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

async function send(app: App, r: FuzzRequest) {
  const res = await app.server.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, payload: r.body });
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), body: res.body, safetyNet: res.headers['x-safety-net'] as string | undefined };
}

async function lastAuditId(app: App): Promise<number> {
  const r = await app.ctx.db.selectFrom('audit_log').select((e) => e.fn.max('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** The demo accounts the signed-in visitors use. */
const ACCOUNTS: Partial<Record<Visitor['name'], string>> = { citizen: 'congdan@example.com', officer: 'chuyenvien@example.com' };
/** The brief's two visitors everywhere; a commune officer too for the forms and routes, where staff forms are. */
const VISITORS = (process.env.FUZZ_VISITORS?.split(',') ?? ['anonymous', 'citizen', 'officer']) as Array<Visitor['name']>;
const API_VISITORS = VISITORS.filter((v) => v !== 'officer');

async function visitor(app: App, name: Visitor['name']): Promise<Visitor> {
  const login = ACCOUNTS[name];
  if (login) {
    const s = await loginAs(app, login);
    return { name, cookie: s.cookie, csrf: s.csrf };
  }
  const page = await app.server.inject({ method: 'GET', url: '/dang-nhap' });
  const csrf = page.cookies.find((c) => c.name === 'dt_csrf')!.value;
  return { name, cookie: `dt_csrf=${csrf}`, csrf };
}

/** Signs the visitor in again when a request of the last target signed it out (a logout form, a password change). */
async function keepSignedIn(app: App, v: Visitor) {
  if (!ACCOUNTS[v.name]) return;
  const me = await app.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: v.cookie! } });
  if (me.statusCode === 200) return;
  Object.assign(v, await visitor(app, 'citizen'));
}

interface Tally {
  requests: number;
  targets: number;
  byStatus: Record<string, number>;
  faults: number;
  failures: string[];
}
const newTally = (): Tally => ({ requests: 0, targets: 0, byStatus: {}, faults: 0, failures: [] });

/** Sends RUNS generated requests of one target; records every fault with the seed that reproduces it. */
async function fuzzTarget(app: App, v: Visitor, name: string, arb: (v: Visitor) => fc.Arbitrary<FuzzRequest>, tally: Tally, runs = RUNS) {
  if (ONLY && !name.includes(ONLY)) return;
  await keepSignedIn(app, v);
  tally.targets++;
  const seed = seedFor(`${v.name} ${name}`);
  const faults: string[] = [];
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(arb(v), async (r) => {
      const before = await lastAuditId(app);
      const res = await send(app, r);
      tally.requests++;
      const cls = `${Math.floor(res.status / 100)}xx`;
      tally.byStatus[cls] = (tally.byStatus[cls] ?? 0) + 1;
      let fault = judge(r, res);
      if (!fault && res.status >= 400) {
        const written = await app.ctx.db.selectFrom('audit_log').select('action').where('id', '>', String(before) as never).execute();
        const bad = written.map((w) => w.action).filter((a) => !AUDITED_REFUSALS.has(a) && !AUDITED_READ.test(a));
        if (bad.length) fault = `${res.status} yet wrote ${bad.join(', ')}`;
      }
      if (fault) tally.faults++;
      if (fault && DUMP) {
        fs.mkdirSync(DUMP, { recursive: true });
        fs.writeFileSync(path.join(DUMP, `fault-${tally.faults}.json`), JSON.stringify({ fault, visitor: v.name, seed, request: r, response: res }, null, 1));
      }
      // The first few of a target are enough to see it (and FUZZ_ONLY replays them all).
      if (fault && faults.length < 3) faults.push(`${fault}\n    as ${v.name}; again with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} FUZZ_ONLY='${name}' (target seed ${seed})\n    ${describeRequest(r)}\n    → ${res.type} ${res.body.slice(0, 300)}`);
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  const took = performance.now() - started;
  if (SLOW && took > SLOW) console.log(`[fuzz] slow: ${v.name} ${name} ${Math.round(took)} ms for ${runs}`);
  tally.failures.push(...faults);
}

function report(what: string, engine: string, tally: Tally) {
  const statuses = Object.entries(tally.byStatus)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(`[fuzz ${engine}] ${what}: ${tally.targets} targets, ${tally.requests} requests (${statuses}), ${tally.faults} faults, seed ${SEED}, ${RUNS} runs`);
  expect(tally.failures, tally.failures.join('\n\n')).toEqual([]);
}

describeEachEngine(
  'fuzz: bad input over every operation and form',
  (getApp, engine) => {
    it('answers every API operation of the OpenAPI document with a 4xx problem+json at worst', async () => {
      const app = getApp();
      const doc = (await app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      const ops: Operation[] = operationsOf(doc).filter((o) => !o.stream);
      if (!ONLY) expect(ops.length).toBeGreaterThan(20);
      const tally = newTally();
      for (const who of API_VISITORS) {
        const v = await visitor(app, who);
        for (const op of ops) await fuzzTarget(app, v, op.key, (x) => requestsFor(op, x), tally);
      }
      report('API', engine, tally);
    }, PART_TIMEOUT);

    it('answers every form found by crawling the pages with the form and its message, or a 4xx page at worst', async () => {
      const app = getApp();
      const tally = newTally();
      const found: string[] = [];
      for (const who of VISITORS) {
        const v = await visitor(app, who);
        const { pages, forms } = await crawl((url) => send(app, { kind: 'page', target: 'crawl', mutation: '', method: 'GET', url, headers: { accept: 'text/html', cookie: v.cookie! } }), {
          start: ['/', '/dang-nhap', '/dang-ky', '/tai-khoan', '/kien-nghi/gui', '/can-bo/kien-nghi', '/quan-tri'],
          maxPages: MAX_PAGES,
        });
        found.push(`${who}: ${pages.length} pages, ${forms.length} forms`);
        // Signing out last, so the citizen's other forms are posted signed in.
        const ordered: Form[] = [...forms].sort((a, b) => Number(/dang-xuat|logout/.test(a.action)) - Number(/dang-xuat|logout/.test(b.action)));
        for (const f of ordered) await fuzzTarget(app, v, f.key, (x) => submissionsFor(f, x), tally);
      }
      console.log(`[fuzz ${engine}] crawled ${found.join('; ')}`);
      if (!ONLY) expect(tally.targets).toBeGreaterThan(5);
      report('forms', engine, tally);
    }, PART_TIMEOUT);

    it('answers every other registered route (pages, actions, Open311, files, exports) with a 4xx at worst', async () => {
      const app = getApp();
      const doc = (await app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      const described = new Set(operationsOf(doc).map((o) => routeKey(o.method, o.path)));
      const routes = routesToFuzz(app.server.routeList, described);
      if (!ONLY) expect(routes.length).toBeGreaterThan(50);
      const tally = newTally();
      for (const who of VISITORS) {
        const v = await visitor(app, who);
        // Signing out last, as above.
        const ordered = [...routes].sort((a, b) => Number(/dang-xuat|logout/.test(a.url)) - Number(/dang-xuat|logout/.test(b.url)));
        for (const r of ordered) await fuzzTarget(app, v, routeKey(r.method, r.url), (x) => routeRequests(r, x), tally, ROUTE_RUNS);
      }
      report('other routes', engine, tally);
    }, PART_TIMEOUT);
  },
  { demo: true },
);
