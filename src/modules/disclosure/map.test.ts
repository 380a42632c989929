import { describe, expect, it } from 'vitest';
import { findCommuneByPoint } from '../../platform/geo';
import { parseMapLayer, svgShapes, featureName, type Geometry } from './map';
import { DEMO_MAP_LAYER } from './seed';

describe('map layer', () => {
  it('accepts a FeatureCollection and keeps only scalar properties', () => {
    const r = parseMapLayer(Buffer.from(JSON.stringify(DEMO_MAP_LAYER)), 1024 * 1024);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.layer.features.map((f) => f.geometry.type)).toEqual(['Polygon', 'LineString', 'Point']);
    expect(featureName(r.layer.features[2], 2)).toBe('Nhà văn hóa tổ 5');
    const odd = parseMapLayer(
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'A', nested: { x: 1 }, list: [1] }, geometry: { type: 'Point', coordinates: [104, 21] } }] }),
      10_000,
    );
    expect(odd.ok && odd.layer.features[0].properties).toEqual({ name: 'A' });
  });

  it('refuses what is not a valid layer, with the reason', () => {
    const fc = (g: unknown) => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: g }] });
    expect(parseMapLayer('', 100)).toMatchObject({ ok: false, error: 'disclosure.error.mapEmpty' });
    expect(parseMapLayer('{"type":"FeatureCollection","features":[]}', 100)).toMatchObject({ ok: false, error: 'disclosure.error.mapEmpty' });
    expect(parseMapLayer('x'.repeat(101), 100)).toMatchObject({ ok: false, error: 'disclosure.error.mapTooLarge' });
    expect(parseMapLayer('[1,2]', 100)).toMatchObject({ ok: false, error: 'disclosure.error.mapNotCollection' });
    expect(parseMapLayer(fc({ type: 'Point', coordinates: [181, 0] }), 1000)).toMatchObject({ ok: false, error: 'disclosure.error.mapFeature' });
    expect(parseMapLayer(fc({ type: 'LineString', coordinates: [[1, 1]] }), 1000)).toMatchObject({ ok: false, error: 'disclosure.error.mapFeature' });
    // A ring must be closed and have four positions.
    expect(parseMapLayer(fc({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }), 1000)).toMatchObject({ ok: false });
    expect(parseMapLayer(fc({ type: 'GeometryCollection', geometries: [] }), 1000)).toMatchObject({ ok: false });
  });

  it('keeps the demo plan inside Phường Chiềng Cơi', () => {
    for (const f of DEMO_MAP_LAYER.features) {
      const g = f.geometry as Geometry;
      const points = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.type === 'Polygon' ? g.coordinates[0] : [];
      for (const [x, y] of points) expect(findCommuneByPoint(x, y)?.code, `${f.properties.name} ${x},${y}`).toBe('03670');
    }
  });

  it('projects shapes into the SVG box, north up', () => {
    const svg = svgShapes([
      { layer: 'boundary', name: 'B', geometry: { type: 'Polygon', coordinates: [[[104, 21], [104.1, 21], [104.1, 21.1], [104, 21.1], [104, 21]]] } },
      { layer: 'plan', name: 'P', geometry: { type: 'Point', coordinates: [104.05, 21.09] } },
    ])!;
    expect(svg.shapes[0]).toMatchObject({ kind: 'area', layer: 'boundary' });
    expect(svg.shapes[0].d).toMatch(/^M[\d.]+ [\d.]+L.*Z$/);
    const pt = svg.shapes[1];
    expect(pt.kind).toBe('point');
    expect(pt.cx!).toBeCloseTo(svg.width / 2, 0);
    expect(pt.cy!).toBeLessThan(svg.height / 2); // a northern point is drawn near the top
    expect(svgShapes([])).toBeNull();
  });
});
