import { z } from 'zod';
import { isValidIsoDate } from '../../platform/calendar/dates';

const blank = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const isoDate = z.preprocess(
  blank,
  z
    .string()
    .trim()
    .refine((s) => isValidIsoDate(s), 'reports.error.date')
    .optional(),
);
const optId = z.preprocess(blank, z.coerce.number({ error: 'validation.type' }).int('validation.type').positive('validation.type').optional());

/** The dashboard's filters, as the URL carries them (dates are inclusive civil dates, Vietnam time). */
export const dashboardQuery = z
  .object({
    unit: z.preprocess(blank, z.string().trim().regex(/^\d{2}(\d{3})?$/, 'reports.error.unit').optional()),
    from: isoDate,
    to: isoDate,
    agency: optId,
    category: optId,
    measure: z.preprocess(blank, z.string().max(100).regex(/^[\w.]+$/, 'validation.choice').optional()),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'reports.error.range' });
export type DashboardQuery = z.output<typeof dashboardQuery>;
