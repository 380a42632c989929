/** A request the fuzz suite sends, kept printable so that a failure shows exactly what was sent. */
export interface FuzzRequest {
  /** 'api': judged as an API answer (problem+json); 'page': as a page (HTML, the form re-rendered). */
  kind: 'api' | 'page';
  /** The operation or form it exercises, e.g. "POST /api/v1/petitions" or "form POST /kien-nghi/gui". */
  target: string;
  /** What was mutated, e.g. "body.title", "query.unit", "content-type". */
  mutation: string;
  method: string;
  /** Already encoded (possibly badly, on purpose). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * A form as a browser sends it, only what a person typed being odd: a 422 must show the form again with its
   * message. (A hidden field, a raw body or a wrong content type may get an error page instead.)
   */
  typed?: boolean;
}

/** Who sends it: the cookies to add (none for an anonymous visitor) and the CSRF token forms must echo. */
export interface Visitor {
  name: 'anonymous' | 'citizen' | 'officer';
  cookie?: string;
  csrf: string;
}

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);

/** The request as a JSON line, with long strings cut, escapes kept visible (\u0000, \ud800). */
export function describeRequest(r: FuzzRequest): string {
  return JSON.stringify({ ...r, url: clip(r.url), body: r.body === undefined ? undefined : clip(r.body) });
}

export const BOUNDARY = '----doithoaiFuzzBoundary7MA4YWxkTrZu0gW';

/** A multipart/form-data body: text fields and files, optionally cut short. */
export function multipartBody(fields: Array<[string, string]>, files: Array<{ name: string; filename: string; type: string; data: string }>, cutAt?: number): string {
  let s = '';
  for (const [k, v] of fields) s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  for (const f of files) {
    s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n${f.data}\r\n`;
  }
  s += `--${BOUNDARY}--\r\n`;
  return cutAt === undefined ? s : s.slice(0, Math.max(1, Math.floor(s.length * cutAt)));
}

/** A urlencoded body; the values are encoded as a browser would (lone surrogates become U+FFFD as in UTF-8). */
export function formEncode(fields: Array<[string, string]>): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k.toWellFormed())}=${encodeURIComponent(v.toWellFormed())}`).join('&');
}
