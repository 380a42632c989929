import { cosine, type Vector } from './vectors';

/**
 * Grouping by centroids (one pass, then reassignment rounds): each item joins the closest group whose centroid
 * is at least `threshold` similar, or starts a new one. Candidates come from an inverted index of the centroids'
 * heaviest terms, so the cost grows with the number of items, not its square.
 */
export interface ClusterOptions {
  threshold: number;
  /** Reassignment rounds after the first pass. */
  rounds: number;
  /** Terms of a centroid that are indexed (its heaviest). */
  indexTerms: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { threshold: 0.22, rounds: 2, indexTerms: 40 };

interface Group {
  sum: Vector;
  members: number[];
  centroid: Vector;
}

function centroidOf(sum: Vector, n: number, keep: number): Vector {
  const entries = [...sum.entries()].map(([t, x]) => [t, x / n] as [string, number]).sort((a, b) => b[1] - a[1]).slice(0, keep * 3);
  let s = 0;
  for (const [, x] of entries) s += x * x;
  const norm = Math.sqrt(s) || 1;
  return new Map(entries.map(([t, x]) => [t, x / norm]));
}

class CentroidIndex {
  private postings = new Map<string, Set<number>>();
  constructor(private keep: number) {}
  add(gid: number, c: Vector) {
    let i = 0;
    for (const t of c.keys()) {
      if (i++ >= this.keep) break;
      let s = this.postings.get(t);
      if (!s) this.postings.set(t, (s = new Set()));
      s.add(gid);
    }
  }
  remove(gid: number, c: Vector) {
    for (const t of c.keys()) this.postings.get(t)?.delete(gid);
  }
  candidates(v: Vector): Set<number> {
    const out = new Set<number>();
    for (const t of v.keys()) {
      if (t.startsWith('#')) continue;
      const s = this.postings.get(t);
      if (s) for (const g of s) out.add(g);
    }
    return out;
  }
}

function addTo(sum: Vector, v: Vector, sign: 1 | -1) {
  for (const [t, x] of v) {
    const y = (sum.get(t) ?? 0) + sign * x;
    if (Math.abs(y) < 1e-12) sum.delete(t);
    else sum.set(t, y);
  }
}

/** Returns a group label per item (0…k-1), items alone in their group included. */
export function cluster(vectors: Vector[], o: ClusterOptions = DEFAULT_CLUSTER_OPTIONS, onProgress?: (done: number, total: number) => void): number[] {
  const groups: Array<Group | null> = [];
  const index = new CentroidIndex(o.indexTerms);
  const label = new Array<number>(vectors.length).fill(-1);
  const best = (v: Vector, skip = -1) => {
    let bg = -1;
    let bs = o.threshold;
    for (const g of index.candidates(v)) {
      if (g === skip) continue;
      const s = cosine(v, groups[g]!.centroid);
      if (s >= bs) {
        bs = s;
        bg = g;
      }
    }
    return bg;
  };
  const join = (i: number, g: number) => {
    const grp = groups[g]!;
    index.remove(g, grp.centroid);
    addTo(grp.sum, vectors[i], 1);
    grp.members.push(i);
    grp.centroid = centroidOf(grp.sum, grp.members.length, o.indexTerms);
    index.add(g, grp.centroid);
    label[i] = g;
  };
  const total = vectors.length * (o.rounds + 1);
  vectors.forEach((v, i) => {
    const g = best(v);
    if (g >= 0) join(i, g);
    else {
      const id = groups.length;
      groups.push({ sum: new Map(v), members: [i], centroid: new Map(v) });
      index.add(id, v);
      label[i] = id;
    }
    if (onProgress && i % 1000 === 0) onProgress(i, total);
  });
  for (let r = 0; r < o.rounds; r++) {
    let moved = 0;
    vectors.forEach((v, i) => {
      const cur = label[i];
      const grp = groups[cur]!;
      if (grp.members.length === 1) {
        // A lone item may now find a group formed after it.
        const g = best(v, cur);
        if (g < 0) return;
        index.remove(cur, grp.centroid);
        groups[cur] = null;
        join(i, g);
        moved++;
        return;
      }
      const here = cosine(v, grp.centroid);
      const g = best(v, cur);
      if (g < 0 || cosine(v, groups[g]!.centroid) <= here + 0.02) return;
      index.remove(cur, grp.centroid);
      addTo(grp.sum, v, -1);
      grp.members.splice(grp.members.indexOf(i), 1);
      grp.centroid = centroidOf(grp.sum, grp.members.length, o.indexTerms);
      index.add(cur, grp.centroid);
      join(i, g);
      moved++;
    });
    onProgress?.(vectors.length * (r + 2), total);
    if (!moved) break;
  }
  // Dense labels 0…k-1.
  const dense = new Map<number, number>();
  return label.map((g) => {
    if (!dense.has(g)) dense.set(g, dense.size);
    return dense.get(g)!;
  });
}
