/**
 * `npx tsx bench/consolidation-quality.ts`: the grouping quality of each similarity method on the labelled evaluation
 * set (src/modules/consolidation/fixtures), at the module's threshold and at each method's best threshold, as a
 * Markdown table for docs/benchmarks.md. Deterministic: no timing, no database.
 */
import { evaluate, METHODS } from '../src/modules/consolidation/similarity/evaluate';
import { EVALUATION_SET } from '../src/modules/consolidation/fixtures/similarity-set';

const f = (x: number) => x.toFixed(3);
const groups = new Set(EVALUATION_SET.map((e) => e.group)).size;
console.log(`Evaluation set: ${EVALUATION_SET.length} petitions in ${groups} groups.\n`);
console.log('| Method | Threshold | ARI | Pair precision | Pair recall | Groups found | Best threshold | ARI there | Thresholds with ARI ≥ 0.95 |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const m of METHODS) {
  const q = evaluate(m);
  let best = { t: m.cluster.threshold, ari: q.ari };
  const good: number[] = [];
  for (let t = 0.1; t <= 0.6001; t += 0.02) {
    const r = evaluate({ ...m, cluster: { ...m.cluster, threshold: t } });
    if (r.ari > best.ari + 1e-9) best = { t, ari: r.ari };
    if (r.ari >= 0.95) good.push(t);
  }
  // How wide a band of thresholds works: a method that needs its threshold just so will not hold on other data.
  const band = good.length ? `${good[0].toFixed(2)}–${good[good.length - 1].toFixed(2)} (${good.length} of 26)` : 'none';
  console.log(`| ${m.name} | ${m.cluster.threshold.toFixed(2)} | ${f(q.ari)} | ${f(q.pairPrecision)} | ${f(q.pairRecall)} | ${q.groups} | ${best.t.toFixed(2)} | ${f(best.ari)} | ${band} |`);
}
