import { describe, expect, it } from 'vitest';
import {
  communeBoundary,
  createBoundaryIndex,
  findCommuneByPoint,
  loadCommuneBoundaries,
  loadProvinceBoundaries,
  loadUnits,
} from './index';
import type { CommuneCollection, Position } from './index';

// Interior points computed by tools/prepare-units.ts from the FULL-resolution source polygons
// (approximate pole of inaccessibility, verified inside; clearance to the full-resolution border).
const CHIENG_COI: Position = [103.8854, 21.29086]; // Phường Chiềng Cơi, ~3.9 km from its border
const TO_HIEU: Position = [103.92193, 21.32988]; // Phường Tô Hiệu (Chiềng Cơi's neighbour), ~1 km
const MOC_CHAU: Position = [104.53883, 20.90519]; // Phường Mộc Châu, ~4.9 km
const HANOI: Position = [105.85, 21.03];

describe('units.json', () => {
  const units = loadUnits();
  const provinces = units.filter((u) => u.type === 'province');
  const communes = units.filter((u) => u.type === 'commune');

  it('has 34 provinces and 3,321 communes with unique string codes', () => {
    expect(provinces).toHaveLength(34);
    expect(communes).toHaveLength(3321);
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    expect(units.every((u) => typeof u.code === 'string' && /^\d+$/.test(u.code))).toBe(true);
  });

  it('links communes to their province and provinces to none', () => {
    const provinceCodes = new Set(provinces.map((p) => p.code));
    expect(provinces.every((p) => p.parentCode === null)).toBe(true);
    expect(communes.every((c) => c.parentCode !== null && provinceCodes.has(c.parentCode))).toBe(true);
    expect(new Set(provinces.map((p) => p.kind))).toEqual(new Set(['Tỉnh', 'Thành phố']));
    expect(new Set(communes.map((c) => c.kind))).toEqual(new Set(['Xã', 'Phường', 'Đặc khu']));
  });

  it('has Sơn La (14) with 75 communes, among them Phường Chiềng Cơi (03670)', () => {
    expect(units.find((u) => u.code === '14')).toMatchObject({ name: 'Sơn La', type: 'province', kind: 'Tỉnh' });
    expect(communes.filter((c) => c.parentCode === '14')).toHaveLength(75);
    expect(units.find((u) => u.code === '03670')).toEqual({
      code: '03670',
      name: 'Chiềng Cơi',
      nameEn: 'Chieng Coi',
      fullName: 'Phường Chiềng Cơi',
      fullNameEn: 'Chieng Coi Ward',
      type: 'commune',
      kind: 'Phường',
      kindEn: 'Ward',
      parentCode: '14',
    });
  });

  it('is read once', () => {
    expect(loadUnits()).toBe(units);
  });
});

describe('commune boundaries', () => {
  it('ships the 75 Sơn La communes, matching units.json', () => {
    const fc = loadCommuneBoundaries();
    expect(fc.features).toHaveLength(75);
    const sonLa = loadUnits().filter((u) => u.parentCode === '14');
    expect(fc.features.map((f) => f.properties.code).sort()).toEqual(sonLa.map((u) => u.code).sort());
    for (const f of fc.features) {
      expect(f.properties.name).toBe(sonLa.find((u) => u.code === f.properties.code)?.name);
    }
    expect(loadCommuneBoundaries()).toBe(fc);
  });

  it('keeps every ring closed with at least 3 distinct points', () => {
    for (const f of loadCommuneBoundaries().features) {
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const ring of polygons.flat()) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
    }
  });

  it('finds Phường Chiềng Cơi from a point inside it', () => {
    expect(findCommuneByPoint(...CHIENG_COI)).toEqual({ code: '03670', name: 'Chiềng Cơi' });
  });

  it('finds other communes from their centres', () => {
    expect(findCommuneByPoint(...TO_HIEU)).toEqual({ code: '03646', name: 'Tô Hiệu' });
    expect(findCommuneByPoint(...MOC_CHAU)).toEqual({ code: '03980', name: 'Mộc Châu' });
  });

  it('returns null outside Sơn La and for bad input', () => {
    expect(findCommuneByPoint(...HANOI)).toBeNull();
    expect(findCommuneByPoint(0, 0)).toBeNull();
    expect(findCommuneByPoint(Number.NaN, 21.29)).toBeNull();
  });

  it('gives one commune boundary by code', () => {
    const f = communeBoundary('03670');
    expect(f?.properties).toEqual({ code: '03670', name: 'Chiềng Cơi' });
    expect(f?.geometry.type).toBe('MultiPolygon');
    expect(f?.geometry.coordinates).toHaveLength(2); // Chiềng Cơi has two parts
    expect(communeBoundary('00004')).toBeNull(); // Ba Đình, Hà Nội: not covered
  });
});

describe('province outlines', () => {
  it('ships the 34 provinces with { code, name }', () => {
    const fc = loadProvinceBoundaries();
    expect(fc.features).toHaveLength(34);
    const index = createBoundaryIndex(fc);
    expect(index.find(...HANOI)).toEqual({ code: '01', name: 'Hà Nội' });
    expect(index.find(...CHIENG_COI)).toEqual({ code: '14', name: 'Sơn La' });
  });
});

describe('createBoundaryIndex (ray casting)', () => {
  const square = (x0: number, y0: number, size: number): Position[] => [
    [x0, y0],
    [x0 + size, y0],
    [x0 + size, y0 + size],
    [x0, y0 + size],
    [x0, y0],
  ];
  const fc: CommuneCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: 'A', name: 'Ring with a hole, plus an island' },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [[square(0, 0, 10), square(3, 3, 4)], [square(20, 0, 2)]],
        },
      },
      {
        type: 'Feature',
        properties: { code: 'B', name: 'Enclave filling the hole' },
        geometry: { type: 'Polygon', coordinates: [square(3, 3, 4)] },
      },
      {
        type: 'Feature',
        properties: { code: 'C', name: 'Concave (U shape)' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [[30, 0], [36, 0], [36, 6], [34, 6], [34, 2], [32, 2], [32, 6], [30, 6], [30, 0]],
          ],
        },
      },
    ],
  };
  const index = createBoundaryIndex(fc);

  it('handles holes, multipolygons and concave shapes', () => {
    expect(index.find(1, 1)?.code).toBe('A');
    expect(index.find(5, 5)?.code).toBe('B'); // inside A's hole
    expect(index.find(21, 1)?.code).toBe('A'); // A's island
    expect(index.find(15, 1)).toBeNull(); // between A's parts, inside its bounding box
    expect(index.find(33, 4)).toBeNull(); // in the notch of the U
    expect(index.find(31, 4)?.code).toBe('C');
    expect(index.get('B')?.properties.name).toBe('Enclave filling the hole');
    expect(index.get('Z')).toBeNull();
  });
});
