import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import type { StatisticScope } from '../../platform/module';
import { createApiToken } from '../accounts/service';
import { CHIENG_COI, createCast, petitionInput, type Cast } from '../petitions/testing';
import { createPetition } from '../petitions/service';
import { createTopic } from './service';
import { STATISTICS } from './statistics';

const stat = (key: string) => STATISTICS.find((s) => s.key === key)!;
const vn = (day: string) => new Date(`${day}T00:00:00+07:00`);

describeEachEngine('consolidation: the topics statistics link to exactly the topics counted', (getApp) => {
  let cast: Cast;
  const token: Record<string, string> = {};
  const topic: Record<string, number> = {};

  /** A topic of the unit and period with one petition of `people` people (20 or more: pressing). */
  async function make(name: string, unitCode: string, period: string, people: number) {
    const { ctx } = getApp();
    const citizen = unitCode === CHIENG_COI ? cast.citizenA : cast.citizenB;
    const p = await createPetition(ctx, citizen, petitionInput({ unitCode, peopleCount: people, title: `Ý kiến về chuyên đề ${name} của phường` }), { skipRateLimit: true, silent: true });
    topic[name] = (await createTopic(ctx, cast.admin, { unitCode, period, title: `Chuyên đề ${name} về đường giao thông`, petitionIds: [p.petition.id] })).id;
  }

  beforeAll(async () => {
    const { ctx } = getApp();
    cast = await createCast(ctx);
    for (const k of ['frontCC', 'officerTH', 'supervisor', 'citizenA'] as const) token[k] = (await createApiToken(ctx, cast[k], { name: 'test' })).token;
    await make('q2', CHIENG_COI, '2019-Q2', 25);
    await make('may', CHIENG_COI, '2019-05', 1);
    await make('year', CHIENG_COI, '2019', 30);
    await make('march', CHIENG_COI, '2019-03', 40); // ends the instant the second quarter begins: out
    await make('q3', CHIENG_COI, '2019-Q3', 25);
    await make('toHieu', cast.units.toHieu, '2019-Q2', 25);
  });

  const follow = async (href: string, who?: string) =>
    getApp().server.inject({ url: href, headers: { accept: 'text/html', ...(who ? { authorization: `Bearer ${token[who]}` } : {}) } });
  const topicIds = (html: string) => [...html.matchAll(/data-topic="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const ids = (...names: string[]) => names.map((n) => topic[n]).sort((a, b) => a - b);

  it('topics and pressing topics, of a commune and of its province, as the officials who read them see the list', async () => {
    const { ctx } = getApp();
    const q2 = { from: vn('2019-04-01'), to: vn('2019-07-01') };
    const oneDay = { from: vn('2019-05-10'), to: vn('2019-05-11') };
    const cases: Array<[StatisticScope, string, string[], string[]]> = [
      [{ unitCode: CHIENG_COI, ...q2 }, 'frontCC', ['q2', 'may', 'year'], ['q2', 'year']],
      [{ unitCode: CHIENG_COI, ...oneDay }, 'frontCC', ['q2', 'may', 'year'], ['q2', 'year']],
      [{ unitCode: '14', ...q2 }, 'supervisor', ['q2', 'may', 'year', 'toHieu'], ['q2', 'year', 'toHieu']],
    ];
    for (const [scope, who, all, pressing] of cases) {
      for (const [key, expected] of [['consolidation.topics', all], ['consolidation.pressingTopics', pressing]] as const) {
        const value = await stat(key).compute(ctx.db, scope);
        expect(stat(key).link!(scope, 'public')).toBeNull();
        const href = stat(key).link!(scope, 'official')!;
        expect(href.startsWith('/tong-hop/chuyen-de?')).toBe(true);
        const res = await follow(href, who);
        expect(res.statusCode).toBe(200);
        expect(topicIds(res.body)).toEqual(ids(...expected));
        expect(topicIds(res.body).length).toBe(value);
        const api = await follow(`/api/v1/consolidation/topics${href.slice('/tong-hop/chuyen-de'.length)}`, who);
        expect(api.json().items.map((t: { id: number }) => t.id).sort((a: number, b: number) => a - b)).toEqual(ids(...expected));
      }
    }
  });

  it('the list is for those who read the unit\'s topics; bad filters are refused beside the field and as problem+json', async () => {
    const href = stat('consolidation.topics').link!({ unitCode: CHIENG_COI, from: vn('2019-04-01'), to: vn('2019-07-01') }, 'official')!;
    expect((await follow(href, 'officerTH')).statusCode).toBe(403);
    expect((await follow(href, 'citizenA')).statusCode).toBe(403);
    expect((await follow(href)).statusCode).toBe(303);
    // Without a unit, another commune's officer sees only their own commune's topics, none of Chiềng Cơi's.
    expect(topicIds((await follow('/tong-hop/chuyen-de?from=2019-01-01&to=2019-12-31', 'officerTH')).body)).toEqual(ids('toHieu'));
    const page = await follow('/tong-hop/chuyen-de?from=2019-02-30', 'frontCC');
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Ngày không hợp lệ (định dạng dd/mm/yyyy).');
    const api = await follow('/api/v1/consolidation/topics?from=2019-07-01&to=2019-04-01', 'frontCC');
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json().errors[0]).toEqual({ field: 'to', message: 'Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.' });
  });
});
