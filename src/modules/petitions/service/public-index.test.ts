import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../../test/harness';
import { searchTerms } from '../../../platform/text/text';
import { createCast, petitionInput, type Cast } from '../testing';
import type { Petition } from '../model';
import { createPetition } from './create';
import { transition } from './transitions';
import { searchPetitions } from './read';
import { publicIndex } from './public-index';

describeEachEngine('the public search index', (getApp) => {
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

  /** The index's answer (not the cached public results). */
  async function ids(q: string): Promise<number[]> {
    const index = await publicIndex(getApp().ctx.db);
    expect(index).not.toBeNull();
    return index!.index.search(searchTerms(q).map((t) => [t]), { prefixLast: true, max: 300 }).matches.map((m) => m.id);
  }

  it('holds every published public petition and follows each committed change, however it was made', async () => {
    const ctx = getApp().ctx;
    const p = await published('Cống thoát nước bản Hẹo bị tắc');
    const n = (await sql<{ n: number }>`select count(*)::int as n from petition_search`.execute(ctx.db)).rows[0].n;
    expect((await publicIndex(ctx.db))!.index.size).toBe(Number(n));
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

  it('shows any later change to a petition it has already shown (a rating, the number of people), searches arriving together included', async () => {
    const ctx = getApp().ctx;
    const p = await published('Mương thủy lợi bản Co Phường bị vỡ');
    const find = async (limit: number) => (await searchPetitions(ctx, null, 'muong co phuong', { limit })).items.find((i) => i.id === p.id);
    expect(await find(10)).toMatchObject({ rating: null, peopleCount: 1 });
    // Changed by plain SQL in columns the search does not index; asked with another page size (not the public cache).
    await sql`update petitions set rating = 4, people_count = 7 where id = ${p.id}`.execute(ctx.db);
    const together = await Promise.all(Array.from({ length: 12 }, (_, i) => find(11 + i)));
    for (const item of together) expect(item).toMatchObject({ rating: 4, peopleCount: 7 });
  });

  it('applies a change committed late under a number below one already seen', async () => {
    const ctx = getApp().ctx;
    const p = await published('Đèn chiếu sáng bản Nà Cọ không sáng');
    // A transaction takes the next change number and stays open while another commits after it.
    const gap = (await sql<{ n: number }>`select nextval('petition_search_changes_seq_seq')::int as n`.execute(ctx.db)).rows[0].n;
    const other = await published('Đường vào bản Nà Ngần lầy lội');
    expect(await ids('na ngan')).toEqual([other.id]);
    // Now it commits: its change is written under the number it took.
    await ctx.db.transaction().execute(async (tx) => {
      await sql`alter table petition_search disable trigger petition_search_log_update`.execute(tx);
      await sql`update petition_search set search_tsv = search_tsv || to_tsvector('simple', 'muonmuon') where id = ${p.id}`.execute(tx);
      await sql`alter table petition_search enable trigger petition_search_log_update`.execute(tx);
      await sql`insert into petition_search_changes (seq, id) values (${gap}, ${p.id})`.execute(tx);
    });
    expect(await ids('muonmuon')).toEqual([p.id]);
  });

  it('finds what the database finds, filters and mistyped words included', async () => {
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
      const fromIndex = await searchPetitions(ctx, null, q, { filters, limit: 100 });
      const fromDatabase = await searchPetitions(ctx, null, q, { filters, limit: 100, from: 'database' });
      expect(fromIndex.items.map((i) => i.id).sort(), q).toEqual(fromDatabase.items.map((i) => i.id).sort());
      expect(fromIndex.terms, q).toEqual(fromDatabase.terms);
    }
  });
});
