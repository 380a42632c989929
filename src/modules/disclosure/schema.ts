import { z } from 'zod';
import { optionalIsoDate, optionalText, requiredText, withOrderedDates } from '../../platform/http/validate';
import { isValidIsoDate, parseVnDate } from '../../platform/calendar/dates';
import { DISCLOSURE_FORMS, MARKINGS } from './model';

const last = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
const truthy = (v: unknown) => v === true || v === 'on' || v === 'true' || v === '1';
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A civil date from a form or JSON: 'YYYY-MM-DD' (date inputs) or 'dd/mm/yyyy'; empty = not given. */
export const optionalDate = z.preprocess(
  (v) => {
    if (blank(v)) return undefined;
    const s = String(v).trim();
    return parseVnDate(s) ?? s;
  },
  z
    .string()
    .refine((s) => isValidIsoDate(s), 'disclosure.error.date')
    .optional(),
);

export const requiredDate = z.preprocess(
  (v) => {
    if (blank(v)) return undefined;
    const s = String(v).trim();
    return parseVnDate(s) ?? s;
  },
  z.string({ error: 'validation.required' }).refine((s) => isValidIsoDate(s), 'disclosure.error.date'),
);

/** A form's checkboxes arrive as a string (one ticked) or an array (several). */
const manyOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (blank(v) ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** "quy hoạch, đất đai" → ['quy hoạch', 'đất đai']; an array (API) is taken as is. */
const tagList = z.preprocess(
  (v) => {
    const raw = Array.isArray(v) ? v.map(String) : blank(v) ? [] : String(v).split(/[,;\n]/);
    const seen = new Set<string>();
    const out: string[] = [];
    for (const t of raw) {
      const s = t.normalize('NFC').trim().replace(/\s+/g, ' ');
      if (s && !seen.has(s.toLocaleLowerCase('vi'))) {
        seen.add(s.toLocaleLowerCase('vi'));
        out.push(s);
      }
    }
    return out;
  },
  z.array(z.string().max(40, 'disclosure.error.tagLong')).max(10, 'disclosure.error.tagsMany'),
);

const id = (key: string) =>
  z.preprocess((v) => (blank(v) ? undefined : v), z.coerce.number({ error: key }).int(key).positive(key));

export const documentInput = z.object({
  agencyId: id('disclosure.error.agency'),
  unitCode: z.preprocess((v) => (blank(v) ? undefined : v), z.string().trim().max(10).optional()),
  categoryId: id('disclosure.error.category'),
  title: requiredText(5, 300),
  summary: requiredText(10, 2000),
  body: optionalText(50_000),
  docNumber: optionalText(60),
  issuedOn: optionalDate,
  postedFrom: optionalDate,
  postedUntil: optionalDate,
  forms: manyOf(z.enum(DISCLOSURE_FORMS, { error: 'validation.choice' })).refine((a) => a.length > 0, 'disclosure.error.forms'),
  tags: tagList,
});
export type DocumentInput = z.input<typeof documentInput>;
export type DocumentData = z.output<typeof documentInput> & { forms: Array<(typeof DISCLOSURE_FORMS)[number]> };

export const withdrawInput = z.object({ reason: requiredText(5, 1000) });

/** Sections arrive from the form as parallel lists sectionTitle[] / sectionQuestion[]. */
export const consultationInput = z.object({
  opensOn: requiredDate,
  closesOn: requiredDate,
  shortReason: optionalText(2000),
  sections: z
    .array(z.object({ title: requiredText(2, 200), question: z.preprocess((v) => (v === null ? undefined : v), optionalText(1000)) }))
    .max(30, 'consultation.error.sectionsMany')
    .default([]),
});
export type ConsultationInput = z.input<typeof consultationInput>;

export const markInput = z.object({
  decision: z.enum(MARKINGS, { error: 'consultation.error.decision' }),
  explanation: optionalText(4000),
});

export const reportInput = z.object({
  intro: optionalText(10_000),
  number: optionalText(40),
});

export const categoryInput = z.object({
  code: z
    .string({ error: 'validation.required' })
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'disclosure.error.categoryCode'),
  name: requiredText(3, 200),
  nameEn: requiredText(3, 200),
  permanent: z.preprocess((v) => truthy(last(v)), z.boolean()),
  // A form sends a hidden empty value before the checkbox; the API may leave it out (active).
  active: z.preprocess((v) => last(v) === undefined || truthy(last(v)), z.boolean()),
  sort: z.preprocess((v) => (blank(v) ? 0 : v), z.coerce.number().int().min(0).max(100_000)),
});

export const listQuery = withOrderedDates(z.object({
  q: z.preprocess((v) => (blank(v) ? undefined : v), z.string().max(200).optional()),
  category: z.preprocess((v) => (blank(v) ? undefined : v), z.coerce.number().int().positive().optional()),
  unit: z.preprocess((v) => (blank(v) ? undefined : v), z.string().max(10).optional()),
  agency: z.preprocess((v) => (blank(v) ? undefined : v), z.coerce.number().int().positive().optional()),
  year: z.preprocess((v) => (blank(v) ? undefined : v), z.coerce.number().int().min(1990).max(2200).optional()),
  posted: z.preprocess((v) => v === '1' || v === 'true' || v === true, z.boolean()),
  consultation: z.preprocess((v) => v === '1' || v === 'true' || v === true, z.boolean()),
  /** Withdrawn documents too (they were published: a dashboard's count of published documents includes them). */
  withdrawn: z.preprocess((v) => v === '1' || v === 'true' || v === true, z.boolean()),
  /** A period of civil days of Vietnam, both included, over the date `dated` names: the document's publication
   *  (default), its consultation's opening (the consultation recorded) or its account of comments' publication. */
  from: optionalIsoDate,
  to: optionalIsoDate,
  dated: z.preprocess((v) => (blank(v) ? 'published' : v), z.enum(['published', 'consultation', 'report'], { error: 'validation.choice' })),
  page: z.preprocess((v) => (blank(v) ? 1 : v), z.coerce.number().int().min(1).max(10_000)),
  limit: z.preprocess((v) => (blank(v) ? 20 : v), z.coerce.number().int().min(1).max(100)),
}));
export type ListQuery = z.output<typeof listQuery>;

export const quarterQuery = z.object({
  unit: z.preprocess((v) => (blank(v) ? undefined : v), z.string().max(10).optional()),
  year: z.preprocess((v) => (blank(v) ? undefined : v), z.coerce.number().int().min(1990).max(2200).optional()),
  quarter: z.preprocess((v) => (blank(v) ? undefined : v), z.coerce.number().int().min(1).max(4).optional()),
});
