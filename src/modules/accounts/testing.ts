/**
 * Helpers for other modules' tests: act as a demo (or any) user through the real login form.
 *
 *   const { cookie, csrf } = await loginAs(app, 'chutich@example.com');
 *   await app.server.inject({ method: 'POST', url: '/…', headers: { cookie }, payload: { _csrf: csrf, … } }); // form
 *   await app.server.inject({ method: 'POST', url: '/api/v1/…', headers: { cookie, origin: 'http://localhost:3000' }, payload: {…} }); // JSON
 */
import type { App } from '../../app';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http/csrf';
import { DEMO_PASSWORD } from './seed';

export { DEMO_PASSWORD };

type Injected = Awaited<ReturnType<App['server']['inject']>>;

/** The cookies a response set, by name (an empty value means the cookie was cleared). */
export function setCookies(res: Injected): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of res.cookies as Array<{ name: string; value: string }>) out.set(c.name, c.value);
  return out;
}

export function cookieHeader(cookies: Map<string, string> | Record<string, string>): string {
  const entries = cookies instanceof Map ? [...cookies.entries()] : Object.entries(cookies);
  return entries
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

/** The hidden _csrf value of a rendered form. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field in the page');
  return m[1];
}

/** A urlencoded form body, as a browser sends it. */
export function formBody(fields: Record<string, string | number | boolean | undefined | null | string[]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, x);
    else q.append(k, String(v));
  }
  return q.toString();
}

export const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Posts a form as a signed-in browser does (urlencoded, with `_csrf`):
 *   const res = await postForm(app, '/tai-khoan', me, { name: 'Nguyễn Văn An' });
 */
export function postForm(
  app: App,
  url: string,
  as: { cookie: string; csrf: string } | null,
  fields: Record<string, string | number | boolean | undefined | null | string[]>,
  headers: Record<string, string> = {},
) {
  return app.server.inject({
    method: 'POST',
    url,
    headers: { 'content-type': FORM_TYPE, accept: 'text/html', ...(as ? { cookie: as.cookie } : {}), ...headers },
    payload: formBody({ ...(as ? { _csrf: as.csrf } : {}), ...fields }),
  });
}

let counter = 0;

/**
 * Logs in through GET + POST /dang-nhap (app.server.inject) and returns the `cookie` header value
 * (dt_session and dt_csrf) and the CSRF token to put in forms as `_csrf`. Each call comes from its own
 * documentation-range IP address (x-forwarded-for, 198.51.100.0/24), so that many logins in one test
 * file do not run into the per-IP sign-in limit.
 */
export async function loginAs(app: App, login: string, password = DEMO_PASSWORD): Promise<{ cookie: string; csrf: string }> {
  const ip = `198.51.100.${(counter++ % 250) + 1}`;
  const page = await app.server.inject({ method: 'GET', url: '/dang-nhap', headers: { 'x-forwarded-for': ip } });
  const jar = setCookies(page);
  const csrf = jar.get(CSRF_COOKIE);
  if (!csrf) throw new Error('GET /dang-nhap set no CSRF cookie');
  const res = await app.server.inject({
    method: 'POST',
    url: '/dang-nhap',
    headers: { cookie: cookieHeader(jar), 'x-forwarded-for': ip, 'content-type': FORM_TYPE, accept: 'text/html' },
    payload: formBody({ _csrf: csrf, login, password }),
  });
  if (res.statusCode !== 303) {
    const msg = /role="alert"[^>]*>\s*<p>([^<]*)/.exec(res.body)?.[1] ?? res.body.slice(0, 300);
    throw new Error(`loginAs(${login}) failed with ${res.statusCode}: ${msg}`);
  }
  for (const [k, v] of setCookies(res)) jar.set(k, v);
  const session = jar.get(SESSION_COOKIE);
  const newCsrf = jar.get(CSRF_COOKIE);
  if (!session || !newCsrf) throw new Error('the login set no session cookie');
  return { cookie: cookieHeader({ [SESSION_COOKIE]: session, [CSRF_COOKIE]: newCsrf }), csrf: newCsrf };
}
