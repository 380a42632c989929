/** Grouping quality against labels: adjusted Rand index and precision / recall of "same group" pairs. */
export interface Quality {
  ari: number;
  pairPrecision: number;
  pairRecall: number;
  groups: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

export function groupingQuality(truth: readonly (string | number)[], predicted: readonly (string | number)[]): Quality {
  const cells = new Map<string, number>();
  const a = new Map<string | number, number>();
  const b = new Map<string | number, number>();
  truth.forEach((t, i) => {
    const p = predicted[i];
    const k = `${t}\u0000${p}`;
    cells.set(k, (cells.get(k) ?? 0) + 1);
    a.set(t, (a.get(t) ?? 0) + 1);
    b.set(p, (b.get(p) ?? 0) + 1);
  });
  let sameBoth = 0;
  for (const n of cells.values()) sameBoth += pairs(n);
  let sameTruth = 0;
  for (const n of a.values()) sameTruth += pairs(n);
  let samePred = 0;
  for (const n of b.values()) samePred += pairs(n);
  const all = pairs(truth.length);
  const expected = (sameTruth * samePred) / all;
  const max = (sameTruth + samePred) / 2;
  return {
    ari: max === expected ? 1 : (sameBoth - expected) / (max - expected),
    pairPrecision: samePred ? sameBoth / samePred : 1,
    pairRecall: sameTruth ? sameBoth / sameTruth : 1,
    groups: b.size,
  };
}
