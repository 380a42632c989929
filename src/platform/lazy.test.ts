import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lazyRequire } from './lazy';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Packages the server must not load at start: only some requests need them (docs/benchmarks.md, idle memory). */
const ON_FIRST_USE = ['exceljs', 'pdfkit', 'qrcode', 'nodemailer', 'sharp'];
const loaded = (pkg: string) => Object.keys(require.cache).some((k) => k.includes(`${path.sep}node_modules${path.sep}${pkg}${path.sep}`));

describe('libraries loaded on first use', () => {
  it('importing the application and every module loads none of them', async () => {
    await import('../app');
    expect(loaded('fastify')).toBe(true); // the check sees what the application did load
    expect(ON_FIRST_USE.filter(loaded)).toEqual([]);
  });

  it('lazyRequire loads the package on the first read and gives its own exports', () => {
    const qr = lazyRequire<typeof import('qrcode')>('qrcode');
    expect(loaded('qrcode')).toBe(false);
    expect(typeof qr.toString).toBe('function');
    expect(loaded('qrcode')).toBe(true);
    expect(qr.toString).toBe(require('qrcode').toString);
    expect(Object.keys(qr)).toEqual(Object.keys(require('qrcode')));
  });
});

describe('the compiled server (bin/compile.js)', () => {
  it('keeps each source file’s import.meta.url and reuses the build while src/ is unchanged', async () => {
    const { compiledEntry } = (await import(pathToFileURL(path.join(ROOT, 'bin/compile.js')).href)) as { compiledEntry: () => Promise<string> };
    const first = await compiledEntry();
    const file = fileURLToPath(first);
    const built = fs.statSync(file).mtimeMs;
    const text = fs.readFileSync(file, 'utf8');
    for (const src of ['platform/http/server.ts', 'platform/ui/assets.ts', 'platform/geo/units.ts']) {
      expect(text).toContain(JSON.stringify(pathToFileURL(path.join(ROOT, 'src', src)).href));
    }
    expect(text).not.toContain('import.meta.url');
    expect(await compiledEntry()).toBe(first);
    expect(fs.statSync(file).mtimeMs).toBe(built);
  });
});
