import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { checkCsrf, CSRF_COOKIE } from './csrf';

const TOKEN = 'csrf-token-for-tests-0123456789';
const PUBLIC = 'https://doithoai.example.vn';

function req(over: { type: string; headers?: Record<string, string>; query?: Record<string, string>; body?: Record<string, string>; cookie?: boolean }) {
  return {
    method: 'POST',
    headers: { 'content-type': over.type, host: 'doithoai.example.vn', ...over.headers },
    cookies: over.cookie === false ? {} : { [CSRF_COOKIE]: TOKEN },
    query: over.query ?? {},
    body: over.body,
  } as unknown as FastifyRequest;
}
const refused = (r: FastifyRequest) => {
  try {
    checkCsrf(r, PUBLIC);
    return false;
  } catch (e) {
    return (e as { status?: number }).status === 403;
  }
};
const MULTIPART = 'multipart/form-data; boundary=x';

describe('CSRF', () => {
  it('a multipart form needs no token in its address when the browser says it comes from our own origin', () => {
    expect(refused(req({ type: MULTIPART, headers: { origin: PUBLIC } }))).toBe(false);
    expect(refused(req({ type: MULTIPART, headers: { 'sec-fetch-site': 'same-origin' } }))).toBe(false);
  });

  it('refuses a multipart form from another site, or with no origin at all, or without the CSRF cookie', () => {
    expect(refused(req({ type: MULTIPART, headers: { origin: 'https://evil.example' } }))).toBe(true);
    expect(refused(req({ type: MULTIPART, headers: { 'sec-fetch-site': 'cross-site' } }))).toBe(true);
    expect(refused(req({ type: MULTIPART }))).toBe(true);
    expect(refused(req({ type: MULTIPART, headers: { origin: PUBLIC }, cookie: false }))).toBe(true);
  });

  it('still checks a token given in the query string, and always the token of a urlencoded form', () => {
    expect(refused(req({ type: MULTIPART, query: { _csrf: TOKEN } }))).toBe(false);
    expect(refused(req({ type: MULTIPART, query: { _csrf: 'wrong-token-wrong-token-00' }, headers: { origin: PUBLIC } }))).toBe(true);
    const form = 'application/x-www-form-urlencoded';
    expect(refused(req({ type: form, body: { _csrf: TOKEN } }))).toBe(false);
    expect(refused(req({ type: form, body: {}, headers: { origin: PUBLIC } }))).toBe(true);
  });
});
