/**
 * Developer tool: derives resources/vn-admin-units/ from ../shared/data/vn-admin-units (read-only source).
 * The product reads only resources/, so it runs from a fresh clone without ../shared.
 *
 *   npx tsx tools/prepare-units.ts
 *
 * Writes units.json, LICENSE, README.md, son-la-communes.geojson and provinces.geojson, then checks
 * that an interior point of every full-resolution Sơn La commune still resolves to that commune.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import simplify from 'simplify-js';
import { createBoundaryIndex, polygonContains } from '../src/platform/geo';
import type { AdminUnit, AdminUnitKind, CommuneCollection, Position } from '../src/platform/geo';

const SOURCE_REPO = 'github.com/thanglequoc/vietnamese-provinces-database';
const SOURCE_COMMIT = 'cd58063299585146ded3981f2272946ef19ced54';
const UNITS_FILE = 'vn-units-2026-07-25.json';
/** Douglas–Peucker tolerance for commune boundaries, in metres. */
const COMMUNE_TOLERANCE_M = 30;
/** Douglas–Peucker tolerance for province outlines, in metres. */
const PROVINCE_TOLERANCE_M = 400;
/** 5 decimals of a degree ≈ 1.1 m. */
const DECIMALS = 5;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const srcDir = path.resolve(repoRoot, '../shared/data/vn-admin-units');
const outDir = path.join(repoRoot, 'resources/vn-admin-units');

// ---------------------------------------------------------------------------------------------
// Units

type SourceUnit = {
  Type: string;
  Code: string;
  Name: string;
  NameEn: string;
  FullName: string;
  FullNameEn: string;
  ProvinceCode?: string;
  AdministrativeUnitShortName: string;
  AdministrativeUnitShortNameEn: string;
};
type SourceProvince = SourceUnit & { Wards: SourceUnit[] };

const KINDS: readonly AdminUnitKind[] = ['Tỉnh', 'Thành phố', 'Xã', 'Phường', 'Đặc khu'];

function fail(message: string): never {
  console.error(`prepare-units: ${message}`);
  process.exit(1);
}

function toUnit(u: SourceUnit, type: AdminUnit['type'], parentCode: string | null): AdminUnit {
  const kind = u.AdministrativeUnitShortName as AdminUnitKind;
  if (!KINDS.includes(kind)) fail(`unit ${u.Code}: unknown kind ${JSON.stringify(kind)}`);
  if (typeof u.Code !== 'string' || !/^\d+$/.test(u.Code)) fail(`bad code ${JSON.stringify(u.Code)}`);
  return {
    code: u.Code,
    name: u.Name,
    nameEn: u.NameEn,
    fullName: u.FullName,
    fullNameEn: u.FullNameEn,
    type,
    kind,
    kindEn: u.AdministrativeUnitShortNameEn,
    parentCode,
  };
}

function buildUnits(source: SourceProvince[]): AdminUnit[] {
  const provinces = source.map((p) => toUnit(p, 'province', null));
  const communes = source.flatMap((p) =>
    p.Wards.map((w) => {
      if (w.ProvinceCode !== p.Code) fail(`unit ${w.Code}: ProvinceCode ${w.ProvinceCode} ≠ ${p.Code}`);
      return toUnit(w, 'commune', p.Code);
    }),
  );
  const units = [...provinces, ...communes];
  if (new Set(units.map((u) => u.code)).size !== units.length) fail('duplicate unit codes');
  if (provinces.length !== 34) fail(`expected 34 provinces, got ${provinces.length}`);
  if (communes.length !== 3321) fail(`expected 3,321 communes, got ${communes.length}`);
  return units;
}

// ---------------------------------------------------------------------------------------------
// Geometry in (full resolution)

type Ring = Position[]; // open: the closing position is not repeated
type Shape = { code: string; name: string; polygons: Ring[][] };
type SourceFeature = {
  properties: { code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
};

function openRing(ring: Position[]): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

function readShapes(dir: string): Shape[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .sort()
    .map((file) => {
      const fc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { features: SourceFeature[] };
      if (fc.features.length !== 1) fail(`${file}: expected exactly one feature`);
      const f = fc.features[0];
      const { code, name } = f.properties;
      if (!file.startsWith(`${code}_`)) fail(`${file}: code ${code} does not match the file name`);
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      return { code, name, polygons: polygons.map((rings) => rings.map(openRing)) };
    });
}

function toCollection(shapes: Shape[]): CommuneCollection {
  const close = (r: Ring): Position[] => [...r, r[0]];
  return {
    type: 'FeatureCollection',
    features: shapes.map((s) => ({
      type: 'Feature',
      properties: { code: s.code, name: s.name },
      geometry: { type: 'MultiPolygon', coordinates: s.polygons.map((rings) => rings.map(close)) },
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Topology-aware simplification
//
// Neighbouring units share their boundary vertex for vertex. Each ring is cut into arcs at the
// vertices where the set of rings sharing the edge changes (and at junctions of 3+ rings); every
// arc is simplified once with Douglas–Peucker (simplify-js) and reused by both neighbours, so the
// simplified units neither overlap nor leave gaps along shared borders. Rings that collapse
// (fewer than 3 points, or losing half their area) and arcs that end up crossing another segment
// are simplified again with half the tolerance, until none is left.

const key = (p: Position): string => `${p[0]},${p[1]}`;
const round = (v: number): number => Math.round(v * 10 ** DECIMALS) / 10 ** DECIMALS;

type Arc = { key: string; points: Position[]; tolerance: number; result: Position[] };

function ringArea(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return a / 2;
}

function simplifyArc(points: Position[], toleranceM: number, lon0: number): Position[] {
  if (points.length <= 2 || toleranceM <= 0) return points;
  type P = { x: number; y: number; p: Position };
  const projected: P[] = points.map((p) => ({
    x: (p[0] - lon0) * 111_320 * Math.cos((p[1] * Math.PI) / 180),
    y: p[1] * 110_574,
    p,
  }));
  return (simplify(projected, toleranceM, true) as P[]).map((q) => q.p);
}

type SimplifyReport = { iterations: number; arcs: number; refined: number; crossings: number; collapsed: number };

function simplifyShapes(shapes: Shape[], toleranceM: number): { shapes: Shape[]; report: SimplifyReport } {
  // Ring ids and the rings sharing each undirected edge / each vertex.
  const rings: Ring[] = [];
  for (const s of shapes) for (const poly of s.polygons) for (const r of poly) rings.push(r);
  const edgeRings = new Map<string, string>();
  const vertexRings = new Map<string, Set<number>>();
  const edgeKey = (a: Position, b: Position): string => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
  };
  rings.forEach((ring, id) => {
    for (let i = 0; i < ring.length; i++) {
      const ek = edgeKey(ring[i], ring[(i + 1) % ring.length]);
      edgeRings.set(ek, edgeRings.has(ek) ? `${edgeRings.get(ek)},${id}` : `${id}`);
      const vk = key(ring[i]);
      let set = vertexRings.get(vk);
      if (!set) vertexRings.set(vk, (set = new Set()));
      set.add(id);
    }
  });

  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const r of rings) for (const p of r) [minLon, maxLon] = [Math.min(minLon, p[0]), Math.max(maxLon, p[0])];
  const lon0 = (minLon + maxLon) / 2;

  // Cut every ring into arcs; identical arcs (either direction) share one Arc object.
  const arcs = new Map<string, Arc>();
  type ArcRef = { arc: Arc; reversed: boolean };
  const ringArcs: ArcRef[][] = rings.map((ring) => {
    const n = ring.length;
    const sig = (i: number): string => edgeRings.get(edgeKey(ring[i % n], ring[(i + 1) % n]))!;
    const locked: number[] = [];
    for (let i = 0; i < n; i++) {
      if (sig((i + n - 1) % n) !== sig(i) || vertexRings.get(key(ring[i]))!.size >= 3) locked.push(i);
    }
    if (locked.length < 2) {
      // A loop with no junction (an island, an enclave): anchor it deterministically at its
      // lexicographically smallest vertex and the vertex farthest from that one.
      let first = locked[0] ?? 0;
      if (locked.length === 0) for (let i = 1; i < n; i++) if (key(ring[i]) < key(ring[first])) first = i;
      let far = first;
      let best = -1;
      for (let i = 0; i < n; i++) {
        const d = (ring[i][0] - ring[first][0]) ** 2 + (ring[i][1] - ring[first][1]) ** 2;
        if (d > best || (d === best && key(ring[i]) < key(ring[far]))) [best, far] = [d, i];
      }
      locked.splice(0, locked.length, ...[first, far].sort((a, b) => a - b));
    }
    return locked.map((start, li) => {
      const end = locked[(li + 1) % locked.length];
      const points: Position[] = [];
      for (let i = start; ; i = (i + 1) % n) {
        points.push(ring[i]);
        if (i === end && points.length > 1) break;
      }
      const forward = points.map(key).join(';');
      const backward = [...points].reverse().map(key).join(';');
      const reversed = backward < forward;
      const k = reversed ? backward : forward;
      let arc = arcs.get(k);
      if (!arc) {
        const canonical = reversed ? [...points].reverse() : points;
        arc = { key: k, points: canonical, tolerance: toleranceM, result: [] };
        arc.result = simplifyArc(canonical, toleranceM, lon0);
        arcs.set(k, arc);
      }
      return { arc, reversed };
    });
  });

  const assemble = (refs: ArcRef[]): Position[] => {
    const out: Position[] = [];
    for (const { arc, reversed } of refs) {
      const pts = reversed ? [...arc.result].reverse() : arc.result;
      for (let i = 0; i < pts.length - 1; i++) {
        const p: Position = [round(pts[i][0]), round(pts[i][1])];
        const last = out[out.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
      }
    }
    while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
    return out;
  };

  const refine = (arc: Arc): boolean => {
    if (arc.tolerance === 0) return false;
    arc.tolerance = arc.tolerance < 1 ? 0 : arc.tolerance / 2;
    arc.result = simplifyArc(arc.points, arc.tolerance, lon0);
    return true;
  };

  let iterations = 0;
  let out: Position[][] = [];
  let crossings = 0;
  let collapsed = 0;
  for (;;) {
    iterations++;
    out = ringArcs.map(assemble);
    const toRefine = new Set<Arc>();
    collapsed = 0;
    out.forEach((r, id) => {
      const original = ringArea(rings[id]);
      const area = ringArea(r);
      if (r.length < 3 || Math.sign(area) !== Math.sign(original) || Math.abs(area) < Math.abs(original) / 2) {
        collapsed++;
        for (const ref of ringArcs[id]) toRefine.add(ref.arc);
      }
    });
    const crossingArcs = findCrossings(ringArcs, out);
    crossings = crossingArcs.count;
    for (const a of crossingArcs.arcs) toRefine.add(a);
    let changed = false;
    for (const a of toRefine) changed = refine(a) || changed;
    if (!changed) break;
  }

  // Back to shapes, in the order the rings were collected.
  let id = 0;
  const result = shapes.map((s) => ({
    code: s.code,
    name: s.name,
    polygons: s.polygons.map((poly) => poly.map(() => out[id++])),
  }));
  const refined = [...arcs.values()].filter((a) => a.tolerance < toleranceM).length;
  return { shapes: result, report: { iterations, arcs: arcs.size, refined, crossings, collapsed } };
}

/**
 * Proper crossings between segments of the simplified rings (shared segments coincide exactly
 * and are not crossings; neither are touching endpoints). Exact arithmetic on 1e-5° integers.
 */
function findCrossings(
  ringArcs: { arc: Arc; reversed: boolean }[][],
  out: Position[][],
): { count: number; arcs: Set<Arc> } {
  type Seg = { ax: number; ay: number; bx: number; by: number; minX: number; maxX: number; minY: number; maxY: number; arcs: Arc[] };
  const scale = 10 ** DECIMALS;
  const segs = new Map<string, Seg>();
  out.forEach((ring, id) => {
    // Attribute each output segment to the arcs of its ring whose simplified points contain both ends.
    const arcsOf = ringArcs[id].map((r) => ({
      arc: r.arc,
      keys: new Set(r.arc.result.map((p) => key([round(p[0]), round(p[1])]))),
    }));
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i];
      const b = ring[(i + 1) % ring.length];
      const ka = key(a);
      const kb = key(b);
      const k = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
      const owners = arcsOf.filter((x) => x.keys.has(ka) && x.keys.has(kb)).map((x) => x.arc);
      const existing = segs.get(k);
      if (existing) {
        existing.arcs.push(...owners);
        continue;
      }
      const [ax, ay, bx, by] = [a[0], a[1], b[0], b[1]].map((v) => Math.round(v * scale));
      segs.set(k, {
        ax, ay, bx, by,
        minX: Math.min(ax, bx), maxX: Math.max(ax, bx), minY: Math.min(ay, by), maxY: Math.max(ay, by),
        arcs: owners,
      });
    }
  });
  const list = [...segs.values()].sort((s, t) => s.minX - t.minX);
  const orient = (px: number, py: number, qx: number, qy: number, rx: number, ry: number): number =>
    Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
  const arcs = new Set<Arc>();
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    for (let j = i + 1; j < list.length && list[j].minX <= s.maxX; j++) {
      const t = list[j];
      if (t.maxY < s.minY || t.minY > s.maxY) continue;
      const o1 = orient(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
      const o2 = orient(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
      const o3 = orient(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
      const o4 = orient(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
      if (o1 * o2 < 0 && o3 * o4 < 0) {
        count++;
        for (const a of [...s.arcs, ...t.arcs]) arcs.add(a);
      }
    }
  }
  return { count, arcs };
}

// ---------------------------------------------------------------------------------------------
// Interior points (approximate pole of inaccessibility of the largest polygon)

function distanceToRings(rings: readonly Ring[], lon: number, lat: number): number {
  const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
  const ky = 110_574;
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const ax = (ring[j][0] - lon) * kx;
      const ay = (ring[j][1] - lat) * ky;
      const bx = (ring[i][0] - lon) * kx;
      const by = (ring[i][1] - lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      const d = Math.hypot(ax + t * dx, ay + t * dy);
      if (d < best) best = d;
    }
  }
  return best;
}

function interiorPoint(shape: Shape): { lon: number; lat: number; clearanceM: number } {
  const rings = shape.polygons.reduce((a, b) => (Math.abs(ringArea(b[0])) > Math.abs(ringArea(a[0])) ? b : a));
  const closed = rings.map((r) => [...r, r[0]]);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of rings[0]) [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  let best = { lon: (minX + maxX) / 2, lat: (minY + maxY) / 2, clearanceM: -1 };
  let [cx, cy, w, h] = [(minX + maxX) / 2, (minY + maxY) / 2, maxX - minX, maxY - minY];
  for (const steps of [24, 8, 8, 8]) {
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) {
        const lon = cx - w / 2 + (w * i) / steps;
        const lat = cy - h / 2 + (h * j) / steps;
        if (!polygonContains(closed, lon, lat)) continue;
        const d = distanceToRings(rings, lon, lat);
        if (d > best.clearanceM) best = { lon, lat, clearanceM: d };
      }
    }
    [cx, cy, w, h] = [best.lon, best.lat, (w / steps) * 2, (h / steps) * 2];
  }
  if (best.clearanceM < 0) fail(`${shape.code}: found no interior point`);
  return { lon: round(best.lon), lat: round(best.lat), clearanceM: best.clearanceM };
}

// ---------------------------------------------------------------------------------------------
// Output

function writeCollection(file: string, shapes: Shape[]): number {
  const features = toCollection(shapes).features.map((f) => JSON.stringify(f));
  writeFileSync(file, `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`);
  return statSync(file).size;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;
const vertexCount = (shapes: Shape[]): number =>
  shapes.reduce((n, s) => n + s.polygons.flat().reduce((m, r) => m + r.length, 0), 0);

function main(): void {
  if (!existsSync(path.join(srcDir, UNITS_FILE))) fail(`source not found: ${srcDir} (needs ../shared next to the repo)`);
  mkdirSync(outDir, { recursive: true });

  // units.json
  const source = JSON.parse(readFileSync(path.join(srcDir, UNITS_FILE), 'utf8')) as SourceProvince[];
  const units = buildUnits(source);
  const unitsFile = path.join(outDir, 'units.json');
  writeFileSync(unitsFile, `[\n${units.map((u) => JSON.stringify(u)).join(',\n')}\n]\n`);
  const sonLa = units.filter((u) => u.parentCode === '14');
  console.log(`units.json: ${units.length} units (34 provinces, ${units.length - 34} communes; Sơn La ${sonLa.length}), ${kb(statSync(unitsFile).size)}`);

  // LICENSE
  const licenseFile = path.join(outDir, 'LICENSE');
  if (existsSync(licenseFile)) chmodSync(licenseFile, 0o644);
  writeFileSync(licenseFile, readFileSync(path.join(srcDir, 'LICENSE')));

  // Sơn La communes
  const wards = readShapes(path.join(srcDir, 'geojson/son-la-wards'));
  const byCode = new Map(units.map((u) => [u.code, u]));
  for (const w of wards) {
    const u = byCode.get(w.code);
    if (!u || u.parentCode !== '14' || u.name !== w.name) fail(`ward ${w.code} ${w.name} does not match units.json`);
  }
  if (wards.length !== sonLa.length) fail(`expected ${sonLa.length} Sơn La boundaries, got ${wards.length}`);
  const communes = simplifyShapes(wards, COMMUNE_TOLERANCE_M);
  const communesFile = path.join(outDir, 'son-la-communes.geojson');
  const communesSize = writeCollection(communesFile, communes.shapes);
  console.log(
    `son-la-communes.geojson: ${wards.length} features, ${vertexCount(wards)} → ${vertexCount(communes.shapes)} vertices, ${kb(communesSize)}`,
    communes.report,
  );

  // Provinces
  const provinceShapes = readShapes(path.join(srcDir, 'geojson/provinces'));
  for (const p of provinceShapes) {
    const u = byCode.get(p.code);
    if (!u || u.type !== 'province' || u.name !== p.name) fail(`province ${p.code} ${p.name} does not match units.json`);
  }
  if (provinceShapes.length !== 34) fail(`expected 34 province boundaries, got ${provinceShapes.length}`);
  const provinces = simplifyShapes(provinceShapes, PROVINCE_TOLERANCE_M);
  const provincesFile = path.join(outDir, 'provinces.geojson');
  const provincesSize = writeCollection(provincesFile, provinces.shapes);
  console.log(
    `provinces.geojson: ${provinceShapes.length} features, ${vertexCount(provinceShapes)} → ${vertexCount(provinces.shapes)} vertices, ${kb(provincesSize)}`,
    provinces.report,
  );

  // Round trip: an interior point of each full-resolution commune must resolve to that commune in
  // the file just written (re-read, so this checks what ships).
  const full = createBoundaryIndex(toCollection(wards));
  const shipped = createBoundaryIndex(JSON.parse(readFileSync(communesFile, 'utf8')) as CommuneCollection);
  let pass = 0;
  let minClearance = Infinity;
  for (const w of wards) {
    const pt = interiorPoint(w);
    minClearance = Math.min(minClearance, pt.clearanceM);
    const inFull = full.find(pt.lon, pt.lat)?.code;
    const inShipped = shipped.find(pt.lon, pt.lat)?.code;
    if (inFull === w.code && inShipped === w.code) pass++;
    else console.log(`  ✗ ${w.code} ${w.name} at (${pt.lon}, ${pt.lat}): full ${inFull}, simplified ${inShipped}`);
    if (w.code === '03670' || w.code === '03646' || w.code === '03980') {
      console.log(`  interior point ${w.code} ${w.name}: (${pt.lon}, ${pt.lat}), ${pt.clearanceM.toFixed(0)} m from its boundary`);
    }
  }
  console.log(`round trip: ${pass}/${wards.length} communes resolve to themselves (min clearance ${minClearance.toFixed(0)} m)`);

  // Agreement on a grid over Sơn La: how often does the simplified lookup differ from full resolution?
  const sl = provinceShapes.find((p) => p.code === '14')!;
  const xs = sl.polygons.flat(2).map((p) => p[0]);
  const ys = sl.polygons.flat(2).map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let inside = 0;
  let agree = 0;
  let lost = 0;
  let gained = 0;
  let worst = 0;
  const n = 150;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const lon = x0 + ((x1 - x0) * (i + 0.5)) / n;
      const lat = y0 + ((y1 - y0) * (j + 0.5)) / n;
      const a = full.find(lon, lat)?.code;
      const b = shipped.find(lon, lat)?.code;
      if (a === undefined && b === undefined) continue;
      inside++;
      if (a === b) agree++;
      else if (b === undefined) lost++;
      else if (a === undefined) gained++;
      if (a !== b) {
        const shape = wards.find((w) => w.code === (a ?? b))!;
        worst = Math.max(worst, distanceToRings(shape.polygons.flat(), lon, lat));
      }
    }
  }
  console.log(
    `grid check (${n}×${n} over Sơn La): ${agree}/${inside} points resolve as at full resolution; ` +
      `${inside - agree - lost - gained} to a neighbour, ${lost} to none, ${gained} newly inside; ` +
      `those are at most ${worst.toFixed(0)} m from a full-resolution border`,
  );

  // Provinces: an interior point of each resolves to that province.
  const shippedProvinces = createBoundaryIndex(JSON.parse(readFileSync(provincesFile, 'utf8')) as CommuneCollection);
  const provincePass = provinceShapes.filter((p) => {
    const pt = interiorPoint(p);
    return shippedProvinces.find(pt.lon, pt.lat)?.code === p.code;
  }).length;
  console.log(`provinces round trip: ${provincePass}/${provinceShapes.length}`);

  writeFileSync(
    path.join(outDir, 'README.md'),
    readme({
      units: units.length,
      communes: { size: communesSize, from: vertexCount(wards), to: vertexCount(communes.shapes), pass, total: wards.length },
      provinces: { size: provincesSize, from: vertexCount(provinceShapes), to: vertexCount(provinces.shapes) },
    }),
  );
  if (pass !== wards.length) fail(`${wards.length - pass} communes do not round-trip`);
}

function readme(s: {
  units: number;
  communes: { size: number; from: number; to: number; pass: number; total: number };
  provinces: { size: number; from: number; to: number };
}): string {
  return `# Vietnamese administrative units (after the 1 July 2025 reorganisation, with 2026 updates)

Data: ${SOURCE_REPO}, commit ${SOURCE_COMMIT},
© 2021 Thang Le Quoc, MIT licence (\`LICENSE\` beside this file, copied verbatim; keep it with the data).

Generated by \`npx tsx tools/prepare-units.ts\` from a copy of that data kept outside the repo
(\`../shared/data/vn-admin-units\`: \`${UNITS_FILE}\` and full-resolution GeoJSON). Do not edit these
files by hand: change the script and run it again. The product reads only this folder.

- \`units.json\` — ${s.units} units: the 34 provinces (\`type: 'province'\`, \`parentCode: null\`) then the
  3,321 commune-level units (\`type: 'commune'\`: xã, phường, đặc khu) with their province's code as
  \`parentCode\`. Fields: \`code\` (official code, a string: '14', '03670'), \`name\`, \`nameEn\`, \`fullName\`,
  \`fullNameEn\`, \`kind\` (Tỉnh / Thành phố / Xã / Phường / Đặc khu), \`kindEn\`, \`parentCode\`. Taken field
  for field from the source's Code, Name, NameEn, FullName, FullNameEn, AdministrativeUnitShortName(En).
- \`son-la-communes.geojson\` — the ${s.communes.total} commune-level units of Sơn La, one MultiPolygon feature each,
  properties \`{ code, name }\`; ${s.communes.from} → ${s.communes.to} vertices, ${kb(s.communes.size)}.
- \`provinces.geojson\` — the 34 province outlines, properties \`{ code, name }\`;
  ${s.provinces.from} → ${s.provinces.to} vertices, ${kb(s.provinces.size)}.

How the boundaries were simplified: Douglas–Peucker (simplify-js, "high quality" mode) with a tolerance
of ${COMMUNE_TOLERANCE_M} m for communes and ${PROVINCE_TOLERANCE_M} m for provinces, measured in a local metric projection, applied
to the shared arcs between neighbouring units rather than to each polygon alone, so neighbours keep one
common border: simplifying adds no gaps or overlaps between them. Rings that would collapse and arcs that
would cross another segment are simplified again at half the tolerance until none do; every ring, hole
and island is kept. Coordinates are rounded to ${DECIMALS} decimals (about 1 m). The boundaries are for finding
a commune from a map pin and for drawing maps, not for survey use: near a border they can be off by up
to the tolerance.

Check done by the script: an interior point of every full-resolution Sơn La commune resolves to the same
commune in \`son-la-communes.geojson\` (${s.communes.pass}/${s.communes.total}).
`;
}

main();
