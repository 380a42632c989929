import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { setSetting } from '../../platform/settings/settings';
import { loadConfig } from '../../config';

it('reads TRUST_PROXY as off, all, a number of proxies or a list of addresses, and refuses nonsense', () => {
  expect(loadConfig({}).trustProxy).toBe(false);
  expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  expect(() => loadConfig({ TRUST_PROXY: 'a b; c' })).toThrow(/TRUST_PROXY/);
});

describeEachEngine(
  'accounts: client address without a trusted proxy',
  (getApp) => {
    it('ignores X-Forwarded-For, so a client cannot escape the per-address limit by inventing addresses', async () => {
      const app = getApp();
      await app.ctx.db.transaction().execute((tx) => setSetting(tx, { id: null, label: 'test' }, 'accounts.loginRateMax', 3));
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await app.server.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
          payload: { login: `x${i}@example.com`, password: 'whatever1' },
        });
        statuses.push(r.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    });
  },
  { config: { trustProxy: false } },
);
