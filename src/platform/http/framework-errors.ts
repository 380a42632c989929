import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LOCALE, isLocale, translator, type Translate } from '../i18n/i18n';
import { sendProblem, type Problem } from './problem';

/**
 * Errors Fastify answers itself, before any hook of ours ran (bad percent-encoding, a path parameter over the
 * length limit, and — on the socket — headers too large or a request the HTTP parser refuses), answered like every
 * other error: an RFC 9457 problem document in the visitor's language.
 */

export function problemTitle(t: Translate, status: number): string {
  const key = `error.status.${status}`;
  const s = t(key);
  return s === key ? t('error.status.generic') : s;
}

/** The `lang` cookie read from the raw header: the cookie plugin has not run for these requests. */
function translatorFor(cookieHeader: string | undefined): Translate {
  const lang = /(?:^|;\s*)lang=([a-z]{2})(?:;|$)/.exec(cookieHeader ?? '')?.[1];
  return translator(isLocale(lang) ? lang : DEFAULT_LOCALE);
}

const ROUTER_ERRORS: Record<string, { status: number; key: string }> = {
  FST_ERR_BAD_URL: { status: 400, key: 'error.badUrl' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, key: 'error.urlTooLong' },
};

/** Fastify's `frameworkErrors` option: the router's refusals. */
export function frameworkErrors(err: Error & { code?: string }, req: FastifyRequest, reply: FastifyReply) {
  const t = translatorFor(req.headers.cookie);
  const known = ROUTER_ERRORS[err.code ?? ''] ?? { status: 400, key: 'error.badRequest' };
  reply.header('x-content-type-options', 'nosniff');
  return sendProblem(reply, {
    type: 'about:blank',
    title: problemTitle(t, known.status),
    status: known.status,
    detail: t(known.key),
  });
}

/** Fastify's `clientErrorHandler` option: what the HTTP parser refuses, answered on the raw socket. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const t = translator(DEFAULT_LOCALE);
  const [status, key] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'error.headersTooLarge']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'error.timeout']
        : [400, 'error.badRequest'];
  const problem: Problem = { type: 'about:blank', title: problemTitle(t, status), status, detail: t(key) };
  const body = Buffer.from(JSON.stringify(problem));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${body.byteLength}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body);
  }
  socket.destroy(err);
}
