import { z } from 'zod';
import { clean, visibleLength } from '../../platform/text/text';
import { isValidIsoDate } from '../../platform/calendar/dates';
import { KINDS, QUESTION_LEVELS, QUESTION_STATES, REASONS } from './model';
import { optionalIsoDate, withOrderedDates } from '../../platform/http/validate';
import { ACTIONS } from './state-machine';

/**
 * Input validation; every message is a catalogue key, so the API answers 422 problem+json and pages show the
 * message beside the field. Form posts send strings: empty means "not given".
 */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const num = (v: unknown) => {
  const b = blank(v);
  return typeof b === 'string' ? Number(b.trim()) : b;
};

export const text = (min: number, max: number, required = 'validation.required') =>
  z
    .string({ error: required })
    .transform(clean)
    .refine((s) => s.length > 0, { message: required, abort: true })
    .refine((s) => visibleLength(s) >= min, { message: 'validation.tooShort', abort: true, params: { min } })
    .refine((s) => visibleLength(s) <= max, { message: 'validation.tooLong' });

const optText = (max: number) =>
  z.preprocess(
    blank,
    z
      .string()
      .transform(clean)
      .refine((s) => visibleLength(s) <= max, { message: 'validation.tooLong' })
      .optional(),
  );

const id = (key = 'validation.type') => z.preprocess(num, z.number({ error: key }).int(key).positive(key));
const optId = (key = 'validation.type') => z.preprocess(num, z.number({ error: key }).int(key).positive(key).optional());
const idList = z.preprocess((v) => {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map(num).filter((x) => x !== undefined && x !== '');
}, z.array(z.number({ error: 'validation.type' }).int('validation.type').positive('validation.type')).max(50));

export const isoDate = (key = 'conferences.error.date') => z.preprocess(blank, z.string({ error: key }).refine(isValidIsoDate, key));
const hhmm = (key: string) => z.preprocess(blank, z.string({ error: key }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, key));

export const conferenceSchema = z
  .object({
    unitCode: z.string({ error: 'conferences.error.unit' }).trim().regex(/^\d{2,5}$/, 'conferences.error.unit'),
    agencyId: id('conferences.error.agency'),
    kind: z.enum(KINDS, { error: 'conferences.error.kind' }),
    reason: z.preprocess((v) => blank(v) ?? 'periodic', z.enum(REASONS, { error: 'validation.choice' })),
    reasonText: optText(1000),
    votersTotal: z.preprocess(num, z.number({ error: 'validation.type' }).int('validation.type').min(1, 'validation.type').optional()),
    requestersCount: z.preprocess(num, z.number({ error: 'validation.type' }).int('validation.type').min(0, 'validation.type').optional()),
    title: text(5, 300),
    description: optText(5000),
    chairs: z
      .array(z.object({ userId: id('conferences.error.chair'), title: text(2, 200) }), { error: 'conferences.error.chairs' })
      .min(1, 'conferences.error.chairs')
      .max(6),
    agencies: idList.optional(),
    invited: optText(1000),
    venue: optText(300),
    onlineUrl: z.preprocess(blank, z.string().trim().url('conferences.error.url').max(500).optional()),
    date: isoDate(),
    startTime: hhmm('conferences.error.time'),
    endTime: hhmm('conferences.error.time'),
    capacity: z.preprocess(num, z.number({ error: 'conferences.error.capacity' }).int('conferences.error.capacity').min(1, 'conferences.error.capacity').max(100000, 'conferences.error.capacity')),
    agenda: z
      .array(z.object({ title: text(2, 300), minutes: z.preprocess(num, z.number({ error: 'conferences.error.minutes' }).int('conferences.error.minutes').min(1, 'conferences.error.minutes').max(600, 'conferences.error.minutes')) }))
      .max(50)
      .default([]),
    topicIds: idList.optional(),
    planItemId: optId(),
  })
  .superRefine((v, ctx) => {
    if (v.startTime && v.endTime && v.endTime <= v.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'conferences.error.endBeforeStart' });
    if (!v.venue && !v.onlineUrl) ctx.addIssue({ code: 'custom', path: ['venue'], message: 'conferences.error.place' });
    if (v.reason !== 'periodic' && !v.reasonText) ctx.addIssue({ code: 'custom', path: ['reasonText'], message: 'conferences.error.reasonText' });
    if (v.reason === 'voters_request' && (v.votersTotal === undefined || v.requestersCount === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['requestersCount'], message: 'conferences.error.requesters' });
    }
  });
export type ConferenceInput = z.input<typeof conferenceSchema>;
export type ConferenceData = z.output<typeof conferenceSchema>;

export const transitionSchema = z.object({
  action: z.enum(ACTIONS, { error: 'validation.choice' }),
  reason: optText(1000),
});

export const announceSchema = z.object({ shortNoticeReason: optText(1000) });

const phone = z.string({ error: 'conferences.error.phone' }).trim().regex(/^\+?[0-9 .-]{8,15}$/, 'conferences.error.phone');

export const registrationSchema = z.object({
  name: text(2, 120),
  phone,
  village: optText(120),
});

export const questionSchema = z.object({
  content: text(10, 2000),
  askerVillage: optText(120),
  petitionId: optId(),
});

export const floorQuestionSchema = z.object({
  askerName: text(2, 120),
  askerVillage: optText(120),
  content: text(5, 2000),
});

export const organiseSchema = z.object({
  agendaItemId: optId(),
  position: z.preprocess(num, z.number().int('validation.type').min(0).max(100000).optional()),
  level: z.preprocess(blank, z.enum(QUESTION_LEVELS, { error: 'validation.choice' }).optional()),
  assignedAgencyId: optId('conferences.error.agency'),
  preparedAnswer: optText(5000),
});

export const mergeSchema = z.object({ into: id('conferences.error.mergeTarget') });

export const answerSchema = z
  .object({
    answeredByName: text(2, 120),
    answeredByTitle: text(2, 200),
    answer: text(2, 10000),
    commitmentText: z.preprocess(blank, text(10, 2000).optional()),
    commitmentAgencyId: optId('conferences.error.agency'),
    commitmentDeadline: z.preprocess(blank, isoDate().optional()),
  })
  .superRefine((v, ctx) => {
    if (v.commitmentText && !v.commitmentAgencyId) ctx.addIssue({ code: 'custom', path: ['commitmentAgencyId'], message: 'conferences.error.commitmentAgency' });
    if (v.commitmentText && !v.commitmentDeadline) ctx.addIssue({ code: 'custom', path: ['commitmentDeadline'], message: 'conferences.error.commitmentDeadline' });
  });

export const planSchema = z.object({
  unitCode: z.string({ error: 'conferences.error.unit' }).trim().regex(/^\d{2,5}$/, 'conferences.error.unit'),
  year: z.preprocess(num, z.number({ error: 'validation.type' }).int().min(2000).max(2100)),
  note: optText(2000),
  items: z.array(z.object({ quarter: z.preprocess(num, z.number({ error: 'conferences.error.quarter' }).int().min(1, 'conferences.error.quarter').max(4, 'conferences.error.quarter')), topic: text(3, 300) })).max(20).default([]),
});

export const documentEditSchema = z.object({
  intro: optText(5000),
  proceedings: optText(20000),
  closing: optText(2000),
  conclusions: optText(20000),
  recipients: optText(2000),
  secretary: optText(120),
  attendeesCount: z.preprocess(num, z.number().int('validation.type').min(0).max(1000000).optional()),
  attendeeGroups: optText(1000),
});
export type DocumentEdit = z.output<typeof documentEditSchema>;

/** A commune's code, or a province's (every commune of it). */
const optUnitFilter = z.preprocess(blank, z.string().trim().regex(/^\d{2}(\d{3})?$/, 'conferences.error.unit').optional());
const optPage = z.preprocess(num, z.number({ error: 'validation.type' }).int('validation.type').min(1, 'validation.tooSmall').max(10_000, 'validation.tooBig').optional());

/**
 * Filters of the public list of conferences (page and API). `from`/`to`: starting on those civil days of Vietnam,
 * both included (the period of a dashboard's number, whose link lists exactly the conferences it counts);
 * `state=held`: held (and since published, closed).
 */
export const conferenceListSchema = withOrderedDates(
  z.object({
    when: z.preprocess(blank, z.enum(['upcoming', 'past'], { error: 'validation.choice' }).optional()),
    q: optText(200),
    unit: optUnitFilter,
    from: optionalIsoDate,
    to: optionalIsoDate,
    state: z.preprocess(blank, z.enum(['held'], { error: 'validation.choice' }).optional()),
    page: optPage,
  }),
);
export type ConferenceListFilters = z.output<typeof conferenceListSchema>;

/** Filters of the list of questions (page and API): unit, the conferences' days, the question's state and level. */
export const questionListSchema = withOrderedDates(
  z.object({
    unit: optUnitFilter,
    from: optionalIsoDate,
    to: optionalIsoDate,
    status: z.preprocess(blank, z.enum(QUESTION_STATES, { error: 'validation.choice' }).optional()),
    level: z.preprocess(blank, z.enum(QUESTION_LEVELS, { error: 'validation.choice' }).optional()),
    page: optPage,
  }),
);
export type QuestionListFilters = z.output<typeof questionListSchema>;
