import type { Generated } from 'kysely';

export type UnitLevel = 'province' | 'commune' | 'village';

export const AGENCY_KINDS = [
  'party_committee',
  'peoples_committee',
  'peoples_council',
  'department',
  'front',
  'mass_org',
  'inspection_board',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export function isAgencyKind(v: unknown): v is AgencyKind {
  return typeof v === 'string' && (AGENCY_KINDS as readonly string[]).includes(v);
}

/**
 * Kinds of village-level units (below a commune; not official administrative units, so codes are
 * ours: '<commune code>-NNN'). `vi`/`en` are stored in units.kind / kind_en like the official kinds.
 */
export const VILLAGE_KINDS = {
  ban: { vi: 'Bản', en: 'Village' },
  thon: { vi: 'Thôn', en: 'Village' },
  to_dan_pho: { vi: 'Tổ dân phố', en: 'Residential group' },
  tieu_khu: { vi: 'Tiểu khu', en: 'Sub-area' },
} as const;
export type VillageKind = keyof typeof VILLAGE_KINDS;
export const VILLAGE_KIND_KEYS = Object.keys(VILLAGE_KINDS) as VillageKind[];

/** The key of a stored village kind ('Bản' → 'ban'), or undefined. */
export function villageKindOf(kindVi: string): VillageKind | undefined {
  return VILLAGE_KIND_KEYS.find((k) => VILLAGE_KINDS[k].vi === kindVi);
}

/** The village code pattern: the commune's official code, a dash, a 3-digit number. */
export const VILLAGE_CODE_RE = /^\d{5}-\d{3}$/;
/** Any unit code: official ones are digits (province 2, commune 5), villages as above. */
export const UNIT_CODE_RE = /^\d{1,6}(-\d{3})?$/;

declare module '../../platform/db/types' {
  interface Database {
    units: {
      code: string;
      name: string;
      name_en: string;
      full_name: string;
      full_name_en: string;
      kind: string;
      kind_en: string;
      level: UnitLevel;
      parent_code: string | null;
      province_code: string;
      /** f_fold(full_name || ' ' || name_en), generated, for diacritic-insensitive search. */
      search: Generated<string>;
      sort: Generated<number>;
    };
    agencies: {
      id: Generated<number>;
      code: string;
      name: string;
      name_en: string;
      short_name: string | null;
      kind: AgencyKind;
      unit_code: string;
      parent_id: number | null;
      email: string | null;
      phone: string | null;
      address: string | null;
      active: Generated<boolean>;
      search: Generated<string>;
      created_at: Generated<Date>;
    };
    categories: {
      id: Generated<number>;
      code: string;
      name: string;
      name_en: string;
      description: string | null;
      active: Generated<boolean>;
      sort: Generated<number>;
    };
  }
}

export interface Unit {
  code: string;
  name: string;
  nameEn: string;
  fullName: string;
  fullNameEn: string;
  kind: string;
  kindEn: string;
  level: UnitLevel;
  parentCode: string | null;
  provinceCode: string;
}

/** A unit with its place in the hierarchy, as the unit page and GET /api/v1/units/<code> give it. */
export interface UnitDetail {
  unit: Unit;
  parent: Unit | null;
  children: Unit[];
}

export interface Agency {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  shortName: string | null;
  kind: AgencyKind;
  unitCode: string;
  unitName: string;
  provinceCode: string;
  unitLevel: UnitLevel;
  parentId: number | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  active: boolean;
}

export interface Category {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  description: string | null;
  active: boolean;
  sort: number;
}
