import { z } from 'zod';

const optionalInt = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : typeof v === 'string' ? Number(v) : v),
  z.number({ error: 'validation.type' }).int('validation.type').positive('validation.type').nullable(),
);

const optionalString = (max: number) =>
  z.preprocess(
    (v) => (v === null || v === undefined ? null : typeof v === 'string' ? (v.trim() === '' ? null : v) : v),
    z.string({ error: 'validation.type' }).max(max).nullable(),
  );

/**
 * The shape of a comment from any route (form or JSON). Lengths of the body are checked by the
 * shared rules (rules.ts), not here: a too-long raw string is still measured and refused with the
 * comment's own message. 100,000 code units is a transport limit, far beyond any limit setting.
 */
export const commentInput = z.object({
  targetType: z.string({ error: 'validation.required' }).regex(/^[a-z][a-z0-9_]{0,39}$/, 'comments.error.noTarget'),
  targetId: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number({ error: 'comments.error.noTarget' }).int('comments.error.noTarget').positive('comments.error.noTarget'),
  ),
  section: optionalString(100).optional(),
  parentId: optionalInt.optional(),
  body: z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string({ error: 'validation.type' }).max(100_000, 'comments.error.long')),
  guestName: optionalString(200).optional(),
  guestContact: optionalString(200).optional(),
  asAgencyId: optionalInt.optional(),
});
export type CommentInput = z.input<typeof commentInput>;

export const reportInput = z.object({
  reason: z.enum(['spam', 'offensive', 'off_topic'], { error: 'comments.error.reportReason' }),
});

export const moderationInput = z.object({
  reason: z.preprocess((v) => (typeof v === 'string' ? v.normalize('NFC').trim() : v), z.string({ error: 'comments.error.reasonRequired' }).min(5, 'comments.error.reasonRequired').max(500)),
});

export const wordInput = z.object({
  word: z.preprocess((v) => (typeof v === 'string' ? v.normalize('NFC').trim() : v), z.string({ error: 'validation.required' }).min(2, 'comments.error.wordShort').max(60)),
});

export const markInput = z.object({
  decision: z.enum(['accepted', 'partly_accepted', 'explained'], { error: 'validation.choice' }),
  explanation: optionalString(4000).optional(),
});
