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

export async function takeSnapshot(ctx: Pick<AppContext, 'modules' | 'clock'>, db: Executor, unit: Unit, fromIso: string, toIso: string): Promise<Snapshot> {
  const { from, to } = vnRange(fromIso, toIso);
  const scope = { unitCode: unit.code, from, to };
  const stats = allStatistics(ctx);
  const figures = [];
  for (const s of stats) {
    figures.push({ key: s.key, label: vi(s.label), group: vi(s.group ?? s.module), kind: s.kind ?? 'count', value: await s.compute(db, scope) });
  }
  const children: Snapshot['children'] = [];
  if (unit.level === 'province') {
    const kids = await childUnits(db, unit.code);
    const rows = new Map(kids.map((k) => [k.code, { code: k.code, name: k.fullName, values: {} as Record<string, number> }]));
    for (const s of stats.filter((x) => (x.kind ?? 'count') === 'count')) {
      if (s.breakdown && s.breakdowns?.includes('unit')) {
        for (const r of await s.breakdown(db, scope, 'unit')) {
          const row = rows.get(r.key);
          if (row) row.values[s.key] = r.value;
        }
      } else {
        for (const k of kids) rows.get(k.code)!.values[s.key] = await s.compute(db, { ...scope, unitCode: k.code });
      }
    }
    children.push(...rows.values());
  }
  return {
    asOf: ctx.clock.now().toISOString(),
    unit: { code: unit.code, name: unit.fullName, level: unit.level },
    from: fromIso,
    to: toIso,
    figures,
    children,
    empty: figures.every((f) => f.kind !== 'count' || f.value === 0),
  };
}
