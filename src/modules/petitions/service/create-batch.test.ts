import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness';
import type { Executor } from '../../../platform/db/types';
import { createCast, petitionInput, type Cast } from '../testing';
import { createPetition, createPetitions } from './index';

const STAMPS = new Set(['created_at', 'updated_at', 'submitted_at', 'at', 'createdAt', 'updatedAt', 'submittedAt']);

/** Where a number is an id of the path's own rows. */
const ID_KEYS = new Set(['id', 'petition_id', 'related_id', 'relatedId', 'petitionId', 'notificationId']);

/** Ids, codes, phones and names of one path replaced by their role, timestamps left out: what the two paths must share. */
function normalised(value: unknown, names: Map<unknown, string>, key = ''): unknown {
  if (value instanceof Date) return 'DATE';
  if (Array.isArray(value)) return value.map((v) => normalised(v, names, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !STAMPS.has(k)).map(([k, v]) => [k, normalised(v, names, k)]));
  }
  if (typeof value === 'number') return ID_KEYS.has(key) && names.has(value) ? names.get(value) : value;
  if (typeof value === 'string') {
    let s = value;
    for (const [k, v] of names) if (typeof k === 'string') s = s.split(k).join(v);
    return s;
  }
  return value;
}

/** Everything a petition's creation wrote: its row, timeline, follows, notifications and jobs, audit entry. */
async function footprint(db: Executor, id: number) {
  const row = await db.selectFrom('petitions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await db.selectFrom('petition_events').select(['type', 'from_state', 'to_state', 'actor_id', 'actor_label', 'public', 'note', 'data']).where('petition_id', '=', id).orderBy('id').execute();
  const follows = await db.selectFrom('follows').select(['user_id']).where('entity_type', '=', 'petition').where('entity_id', '=', String(id)).orderBy('user_id').execute();
  const notices = await db.selectFrom('notifications').select(['id', 'user_id', 'event', 'title_key', 'body_key', 'params', 'link']).where('entity_type', '=', 'petition').where('entity_id', '=', String(id)).orderBy('id').execute();
  const jobs = notices.length
    ? (await db.selectFrom('jobs').select(['name', 'payload']).orderBy('id').execute()).filter((j) => notices.some((n) => (j.payload as { notificationId?: number } | null)?.notificationId === Number(n.id)))
    : [];
  const audit = await db.selectFrom('audit_log').select(['actor_id', 'actor_label', 'action', 'entity_type', 'after', 'ip']).where('entity_type', '=', 'petition').where('entity_id', '=', String(id)).orderBy('id').execute();
  const names = new Map<unknown, string>([[id, 'ID'], [row.code, 'CODE']]);
  if (row.related_id) names.set(row.related_id, 'RELATED');
  if (row.petitioner_phone) names.set(row.petitioner_phone, 'PHONE');
  if (row.petitioner_name) names.set(row.petitioner_name, 'NAME');
  notices.forEach((n) => names.set(Number(n.id), 'NOTICE'));
  return normalised({ row: { ...row, search_tsv: null }, events, follows, notices: notices.map(({ id: _, ...n }) => n), jobs, audit }, names);
}

describeEachEngine('petitions: a batch gives each petition what creating it alone gives', (getApp) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  });

  it('the same row, flags, track, timeline, follows, notices and audit entry, in the batch’s order; a bad input writes nothing', async () => {
    const ctx = getApp().ctx;
    const front = c.frontCC;
    // Two people with the same earlier petitions (the batch's one kéo dài, as the single one is).
    const entry = (who: string, phone: string | undefined, over: Record<string, unknown> = {}) =>
      petitionInput({ channel: 'front_gathering', visibility: 'private', petitioner: { name: who, ...(phone ? { phone } : {}) }, enteredPlace: 'Hội nghị bản Hài', ...over });
    for (const phone of ['0911000001', '0922000001']) {
      for (let k = 0; k < 2; k++) await createPetition(ctx, front, entry('Lò Văn Xôm', phone));
    }
    const inputs = (p: string) => [
      entry('Lò Văn Xôm', `09${p}000001`),
      entry('Cà Thị Hoa', `09${p}000002`, { kind: 'khieu_nai', title: 'Khiếu nại việc thu hồi đất nương', content: 'Tôi khiếu nại việc thu hồi đất nương của gia đình mà không có quyết định thu hồi, đề nghị xem xét lại.' }),
      entry('Cử tri Bản Cọ', undefined, { title: 'Đèn đường bản Cọ hỏng hai tháng', content: 'Đèn đường bản Cọ hỏng đã hai tháng, buổi tối đi lại rất nguy hiểm, đề nghị sửa chữa.', address: 'Bản Cọ', peopleCount: 7 }),
    ];
    const alone = [];
    for (const input of inputs('11')) alone.push((await createPetition(ctx, front, input)).petition.id);
    const batch = await createPetitions(ctx, front, inputs('22'), {}, async () => 'done');
    expect(batch.result).toBe('done');
    expect(batch.created.map((x) => x.petition.title)).toEqual(inputs('22').map((i) => i.title));
    const ids = batch.created.map((x) => x.petition.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(batch.created.map((x) => [x.petition.track, x.petition.keoDai])).toEqual([['general', true], ['legal', false], ['general', false]]);
    for (let i = 0; i < 3; i++) {
      const a = await footprint(ctx.db, alone[i]);
      expect(await footprint(ctx.db, ids[i])).toEqual(a);
    }
    // The notices of the new petitions went to Chiềng Cơi's staff, the Front officer follows each.
    expect((await footprint(ctx.db, ids[0])) as { follows: unknown[]; notices: unknown[] }).toMatchObject({ follows: [{ user_id: front.id }], notices: expect.arrayContaining([expect.objectContaining({ event: 'petition.new', user_id: c.officerCC.id })]) });

    const count = async () => (await ctx.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    await expect(createPetitions(ctx, front, [entry('Lường Văn An', '0933000001'), entry('Lường Thị Bích', undefined, { content: 'ngắn' })], {}, async () => null)).rejects.toMatchObject({ rows: [{ index: 1 }] });
    expect(Number(await count())).toBe(Number(before));
  });
});

describeEachEngine('petitions: the kéo dài check of a batch', (getApp) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  });

  it('judges each input as its creation alone would, from the petitions committed before the batch, not from one another', async () => {
    const ctx = getApp().ctx;
    const front = c.frontCC;
    const entry = (phone: string | undefined, over: Record<string, unknown> = {}) =>
      petitionInput({ channel: 'front_gathering', visibility: 'private', petitioner: { name: 'Quàng Văn Lả', ...(phone ? { phone } : {}) }, ...(over as object) });
    const otherTopic = { title: 'Xin cấp giấy chứng nhận quyền sử dụng đất', content: 'Gia đình tôi đã nộp hồ sơ xin cấp giấy chứng nhận quyền sử dụng đất từ lâu mà chưa được giải quyết.' };
    /** The petitions a phone had before the batch (the same topic), oldest first. */
    const history = async (phone: string, n: number) => {
      const ids: number[] = [];
      for (let k = 0; k < n; k++) ids.push((await createPetition(ctx, front, entry(phone))).petition.id);
      return ids;
    };
    // The batch: a phone seen twice before (also on another topic), a phone seen once before and twice in the batch,
    // a new phone three times, a row without a phone.
    const rows: Array<{ phone?: string; before: number; over?: Record<string, unknown> }> = [
      { phone: '0944000001', before: 2 },
      { phone: '0944000002', before: 1 },
      { phone: '0944000003', before: 0 },
      { phone: '0944000001', before: 2, over: otherTopic },
      { phone: '0944000003', before: 0 },
      { phone: '0944000002', before: 1 },
      { before: 0 },
      { phone: '0944000003', before: 0 },
      { phone: '0944000001', before: 2 },
    ];
    const earlier = new Map<string, number[]>();
    for (const phone of new Set(rows.flatMap((r) => (r.phone ? [r.phone] : [])))) earlier.set(phone, await history(phone, rows.find((r) => r.phone === phone)!.before));
    // Each row alone: the same input from a phone of its own with the same history, created by itself.
    const alone = [];
    for (const [i, r] of rows.entries()) {
      const twin = r.phone ? `0955${String(i).padStart(6, '0')}` : undefined;
      const twinEarlier = twin ? await history(twin, r.before) : [];
      const p = (await createPetition(ctx, front, entry(twin, r.over))).petition;
      alone.push({ keoDai: p.keoDai, vuotCap: p.vuotCap, related: p.relatedId === null ? null : twinEarlier.indexOf(p.relatedId) });
    }
    const batch = await createPetitions(ctx, front, rows.map((r) => entry(r.phone, r.over)), {}, async () => null);
    const flags = batch.created.map(({ petition: p }, i) => ({
      keoDai: p.keoDai,
      vuotCap: p.vuotCap,
      related: p.relatedId === null ? null : (earlier.get(rows[i].phone!) ?? []).indexOf(p.relatedId),
    }));
    expect(flags).toEqual(alone);
    // Two earlier petitions on the topic: kéo dài, pointing at the latest; the rows of one batch do not count for one another.
    expect(flags.map((f) => f.keoDai)).toEqual([true, false, false, false, false, false, false, false, true]);
    expect(flags[0].related).toBe(1);
    const events = await ctx.db.selectFrom('petition_events').select(['petition_id', 'data']).where('type', '=', 'flag_keo_dai').where('petition_id', 'in', batch.created.map((x) => x.petition.id)).orderBy('petition_id').execute();
    expect(events.map((e) => (e.data as { repeats: number }).repeats)).toEqual([2, 2]);
  });

  it('gives each input its own flags in a batch compared over several statements', async () => {
    const ctx = getApp().ctx;
    const front = c.frontCC;
    const entry = (phone: string) => petitionInput({ channel: 'front_gathering', visibility: 'private', petitioner: { name: 'Lò Văn Ún', phone } });
    const seen = ['0966100005', '0966100203'];
    for (const phone of seen) for (let k = 0; k < 2; k++) await createPetition(ctx, front, entry(phone));
    const phones = Array.from({ length: 230 }, (_, i) => (i === 5 ? seen[0] : i === 203 ? seen[1] : `0966${String(200_000 + i).padStart(6, '0')}`));
    const batch = await createPetitions(ctx, front, phones.map(entry), {}, async () => null);
    expect(batch.created.flatMap((x, i) => (x.petition.keoDai ? [i] : []))).toEqual([5, 203]);
  });
});
