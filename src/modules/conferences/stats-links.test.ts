import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import type { StatisticScope } from '../../platform/module';
import { createApiToken } from '../accounts/service';
import { CHIENG_COI, createCast, type Cast } from '../petitions/testing';
import { conferenceInput } from './testing';
import { answerQuestion, askQuestion, createConference, floorQuestion, savePlan, setCurrentQuestion, transitionConference } from './service';
import { publicReads } from './service/cache';
import { STATISTICS } from './stats';
import type { ConferenceState } from './model';

const stat = (key: string) => STATISTICS.find((s) => s.key === key)!;
const vn = (local: string) => new Date(`${local}+07:00`);
/** March 2019, as a dashboard asks for it: [1 March, 1 April) in Vietnam. */
const MARCH: { from: Date; to: Date } = { from: vn('2019-03-01T00:00:00'), to: vn('2019-04-01T00:00:00') };

describeEachEngine('conferences: every statistic links to exactly the items it counts', (getApp) => {
  let cast: Cast;
  const token: Record<string, string> = {};
  const made: Record<string, { id: number; answered: number[]; above: number[]; advanceAbove: number[] }> = {};

  /** A conference of `unit` starting at `startsAt` (Vietnam's time), left in `status`, with its questions. */
  async function conference(name: string, startsAt: string, status: ConferenceState, unitCode: string, questions: Array<'answered' | 'above' | 'plain'>, advanceAbove = 0) {
    const { ctx } = getApp();
    const c = await createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { title: `Hội nghị đối thoại ${name} với Nhân dân phường` }, 10));
    await transitionConference(ctx, cast.headCC, c.id, { action: 'approve' });
    await transitionConference(ctx, cast.officerCC, c.id, { action: 'announce' });
    const out = { id: c.id, answered: [] as number[], above: [] as number[], advanceAbove: [] as number[] };
    for (let i = 0; i < advanceAbove; i++) {
      const q = await askQuestion(ctx, cast.citizenA, c.id, { content: `Câu hỏi gửi trước số ${i + 1} cho hội nghị ${name}` });
      await ctx.db.updateTable('conference_questions').set({ level: 'above' }).where('id', '=', q.id).execute();
      out.advanceAbove.push(q.id);
    }
    await ctx.db.updateTable('conferences').set({ status: 'in_session' }).where('id', '=', c.id).execute();
    for (const [i, kind] of questions.entries()) {
      const q = await floorQuestion(ctx, cast.officerCC, c.id, { askerName: 'Ông Lò Văn Pọm', askerVillage: 'Bản Hài', content: `Câu hỏi số ${i + 1} tại hội nghị ${name}` });
      if (kind === 'answered') {
        await setCurrentQuestion(ctx, cast.officerCC, q.id);
        await answerQuestion(ctx, cast.officerCC, q.id, { answeredByName: cast.headCC.name, answeredByTitle: 'Chủ tịch UBND phường', answer: 'Phường sẽ giải quyết trong quý II.' });
        out.answered.push(q.id);
      } else if (kind === 'above') {
        await ctx.db.updateTable('conference_questions').set({ level: 'above', status: 'passed_up' }).where('id', '=', q.id).execute();
        out.above.push(q.id);
      }
    }
    const start = vn(startsAt);
    await ctx.db
      .updateTable('conferences')
      .set({ status, starts_at: start, ends_at: new Date(start.getTime() + 3 * 3600_000), unit_code: unitCode })
      .where('id', '=', c.id)
      .execute();
    publicReads.forget();
    made[name] = out;
  }

  beforeAll(async () => {
    const { ctx } = getApp();
    cast = await createCast(ctx);
    for (const k of ['officerCC', 'supervisor', 'citizenA'] as const) token[k] = (await createApiToken(ctx, cast[k], { name: 'test' })).token;
    // In March: two held in Chiềng Cơi (one the last evening of the month), one held in Tô Hiệu (same province),
    // one announced (not held) whose question sent in advance is for the level above.
    await conference('A', '2019-03-10T08:00:00', 'held', CHIENG_COI, ['answered', 'answered', 'above', 'plain']);
    await conference('B', '2019-03-31T23:30:00', 'closed', CHIENG_COI, ['answered', 'above']);
    await conference('T', '2019-03-15T08:00:00', 'results_published', cast.units.toHieu, ['answered']);
    await conference('U', '2019-03-20T08:00:00', 'announced', CHIENG_COI, [], 1);
    // Out of the period: the first minutes of April, and February.
    await conference('X', '2019-04-01T00:10:00', 'held', CHIENG_COI, ['answered', 'above']);
    await conference('Y', '2019-02-28T23:50:00', 'held', CHIENG_COI, ['answered']);
  });

  const follow = async (href: string, who?: string) => {
    const res = await getApp().server.inject({ url: href, headers: { accept: 'text/html', ...(who ? { authorization: `Bearer ${token[who]}` } : {}) } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const conferenceIds = (html: string) => [...new Set([...html.matchAll(/<h2><a href="\/hoi-nghi\/(\d+)"/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const questionIds = (html: string) => [...html.matchAll(/data-question="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

  it('held: the public list of past conferences, by commune or province, in the period', async () => {
    const { ctx } = getApp();
    const cases: Array<[StatisticScope, number[]]> = [
      [{ unitCode: CHIENG_COI, ...MARCH }, [made.A.id, made.B.id]],
      [{ unitCode: '14', ...MARCH }, [made.A.id, made.B.id, made.T.id]],
    ];
    for (const [scope, expected] of cases) {
      const value = await stat('conferences.held').compute(ctx.db, scope);
      for (const audience of ['public', 'official'] as const) {
        const href = stat('conferences.held').link!(scope, audience)!;
        expect(href.startsWith('/hoi-nghi?')).toBe(true);
        const listed = conferenceIds(await follow(href, audience === 'official' ? 'supervisor' : undefined));
        expect(listed).toEqual(sorted(expected));
        expect(listed.length).toBe(value);
      }
      // The JSON API answers the same filters.
      const api = await getApp().server.inject({ url: `/api/v1/conferences${stat('conferences.held').link!(scope, 'public')!.slice('/hoi-nghi'.length)}` });
      expect(api.statusCode).toBe(200);
      expect(sorted(api.json().items.map((i: { id: number }) => i.id))).toEqual(sorted(expected));
    }
  });

  it('answered: the public list of questions answered on the floor', async () => {
    const { ctx } = getApp();
    const cases: Array<[StatisticScope, number[]]> = [
      [{ unitCode: CHIENG_COI, ...MARCH }, [...made.A.answered, ...made.B.answered]],
      [{ unitCode: '14', ...MARCH }, [...made.A.answered, ...made.B.answered, ...made.T.answered]],
    ];
    for (const [scope, expected] of cases) {
      const value = await stat('conferences.answered').compute(ctx.db, scope);
      const href = stat('conferences.answered').link!(scope, 'public')!;
      expect(href.startsWith('/hoi-nghi/cau-hoi?')).toBe(true);
      const listed = questionIds(await follow(href));
      expect(listed).toEqual(sorted(expected));
      expect(listed.length).toBe(value);
      const api = await getApp().server.inject({ url: `/api/v1/conference-questions${href.slice('/hoi-nghi/cau-hoi'.length)}` });
      expect(sorted(api.json().items.map((i: { id: number }) => i.id))).toEqual(sorted(expected));
    }
  });

  it('passed up: officials only (it counts questions sent in advance, which are not public)', async () => {
    const { ctx } = getApp();
    const scope = { unitCode: CHIENG_COI, ...MARCH };
    expect(stat('conferences.passedUp').link!(scope, 'public')).toBeNull();
    const expected = [...made.A.above, ...made.B.above, ...made.U.advanceAbove];
    const value = await stat('conferences.passedUp').compute(ctx.db, scope);
    const href = stat('conferences.passedUp').link!(scope, 'official')!;
    for (const who of ['officerCC', 'supervisor']) {
      const listed = questionIds(await follow(href, who));
      expect(listed).toEqual(sorted(expected));
      expect(listed.length).toBe(value);
    }
    // The public, and a citizen, following the same address see only what was put on the floor.
    for (const who of [undefined, 'citizenA']) expect(questionIds(await follow(href, who))).toEqual(sorted([...made.A.above, ...made.B.above]));
  });

  it('planned: the plan page of a commune and one year of Vietnam (its officers edit it, the level above reads it); none for the public or over years', async () => {
    const { ctx } = getApp();
    await savePlan(ctx, cast.officerCC, { unitCode: CHIENG_COI, year: 2019, items: [{ quarter: 1, topic: 'Đối thoại về đất đai' }, { quarter: 3, topic: 'Đối thoại về nước sạch' }] });
    await savePlan(ctx, cast.officerCC, { unitCode: CHIENG_COI, year: 2018, items: [{ quarter: 4, topic: 'Đối thoại về đường giao thông' }] });
    const year = { from: vn('2019-01-01T00:00:00'), to: vn('2020-01-01T00:00:00') };
    const scope = { unitCode: CHIENG_COI, ...year };
    // 1 January in Vietnam is still 31 December in UTC: the year counted is Vietnam's.
    const value = await stat('conferences.planned').compute(ctx.db, scope);
    expect(value).toBe(2);
    const href = stat('conferences.planned').link!(scope, 'official')!;
    expect(href).toBe(`/can-bo/hoi-nghi/ke-hoach?unit=${CHIENG_COI}&year=2019`);
    const topics = [...(await follow(href, 'officerCC')).matchAll(/name="topic" value="([^"]+)"/g)].map((m) => m[1]);
    expect(topics).toEqual(['Đối thoại về đất đai', 'Đối thoại về nước sạch']);
    expect(topics.length).toBe(value);
    // The provincial supervisor reads the same plan there, not editable.
    const above = await follow(href, 'supervisor');
    expect([...above.matchAll(/data-plan-item/g)].length).toBe(value);
    expect(above).toContain('Đối thoại về nước sạch');
    expect(above).not.toContain('Đối thoại về đường giao thông');
    expect(above).not.toContain('name="topic"');
    expect(stat('conferences.planned').link!(scope, 'public')).toBeNull();
    expect(stat('conferences.planned').link!({ unitCode: '14', ...year }, 'official')).toBeNull();
    expect(stat('conferences.planned').link!({ unitCode: CHIENG_COI, from: year.from, to: vn('2021-01-01T00:00:00') }, 'official')).toBeNull();
  });

  it('refuses malformed filters beside the field (page) and as problem+json (API)', async () => {
    const page = await getApp().server.inject({ url: '/hoi-nghi?when=past&from=2019-02-30', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Ngày không hợp lệ (định dạng dd/mm/yyyy).');
    const order = await getApp().server.inject({ url: '/api/v1/conferences?from=2019-04-01&to=2019-03-01' });
    expect(order.statusCode).toBe(422);
    expect(order.headers['content-type']).toContain('application/problem+json');
    expect(order.json().errors[0]).toEqual({ field: 'to', message: 'Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.' });
    const questions = await getApp().server.inject({ url: '/hoi-nghi/cau-hoi?status=nope&to=31/03/2019', headers: { accept: 'text/html' } });
    expect(questions.statusCode).toBe(422);
    expect(questions.body).toContain('Vui lòng chọn một giá trị trong danh sách.');
    const api = await getApp().server.inject({ url: '/api/v1/conference-questions?unit=abc' });
    expect(api.statusCode).toBe(422);
    expect(api.json().errors[0].field).toBe('unit');
  });
});
