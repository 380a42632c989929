import { z } from 'zod';
import { clean, visibleLength } from '../../platform/text/text';
import { optionalIsoDate, withOrderedDates } from '../../platform/http/validate';
import { CHANNELS, PETITION_KINDS, STATES } from './model';
import { ACTIONS } from './state-machine';

/**
 * Input validation. Every message is a catalogue key (petitions.error.* or the platform's validation.*),
 * so the API answers 422 problem+json with Vietnamese field messages and pages show them beside the fields.
 * Form posts send strings: empty strings mean "not given", numbers arrive as text.
 */

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const toNumber = (v: unknown) => {
  const b = blankToUndefined(v);
  if (typeof b === 'string') return Number(b.trim().replace(',', '.'));
  return b;
};

/** NFC-normalised, trimmed text measured in user-perceived characters. */
export const text = (min: number, max: number, keys: { short: string; long: string; required?: string }) =>
  z
    .string({ error: keys.required ?? 'validation.required' })
    .transform(clean)
    .refine((s) => s.length > 0, { message: keys.required ?? 'validation.required', abort: true })
    .refine((s) => visibleLength(s) >= min, { message: keys.short, abort: true })
    .refine((s) => visibleLength(s) <= max, { message: keys.long });

const optText = (max: number, longKey = 'validation.tooLong') =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform(clean)
      .refine((s) => visibleLength(s) <= max, { message: longKey })
      .optional(),
  );

const id = (key = 'validation.type') => z.preprocess(toNumber, z.number({ error: key }).int(key).positive(key));
const optId = (key = 'validation.type') => z.preprocess(toNumber, z.number({ error: key }).int(key).positive(key).optional());

const idList = z.preprocess((v) => {
  if (v === undefined || v === null || v === '') return [];
  const arr = Array.isArray(v) ? v : String(v).split(',');
  return arr.map(toNumber).filter((x) => x !== undefined);
}, z.array(z.number({ error: 'validation.type' }).int('validation.type').positive('validation.type')).max(100));

/** Ids of files uploaded beforehand by the same caller (src/platform/files), not yet attached. */
const fileIdList = z.preprocess((v) => {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map((s) => String(s).trim()).filter(Boolean);
}, z.array(z.string().uuid('petitions.error.attachment')).max(20, 'petitions.error.tooManyFiles'));

export const unitCodeSchema = z.string().trim().regex(/^\d{2,5}$/, 'petitions.error.unit');

const bool = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1' || v === 1, z.boolean());

export const petitionerSchema = z.object({
  name: text(2, 120, { short: 'validation.tooShort', long: 'validation.tooLong', required: 'petitions.error.petitionerName' }),
  phone: z.preprocess(blankToUndefined, z.string().trim().regex(/^\+?[0-9 .-]{8,15}$/, 'petitions.error.phone').optional()),
  email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().email('validation.email').max(200).optional()),
  address: optText(300),
  idNo: z.preprocess(blankToUndefined, z.string().trim().regex(/^[0-9A-Za-z]{6,15}$/, 'petitions.error.idNo').optional()),
});
export type PetitionerInput = z.output<typeof petitionerSchema>;

export const createPetitionSchema = z
  .object({
    kind: z.enum(PETITION_KINDS, { error: 'petitions.error.kind' }),
    title: text(5, 200, { short: 'petitions.error.titleShort', long: 'petitions.error.titleLong', required: 'petitions.error.titleRequired' }),
    content: text(20, 5000, { short: 'petitions.error.contentShort', long: 'petitions.error.contentLong', required: 'petitions.error.contentRequired' }),
    categoryId: optId('petitions.error.category'),
    /** Commune (or province) code; found from lon/lat when absent. */
    unitCode: z.preprocess(blankToUndefined, unitCodeSchema.optional()),
    address: optText(300),
    lon: z.preprocess(toNumber, z.number({ error: 'petitions.error.lon' }).min(-180, 'petitions.error.lon').max(180, 'petitions.error.lon').optional()),
    lat: z.preprocess(toNumber, z.number({ error: 'petitions.error.lat' }).min(-90, 'petitions.error.lat').max(90, 'petitions.error.lat').optional()),
    peopleCount: z.preprocess(
      (v) => toNumber(v) ?? 1,
      z.number({ error: 'petitions.error.peopleCount' }).int('petitions.error.peopleCount').min(1, 'petitions.error.peopleCount').max(100000, 'petitions.error.peopleCount'),
    ),
    visibility: z.preprocess((v) => blankToUndefined(v) ?? 'private', z.enum(['public', 'private'], { error: 'validation.choice' })),
    channel: z.preprocess(blankToUndefined, z.enum(CHANNELS, { error: 'petitions.error.channel' }).optional()),
    attachmentIds: fileIdList.optional(),
    /** Staff entry on behalf of a citizen (reception desk, Front gathering, letter, hotline, conference floor). */
    petitioner: petitionerSchema.optional(),
    /** Staff entry: the agency the entering officer acts for, and where it was received. */
    enteredAgencyId: optId(),
    enteredPlace: optText(200),
    /** A staff member may route it to a named agency directly (otherwise the routing rules decide). */
    agencyId: optId('petitions.error.agency'),
    conferenceId: optId(),
    topicId: optId(),
  })
  .superRefine((v, ctx) => {
    if ((v.lon === undefined) !== (v.lat === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.lon === undefined ? 'lon' : 'lat'], message: 'petitions.error.coordinates' });
    }
  });
export type CreatePetitionInput = z.input<typeof createPetitionSchema>;
export type CreatePetitionData = z.output<typeof createPetitionSchema>;

/** One form / one JSON body for every transition: the action, and what it needs (see state-machine.ts). */
export const transitionSchema = z.object({
  action: z.enum(ACTIONS, { error: 'petitions.error.action' }),
  reason: optText(2000),
  note: optText(4000),
  targetAgencyId: optId('petitions.error.agency'),
  directedTo: optText(300),
  directedAgencyId: optId('petitions.error.agency'),
  assigneeId: optId('petitions.error.assignee'),
  answerText: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform(clean)
      .refine((s) => visibleLength(s) >= 20, { message: 'petitions.error.answerShort', abort: true })
      .refine((s) => visibleLength(s) <= 10000, { message: 'petitions.error.answerLong' })
      .optional(),
  ),
  docNo: optText(60),
  receiptNo: optText(60),
  templateId: optId(),
  attachmentIds: fileIdList.optional(),
  /** The petition this one duplicates: its id or tracking code. */
  targetPetitionId: z.preprocess(blankToUndefined, z.union([z.number().int().positive(), z.string().trim().min(1).max(40)]).optional()),
  score: z.preprocess(toNumber, z.number({ error: 'petitions.error.score' }).int('petitions.error.score').min(1, 'petitions.error.score').max(5, 'petitions.error.score').optional()),
  comment: optText(1000),
  /** Extension length; default from the settings. */
  days: z.preprocess(toNumber, z.number({ error: 'validation.type' }).int('validation.type').min(1, 'validation.tooSmall').max(90, 'validation.tooBig').optional()),
});
export type TransitionInput = z.input<typeof transitionSchema>;
export type TransitionData = z.output<typeof transitionSchema>;

export const ratingSchema = z.object({
  score: z.preprocess(toNumber, z.number({ error: 'petitions.error.score' }).int('petitions.error.score').min(1, 'petitions.error.score').max(5, 'petitions.error.score')),
  comment: optText(1000),
});
export type RatingInput = z.output<typeof ratingSchema>;

export const bulkAssignSchema = z.object({
  ids: idList.refine((a) => a.length > 0, 'petitions.error.selectSome'),
  assigneeId: id('petitions.error.assignee'),
});

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => {
    const b = blankToUndefined(v);
    if (b === undefined) return undefined;
    return (Array.isArray(b) ? b : String(b).split(',')).map((s) => String(s).trim()).filter(Boolean);
  }, z.array(z.enum(values, { error: 'validation.choice' })).optional());


/**
 * Filters of the inbox, "my petitions", the public list and the API list. `from`/`to`: submitted on those civil days
 * of Vietnam, both included (the period of a dashboard's number, whose link lists exactly the petitions it counts).
 */
export const listFiltersSchema = withOrderedDates(z.object({
  status: csv(STATES),
  kind: csv(PETITION_KINDS),
  category: optId('petitions.error.category'),
  unit: z.preprocess(blankToUndefined, unitCodeSchema.optional()),
  agency: optId('petitions.error.agency'),
  due: z.preprocess(blankToUndefined, z.enum(['soon', 'overdue', 'any'], { error: 'validation.choice' }).optional()),
  flag: csv(['keo_dai', 'vuot_cap'] as const),
  assignee: z.preprocess(blankToUndefined, z.union([z.literal('me'), z.literal('none'), z.preprocess(toNumber, z.number().int().positive())]).optional()),
  channel: csv(CHANNELS),
  q: optText(200),
  sort: z.preprocess(blankToUndefined, z.enum(['new', 'old', 'due'], { error: 'validation.choice' }).optional()),
  limit: z.preprocess(toNumber, z.number().int().min(1, 'validation.tooSmall').max(100, 'validation.tooBig').optional()),
  cursor: z.preprocess(blankToUndefined, z.string().max(500).optional()),
  mine: bool.optional(),
  from: optionalIsoDate,
  to: optionalIsoDate,
}));
export type ListFilters = z.output<typeof listFiltersSchema>;

export const templateSchema = z.object({
  agencyId: id('petitions.error.agency'),
  title: text(3, 200, { short: 'validation.tooShort', long: 'validation.tooLong' }),
  body: text(20, 10000, { short: 'petitions.error.answerShort', long: 'petitions.error.answerLong' }),
});
export type TemplateInput = z.output<typeof templateSchema>;

export const routeSchema = z.object({
  unitCode: z.preprocess(blankToUndefined, unitCodeSchema.optional()),
  categoryId: optId('petitions.error.category'),
  kind: z.preprocess(blankToUndefined, z.enum(PETITION_KINDS, { error: 'petitions.error.kind' }).optional()),
  agencyId: id('petitions.error.agency'),
  note: optText(300),
});
export type RouteInput = z.output<typeof routeSchema>;
