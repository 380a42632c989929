import { z } from 'zod';
import { optionalText, requiredText } from '../../platform/http/validate';
import { AGENCY_KINDS, VILLAGE_KIND_KEYS } from './model';

/** '' / null / undefined → undefined; otherwise the trimmed NFC string. */
const blankToUndefined = (v: unknown) => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') {
    const s = v.normalize('NFC').trim();
    return s === '' ? undefined : s;
  }
  return v;
};

const nfc = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : v);

const name = (min: number, max: number) => z.preprocess(nfc, requiredText(min, max));
const optionalName = (max: number) => z.preprocess(nfc, optionalText(max));

/** Official unit codes ('14', '03670') and village codes ('03670-001'). */
export const unitCodeSchema = z
  .string({ error: 'directory.error.unitRequired' })
  .trim()
  .min(1, 'directory.error.unitRequired')
  .regex(/^\d{2}(\d{3}(-\d{3})?)?$/, 'directory.error.unitCodeFormat');

export const agencyKindSchema = z.enum(AGENCY_KINDS, { error: 'directory.error.kind' });

export const agencyInputSchema = z.object({
  code: z.preprocess(
    (v) => {
      const s = blankToUndefined(v);
      return typeof s === 'string' ? s.toUpperCase() : s;
    },
    z
      .string()
      .max(40)
      .regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'directory.error.agencyCodeFormat')
      .optional(),
  ),
  name: name(3, 200),
  nameEn: optionalName(200),
  shortName: optionalName(100),
  kind: agencyKindSchema,
  unitCode: z.preprocess(blankToUndefined, unitCodeSchema),
  parentId: z.preprocess(
    (v) => {
      const s = blankToUndefined(v);
      return typeof s === 'string' ? (/^\d+$/.test(s) ? Number(s) : s) : s;
    },
    z.number({ error: 'directory.error.parentUnknown' }).int().positive().nullable().optional(),
  ),
  email: z.preprocess(blankToUndefined, z.email({ error: 'validation.email' }).max(200).optional()),
  phone: z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(30)
      .regex(/^[0-9+() .-]{6,30}$/, 'directory.error.phone')
      .optional(),
  ),
  address: optionalName(300),
});
export type AgencyInput = z.input<typeof agencyInputSchema>;
export type AgencyData = z.output<typeof agencyInputSchema>;

export const categoryInputSchema = z.object({
  code: z.preprocess(
    (v) => {
      const s = blankToUndefined(v);
      return typeof s === 'string' ? s.toLowerCase() : s;
    },
    z
      .string({ error: 'validation.required' })
      .min(2)
      .max(40)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'directory.error.categoryCodeFormat'),
  ),
  name: name(2, 120),
  nameEn: optionalName(120),
  description: optionalName(500),
});
export type CategoryInput = z.input<typeof categoryInputSchema>;

/** Editing a category: everything but its code, which other modules may refer to. */
export const categoryUpdateSchema = categoryInputSchema.omit({ code: true });
export type CategoryUpdate = z.input<typeof categoryUpdateSchema>;

export const villageKindSchema = z.enum(VILLAGE_KIND_KEYS as [string, ...string[]], { error: 'directory.error.villageKind' });

export const villageInputSchema = z.object({
  parentCode: z.preprocess(blankToUndefined, unitCodeSchema),
  kind: villageKindSchema,
  name: name(1, 100),
  nameEn: optionalName(100),
});
export type VillageInput = z.input<typeof villageInputSchema>;

export const villageUpdateSchema = villageInputSchema.omit({ parentCode: true });
export type VillageUpdate = z.input<typeof villageUpdateSchema>;

/** Query of GET /api/v1/units. */
export const unitsQuerySchema = z.object({
  parent: z.preprocess(blankToUndefined, unitCodeSchema.optional()),
  q: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(5000).optional()),
});

/** Query of GET /api/v1/agencies. */
export const agenciesQuerySchema = z.object({
  unit: z.preprocess(blankToUndefined, unitCodeSchema.optional()),
  kind: z.preprocess(blankToUndefined, agencyKindSchema.optional()),
  q: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1000).optional()),
  offset: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).optional()),
});
