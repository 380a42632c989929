import { Readable } from 'node:stream';
import type { AppContext } from '../../../platform/context';
import type { DatasetColumn, DatasetExport } from '../../../platform/module';

/** Every dataset every module declares, in module order. */
export function allDatasets(ctx: Pick<AppContext, 'modules'>): Array<DatasetExport & { module: string }> {
  return ctx.modules.flatMap((m) => (m.exports ?? []).map((d) => ({ ...d, module: m.name })));
}

export function findDataset(ctx: Pick<AppContext, 'modules'>, key: string): (DatasetExport & { module: string }) | undefined {
  return allDatasets(ctx).find((d) => d.key === key);
}

/** A value as one CSV field (RFC 4180); text a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** About this many characters are sent at a time: few writes, and at most one chunk held per download. */
const CHUNK = 64 * 1024;

async function* chunked(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let buf = '';
  for await (const l of lines) {
    buf += l;
    if (buf.length >= CHUNK) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

async function* csvLines(ctx: AppContext, d: DatasetExport): AsyncGenerator<string> {
  yield '\uFEFF' + csvLine(d.columns.map((c) => c.name));
  for await (const row of d.rows(ctx)) yield csvLine(d.columns.map((c) => row[c.name]));
}

async function* jsonLines(ctx: AppContext, d: DatasetExport): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const row of d.rows(ctx)) {
    const out: Record<string, unknown> = {};
    for (const c of d.columns) out[c.name] = row[c.name] ?? null;
    yield (first ? '\n' : ',\n') + JSON.stringify(out);
    first = false;
  }
  yield '\n]\n';
}

/** The dataset as a stream (backpressure: the next batch of rows is read only when the client took the last). */
export function datasetStream(ctx: AppContext, d: DatasetExport, format: 'csv' | 'json'): Readable {
  return Readable.from(chunked(format === 'csv' ? csvLines(ctx, d) : jsonLines(ctx, d)), { objectMode: false });
}

/** What the data dictionary and the API say of a dataset. */
export async function datasetInfo(ctx: AppContext, d: DatasetExport, t: (k: string) => string) {
  return {
    key: d.key,
    title: t(d.title),
    description: t(d.description),
    rowCount: await d.count(ctx),
    generatedAt: ctx.clock.now().toISOString(),
    columns: d.columns.map((c: DatasetColumn) => ({ name: c.name, type: c.type, description: t(c.description) })),
    csv: `/du-lieu-mo/${d.key}.csv`,
    json: `/du-lieu-mo/${d.key}.json`,
  };
}
