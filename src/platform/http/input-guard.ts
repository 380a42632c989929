import type { FastifyRequest } from 'fastify';
import { HttpError, ValidationError } from './errors';
import { isApiPath } from './problem';
import { unstorableFields } from './validate';

/**
 * Refuses, before any handler runs (so nothing is written), a request whose path parameters, query or body carry
 * text no database stores (NUL, lone surrogates): the API answers a 422 naming each field; a page a 400 (no form
 * can be shown again for a URL or a body no browser sends). A page's form body is left to the form's own
 * `validate`, which names the field beside the form re-rendered; multipart fields are read by the handler
 * (`readForm`), then validated the same way.
 */
export async function refuseUnstorableInput(req: FastifyRequest): Promise<void> {
  const errors: Record<string, string> = {};
  for (const f of unstorableFields(req.params)) errors[f] = 'validation.badText';
  for (const f of unstorableFields(req.query)) errors[f] = 'validation.badText';
  const type = String(req.headers['content-type'] ?? '');
  const pageForm = !isApiPath(req.url) && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/'));
  if (!pageForm) for (const f of unstorableFields(req.body)) errors[f] = 'validation.badText';
  if (!Object.keys(errors).length) return;
  if (isApiPath(req.url)) throw new ValidationError(errors);
  throw new HttpError(400, 'validation.badText');
}
