import { createHash } from 'node:crypto';
import simplify from 'simplify-js';
import { communeBoundary, loadCommuneBoundaries, type BoundaryGeometry, type Position } from './boundaries';

/** A GeoJSON answer built once per process, with its validator. */
export interface GeoLayer {
  body: string;
  etag: string;
}

const etagOf = (body: string) => `"g${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
const layer = (value: unknown): GeoLayer => {
  const body = JSON.stringify(value);
  return { body, etag: etagOf(body) };
};

function mapRings(g: BoundaryGeometry, fn: (ring: Position[]) => Position[]): BoundaryGeometry {
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(fn) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(fn)) };
}

const roundTo = (decimals: number) => (ring: Position[]): Position[] =>
  ring.map(([x, y]) => [Math.round(x * 10 ** decimals) / 10 ** decimals, Math.round(y * 10 ** decimals) / 10 ** decimals]);

/** Douglas–Peucker in degrees (~0.002° ≈ 200 m at Sơn La): enough to see and pick a commune, not to draw its border. */
const coarse = (ring: Position[]): Position[] =>
  roundTo(3)(simplify(ring.map(([x, y]) => ({ x, y })), 0.002, true).map((p) => [p.x, p.y] as Position));

let overview: GeoLayer | undefined;
const detailed = new Map<string, GeoLayer>();

/**
 * Every commune of the covered province, coarse (~13 KB compressed instead of the 422 KB detailed file): the map
 * picker shows it only until a commune is chosen, then loads that commune's detailed boundary.
 */
export function communeOverviewLayer(): GeoLayer {
  overview ??= layer({
    type: 'FeatureCollection',
    features: loadCommuneBoundaries().features.map((f) => ({
      type: 'Feature',
      properties: { code: f.properties.code, name: f.properties.name },
      geometry: mapRings(f.geometry, coarse),
    })),
  });
  return overview;
}

/** One commune's boundary at ~10 m (4 decimals), as a one-feature collection; null when the code is not covered. */
export function communeLayer(code: string): GeoLayer | null {
  const known = detailed.get(code);
  if (known) return known;
  const f = communeBoundary(code);
  if (!f) return null;
  const made = layer({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: f.properties.code, name: f.properties.name }, geometry: mapRings(f.geometry, roundTo(4)) }] });
  detailed.set(code, made);
  return made;
}
