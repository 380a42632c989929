import { HttpError, ValidationError } from '../platform/http/errors';

/** The refusal a promise ends with: an HttpError's status and key, or 422 and the field keys of a ValidationError. */
export async function refusal(p: Promise<unknown>): Promise<{ status: number; key: string; extra?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status, key: e.messageKey, extra: e.extra };
    if (e instanceof ValidationError) return { status: 422, key: Object.entries(e.errors).map(([f, k]) => `${f}:${k}`).join(',') };
    throw e;
  }
  throw new Error('expected a refusal');
}
