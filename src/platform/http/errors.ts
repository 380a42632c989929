import type { Translate } from '../i18n/i18n';

/** A field-level validation failure. `errors` maps a field name to a message key (or text). */
export class ValidationError extends Error {
  constructor(
    readonly errors: Record<string, string>,
    readonly params: Record<string, Record<string, string | number>> = {},
  ) {
    super('validation');
  }
  messages(t: Translate): Record<string, string> {
    return Object.fromEntries(Object.entries(this.errors).map(([k, v]) => [k, t(v, this.params[k])]));
  }
}

/** An error with an HTTP status and a message key, shown to the user as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    readonly params?: Record<string, string | number>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(messageKey);
  }
}

export const notFound = (key = 'error.notFound') => new HttpError(404, key);
export const forbidden = (key = 'error.forbidden') => new HttpError(403, key);
export const unauthorized = (key = 'error.unauthorized') => new HttpError(401, key);
export const conflict = (key: string, params?: Record<string, string | number>) => new HttpError(409, key, params);
