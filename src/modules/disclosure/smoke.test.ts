import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';

describeEachEngine('disclosure smoke', (getApp) => {
  it('renders pages', async () => {
    const app = getApp();
    for (const url of ['/cong-khai', '/cong-khai/1', '/cong-khai/2', '/cong-khai/danh-muc', '/api/v1/documents', '/']) {
      const r = await app.server.inject({ url, headers: { accept: 'text/html' } });
      if (r.statusCode !== 200) console.log(url, r.statusCode, r.body.slice(0, 2000));
      expect(r.statusCode).toBe(200);
      require('fs').writeFileSync('/tmp/dt/' + url.replace(/\//g, '_') + '.html', r.body);
    }
  });
}, { demo: true });
