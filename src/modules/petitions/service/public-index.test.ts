import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../../test/harness';
import { searchTerms } from '../../../platform/text/text';
import { createCast, petitionInput, type Cast } from '../testing';
import type { Petition } from '../model';
import { createPetition } from './create';
import { transition } from './transitions';
import { publicSearchCorpus, searchPetitions } from './read';
import { searchCorpus } from '../../../platform/search/provider';
import { forgetPublicIndex, publicIndex } from './public-index';

describeEachEngine('the public search index (memory provider)', (getApp, engine) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  });

  async function published(title: string, over: Record<string, unknown> = {}): Promise<Petition> {
    const ctx = getApp().ctx;
    const { petition } = await createPetition(ctx, c.citizenA, petitionInput({ title, ...over }), { skipRateLimit: true });
    await transition(ctx, c.officerCC, petition.id, { action: 'receive' });
    await transition(ctx, c.headCC, petition.id, { action: 'assign', assigneeId: c.officerCC.id });
    await transition(ctx, c.officerCC, petition.id, { action: 'draft_answer', answerText: 'UBND phường đã kiểm tra và giao đơn vị chuyên môn khắc phục trong tuần.' });
    await transition(ctx, c.headCC, petition.id, { action: 'approve' });
    return transition(ctx, c.officerCC, petition.id, { action: 'publish' });
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  const MAX = 1_000_000;

  /** The index's answer (not the cached public results). */
  async function ids(q: string): Promise<number[]> {
    const index = await publicIndex(getApp().ctx.db, MAX);
    expect(index).not.toBeNull();
    return index!.search(searchTerms(q).map((t) => [t]), { prefixLast: true, max: 300 }).matches.map((m) => m.id);
  }

  it('holds every published public petition and follows each committed change, however it was made', async () => {
    const ctx = getApp().ctx;
    const p = await published('Cống thoát nước bản Hẹo bị tắc');
    const n = (await sql<{ n: number }>`select count(*)::int as n from petition_search`.execute(ctx.db)).rows[0].n;
    expect((await publicIndex(ctx.db, MAX))!.size).toBe(Number(n));
    expect(await ids('cong thoat heo')).toEqual([p.id]);
    // Changed by plain SQL, outside the use cases: the next search sees it.
    await sql`update petitions set title = 'Cống thoát nước bản Pá Sang bị tắc' where id = ${p.id}`.execute(ctx.db);
    expect(await ids('pa sang')).toEqual([p.id]);
    expect(await ids('heo')).toEqual([]);
    await sql`update petitions set visibility = 'private' where id = ${p.id}`.execute(ctx.db);
    expect(await ids('pa sang')).toEqual([]);
    await sql`update petitions set visibility = 'public' where id = ${p.id}`.execute(ctx.db);
    expect(await ids('pa sang')).toEqual([p.id]);
  });

  // The embedded database runs one transaction at a time: no commit can overtake another there.
  it.skipIf(engine === 'pglite')('applies a change whose transaction commits long after a later one did', async () => {
    const ctx = getApp().ctx;
    const p = await published('Đèn chiếu sáng bản Nà Cọ không sáng');
    expect(await ids('muonmuon')).toEqual([]);
    // A transaction writes its change (logged by the trigger) and stays open…
    let commit!: () => void;
    const held = new Promise<void>((r) => (commit = r));
    let written!: () => void;
    const wrote = new Promise<void>((r) => (written = r));
    const late = ctx.db.transaction().execute(async (tx) => {
      await sql`update petition_search set search_tsv = search_tsv || to_tsvector('simple', 'muonmuon') where id = ${p.id}`.execute(tx);
      written();
      await held;
    });
    await wrote;
    // …while a later change commits and is found, and searches go on well past any patience a gap could have had.
    const other = await published('Đường vào bản Nà Ngần lầy lội');
    expect(await ids('na ngan')).toEqual([other.id]);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3 * 3600_000);
    expect(await ids('na ngan')).toEqual([other.id]);
    expect(await ids('muonmuon')).toEqual([]);
    // Now it commits: the next search finds its change.
    commit();
    await late;
    expect(await ids('muonmuon')).toEqual([p.id]);
  });

  it('holds no more than its bound: above it, the database answers', async () => {
    const ctx = getApp().ctx;
    await published('Trạm bơm bản Phiêng Ngà hỏng máy');
    const n = (await sql<{ n: number }>`select count(*)::int as n from petition_search`.execute(ctx.db)).rows[0].n;
    expect(Number(n)).toBeGreaterThan(1);
    forgetPublicIndex(ctx.db);
    expect(await publicIndex(ctx.db, Number(n) - 1)).toBeNull();
    const memory = { db: ctx.db, config: { ...ctx.config, searchProvider: 'memory' as const, searchMemoryMaxEntries: Number(n) - 1 } };
    const { provider, page } = await searchCorpus(memory, publicSearchCorpus, {
      groups: [['phieng'], ['nga']],
      prefixLast: true,
      filters: {},
      candidates: 300,
      offset: 0,
      limit: 10,
    });
    expect(provider.name).toBe('postgres');
    expect(page.hits).toHaveLength(1);
    forgetPublicIndex(ctx.db);
    expect(await publicIndex(ctx.db, Number(n))).not.toBeNull();
  });

  it('finds what the database finds, in the same order, filters and mistyped words included', async () => {
    const ctx = getApp().ctx;
    await published('Sạt lở taluy dương tại bản Hài');
    await published('Nước sinh hoạt mùa khô thiếu trầm trọng ở bản Hài', { kind: 'phan_anh' });
    const questions: Array<[string, Record<string, unknown>]> = [
      ['sat lo', {}],
      ['ban hai', {}],
      ['ban hai', { kind: ['phan_anh'] }],
      ['nuoc sinh hoat mua kh', {}],
      ['sat lo chieng coi', { unit: c.units.chiengCoi }],
      ['sat lo chieng coi', { unit: '03646' }],
      ['sạt lỡ tluy', {}],
      ['khong co tu nay', {}],
    ];
    for (const [q, filters] of questions) {
      const fromIndex = await searchPetitions(ctx, null, q, { filters, limit: 100, provider: 'memory' });
      const fromDatabase = await searchPetitions(ctx, null, q, { filters, limit: 100, provider: 'postgres' });
      // The same petitions in the same order, with the same ranks.
      expect(fromIndex.items.map((i) => [i.id, i.rank]), q).toEqual(fromDatabase.items.map((i) => [i.id, i.rank]));
      expect(fromIndex.terms, q).toEqual(fromDatabase.terms);
    }
  });
});
