#!/usr/bin/env node
// Operators' entry point. Runs src/cli.ts compiled by esbuild into one file (node_modules/.cache/doithoai/), built
// here on the first start and again whenever a file under src/ changes (about a second); nothing is downloaded, and
// `npm ci` empties the cache. Compiling at run time through tsx instead holds every module's TypeScript source, its
// compiled JavaScript and its source map in the process: about 90 MB more resident in every server process
// (docs/benchmarks.md, "Memory of an idle server process"). tsx stays the fallback: DOITHOAI_TSX=1 (development),
// or when the build fails for any reason.
import { compiledEntry } from './compile.js';

const entry = process.env.DOITHOAI_TSX === '1' ? null : await compiledEntry().catch((err) => {
  console.warn(`doithoai: compiling src/ failed, running it through tsx instead (${err?.message ?? err})`);
  return null;
});
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
