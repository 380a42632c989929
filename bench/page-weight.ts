import { chromium } from 'playwright-core';

/** One page's first load in a real browser, cache off: requests and bytes on the wire (headers included). */
export interface PageWeight {
  requests: number;
  bytes: number;
  /** Per resource type (document, stylesheet, font, script, image, fetch…), bytes on the wire. */
  byType: Record<string, number>;
}

export interface PageWeightRow {
  engine: string;
  page: string;
  path: string;
  product: PageWeight;
  /** The same page asking for no compression (Accept-Encoding: identity): what compression saves. */
  identity: PageWeight;
  target?: string;
  targetBytes?: number;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Loads each page in a fresh context of headless Chromium (a phone's viewport, the HTTP cache disabled through the
 * DevTools protocol) and adds up Network.loadingFinished's encodedDataLength, what the network carried.
 */
export async function measurePages(base: string, pages: Array<{ page: string; path: string }>, identity: boolean): Promise<Map<string, PageWeight>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const out = new Map<string, PageWeight>();
  try {
    for (const p of pages) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      if (identity) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
      const types = new Map<string, string>();
      const w: PageWeight = { requests: 0, bytes: 0, byType: {} };
      cdp.on('Network.responseReceived', (e: { requestId: string; type?: string }) => types.set(e.requestId, (e.type ?? 'other').toLowerCase()));
      cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
        const t = types.get(e.requestId) ?? 'other';
        w.requests++;
        w.bytes += e.encodedDataLength;
        w.byType[t] = (w.byType[t] ?? 0) + e.encodedDataLength;
      });
      await page.goto(base + p.path, { waitUntil: 'networkidle' });
      out.set(p.page, w);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function pageWeightTable(rows: PageWeightRow[]): string {
  const head =
    '| engine | page | requests | transferred | of which document / css / fonts / scripts / other | baseline: no compression (requests, transferred) | target |\n' +
    '|---|---|--:|--:|---|---|---|';
  const lines = rows.map((r) => {
    const t = r.product.byType;
    const other = r.product.bytes - (t.document ?? 0) - (t.stylesheet ?? 0) - (t.font ?? 0) - (t.script ?? 0);
    const split = [t.document ?? 0, t.stylesheet ?? 0, t.font ?? 0, t.script ?? 0, other].map(kb).join(' / ');
    const verdict = r.targetBytes ? (r.product.bytes <= r.targetBytes ? ' ✔' : ' ✘') : '';
    return `| ${r.engine} | ${r.page} (\`${r.path}\`) | ${r.product.requests} | ${kb(r.product.bytes)} | ${split} | ${r.identity.requests}, ${kb(r.identity.bytes)} | ${r.target ?? ''}${verdict} |`;
  });
  return [head, ...lines].join('\n');
}
