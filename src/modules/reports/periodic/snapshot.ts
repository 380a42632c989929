import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { translate } from '../../../platform/i18n/i18n';
import { childUnits } from '../../directory/service';
import type { Unit } from '../../directory/model';
import { allStatistics } from '../dashboard/service';
import { vnRange } from '../period';

/** A report's figures as they were when generated: what the document, the annex and the level above read. */
export interface Snapshot {
  asOf: string;
  unit: { code: string; name: string; level: string };
  from: string;
  to: string;
  figures: Array<{ key: string; label: string; group: string; kind: string; value: number }>;
  /** For a province: each commune's figures (counts only), by statistic key. */
  children: Array<{ code: string; name: string; values: Record<string, number> }>;
  /** True when every count of the period is zero. */
  empty: boolean;
  /** A province's report: its communes' reports for the same period when it was generated. */
  completeness?: { expected: number; actual: number; onTime: number; missing: string[] };
}

/** Official documents are in Vietnamese, whatever the reader's language. */
const vi = (k: string) => translate('vi', k);

/** Runs the tasks, at most `width` at a time (a share of the database pool), in order of the list. */
async function inParallel(tasks: Array<() => Promise<void>>, width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, tasks.length) }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

/**
 * The figures of a unit's period, each statistic of each module once for the unit and, for a province, once per
 * commune (a statistic that breaks down by unit answers every commune in one query; the others are asked commune by
 * commune, several at a time). Outside a transaction (`db` the pool) the modules' reads of the directory and of
 * their settings come from their caches and the questions run side by side: that is how the reports module takes it
 * (service.ts, before the transaction that stores it).
 */
export async function takeSnapshot(ctx: Pick<AppContext, 'modules' | 'clock'>, db: Executor, unit: Unit, fromIso: string, toIso: string): Promise<Snapshot> {
  const asOf = ctx.clock.now();
  const { from, to } = vnRange(fromIso, toIso);
  const scope = { unitCode: unit.code, from, to };
  const stats = allStatistics(ctx);
  // On one connection (a transaction) the questions queue anyway: one at a time.
  const width = db.isTransaction ? 1 : 6;
  const figures: Snapshot['figures'] = stats.map((s) => ({ key: s.key, label: vi(s.label), group: vi(s.group ?? s.module), kind: s.kind ?? 'count', value: 0 }));
  const tasks: Array<() => Promise<void>> = stats.map((s, i) => async () => {
    figures[i].value = await s.compute(db, scope);
  });
  const children: Snapshot['children'] = [];
  if (unit.level === 'province') {
    const kids = await childUnits(db, unit.code);
    const rows = new Map(kids.map((k) => [k.code, { code: k.code, name: k.fullName, values: {} as Record<string, number> }]));
    for (const s of stats.filter((x) => (x.kind ?? 'count') === 'count')) {
      if (s.breakdown && s.breakdowns?.includes('unit')) {
        tasks.push(async () => {
          for (const r of await s.breakdown!(db, scope, 'unit')) {
            const row = rows.get(r.key);
            if (row) row.values[s.key] = r.value;
          }
        });
      } else {
        for (const k of kids) tasks.push(async () => void (rows.get(k.code)!.values[s.key] = await s.compute(db, { ...scope, unitCode: k.code })));
      }
    }
    children.push(...rows.values());
  }
  await inParallel(tasks, width);
  // Each commune's values in the order of the statistics (as one at a time gave them).
  for (const c of children) c.values = Object.fromEntries(stats.filter((s) => s.key in c.values).map((s) => [s.key, c.values[s.key]]));
  return {
    asOf: asOf.toISOString(),
    unit: { code: unit.code, name: unit.fullName, level: unit.level },
    from: fromIso,
    to: toIso,
    figures,
    children,
    empty: figures.every((f) => f.kind !== 'count' || f.value === 0),
  };
}
