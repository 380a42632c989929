import { defineScenario, type PageToWeigh } from '../types';

const TARGET = 60 * 1024;

/** The first link on a page matching the pattern (the demo's codes and slugs are not known in advance). */
async function firstLink(url: string, pattern: RegExp): Promise<string> {
  const html = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
  const m = pattern.exec(html);
  if (!m) throw new Error(`no link matching ${pattern} on ${url}`);
  return m[1];
}

/**
 * A citizen's first visit on a slow connection: the home page, a public petition and a news article, each in a
 * fresh headless Chromium (phone viewport, cache off), as many bytes as the network carried. The baseline is the
 * same page asking for no compression.
 */
export const pageWeight = defineScenario({
  name: 'page-weight',
  title: 'First-load transfer size of citizen pages (real browser, cache off)',
  description:
    'Headless Chromium (Debian\'s, through playwright-core) loads each page once in a fresh context with a phone viewport and the HTTP cache ' +
    'disabled, and adds up what the network carried for every request (DevTools Network.loadingFinished encodedDataLength: headers and ' +
    'compressed bodies), waiting until the network is idle. Goal: ≤ 60 KB compressed for a citizen page on first load. Before issue 17 (same method, as filed): home 162 KB in 12 requests, a petition 166 KB, the article 178 KB, nine font files of ~146 KB, nothing compressed; opening the petition map added ~585 KB (now ~13 KB of coarse boundaries, ~1.3 KB per commune, and the 38 KB of Leaflet, brotli-compressed).',
  method: 'playwright-core driving /usr/bin/chromium, one load per page and per column; no load generator',
  requests: () => [],
  pages: async ({ url }): Promise<PageToWeigh[]> => {
    const petition = await firstLink(`${url}/kien-nghi`, /href="(\/kien-nghi\/[A-Z]{2,4}-\d{4}-\d{6})"/);
    const article = await firstLink(`${url}/tin-tuc`, /href="(\/tin-tuc\/[a-z0-9-]{3,})"/);
    return [
      { page: 'home page', path: '/', target: '≤ 60 KB', targetBytes: TARGET },
      { page: 'a petition', path: petition, target: '≤ 60 KB', targetBytes: TARGET },
      { page: 'the article', path: article, target: '≤ 60 KB', targetBytes: TARGET },
      { page: 'send a petition (form)', path: '/kien-nghi/gui' },
    ];
  },
});
