import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness';

describeEachEngine('petition map boundaries', (getApp) => {
  it('serves every commune coarse, one commune detailed, with a validator, and 404 for an unknown code', async () => {
    const app = getApp();
    const overview = await app.server.inject({ url: '/kien-nghi/ban-do.geojson', headers: { 'accept-encoding': 'br' } });
    expect(overview.statusCode).toBe(200);
    expect(overview.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(overview.headers['content-encoding']).toBe('br');
    expect(overview.rawPayload.byteLength).toBeLessThan(20_000);
    const one = await app.server.inject({ url: '/kien-nghi/ban-do/03670.geojson' });
    expect(one.statusCode).toBe(200);
    const body = one.json() as { features: Array<{ properties: { code: string; name: string } }> };
    expect(body.features.map((f) => f.properties)).toEqual([{ code: '03670', name: 'Chiềng Cơi' }]);
    expect(one.headers['cache-control']).toBe('public, max-age=86400');
    const again = await app.server.inject({ url: '/kien-nghi/ban-do/03670.geojson', headers: { 'if-none-match': String(one.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await app.server.inject({ url: '/kien-nghi/ban-do/99999.geojson' })).statusCode).toBe(404);
    expect((await app.server.inject({ url: '/kien-nghi/ban-do/..%2Fx' })).statusCode).toBe(404);
  });
});
