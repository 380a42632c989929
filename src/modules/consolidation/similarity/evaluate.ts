import { EVALUATION_SET } from '../fixtures/similarity-set';
import { cluster, DEFAULT_CLUSTER_OPTIONS, type ClusterOptions } from './cluster';
import { groupingQuality, type Quality } from './quality';
import { cosine, DEFAULT_VECTOR_OPTIONS, vectorize, type VectorOptions } from './vectors';

export interface Method {
  name: string;
  vector: VectorOptions;
  cluster: ClusterOptions;
  /** 'centroids' (the module's) or 'components' (every pair above the threshold links: single linkage). */
  grouping?: 'centroids' | 'components';
}

/** The methods compared in docs/benchmarks.md; the first is the one the module uses. */
export const METHODS: Method[] = [
  { name: 'âm tiết + cặp âm tiết, TF-IDF, nơi chốn + lĩnh vực, tâm nhóm', vector: DEFAULT_VECTOR_OPTIONS, cluster: DEFAULT_CLUSTER_OPTIONS },
  { name: 'âm tiết + cặp âm tiết, TF-IDF, không có nơi chốn / lĩnh vực', vector: { ...DEFAULT_VECTOR_OPTIONS, placeWeight: 0, fieldWeight: 0 }, cluster: DEFAULT_CLUSTER_OPTIONS },
  { name: 'chỉ âm tiết, TF-IDF, nơi chốn + lĩnh vực', vector: { ...DEFAULT_VECTOR_OPTIONS, bigrams: false }, cluster: DEFAULT_CLUSTER_OPTIONS },
  { name: 'bộ ba ký tự (như pg_trgm), TF-IDF, nơi chốn + lĩnh vực', vector: { ...DEFAULT_VECTOR_OPTIONS, kind: 'trigrams' }, cluster: DEFAULT_CLUSTER_OPTIONS },
  { name: 'âm tiết + cặp, liên kết đơn (mọi cặp ≥ ngưỡng)', vector: DEFAULT_VECTOR_OPTIONS, cluster: DEFAULT_CLUSTER_OPTIONS, grouping: 'components' },
];

function components(vectors: ReturnType<typeof vectorize>['vectors'], threshold: number): number[] {
  const parent = vectors.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < vectors.length; i++)
    for (let j = i + 1; j < vectors.length; j++) if (cosine(vectors[i], vectors[j]) >= threshold) parent[find(i)] = find(j);
  return vectors.map((_, i) => find(i));
}

export function evaluate(m: Method): Quality {
  const docs = EVALUATION_SET.map((e) => ({ id: e.id, title: e.title, content: e.content, unitCode: e.unitCode, address: e.address, categoryId: e.category }));
  const { vectors } = vectorize(docs, m.vector);
  const labels = m.grouping === 'components' ? components(vectors, m.cluster.threshold) : cluster(vectors, m.cluster);
  return groupingQuality(EVALUATION_SET.map((e) => e.group), labels);
}
