import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../../test/harness';
import { compactPetitionStats } from './aggregate';

describeEachEngine('petitions: pre-aggregated counts', (getApp) => {
  it('keeps every counter when compacting rows whose received nets to zero', async () => {
    const { db } = getApp().ctx;
    // What a compaction beside another one may be left with: a due-state change's -1/+1 pair without the key's
    // compact row (the other compaction folded that one). Received nets to zero; overdue and open do not.
    await sql`insert into petition_stats (month, province_code, unit_code, dim, val, received, answered, on_time, open,
        overdue, keo_dai, vuot_cap, legal, reopened, rating_sum, rating_count)
      values ('2020-01-01', '99', '99999', 'all', '', -1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0),
             ('2020-01-01', '99', '99999', 'all', '', 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
             ('2020-02-01', '99', '99999', 'all', '', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
             ('2020-02-01', '99', '99999', 'all', '', -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)`.execute(db);
    await compactPetitionStats(db);
    const rows = await sql<{ month: string; received: number; open: number; overdue: number; compact: boolean }>`
      select to_char(month, 'YYYY-MM') as month, received, open, overdue, compact from petition_stats
      where province_code = '99' order by month`.execute(db);
    // A key whose every counter sums to zero goes; the other keeps its sums.
    expect(rows.rows).toEqual([{ month: '2020-01', received: 0, open: -1, overdue: 1, compact: true }]);
  });
});
