import { z } from 'zod';
import { text } from '../../petitions/schema';
import { dateSchema } from '../schema';
import { CASE_KINDS } from './model';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const num = (v: unknown) => {
  const b = blank(v);
  return typeof b === 'string' ? Number(b.trim()) : b;
};
const time = (key: string) => z.string({ error: key }).trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, key);
const optLine = (max: number) => z.preprocess(blank, z.string().trim().max(max, 'validation.tooLong').optional());
const line = (max: number, key: string) => z.string({ error: key }).trim().min(1, key).max(max, 'validation.tooLong');
const bool = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1' || v === 1, z.boolean());

export const receptionDaySchema = z
  .object({
    agencyId: z.preprocess(num, z.number({ error: 'reception.error.agency' }).int('reception.error.agency').positive('reception.error.agency')),
    headName: line(120, 'reception.error.headName'),
    headTitle: line(200, 'reception.error.headTitle'),
    onDate: dateSchema('reception.error.date'),
    starts: time('reception.error.time'),
    ends: time('reception.error.time'),
    place: line(300, 'reception.error.place'),
    slots: z.preprocess((v) => num(v) ?? 0, z.number({ error: 'reception.error.slots' }).int('reception.error.slots').min(0, 'reception.error.slots').max(200, 'reception.error.slots')),
    note: optLine(1000),
  })
  .superRefine((d, c) => {
    if (d.ends <= d.starts) c.addIssue({ code: 'custom', path: ['ends'], message: 'reception.error.hours' });
  });

export const bookingSchema = z.object({
  name: line(120, 'reception.error.name'),
  phone: z.preprocess(blank, z.string().trim().regex(/^\+?[0-9 .-]{8,15}$/, 'reception.error.phone').optional()),
  topic: text(10, 1000, { short: 'reception.error.topicShort', long: 'validation.tooLong', required: 'reception.error.topicRequired' }),
});

/** One row of the reception register (Form 03/TCD), and what the head promised there (optional). */
export const caseSchema = z.object({
  citizenName: line(120, 'reception.error.name'),
  citizenAddress: optLine(300),
  idNo: z.preprocess(blank, z.string().trim().regex(/^[0-9A-Za-z]{6,15}$/, 'reception.error.idNo').optional()),
  phone: z.preprocess(blank, z.string().trim().regex(/^\+?[0-9 .-]{8,15}$/, 'reception.error.phone').optional()),
  title: text(5, 200, { short: 'reception.error.titleShort', long: 'validation.tooLong', required: 'reception.error.titleRequired' }),
  summary: text(20, 5000, { short: 'reception.error.summaryShort', long: 'validation.tooLong', required: 'reception.error.summaryRequired' }),
  kind: z.enum(CASE_KINDS, { error: 'reception.error.kind' }),
  peopleCount: z.preprocess((v) => num(v) ?? 1, z.number({ error: 'reception.error.people' }).int('reception.error.people').min(1, 'reception.error.people').max(100000, 'reception.error.people')),
  handledBefore: optLine(500),
  withinCompetence: bool,
  directedTo: optLine(300),
  forwardedTo: optLine(300),
  result: optLine(2000),
  categoryId: z.preprocess(num, z.number().int().positive().optional()),
  /** What the head promised (becomes a commitment of the responsible agency). */
  promise: z.preprocess(blank, z.string().trim().max(4000, 'validation.tooLong').optional()),
  promiseAgencyId: z.preprocess(num, z.number({ error: 'commitments.error.agency' }).int().positive().optional()),
  promiseDeadline: z.preprocess(blank, z.string().optional()),
  promiseWorkingDays: z.preprocess(num, z.number().int().min(1).max(730).optional()),
});
export type CaseInput = z.input<typeof caseSchema>;
