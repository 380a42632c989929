import { readFileSync } from 'node:fs';

/** [longitude, latitude] in WGS 84 degrees. */
export type Position = [number, number];

export type BoundaryGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export type CommuneRef = { code: string; name: string };

export type CommuneFeature = {
  type: 'Feature';
  properties: CommuneRef;
  geometry: BoundaryGeometry;
};

export type CommuneCollection = {
  type: 'FeatureCollection';
  features: CommuneFeature[];
};

/** [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];

export type BoundaryIndex = {
  /** The commune containing the point, or null when it lies in none of them. */
  find(lon: number, lat: number): CommuneRef | null;
  /** One feature by its official code, or null. */
  get(code: string): CommuneFeature | null;
};

const RESOURCES = new URL('../../../resources/vn-admin-units/', import.meta.url);
const COMMUNES_URL = new URL('son-la-communes.geojson', RESOURCES);
const PROVINCES_URL = new URL('provinces.geojson', RESOURCES);

type IndexedPolygon = { bbox: BBox; rings: Position[][] };
type IndexedFeature = { bbox: BBox; ref: CommuneRef; polygons: IndexedPolygon[] };

/**
 * Even-odd ray casting: counts how many edges of the ring a ray from the point towards +x crosses.
 * The ring may be closed (first position repeated last) or not. Points exactly on an edge may go
 * either way, which is fine for boundaries simplified to a few tens of metres.
 */
export function ringContains(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

/** Inside the exterior ring (the first) and outside every hole (the others). */
export function polygonContains(rings: readonly Position[][], lon: number, lat: number): boolean {
  if (rings.length === 0 || !ringContains(rings[0], lon, lat)) return false;
  for (let h = 1; h < rings.length; h++) {
    if (ringContains(rings[h], lon, lat)) return false;
  }
  return true;
}

export function geometryContains(geometry: BoundaryGeometry, lon: number, lat: number): boolean {
  if (geometry.type === 'Polygon') return polygonContains(geometry.coordinates, lon, lat);
  return geometry.coordinates.some((rings) => polygonContains(rings, lon, lat));
}

function ringsBBox(rings: readonly Position[][]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
  return box;
}

function inBBox(box: BBox, lon: number, lat: number): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

function polygonsOf(geometry: BoundaryGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Builds a lookup over a FeatureCollection: bounding boxes first, then ray casting. */
export function createBoundaryIndex(collection: CommuneCollection): BoundaryIndex {
  const features: IndexedFeature[] = [];
  const byCode = new Map<string, CommuneFeature>();
  for (const feature of collection.features) {
    const polygons = polygonsOf(feature.geometry)
      .filter((rings) => rings.length > 0)
      .map((rings) => ({ bbox: ringsBBox(rings), rings }));
    if (polygons.length === 0) continue;
    const bbox = ringsBBox(polygons.map((p) => p.rings[0]));
    const ref = { code: feature.properties.code, name: feature.properties.name };
    features.push({ bbox, ref, polygons });
    byCode.set(ref.code, feature);
  }
  return {
    find(lon, lat) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
      for (const f of features) {
        if (!inBBox(f.bbox, lon, lat)) continue;
        for (const p of f.polygons) {
          if (inBBox(p.bbox, lon, lat) && polygonContains(p.rings, lon, lat)) return { ...f.ref };
        }
      }
      return null;
    },
    get(code) {
      return byCode.get(code) ?? null;
    },
  };
}

function readCollection(url: URL): CommuneCollection {
  const parsed = JSON.parse(readFileSync(url, 'utf8')) as CommuneCollection;
  if (parsed?.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
    throw new Error(`${url.pathname}: not a GeoJSON FeatureCollection`);
  }
  return parsed;
}

let communes: CommuneCollection | undefined;
let communeIndex: BoundaryIndex | undefined;
let provinces: CommuneCollection | undefined;

/** The simplified Sơn La commune boundaries shipped in resources/, read once and cached. */
export function loadCommuneBoundaries(): CommuneCollection {
  communes ??= readCollection(COMMUNES_URL);
  return communes;
}

/** The 34 simplified province outlines (properties { code, name }), read once and cached; for maps. */
export function loadProvinceBoundaries(): CommuneCollection {
  provinces ??= readCollection(PROVINCES_URL);
  return provinces;
}

function index(): BoundaryIndex {
  communeIndex ??= createBoundaryIndex(loadCommuneBoundaries());
  return communeIndex;
}

/** The commune (xã / phường) whose boundary contains the point, or null outside the covered area. */
export function findCommuneByPoint(lon: number, lat: number): CommuneRef | null {
  return index().find(lon, lat);
}

/** The boundary of one commune by its official code (e.g. '03670'), for maps; null if not covered. */
export function communeBoundary(code: string): CommuneFeature | null {
  return index().get(code);
}
