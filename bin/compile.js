// Compiles src/cli.ts and everything it imports into one ES module with esbuild (already installed: tsx and the client
// assets use it), cached in node_modules/.cache/doithoai/ under a fingerprint of src/ (every file's path, size and
// modification time, this checkout's location, esbuild's version), so an unchanged checkout starts from the cache.
// Packages stay in node_modules (not bundled). Each source file's `import.meta.url` is replaced by that file's own
// URL, so the paths it computes from it (public/, resources/, src/client/) stay the same as when run through tsx.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'src');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'doithoai');
const ENTRY = path.join(SRC, 'cli.ts');

function fingerprint(esbuildVersion) {
  const hash = crypto.createHash('sha256');
  hash.update(`${ROOT}\0${esbuildVersion}\0${fs.statSync(fileURLToPath(import.meta.url)).mtimeMs}\0`);
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = fs.statSync(p);
        hash.update(`${p}\0${s.size}\0${s.mtimeMs}\0`);
      }
    }
  };
  walk(SRC);
  for (const f of ['tsconfig.json', 'package-lock.json']) {
    const p = path.join(ROOT, f);
    if (fs.existsSync(p)) hash.update(`${f}\0${fs.statSync(p).mtimeMs}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Keeps each source file's own location: `import.meta.url` becomes the URL of the .ts file it is written in. */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
      if (!args.path.startsWith(SRC + path.sep)) return undefined;
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const contents = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      if (/import\.meta\.(?!url)/.test(contents)) throw new Error(`${args.path}: only import.meta.url is supported in compiled src/`);
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/** The file: URL of the compiled entry point, built now if src/ changed since the last build. */
export async function compiledEntry() {
  const esbuild = await import('esbuild');
  const out = path.join(CACHE, `cli-${fingerprint(esbuild.version)}.mjs`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    await esbuild.build({
      entryPoints: [ENTRY],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      plugins: [keepImportMetaUrl],
      // Stack traces name the .ts files and lines (as under tsx) when the process enables source maps.
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      write: false,
    }).then((result) => {
      for (const f of result.outputFiles) {
        const target = f.path === tmp ? tmp : f.path.replace(`${tmp}.map`, `${out}.map`);
        fs.writeFileSync(target, f.path === tmp ? f.text.replace(path.basename(`${tmp}.map`), path.basename(`${out}.map`)) : f.contents);
      }
    });
    // Two processes starting at once build the same file: the rename makes whichever finishes last win, whole.
    fs.renameSync(tmp, out);
    for (const old of fs.readdirSync(CACHE)) {
      if (old.startsWith('cli-') && !old.endsWith('.tmp') && !old.startsWith(path.basename(out))) fs.rmSync(path.join(CACHE, old), { force: true });
    }
  }
  return pathToFileURL(out).href;
}
