import { expect, it } from 'vitest';
import { AssetStore } from './assets';
import { FONT_WEIGHTS, subsetFonts } from './fonts';

const covers = (range: string, cp: number) =>
  range.split(',').some((r) => {
    const [a, b] = r.replace(/U\+/g, '').split('-').map((h) => parseInt(h, 16));
    return cp >= a && cp <= (b ?? a);
  });

it('ships Be Vietnam Pro in two weights, subset so that every letter of Vietnamese is covered, in under 30 KB', async () => {
  const files = await subsetFonts();
  expect(new Set(files.map((f) => f.weight))).toEqual(new Set(FONT_WEIGHTS));
  for (const w of FONT_WEIGHTS) {
    const faces = files.filter((f) => f.weight === w);
    for (const ch of 'aăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ₫') {
      expect(faces.some((f) => covers(f.unicodeRange, ch.codePointAt(0)!)), `${ch} at ${w}`).toBe(true);
    }
  }
  const total = files.reduce((n, f) => n + f.body.byteLength, 0);
  expect(total).toBeLessThan(30_000);
  for (const f of files) expect(f.body.subarray(0, 4).toString('latin1')).toBe('wOF2');
});

it('the stylesheet declares only the subsets, not the nine full @fontsource files', async () => {
  const assets = new AssetStore();
  await assets.build();
  const css = Buffer.from(assets.get(assets.url('app.css').slice('/assets/'.length))!.body).toString();
  expect(css.match(/@font-face/g)).toHaveLength(6);
  expect(css).not.toMatch(/-700-normal|\.woff\)/);
  const urls = [...css.matchAll(/url\("\.\/(fonts\/[^"]+)"\)/g)].map((m) => m[1]);
  expect(urls).toHaveLength(6);
  for (const u of urls) expect(assets.get(u)?.type).toBe('font/woff2');
});
