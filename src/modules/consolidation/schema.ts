import { z } from 'zod';
import { clean, visibleLength } from '../../platform/text/text';
import { PERIOD_PATTERN } from './period';
import { optionalIsoDate, withOrderedDates } from '../../platform/http/validate';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const num = (v: unknown) => {
  const b = blank(v);
  return typeof b === 'string' ? Number(b.trim()) : b;
};
const text = (min: number, max: number, key: string) =>
  z
    .string({ error: 'validation.required' })
    .transform(clean)
    .refine((s) => s.length > 0, { message: 'validation.required', abort: true })
    .refine((s) => visibleLength(s) >= min, { message: key, abort: true })
    .refine((s) => visibleLength(s) <= max, { message: 'validation.tooLong' });
const optText = (max: number) => z.preprocess(blank, z.string().transform(clean).refine((s) => visibleLength(s) <= max, { message: 'validation.tooLong' }).optional());
const optId = z.preprocess(num, z.number({ error: 'validation.type' }).int('validation.type').positive('validation.type').optional());
const id = z.preprocess(num, z.number({ error: 'validation.required' }).int('validation.type').positive('validation.type'));
/** Checkbox lists and JSON arrays alike. */
export const idList = z.preprocess((v) => {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map(num).filter((x) => x !== undefined);
}, z.array(z.number({ error: 'validation.type' }).int('validation.type').positive('validation.type')).max(5000));

export const periodSchema = z.string({ error: 'consolidation.error.period' }).trim().regex(PERIOD_PATTERN, 'consolidation.error.period');
export const unitCodeSchema = z.string({ error: 'consolidation.error.unit' }).trim().regex(/^\d{2,5}$/, 'consolidation.error.unit');

export const topicFieldsSchema = z.object({
  title: text(5, 200, 'consolidation.error.titleShort'),
  summary: z.preprocess((v) => blank(v) ?? '', z.string().transform(clean).refine((s) => visibleLength(s) <= 4000, { message: 'validation.tooLong' })),
  categoryId: optId,
  agencyId: optId,
});

export const createTopicSchema = topicFieldsSchema.extend({
  unitCode: unitCodeSchema,
  period: periodSchema,
  petitionIds: idList,
});

export const moveSchema = z.object({ petitionIds: idList.refine((x) => x.length > 0, 'consolidation.error.noItems'), topicId: id });
export const removeSchema = z.object({ petitionIds: idList.refine((x) => x.length > 0, 'consolidation.error.noItems') });
export const mergeSchema = z.object({ sourceId: id });
export const splitSchema = z.object({ petitionIds: idList.refine((x) => x.length > 0, 'consolidation.error.noItems'), title: optText(200) });
export const acceptSchema = z.object({ title: optText(200), summary: optText(4000), categoryId: optId, agencyId: optId });
export const scopeSchema = z.object({ unitCode: unitCodeSchema, period: periodSchema });

/** The topics list: unit (a province: all of it), the civil days the topics' periods overlap, pressing only. */
export const topicListSchema = withOrderedDates(
  z.object({
    unit: z.preprocess(blank, unitCodeSchema.optional()),
    from: optionalIsoDate,
    to: optionalIsoDate,
    pressing: z.preprocess((v) => (blank(v) === undefined ? undefined : v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : v), z.boolean({ error: 'validation.choice' }).optional()),
  }),
);

export { text as requiredText, optText, optId, num };
