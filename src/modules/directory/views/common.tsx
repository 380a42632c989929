import type { PageContext } from '../../../platform/ui/page-context';
import type { Agency, Unit } from '../model';

/** The unit's full name in the page's language. */
export function unitName(ctx: PageContext, u: { fullName: string; fullNameEn: string }): string {
  return ctx.locale === 'en' ? u.fullNameEn : u.fullName;
}

export function agencyName(ctx: PageContext, a: { name: string; nameEn: string }): string {
  return ctx.locale === 'en' ? a.nameEn : a.name;
}

export function levelLabel(ctx: PageContext, u: Pick<Unit, 'level'>): string {
  return ctx.t(`directory.level.${u.level}`);
}

export function kindLabel(ctx: PageContext, kind: Agency['kind']): string {
  return ctx.t(`directory.kind.${kind}`);
}

/** The unit's own kind word (Tỉnh, Phường, Bản …) in the page's language. */
export function unitKind(ctx: PageContext, u: Pick<Unit, 'kind' | 'kindEn'>): string {
  return ctx.locale === 'en' ? u.kindEn : u.kind;
}

/** Options of a unit picker: the home province, then its communes. */
export function unitOptions(ctx: PageContext, province: Unit | undefined, communes: Unit[]) {
  return [
    ...(province ? [{ value: province.code, label: unitName(ctx, province) }] : []),
    ...communes.map((c) => ({ value: c.code, label: `— ${unitName(ctx, c)}` })),
  ];
}
