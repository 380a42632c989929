import { expect, it } from 'vitest';
import zlib from 'node:zlib';
import { communeLayer, communeOverviewLayer, loadCommuneBoundaries } from './index';

it('the overview has every commune, coarse enough to be a fraction of the detailed file', () => {
  const all = loadCommuneBoundaries();
  const overview = communeOverviewLayer();
  const parsed = JSON.parse(overview.body) as { features: Array<{ properties: { code: string; name: string } }> };
  expect(parsed.features.map((f) => f.properties.code).sort()).toEqual(all.features.map((f) => f.properties.code).sort());
  expect(overview.body.length).toBeLessThan(JSON.stringify(all).length / 4);
  expect(zlib.brotliCompressSync(overview.body).byteLength).toBeLessThan(20_000);
  expect(communeOverviewLayer()).toBe(overview);
});

it('one commune alone, detailed, and nothing for a code outside the covered province', () => {
  const one = communeLayer('03670')!;
  const parsed = JSON.parse(one.body) as { features: Array<{ properties: { name: string }; geometry: { type: string } }> };
  expect(parsed.features).toHaveLength(1);
  expect(parsed.features[0].properties.name).toBe('Chiềng Cơi');
  expect(zlib.brotliCompressSync(one.body).byteLength).toBeLessThan(4_000);
  expect(one.etag).not.toBe(communeOverviewLayer().etag);
  expect(communeLayer('00001')).toBeNull();
});
