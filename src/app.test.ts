import { expect, it } from 'vitest';
import { seedDemo } from './app';
import { getMeta } from './platform/db/meta';
import { describeEachEngine } from './test/harness';
import { directoryModule } from './modules/directory';
import { accountsModule } from './modules/accounts';
import type { ModuleManifest } from './platform/module';

describeEachEngine('demo seed', (getApp) => {
  it('is all-or-nothing: a module failing half-way leaves no demo data, and the next try loads it whole', async () => {
    const { ctx } = getApp();
    const users = async () => Number((await ctx.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const failing: ModuleManifest = {
      name: 'failing',
      async seedDemo(seedCtx) {
        // Its own transaction joins the seed's: the accounts just made are visible here.
        await seedCtx.db.transaction().execute(async (tx) => {
          const n = await tx.selectFrom('users').select('id').execute();
          expect(n.length).toBeGreaterThan(0);
        });
        throw new Error('disk full');
      },
    };
    await expect(seedDemo(ctx, [directoryModule, accountsModule, failing])).rejects.toThrow('disk full');
    expect(await users()).toBe(0);
    expect(await getMeta(ctx.db, 'demo_seeded')).toBeUndefined();

    expect(await seedDemo(ctx, [directoryModule, accountsModule])).toBe(true);
    expect(await users()).toBeGreaterThan(0);
    expect(await seedDemo(ctx, [directoryModule, accountsModule])).toBe(false);
  });
});
