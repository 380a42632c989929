import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { getUnit, listUnits } from './service';

describeEachEngine('directory service', (getApp) => {
  it('imports all provinces and communes at start', async () => {
    const { db } = getApp().ctx;
    const provinces = await listUnits(db);
    expect(provinces).toHaveLength(34);
    const sonLa = await listUnits(db, { parent: '14' });
    expect(sonLa).toHaveLength(75);
    const coi = await getUnit(db, '03670');
    expect(coi).toMatchObject({ fullName: 'Phường Chiềng Cơi', parentCode: '14', provinceCode: '14', level: 'commune' });
  });

  it('finds units ignoring diacritics and case', async () => {
    const { db } = getApp().ctx;
    const found = await listUnits(db, { q: 'chieng coi' });
    expect(found[0].code).toBe('03670');
    const upper = await listUnits(db, { q: 'CHIỀNG CƠI', parent: '14' });
    expect(upper.map((u) => u.code)).toContain('03670');
  });

  it('keeps transactions isolated: a rolled-back row does not survive', async () => {
    const { db } = getApp().ctx;
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('categories').values({ code: 'rollback-me', name: 'x', name_en: 'x' }).execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const r = await sql<{ n: number }>`select count(*)::int as n from categories where code = 'rollback-me'`.execute(db);
    expect(r.rows[0].n).toBe(0);
  });

  it('does not let a concurrent query see uncommitted rows', async () => {
    const { db } = getApp().ctx;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = db.transaction().execute(async (t) => {
      await t.insertInto('categories').values({ code: 'pending', name: 'x', name_en: 'x' }).execute();
      await gate;
      throw new Error('abort');
    });
    const outside = db.selectFrom('categories').select('code').where('code', '=', 'pending').execute();
    release();
    await expect(tx).rejects.toThrow('abort');
    expect(await outside).toEqual([]);
  });
});
