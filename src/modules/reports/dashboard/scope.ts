import type { Principal } from '../../../platform/access/principal';
import type { Unit } from '../../directory/model';

/** Whether the caller sees officials' figures, and of which units (null: public figures of every unit). */
export interface Audience {
  kind: 'public' | 'official';
  /** Province codes whose whole subtree the caller sees, and single communes. */
  provinces: string[];
  communes: string[];
}

export function audienceOf(p: Principal | null): Audience {
  const grants = p?.roles ?? [];
  if (!grants.length) return { kind: 'public', provinces: [], communes: [] };
  return {
    kind: 'official',
    provinces: [...new Set(grants.filter((g) => g.unitLevel === 'province').map((g) => g.provinceCode))],
    communes: [...new Set(grants.filter((g) => g.unitLevel === 'commune').map((g) => g.unitCode))],
  };
}

/** An official sees their own subtree only (a provincial supervisor its province and every commune in it). */
export function canSeeUnit(a: Audience, unit: Pick<Unit, 'code' | 'provinceCode'>): boolean {
  if (a.kind === 'public') return true;
  return a.provinces.includes(unit.provinceCode) || a.communes.includes(unit.code);
}

/** The unit a dashboard opens on when none is asked for. */
export function defaultUnit(a: Audience, homeProvince: string): string {
  return a.kind === 'official' ? (a.provinces[0] ?? a.communes[0] ?? homeProvince) : homeProvince;
}
