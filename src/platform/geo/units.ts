import { readFileSync } from 'node:fs';

export type AdminUnitType = 'province' | 'commune';
export type AdminUnitKind = 'Tỉnh' | 'Thành phố' | 'Xã' | 'Phường' | 'Đặc khu';

/** One row of resources/vn-admin-units/units.json (after the 1 July 2025 reorganisation). */
export type AdminUnit = {
  /** Official code, kept as a string: '14' for a province, '03670' for a commune. */
  code: string;
  name: string;
  nameEn: string;
  fullName: string;
  fullNameEn: string;
  type: AdminUnitType;
  kind: AdminUnitKind;
  /** 'Province', 'City', 'Commune', 'Ward' or 'Special administrative region'. */
  kindEn: string;
  /** The province's code for a commune; null for a province. */
  parentCode: string | null;
};

const UNITS_URL = new URL('../../../resources/vn-admin-units/units.json', import.meta.url);

let units: readonly Readonly<AdminUnit>[] | undefined;

/**
 * All 34 provinces and 3,321 commune-level units, read once and cached (frozen).
 * Provinces come first, then the communes of each province in the source's order.
 */
export function loadUnits(): readonly Readonly<AdminUnit>[] {
  if (!units) {
    const parsed = JSON.parse(readFileSync(UNITS_URL, 'utf8')) as AdminUnit[];
    if (!Array.isArray(parsed)) throw new Error(`${UNITS_URL.pathname}: not an array`);
    units = Object.freeze(parsed.map((u) => Object.freeze(u)));
  }
  return units;
}
