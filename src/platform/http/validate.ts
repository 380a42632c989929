import { z } from 'zod';
import { ValidationError } from './errors';
import { isStorable } from '../text/text';
import { addDays, isValidIsoDate, todayInVietnam } from '../calendar/dates';

/**
 * Zod issues → message keys of the catalogue. A schema may name its own key as the issue
 * message (`z.string().min(20, 'petition.error.contentShort')`); otherwise a generic one is used.
 */
function keyFor(issue: z.core.$ZodIssue): { key: string; params?: Record<string, string | number> } {
  if (issue.message && /^[a-z][\w]*(\.[\w]+)+$/.test(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return { key: 'validation.tooShort', params: { min: Number(issue.minimum) } };
      if (issue.origin === 'array') return { key: 'validation.required' };
      return { key: 'validation.tooSmall', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'validation.tooLong', params: { max: Number(issue.maximum) } };
      return { key: 'validation.tooBig', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return { key: issue.format === 'email' ? 'validation.email' : 'validation.format' };
    case 'invalid_value':
      return { key: 'validation.choice' };
    case 'invalid_type':
      return { key: issue.input === undefined || issue.input === null || issue.input === '' ? 'validation.required' : 'validation.type' };
    default:
      return { key: 'validation.invalid' };
  }
}

export function zodToValidationError(error: z.ZodError): ValidationError {
  const errors: Record<string, string> = {};
  const params: Record<string, Record<string, string | number>> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '_';
    if (errors[field]) continue;
    const { key, params: p } = keyFor(issue);
    errors[field] = key;
    if (p) params[field] = p;
  }
  return new ValidationError(errors, params);
}

/**
 * The fields (dotted paths, '_' for the value itself) whose text — a value or a key, at any depth — cannot be
 * stored (NUL, lone surrogate). Walks without recursion, so JSON nested however deep is read safely.
 */
export function unstorableFields(input: unknown, limit = 20): string[] {
  const bad = new Set<string>();
  const stack: Array<[unknown, string]> = [[input, '']];
  const seen = new Set<object>();
  while (stack.length && bad.size < limit) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorable(v)) bad.add(path || '_');
    } else if (v && typeof v === 'object' && !seen.has(v) && !Buffer.isBuffer(v)) {
      seen.add(v);
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (!isStorable(k)) bad.add(path || '_');
        else stack.push([x, p]);
      }
    }
  }
  return [...bad];
}

/** A ValidationError naming each field with unstorable text, or null. */
export function unstorableError(input: unknown): ValidationError | null {
  const bad = unstorableFields(input);
  return bad.length ? new ValidationError(Object.fromEntries(bad.map((f) => [f, 'validation.badText']))) : null;
}

function check<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const bad = unstorableError(input);
  const r = schema.safeParse(input);
  if (bad) {
    // The other fields' messages too, so the form shows every problem at once.
    const rest = r.success ? null : zodToValidationError(r.error);
    return { ok: false, error: new ValidationError({ ...rest?.errors, ...bad.errors }, rest?.params) };
  }
  return r.success ? { ok: true, data: r.data } : { ok: false, error: zodToValidationError(r.error) };
}

/** Parses or throws a ValidationError that the error handler turns into a 422 (API) or the form view shows. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = check(schema, input);
  if (!r.ok) throw r.error;
  return r.data;
}

export type Validated<T> = { ok: true; data: T } | { ok: false; error: ValidationError };

/** Like `parse`, without throwing. Text that cannot be stored (NUL, lone surrogates) is refused field by field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  return check(schema, input);
}

/** Form fields arrive as strings; an empty one means "not given". */
export const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

export const requiredText = (min: number, max: number) => z.string({ error: 'validation.required' }).trim().min(min).max(max);

/** An inclusive civil date of Vietnam, 'YYYY-MM-DD' (what a date input sends); empty: not given. */
export const optionalIsoDate = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().refine(isValidIsoDate, 'validation.date').optional());

/** A list's period `from`–`to` (both optional civil days): refused beside `to` when it ends before it starts. */
export const withOrderedDates = <S extends z.ZodType<{ from?: string; to?: string }>>(schema: S) =>
  schema.refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'validation.dateOrder' });

/** The instants [from, to) of inclusive civil days of Vietnam (UTC+7, no daylight saving). */
export function civilDaysRange(f: { from?: string; to?: string }): { from?: Date; to?: Date } {
  return {
    from: f.from ? new Date(Date.parse(`${f.from}T00:00:00+07:00`)) : undefined,
    to: f.to ? new Date(Date.parse(`${addDays(f.to, 1)}T00:00:00+07:00`)) : undefined,
  };
}

/** The inclusive civil days of Vietnam of the instants [from, to), as a list's `from`/`to` (civilDaysRange's inverse). */
export function civilDaysOf(r: { from?: Date; to?: Date }): { from?: string; to?: string } {
  return {
    ...(r.from ? { from: todayInVietnam(r.from) } : {}),
    ...(r.to ? { to: todayInVietnam(new Date(r.to.getTime() - 1)) } : {}),
  };
}

/** Adds a statistic scope's period to a list link's query as civilDaysOf gives it. */
export function setPeriod(q: URLSearchParams, r: { from?: Date; to?: Date }): URLSearchParams {
  for (const [k, v] of Object.entries(civilDaysOf(r))) q.set(k, v);
  return q;
}
