import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Plugin } from 'esbuild';

/**
 * Be Vietnam Pro cut down at start from the installed @fontsource files (nothing is downloaded): two weights
 * (400 text, 600 labels and headings), each in three faces whose unicode-range lists exactly the glyphs kept — Basic
 * Latin with Latin-1, the twelve Vietnamese letters of Latin Extended, and the precomposed Vietnamese block — without
 * hinting and with only the layout features Vietnamese needs (marks, kerning). A Vietnamese page loads six files of
 * about 24 KB in all instead of nine of 146 KB.
 */
export const FONT_WEIGHTS = [400, 600] as const;

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const SUBSETS: Record<'latin' | 'latin-ext' | 'vietnamese', number[]> = {
  // ASCII, the Vietnamese letters of Latin-1 and the punctuation our texts use; anything else falls back to the system font.
  latin: [
    ...range(0x20, 0x7e),
    ...[...'ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý'].map((c) => c.codePointAt(0)!),
    0xa0, 0xa9, 0xab, 0xb0, 0xb7, 0xbb, 0xd7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, 0x2192,
  ],
  'latin-ext': [0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1a0, 0x1a1, 0x1af, 0x1b0],
  vietnamese: [...range(0x1ea0, 0x1ef9), 0x300, 0x301, 0x303, 0x309, 0x323, 0x20ab],
};
const FEATURES = ['kern', 'mark', 'mkmk', 'ccmp', 'locl'];

function unicodeRange(cps: number[]): string {
  const sorted = [...cps].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
    parts.push(i === j ? `U+${hex(sorted[i])}` : `U+${hex(sorted[i])}-${hex(sorted[j])}`);
    i = j + 1;
  }
  return parts.join(',');
}

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('@fontsource/be-vietnam-pro/package.json')), 'files');

export interface FontFile {
  name: string;
  weight: number;
  unicodeRange: string;
  body: Buffer;
}

let made: Promise<FontFile[]> | undefined;

/**
 * hb-subset's WebAssembly instance (subset-font) keeps the memory it grew to, about 100 MB, for as long as the process
 * lives (docs/benchmarks.md, "Memory of an idle server process"): the subsets are made in a worker thread that ends
 * once they are made, taking that memory with it. Plain JavaScript, so it runs the same under tsx and compiled.
 */
const SUBSET_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const subsetFont = require(workerData.module);
Promise.all(workerData.jobs.map((j) => subsetFont(Buffer.from(j.src), j.text, j.options))).then((bodies) =>
  parentPort.postMessage(bodies.map((b) => new Uint8Array(b))), // exact-size copies: only the bytes cross
);
`;

interface SubsetJob {
  src: Uint8Array;
  text: string;
  options: { targetFormat: 'woff2'; keepFeatures: string[]; noHinting: boolean };
}

function subsetInWorker(jobs: SubsetJob[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SUBSET_WORKER, { eval: true, workerData: { module: require.resolve('subset-font'), jobs } });
    let done = false;
    worker.once('message', (bodies: Uint8Array[]) => {
      done = true;
      resolve(bodies.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      done = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`font subsetting worker exited with code ${code}`));
    });
  });
}

/** The subset files, made once per process (the test suites build many apps). */
export function subsetFonts(): Promise<FontFile[]> {
  made ??= (async () => {
    const files = FONT_WEIGHTS.flatMap((weight) =>
      Object.entries(SUBSETS).map(([subset, cps]) => ({ subset, weight, cps })),
    );
    const bodies = await subsetInWorker(
      files.map(({ subset, weight, cps }) => ({
        src: fs.readFileSync(path.join(FONT_DIR, `be-vietnam-pro-${subset}-${weight}-normal.woff2`)),
        text: String.fromCodePoint(...cps),
        options: { targetFormat: 'woff2', keepFeatures: FEATURES, noHinting: true },
      })),
    );
    return files.map(({ subset, weight, cps }, i) => ({ name: `be-vietnam-pro-${subset}-${weight}.woff2`, weight, unicodeRange: unicodeRange(cps), body: bodies[i]! }));
  })();
  return made;
}

/** esbuild plugin: `@import 'fonts:be-vietnam-pro';` in a stylesheet becomes the @font-face rules of the subsets. */
export function fontsPlugin(): Plugin {
  return {
    name: 'font-subsets',
    setup(build) {
      build.onResolve({ filter: /^fonts:/ }, (args) => ({ path: args.path, namespace: 'font-subsets' }));
      build.onResolve({ filter: /^font-file:/ }, (args) => ({ path: args.path.slice('font-file:'.length), namespace: 'font-file' }));
      build.onLoad({ filter: /.*/, namespace: 'font-subsets' }, async () => {
        const files = await subsetFonts();
        const css = files
          .map(
            (f) =>
              `@font-face{font-family:'Be Vietnam Pro';font-style:normal;font-display:swap;font-weight:${f.weight};` +
              `src:url('font-file:${f.name}') format('woff2');unicode-range:${f.unicodeRange}}`,
          )
          .join('\n');
        return { contents: css, loader: 'css' };
      });
      build.onLoad({ filter: /.*/, namespace: 'font-file' }, async (args) => {
        const f = (await subsetFonts()).find((x) => x.name === args.path);
        if (!f) throw new Error(`unknown font subset ${args.path}`);
        return { contents: f.body, loader: 'file' };
      });
    },
  };
}
