import { z } from 'zod';
import { ROLES } from '../../platform/access/principal';
import { optionalText, requiredText, validate, type Validated } from '../../platform/http/validate';
import { ValidationError } from '../../platform/http/errors';
import { clean } from '../../platform/text/text';

/**
 * A Vietnamese mobile number in the national form 0XXXXXXXXX (10 digits, prefixes 03/05/07/08/09),
 * from what people type: spaces, dots, dashes, brackets, +84 or 84 in front. Null when it is not one.
 */
export function normalizePhone(input: string): string | null {
  let s = clean(input).replace(/[\s.\-()]/g, '');
  if (s.startsWith('+84')) s = '0' + s.slice(3);
  else if (/^84\d{9}$/.test(s)) s = '0' + s.slice(2);
  return /^0[35789]\d{8}$/.test(s) ? s : null;
}

export function normalizeEmail(input: string): string {
  return clean(input).toLowerCase();
}

/** Where an unknown string counts as a phone number rather than an e-mail. */
export function looksLikeEmail(login: string): boolean {
  return login.includes('@');
}

const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const optionalEmail = z.preprocess(
  empty,
  z
    .string()
    .trim()
    .max(254, 'validation.email')
    .pipe(z.email('validation.email'))
    .transform((v) => normalizeEmail(v))
    .optional(),
);

export const optionalPhone = z.preprocess(
  empty,
  z
    .string()
    .max(30, 'accounts.error.phone')
    .transform((v, ctx) => {
      const p = normalizePhone(v);
      if (!p) {
        ctx.addIssue({ code: 'custom', message: 'accounts.error.phone' });
        return z.NEVER;
      }
      return p;
    })
    .optional(),
);

/** At least 8 characters, not only digits, at most 200 (bounds the hashing work). */
export const newPassword = z
  .string({ error: 'validation.required' })
  .min(8, 'accounts.error.passwordShort')
  .max(200, 'accounts.error.passwordLong')
  .refine((v) => !/^\d+$/.test(v), 'accounts.error.passwordDigits');

const personName = z
  .string({ error: 'validation.required' })
  .transform((v) => clean(v).replace(/\s+/g, ' '))
  .pipe(z.string().min(2, 'accounts.error.nameShort').max(120));

const unitCode = z.string({ error: 'accounts.error.commune' }).trim().regex(/^\d{2,5}$/, 'accounts.error.commune');

export const loginSchema = z.object({
  login: requiredText(1, 254),
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200),
});

export const registerSchema = z
  .object({
    name: personName,
    email: optionalEmail,
    phone: optionalPhone,
    password: newPassword,
    password2: z.string({ error: 'accounts.error.passwordMismatch' }),
    unitCode,
    address: optionalText(300),
    terms: z.literal('on', { error: 'accounts.error.terms' }),
  })
  .superRefine((v, ctx) => {
    if (!v.email && !v.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'accounts.error.emailOrPhone' });
    if (v.password !== v.password2) ctx.addIssue({ code: 'custom', path: ['password2'], message: 'accounts.error.passwordMismatch' });
  });
export type RegisterInput = z.output<typeof registerSchema>;

export const profileSchema = z.object({
  name: personName,
  phone: optionalPhone,
  unitCode: z.preprocess(empty, unitCode.optional()),
  address: optionalText(300),
});
export type ProfileInput = z.output<typeof profileSchema>;

export const changePasswordSchema = z
  .object({
    current: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200),
    password: newPassword,
    password2: z.string({ error: 'accounts.error.passwordMismatch' }),
  })
  .refine((v) => v.password === v.password2, { path: ['password2'], message: 'accounts.error.passwordMismatch' });

export const resetRequestSchema = z.object({ login: requiredText(3, 254) });

export const resetSchema = z
  .object({
    token: z.string().min(10).max(200),
    password: newPassword,
    password2: z.string({ error: 'accounts.error.passwordMismatch' }),
  })
  .refine((v) => v.password === v.password2, { path: ['password2'], message: 'accounts.error.passwordMismatch' });

export const tokenSchema = z.object({ name: requiredText(1, 80) });

export const officialSchema = z
  .object({
    name: personName,
    email: optionalEmail,
    phone: optionalPhone,
    password: z.preprocess(empty, newPassword.optional()),
    sendReset: z.preprocess((v) => v === 'on' || v === true || v === 'true', z.boolean()),
  })
  .superRefine((v, ctx) => {
    if (!v.email && !v.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'accounts.error.emailOrPhone' });
    if (v.sendReset && !v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'accounts.error.resetNeedsEmail' });
    if (!v.sendReset && !v.password) ctx.addIssue({ code: 'custom', path: ['password'], message: 'accounts.error.passwordOrReset' });
  });
export type OfficialInput = z.output<typeof officialSchema>;

export const userEditSchema = z
  .object({
    name: personName,
    email: optionalEmail,
    phone: optionalPhone,
    kind: z.enum(['citizen', 'official'], { error: 'validation.choice' }),
    unitCode: z.preprocess(empty, unitCode.optional()),
    address: optionalText(300),
  })
  .superRefine((v, ctx) => {
    if (!v.email && !v.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'accounts.error.emailOrPhone' });
  });
export type UserEditInput = z.output<typeof userEditSchema>;

export const roleSchema = z.object({
  role: z.enum(ROLES, { error: 'validation.choice' }),
  agencyId: z.coerce.number({ error: 'validation.choice' }).int('validation.choice').positive('validation.choice'),
});

const given = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/**
 * Zod runs an object's refinements only when every field parsed; a form must show every message at
 * once, so the checks across fields (passwords match, e-mail or phone given) also run on the raw input.
 */
export function validateForm<S extends z.ZodType>(schema: S, input: unknown, cross: Array<'passwords' | 'contact'>): Validated<z.output<S>> {
  const r = validate(schema, input);
  if (r.ok) return r;
  const raw = (input ?? {}) as Record<string, unknown>;
  const errors = { ...r.error.errors };
  if (cross.includes('passwords') && !errors.password2 && given(raw.password) && raw.password !== raw.password2) {
    errors.password2 = 'accounts.error.passwordMismatch';
  }
  if (cross.includes('contact') && !errors.email && !errors.phone && !given(raw.email) && !given(raw.phone)) {
    errors.email = 'accounts.error.emailOrPhone';
  }
  return { ok: false, error: new ValidationError(errors, r.error.params) };
}
