import { z } from 'zod';
import { isValidIsoDate, parseVnDate } from '../../platform/calendar';
import { withOrderedDates } from '../../platform/http/validate';
import { text } from '../petitions/schema';
import { FINDING_METHODS, SOURCE_KINDS } from './model';

/**
 * Input of the commitments use cases. Messages are catalogue keys (commitments.error.* or validation.*). Form
 * posts send strings: empty means "not given", numbers arrive as text, dates as dd/mm/yyyy or YYYY-MM-DD.
 */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const num = (v: unknown) => {
  const b = blank(v);
  return typeof b === 'string' ? Number(b.trim()) : b;
};
const toIso = (v: unknown) => {
  const b = blank(v);
  if (typeof b !== 'string') return b;
  const s = b.trim();
  return isValidIsoDate(s) ? s : (parseVnDate(s) ?? s);
};

/** A real date the database's date type holds (years 1900–2999: nothing else is a deadline). */
const realDate = (s: string) => isValidIsoDate(s) && s >= '1900-01-01' && s <= '2999-12-31';
export const dateSchema = (key: string) => z.preprocess(toIso, z.string({ error: key }).refine(realDate, key));
const optDate = (key: string) => z.preprocess(toIso, z.string().refine(realDate, key).optional());
/** A row id: a positive integer the database's integer column holds. */
export const MAX_ID = 2_147_483_647;
const id = (key: string) => z.preprocess(num, z.number({ error: key }).int(key).positive(key).max(MAX_ID, key));
const optId = (key: string) => z.preprocess(num, z.number({ error: key }).int(key).positive(key).max(MAX_ID, key).optional());
const ids = z.preprocess((v) => {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map(num).filter((x) => x !== undefined);
}, z.array(z.number({ error: 'validation.type' }).int('validation.type').positive('validation.type').max(MAX_ID, 'validation.type')).max(500));
const optLine = (max: number) => z.preprocess(blank, z.string().trim().max(max, 'validation.tooLong').optional());
const line = (max: number, key: string) => z.string({ error: key }).trim().min(1, key).max(max, 'validation.tooLong');
const reason = text(5, 2000, { short: 'commitments.error.reasonShort', long: 'validation.tooLong', required: 'commitments.error.reasonRequired' });
const bool = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1' || v === 1, z.boolean());

export const sourceSchema = z.object({
  kind: z.enum(SOURCE_KINDS, { error: 'commitments.error.sourceKind' }),
  refId: line(100, 'commitments.error.sourceRef'),
  href: z.string({ error: 'commitments.error.sourceHref' }).trim().regex(/^\/[^\s]*$/, 'commitments.error.sourceHref').max(500),
  label: line(300, 'commitments.error.sourceLabel'),
});

export const createCommitmentSchema = z
  .object({
    source: sourceSchema,
    unitCode: z.string({ error: 'commitments.error.unit' }).trim().regex(/^\d{2,5}$/, 'commitments.error.unit'),
    promisedBy: z.object({ name: line(120, 'commitments.error.promisedByName'), title: line(200, 'commitments.error.promisedByTitle') }),
    /** The day the promise was made (default: today). */
    promisedOn: optDate('commitments.error.date'),
    agencyId: id('commitments.error.agency'),
    officerId: optId('commitments.error.officer'),
    coAgencyIds: ids,
    /** A date, or `deadlineWorkingDays` working days after promisedOn (the working calendar). */
    deadline: optDate('commitments.error.deadline'),
    deadlineWorkingDays: z.preprocess(num, z.number({ error: 'commitments.error.workingDays' }).int('commitments.error.workingDays').min(1, 'commitments.error.workingDays').max(730, 'commitments.error.workingDays').optional()),
    text: text(10, 4000, { short: 'commitments.error.textShort', long: 'commitments.error.textLong', required: 'commitments.error.textRequired' }),
    topicId: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), optLine(100)),
    categoryId: optId('commitments.error.category'),
    citizenIds: ids,
    petitionIds: ids,
    isPublic: z.preprocess((v) => (v === undefined ? true : v), bool),
  })
  .superRefine((d, c) => {
    if (!d.deadline && d.deadlineWorkingDays === undefined) c.addIssue({ code: 'custom', path: ['deadline'], message: 'commitments.error.deadlineRequired' });
    if (d.deadline && d.promisedOn && d.deadline < d.promisedOn) c.addIssue({ code: 'custom', path: ['deadline'], message: 'commitments.error.deadlineBeforePromise' });
  });
export type CreateCommitmentInput = z.input<typeof createCommitmentSchema>;
export type CreateCommitmentData = z.output<typeof createCommitmentSchema>;

export const progressSchema = z
  .object({
    note: text(5, 4000, { short: 'commitments.error.noteShort', long: 'validation.tooLong', required: 'commitments.error.noteRequired' }),
    pct: z.preprocess(num, z.number({ error: 'commitments.error.pct' }).int('commitments.error.pct').min(0, 'commitments.error.pct').max(100, 'commitments.error.pct').optional()),
    milestone: optLine(200),
    done: bool.optional(),
  });
export type ProgressInput = z.input<typeof progressSchema>;

export const findingSchema = z.object({
  onDate: dateSchema('commitments.error.date'),
  method: z.enum(FINDING_METHODS, { error: 'commitments.error.method' }),
  finding: text(10, 4000, { short: 'commitments.error.findingShort', long: 'validation.tooLong', required: 'commitments.error.findingRequired' }),
  verdict: z.preprocess(blank, z.enum(['kept', 'not_kept'], { error: 'commitments.error.verdict' }).optional()),
});
export type FindingInput = z.input<typeof findingSchema>;

export const extendSchema = z.object({ deadline: dateSchema('commitments.error.deadline'), reason });
export const transferSchema = z.object({ agencyId: id('commitments.error.agency'), reason });
export const cancelSchema = z.object({ reason });

export const planSchema = z
  .object({
    title: text(5, 300, { short: 'validation.tooShort', long: 'validation.tooLong', required: 'commitments.error.planTitle' }),
    periodFrom: dateSchema('commitments.error.date'),
    periodTo: dateSchema('commitments.error.date'),
    commitmentIds: ids,
  })
  .superRefine((d, c) => {
    if (d.periodTo < d.periodFrom) c.addIssue({ code: 'custom', path: ['periodTo'], message: 'commitments.error.period' });
  });

/**
 * Filters of the lists (pages and API). `unfinished`: open, in progress or verified not kept (what a dashboard counts as
 * open); `from`/`to`: recorded (created_at) on those civil days of Vietnam, both included.
 */
export const listFilterSchema = withOrderedDates(z.object({
  state: z.preprocess(blank, z.enum(['open', 'in_progress', 'done_awaiting_verification', 'verified_kept', 'verified_not_kept', 'cancelled', 'overdue', 'unfinished'], { error: 'validation.choice' }).optional()),
  agencyId: optId('commitments.error.agency'),
  categoryId: optId('commitments.error.category'),
  sourceKind: z.preprocess(blank, z.enum(SOURCE_KINDS).optional()),
  sourceRef: optLine(100),
  from: optDate('validation.date'),
  to: optDate('validation.date'),
  page: z.preprocess((v) => num(v) ?? 1, z.number().int().min(1).max(10000)),
}));
export type ListFilter = z.output<typeof listFilterSchema>;
