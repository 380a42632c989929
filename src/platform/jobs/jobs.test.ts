import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { enqueue, JobRunner } from './jobs';

describeEachEngine('job queue', (getApp) => {
  it('runs a job enqueued in a committed transaction, and not one rolled back', async () => {
    const { ctx } = getApp();
    const seen: unknown[] = [];
    const runner = new JobRunner(ctx, new Map([['test.echo', async (_c, p) => void seen.push(p)]]), []);
    await ctx.db.transaction().execute((tx) => enqueue(tx, 'test.echo', { n: 1 }));
    await expect(
      ctx.db.transaction().execute(async (tx) => {
        await enqueue(tx, 'test.echo', { n: 2 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow();
    await runner.runOnce();
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('retries a failing job later, with backoff', async () => {
    const app = getApp();
    let calls = 0;
    const runner = new JobRunner(app.ctx, new Map([['test.flaky', async () => void (calls++ === 0 && (() => { throw new Error('boom'); })())]]), []);
    await app.ctx.db.transaction().execute((tx) => enqueue(tx, 'test.flaky', null));
    await runner.runOnce();
    expect(calls).toBe(1);
    await runner.runOnce();
    expect(calls).toBe(1);
    app.clock.advance(10 * 60_000);
    await runner.runOnce();
    expect(calls).toBe(2);
    const row = await app.ctx.db.selectFrom('jobs').selectAll().where('name', '=', 'test.flaky').executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
  });

  it('runs a recurring job once per period, by the application clock', async () => {
    const app = getApp();
    let runs = 0;
    const runner = new JobRunner(app.ctx, new Map(), [{ name: 'test.every-hour', everyMinutes: 60, run: async () => void runs++ }]);
    await runner.runOnce();
    await runner.runOnce();
    expect(runs).toBe(1);
    app.clock.advance(61 * 60_000);
    await runner.runOnce();
    expect(runs).toBe(2);
  });
});
