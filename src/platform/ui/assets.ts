import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { fontsPlugin } from './fonts';

const CLIENT_DIR = fileURLToPath(new URL('../../client/', import.meta.url));

export interface Asset {
  body: Uint8Array;
  type: string;
  /** The same bytes precompressed once at start (text types only; fonts are compressed already). */
  br?: Uint8Array;
  gzip?: Uint8Array;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

async function precompress(asset: Asset): Promise<void> {
  if (!/^(text\/|application\/json|image\/svg)/.test(asset.type) || asset.body.byteLength < 512) return;
  const [br, gz] = await Promise.all([
    brotli(asset.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: asset.body.byteLength } }),
    gzip(asset.body, { level: 9 }),
  ]);
  asset.br = br;
  asset.gzip = gz;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/**
 * Builds the client islands and the stylesheet with esbuild at start-up, into memory: no build
 * step to forget, and every file is served under a content hash with a year-long cache.
 */
export class AssetStore {
  private files = new Map<string, Asset>();
  private entries = new Map<string, string>();

  async build(): Promise<void> {
    const entryPoints = fs
      .readdirSync(CLIENT_DIR)
      .filter((f) => /\.(ts|tsx|css)$/.test(f) && !f.endsWith('.test.ts') && !f.startsWith('_'))
      .map((f) => path.join(CLIENT_DIR, f));
    const result = await esbuild.build({
      entryPoints,
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      target: ['es2020', 'chrome90', 'safari14', 'firefox90'],
      outdir: '/assets',
      entryNames: '[name]-[hash]',
      assetNames: 'fonts/[name]-[hash]',
      loader: { '.woff2': 'file', '.woff': 'file', '.png': 'file' },
      jsx: 'automatic',
      jsxImportSource: 'preact',
      metafile: true,
      plugins: [fontsPlugin()],
      logLevel: 'silent',
    });
    for (const out of result.outputFiles) {
      const rel = out.path.replace(/^.*\/assets\//, '');
      this.files.set(rel, { body: out.contents, type: TYPES[path.extname(rel)] ?? 'application/octet-stream' });
    }
    await Promise.all([...this.files.values()].map(precompress));
    for (const [out, meta] of Object.entries(result.metafile!.outputs)) {
      if (!meta.entryPoint) continue;
      const rel = out.replace(/^.*assets\//, '');
      const base = path.basename(meta.entryPoint).replace(/\.(ts|tsx)$/, '.js');
      this.entries.set(base, `/assets/${rel}`);
    }
  }

  /** The hashed URL of an entry, e.g. url('app.css') → /assets/app-HASH.css. */
  url(name: string): string {
    const u = this.entries.get(name);
    if (!u) throw new Error(`Unknown asset ${name}`);
    return u;
  }

  get(rel: string): Asset | undefined {
    return this.files.get(rel);
  }

  /** Size in bytes of an entry, for the page-weight test (brotli-compressed when it is served so). */
  size(name: string, encoding: 'identity' | 'br' = 'identity'): number {
    const a = this.get(this.url(name).slice('/assets/'.length));
    return (encoding === 'br' ? a?.br : undefined)?.byteLength ?? a?.body.byteLength ?? 0;
  }

  static etag(a: Asset): string {
    return createHash('sha1').update(a.body).digest('base64url');
  }
}

/**
 * Ends esbuild's service process (about 25 MB resident, a child of the server) once the assets are built: a server
 * builds them once, at start. A later build starts the service again by itself.
 */
export async function stopBuildService(): Promise<void> {
  await esbuild.stop();
}
