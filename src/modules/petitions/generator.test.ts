import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { createCast, petitionInput, type Cast } from './testing';
import { generatePetitions } from './seed';
import { createPetition, listPublic, searchPetitions } from './service';

describeEachEngine('petitions bulk generator', (getApp) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  });

  it('inserts N realistic petitions in bulk, marked generated, readable by the lists and the search', async () => {
    const ctx = getApp().ctx;
    const before = (await createPetition(ctx, c.citizenA, petitionInput(), { skipRateLimit: true })).petition;
    const r = await generatePetitions(ctx, 1500, { batch: 600 });
    expect(r.inserted).toBe(1500);
    const s = await sql<{ n: number; codes: number; units: number; states: number; published: number; answers: number; events: number }>`
      select count(*)::int as n, count(distinct code)::int as codes, count(distinct unit_code)::int as units,
        count(distinct status)::int as states, count(*) filter (where published_at is not null)::int as published,
        (select count(*)::int from petition_answers a join petitions q on q.id = a.petition_id where q.source = 'generated') as answers,
        (select count(*)::int from petition_events e join petitions q on q.id = e.petition_id where q.source = 'generated') as events
      from petitions where source = 'generated'`.execute(ctx.db);
    const g = s.rows[0];
    expect(g).toMatchObject({ n: 1500, codes: 1500 });
    expect(g.units).toBeGreaterThan(50);
    expect(g.states).toBe(12);
    expect(g.answers).toBe(g.published);
    expect(g.events).toBeGreaterThan(1500);
    // No audit rows for benchmark data.
    const audits = await sql<{ n: number }>`select count(*)::int as n from audit_log where entity_type = 'petition'`.execute(ctx.db);
    expect(audits.rows[0].n).toBe(1);
    // Codes continue after the generated ones.
    const after = (await createPetition(ctx, c.citizenA, petitionInput(), { skipRateLimit: true })).petition;
    expect(after.code).not.toBe(before.code);
    const page = await listPublic(ctx, { limit: 20 });
    expect(page.items).toHaveLength(20);
    expect(page.next).toBeTruthy();
    const found = await searchPetitions(ctx, null, 'sat lo taluy');
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items[0].title).toMatch(/[Ss]ạt lở/);
  });
});
