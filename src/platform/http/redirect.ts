import type { FastifyRequest } from 'fastify';

/**
 * The one check of every return URL (`next`, `back`, the Referer a form came from): a path on this site, or null.
 * Browsers treat `\` as `/`, drop tabs and newlines inside URLs, and read `//host` and `/\host` as another site,
 * so anything but a plain same-origin path is refused; the value is then resolved the way a browser would and must
 * still be on this origin.
 */
export function safeReturnPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length === 0 || next.length > 1000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u0020\u007f-\u009f]/.test(next)) return null;
  // A percent-encoded slash, backslash or control character may be decoded once more by a proxy or a second hop.
  if (/^\/(%2f|%5c)/i.test(next)) return null;
  try {
    const base = 'http://x.invalid';
    const u = new URL(next, base);
    if (u.origin !== base || u.pathname.startsWith('//')) return null;
  } catch {
    return null;
  }
  return next;
}

/** `safeReturnPath`, or the fallback when it refuses. */
export function returnPathOr(next: unknown, fallback: string): string {
  return safeReturnPath(next) ?? fallback;
}

/** The page a form was posted from (its Referer), when it is on this site; else the fallback. */
export function refererPath(req: FastifyRequest, fallback: string): string {
  const ref = req.headers.referer;
  if (!ref) return fallback;
  try {
    const u = new URL(ref);
    if (u.host !== req.headers.host) return fallback;
    return returnPathOr(u.pathname + u.search, fallback);
  } catch {
    return fallback;
  }
}

/** The sign-in page, coming back to `next` afterwards. */
export function signInUrl(next: string): string {
  const back = safeReturnPath(next);
  return back ? `/dang-nhap?next=${encodeURIComponent(back)}` : '/dang-nhap';
}
