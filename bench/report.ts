import fs from 'node:fs';
import os from 'node:os';
import type { Measurement } from './load';
import type { Engine } from './types';
import { pageWeightTable, type PageWeightRow } from './page-weight';

export interface Row {
  engine: Engine;
  endpoint: string;
  connections: number;
  bytes: number;
  product: Measurement;
  baseline: Measurement;
  target?: string;
  expectStatus?: number;
}

export interface SectionData {
  scenario: string;
  title: string;
  description?: string;
  date: Date;
  machine: string;
  method: string;
  engines: Partial<Record<Engine, string>>;
  setupNotes: string[];
  rows: Row[];
  /** First-load transfer sizes measured in a browser, for scenarios with pages(). */
  pageRows?: PageWeightRow[];
  notes: string[];
}

export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  return `${cpus.length} × ${model}, ${gib} GiB memory, ${os.type()} ${os.release()}, Node.js ${process.version}; load average at start ${load} (1/5/15 min)`;
}

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '—');
const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const ENGINE_LABEL: Record<Engine, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

export function tableOf(rows: Row[]): string {
  const head =
    '| engine | endpoint | conns | bytes | answers | req/s | p50 ms | p95 ms | p99 ms | errors | baseline req/s | baseline p99 ms | req/s ÷ baseline | target |\n' +
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|';
  const lines = rows.map((r) => {
    const ratio = r.baseline.rps > 0 ? `${((r.product.rps / r.baseline.rps) * 100).toFixed(1)} %` : '—';
    const m = r.product;
    const unexpected = Object.entries(m.statuses).filter(([s]) => Number(s) !== (r.expectStatus ?? 200));
    const parts = [...unexpected.map(([s, c]) => `status ${s}: ${c}`), ...(m.timeouts ? [`timeouts: ${m.timeouts}`] : [])];
    const other = m.errors - unexpected.reduce((n, [, c]) => n + c, 0) - m.timeouts;
    if (other > 0) parts.push(`connection errors: ${other}`);
    const errs = m.errors ? `${m.errors} (${parts.join(', ')})` : '0';
    return `| ${ENGINE_LABEL[r.engine]} | ${r.endpoint} | ${r.connections} | ${n0(r.bytes)} | ${n0(r.product.requests)} | ${n0(r.product.rps)} | ${ms(r.product.p50)} | ${ms(r.product.p95)} | ${ms(r.product.p99)} | ${errs} | ${n0(r.baseline.rps)} | ${ms(r.baseline.p99)} | ${ratio} | ${r.target ?? ''} |`;
  });
  return [head, ...lines].join('\n');
}

export function sectionMarkdown(s: SectionData): string {
  const engines = Object.entries(s.engines)
    .map(([e, v]) => `- ${ENGINE_LABEL[e as Engine]}: ${v}`)
    .join('\n');
  return [
    `<!-- bench:${s.scenario}:begin -->`,
    `## ${s.title}`,
    '',
    ...(s.description ? [s.description, ''] : []),
    `Run ${s.date.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\`.`,
    '',
    `- Machine: ${s.machine}`,
    `- Method: ${s.method}`,
    engines,
    ...s.setupNotes.map((n) => `- ${n}`),
    '',
    ...(s.rows.length || !s.pageRows?.length ? [tableOf(s.rows), ''] : []),
    ...(s.pageRows?.length ? [pageWeightTable(s.pageRows), ''] : []),
    ...s.notes.map((n) => `- ${n}`),
    ...(s.notes.length ? [''] : []),
    `<!-- bench:${s.scenario}:end -->`,
  ].join('\n');
}

const INTRO = `# Benchmarks

Figures written by \`npm run bench\` (bench/run.ts): each scenario starts the real server
(\`bin/doithoai.js serve\`, NODE_ENV=production, jobs off, logs at warn) on a fresh database of each engine,
fills it (the scenario's setup), then loads each endpoint over 127.0.0.1 with autocannon, and right after it a bare
Fastify server (no plugins, hooks or database, its own process) answering a body of the same size with the same
connections and duration: the baseline says what the framework and this machine give for the same bytes, so the
ratio is the cost of the product's own work. Latencies are measured by the load generator from request to full
answer (closed loop: a connection sends its next request when the previous answer arrived). The load generator,
the server and PostgreSQL share the machine's cores. Sections are replaced when their scenario runs again
(\`npm run bench -- --only <scenario>\`); \`npm run bench -- --help\` lists the options.
`;

/** Replaces the scenario's section of the file (or appends it), keeping the other sections. */
export function writeSection(file: string, section: string, scenario: string): void {
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : INTRO;
  const begin = `<!-- bench:${scenario}:begin -->`;
  const end = `<!-- bench:${scenario}:end -->`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) text = text.slice(0, i) + section + text.slice(j + end.length);
  else text = text.replace(/\s*$/, '\n\n') + section + '\n';
  fs.writeFileSync(file, text);
}
