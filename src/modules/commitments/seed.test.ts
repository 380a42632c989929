import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { seedDirectoryDemo } from '../directory/seed';
import { seedAccounts } from '../accounts/seed';
import { complianceOf, listPublicCommitments } from './service';
import { seedCommitmentsDemo } from './seed';
import { todayVN } from './service/common';

describeEachEngine('commitments demo seed', (getApp) => {
  it('loads Chiềng Cơi’s commitments at every stage and reception days with their register, once', async () => {
    const ctx = getApp().ctx;
    await seedDirectoryDemo(ctx);
    await seedAccounts(ctx);
    await seedCommitmentsDemo(ctx);
    await seedCommitmentsDemo(ctx);
    const page = await listPublicCommitments(ctx, '03670', {}, );
    const items = page.items;
    const states = items.map((i) => i.state);
    expect(states).toEqual(expect.arrayContaining(['in_progress', 'verified_kept', 'verified_not_kept', 'cancelled', 'open']));
    expect(items.some((i) => i.overdue)).toBe(true);
    expect(items.some((i) => i.extensionCount > 0 && !i.overdue)).toBe(true);
    expect(items.some((i) => i.state === 'verified_not_kept' && i.petitionCode)).toBe(true);
    expect(items.some((i) => i.source.kind === 'petition')).toBe(true);
    const cases = await ctx.db.selectFrom('reception_cases').select(['petition_code']).where('unit_code', '=', '03670').execute();
    expect(cases.length).toBe(7);
    expect(cases.every((c) => c.petition_code)).toBe(true);
    const month = todayVN(ctx).slice(0, 7);
    expect((await complianceOf(ctx.db, ['03670'], month)).length).toBe(2);
    const demo = await ctx.db.selectFrom('commitments').select('id').where('source', '=', 'demo').execute();
    expect(demo.length).toBe(items.length);
  });
});
