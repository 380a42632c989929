/**
 * A plan's map layer: an uploaded GeoJSON FeatureCollection, validated, and drawn without
 * JavaScript as an inline SVG (with the commune boundary) and a list of its features.
 */

export type Pos = [number, number];
export type Geometry =
  | { type: 'Point'; coordinates: Pos }
  | { type: 'MultiPoint'; coordinates: Pos[] }
  | { type: 'LineString'; coordinates: Pos[] }
  | { type: 'MultiLineString'; coordinates: Pos[][] }
  | { type: 'Polygon'; coordinates: Pos[][] }
  | { type: 'MultiPolygon'; coordinates: Pos[][][] };

export interface LayerFeature {
  type: 'Feature';
  geometry: Geometry;
  properties: Record<string, unknown>;
}

export interface MapLayer {
  type: 'FeatureCollection';
  features: LayerFeature[];
}

export type ParseResult = { ok: true; layer: MapLayer } | { ok: false; error: string; params?: Record<string, string | number> };

const MAX_FEATURES = 5000;
const MAX_POSITIONS = 200_000;

function isPos(p: unknown): p is Pos {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    p[0] >= -180 &&
    p[0] <= 180 &&
    p[1] >= -90 &&
    p[1] <= 90
  );
}

/** Checks the nesting depth of coordinates for each geometry type and counts positions. */
function checkGeometry(g: unknown, budget: { n: number }): Geometry | null {
  if (!g || typeof g !== 'object') return null;
  const { type, coordinates: c } = g as { type?: unknown; coordinates?: unknown };
  const list = (x: unknown, min: number): Pos[] | null => {
    if (!Array.isArray(x) || x.length < min || !x.every(isPos)) return null;
    budget.n += x.length;
    return x.map((p) => [p[0], p[1]] as Pos);
  };
  const ring = (x: unknown) => {
    const r = list(x, 4);
    return r && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1] ? r : null;
  };
  const all = <T,>(x: unknown, f: (y: unknown) => T | null, min = 1): T[] | null => {
    if (!Array.isArray(x) || x.length < min) return null;
    const out: T[] = [];
    for (const y of x) {
      const v = f(y);
      if (v === null) return null;
      out.push(v);
    }
    return out;
  };
  switch (type) {
    case 'Point':
      if (!isPos(c)) return null;
      budget.n++;
      return { type, coordinates: [c[0], c[1]] };
    case 'MultiPoint': {
      const v = list(c, 1);
      return v && { type, coordinates: v };
    }
    case 'LineString': {
      const v = list(c, 2);
      return v && { type, coordinates: v };
    }
    case 'MultiLineString': {
      const v = all(c, (y) => list(y, 2));
      return v && { type, coordinates: v };
    }
    case 'Polygon': {
      const v = all(c, ring);
      return v && { type, coordinates: v };
    }
    case 'MultiPolygon': {
      const v = all(c, (y) => all(y, ring));
      return v && { type, coordinates: v };
    }
    default:
      return null;
  }
}

/** Keeps only scalar properties (strings shortened), so nothing odd travels to the page. */
function cleanProps(p: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!p || typeof p !== 'object' || Array.isArray(p)) return out;
  let n = 0;
  for (const [k, v] of Object.entries(p as Record<string, unknown>)) {
    if (n >= 30) break;
    if (typeof v === 'string') out[k.slice(0, 60)] = v.normalize('NFC').slice(0, 500);
    else if (typeof v === 'number' && Number.isFinite(v)) out[k.slice(0, 60)] = v;
    else if (typeof v === 'boolean') out[k.slice(0, 60)] = v;
    else continue;
    n++;
  }
  return out;
}

/**
 * Parses and validates an uploaded .geojson: UTF-8 JSON, at most maxBytes, a FeatureCollection of
 * Features with valid geometries in WGS 84 longitude/latitude. Errors are message keys.
 */
export function parseMapLayer(data: Buffer | Uint8Array | string, maxBytes: number): ParseResult {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  if (size === 0) return { ok: false, error: 'disclosure.error.mapEmpty' };
  if (size > maxBytes) return { ok: false, error: 'disclosure.error.mapTooLarge', params: { max: Math.round(maxBytes / 1024) } };
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, error: 'disclosure.error.mapJson' };
  }
  const fc = json as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return { ok: false, error: 'disclosure.error.mapNotCollection' };
  }
  if (fc.features.length === 0) return { ok: false, error: 'disclosure.error.mapEmpty' };
  if (fc.features.length > MAX_FEATURES) return { ok: false, error: 'disclosure.error.mapTooMany', params: { max: MAX_FEATURES } };
  const budget = { n: 0 };
  const features: LayerFeature[] = [];
  for (let i = 0; i < fc.features.length; i++) {
    const f = fc.features[i] as { type?: unknown; geometry?: unknown; properties?: unknown };
    const geometry = f && f.type === 'Feature' ? checkGeometry(f.geometry, budget) : null;
    if (!geometry) return { ok: false, error: 'disclosure.error.mapFeature', params: { n: i + 1 } };
    if (budget.n > MAX_POSITIONS) return { ok: false, error: 'disclosure.error.mapTooMany', params: { max: MAX_FEATURES } };
    features.push({ type: 'Feature', geometry, properties: cleanProps(f.properties) });
  }
  return { ok: true, layer: { type: 'FeatureCollection', features } };
}

/** A feature's name for lists: the usual name properties, else its type and number. */
export function featureName(f: LayerFeature, i: number): string {
  const p = f.properties;
  for (const k of ['name', 'ten', 'tên', 'Name', 'NAME', 'title', 'label']) {
    if (typeof p[k] === 'string' && (p[k] as string).trim()) return (p[k] as string).trim();
  }
  return `#${i + 1}`;
}

export function featureDescription(f: LayerFeature): string | null {
  const p = f.properties;
  for (const k of ['description', 'mo_ta', 'mô tả', 'desc', 'ghi_chu', 'note']) {
    if (typeof p[k] === 'string' && (p[k] as string).trim()) return (p[k] as string).trim();
  }
  return null;
}

function eachPosition(g: Geometry, fn: (p: Pos) => void): void {
  switch (g.type) {
    case 'Point':
      fn(g.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(fn);
      break;
    case 'MultiLineString':
    case 'Polygon':
      g.coordinates.forEach((r) => r.forEach(fn));
      break;
    case 'MultiPolygon':
      g.coordinates.forEach((p) => p.forEach((r) => r.forEach(fn)));
      break;
  }
}

export interface SvgShape {
  kind: 'area' | 'line' | 'point';
  d?: string;
  cx?: number;
  cy?: number;
  name: string;
  /** Which layer: the commune/province boundary or the plan's layer. */
  layer: 'boundary' | 'plan';
}

/**
 * Projects the boundary and the plan's layer into an SVG viewBox (equirectangular, longitudes
 * shrunk by cos(latitude) so shapes keep their proportions at Sơn La's latitude).
 */
export function svgShapes(
  layers: Array<{ layer: 'boundary' | 'plan'; geometry: Geometry; name: string }>,
  width = 600,
): { width: number; height: number; shapes: SvgShape[] } | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const l of layers)
    eachPosition(l.geometry, ([x, y]) => {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    });
  if (!Number.isFinite(minX)) return null;
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxX - minX) * k, 1e-6);
  const spanY = Math.max(maxY - minY, 1e-6);
  const pad = 12;
  const scale = (width - 2 * pad) / Math.max(spanX, spanY * 0.5);
  const w = width;
  const h = Math.min(Math.round(spanY * scale + 2 * pad), Math.round(width * 1.2));
  const sc = Math.min(scale, (h - 2 * pad) / spanY);
  const offX = (w - spanX * sc) / 2;
  const offY = (h - spanY * sc) / 2;
  const px = (p: Pos): [number, number] => [+(offX + (p[0] - minX) * k * sc).toFixed(1), +(offY + (maxY - p[1]) * sc).toFixed(1)];
  const path = (rings: Pos[][], close: boolean) =>
    rings
      .map((r) => r.map((p, i) => `${i ? 'L' : 'M'}${px(p).join(' ')}`).join('') + (close ? 'Z' : ''))
      .join('');
  const shapes: SvgShape[] = [];
  for (const l of layers) {
    const g = l.geometry;
    if (g.type === 'Polygon') shapes.push({ kind: 'area', d: path(g.coordinates, true), name: l.name, layer: l.layer });
    else if (g.type === 'MultiPolygon') shapes.push({ kind: 'area', d: g.coordinates.map((p) => path(p, true)).join(''), name: l.name, layer: l.layer });
    else if (g.type === 'LineString') shapes.push({ kind: 'line', d: path([g.coordinates], false), name: l.name, layer: l.layer });
    else if (g.type === 'MultiLineString') shapes.push({ kind: 'line', d: path(g.coordinates, false), name: l.name, layer: l.layer });
    else {
      const pts = g.type === 'Point' ? [g.coordinates] : g.coordinates;
      for (const pt of pts) {
        const [cx, cy] = px(pt);
        shapes.push({ kind: 'point', cx, cy, name: l.name, layer: l.layer });
      }
    }
  }
  return { width: w, height: h, shapes };
}
