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
