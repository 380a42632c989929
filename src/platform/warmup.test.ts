import { describe, expect, it } from 'vitest';
import { warmingNow, warmingUp } from './warmup';

describe('warmingUp', () => {
  it('names the work while it runs, whether it ends well or not', async () => {
    let finish!: () => void;
    let fail!: (e: Error) => void;
    const a = new Promise<void>((r) => (finish = r));
    const b = new Promise<void>((_, r) => (fail = r));
    warmingUp('test.a', a);
    warmingUp('test.b', b);
    warmingUp('test.b', Promise.resolve());
    await Promise.resolve();
    expect(warmingNow()).toEqual(expect.arrayContaining(['test.a', 'test.b']));
    finish();
    fail(new Error('no'));
    await a;
    await b.catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    expect(warmingNow()).not.toContain('test.a');
    expect(warmingNow()).not.toContain('test.b');
  });
});
