import { expect, it } from 'vitest';
import zlib from 'node:zlib';
import { describeEachEngine } from '../../test/harness';

describeEachEngine('compression', (getApp) => {
  it('compresses a page with brotli or gzip as the browser asks, and says it varies', async () => {
    const app = getApp();
    const plain = await app.server.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const br = await app.server.inject({ url: '/', headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.byteLength).toBeLessThan(plain.rawPayload.byteLength / 2);
    const gz = await app.server.inject({ url: '/', headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('serves the built stylesheet precompressed, cached for a year, and the plain bytes to a client that asks for none', async () => {
    const app = getApp();
    const page = await app.server.inject({ url: '/', headers: { accept: 'text/html' } });
    const css = /href="(\/assets\/app-[^"]+\.css)"/.exec(page.body)?.[1];
    expect(css).toBeTruthy();
    const br = await app.server.inject({ url: css!, headers: { 'accept-encoding': 'br;q=1, gzip;q=0.5' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toBe('accept-encoding');
    const plain = await app.server.inject({ url: css! });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gz = await app.server.inject({ url: css!, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('compresses JSON answers of the API', async () => {
    const app = getApp();
    const res = await app.server.inject({ url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(JSON.parse(zlib.brotliDecompressSync(res.rawPayload).toString()).openapi).toMatch(/^3\.1/);
  });
});
