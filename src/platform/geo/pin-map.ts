import { communeBoundary, type Position } from './boundaries';

/** A commune outline with a pin, projected for an inline SVG (no script, no tiles). */
export interface PinMap {
  width: number;
  height: number;
  /** The commune's outline as an SVG path. */
  outline: string;
  pin: { x: number; y: number };
  communeName: string;
}

/**
 * Projects the commune's boundary and the point into a small viewBox (equirectangular, longitudes shrunk by
 * cos(latitude) so the shape keeps its proportions); the box grows to hold a point outside the commune.
 * Null when the commune is not covered by the shipped boundaries.
 */
export function pinMap(unitCode: string, lon: number, lat: number, width = 280): PinMap | null {
  const f = communeBoundary(unitCode);
  if (!f || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let [x0, y0, x1, y1] = [lon, lat, lon, lat];
  for (const rings of polygons) for (const [x, y] of rings[0] ?? []) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const pad = 8;
  const scale = (width - 2 * pad) / Math.max((x1 - x0) * k, 1e-6);
  const height = Math.round(Math.min(Math.max((y1 - y0) * scale + 2 * pad, 80), width * 1.25));
  const s = Math.min(scale, (height - 2 * pad) / Math.max(y1 - y0, 1e-6));
  const ox = (width - (x1 - x0) * k * s) / 2;
  const oy = (height - (y1 - y0) * s) / 2;
  const at = ([x, y]: Position): [number, number] => [Math.round((ox + (x - x0) * k * s) * 10) / 10, Math.round((oy + (y1 - y) * s) * 10) / 10];
  const outline = polygons
    .flatMap((rings) => rings.map((ring) => ring.map((p, i) => `${i ? 'L' : 'M'}${at(p).join(' ')}`).join('') + 'Z'))
    .join('');
  const [px, py] = at([lon, lat]);
  return { width, height, outline, pin: { x: px, y: py }, communeName: f.properties.name };
}
