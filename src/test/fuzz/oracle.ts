import type { FuzzRequest } from './request';

/** What a request may be answered: never a 5xx; a refusal in the house's form. Returns the fault, or null. */
export function judge(req: FuzzRequest, res: { status: number; type: string; body: string; safetyNet?: string }): string | null {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.safetyNet) return `${res.status}, but only thanks to the error handler's safety net (${res.safetyNet}): check the input before the database`;
  if (res.status < 400) return null;
  const problem = res.type.startsWith('application/problem+json');
  if (problem) {
    let p: { status?: unknown; title?: unknown; detail?: unknown };
    try {
      p = JSON.parse(res.body);
    } catch {
      return `${res.status}: problem+json that is not JSON`;
    }
    if (p.status !== res.status || typeof p.title !== 'string' || typeof p.detail !== 'string') return `${res.status}: problem document without status/title/detail`;
    // Vietnamese first: no visitor here asked for English.
    if (!/[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i.test(`${p.title} ${p.detail}`)) return `${res.status}: problem not in Vietnamese: ${p.title} — ${p.detail}`;
  }
  if (req.kind === 'api') {
    if (problem) return null;
    // Open311 GeoReport v2 prescribes its own error list, [{ code, description }].
    if (req.url.startsWith('/open311/') && /^(application\/(json|xml)|text\/xml)/.test(res.type) && /"description"|<description>/.test(res.body)) return null;
    return `${res.status} not as application/problem+json (${res.type || 'no content type'})`;
  }
  // A page. The router's own refusals (a broken URL) come before any page exists: problem+json is their answer.
  if (problem) return [400, 414, 431].includes(res.status) ? null : `${res.status}: a page answered problem+json`;
  if (!res.type.startsWith('text/html')) return `${res.status}: a page answered ${res.type || 'no content type'}`;
  if (!/<h1\b/.test(res.body)) return `${res.status}: a page without a heading`;
  if (req.typed && req.method === 'POST' && res.status === 422 && !/class="(field-error|error-summary)"|role="alert"/.test(res.body)) {
    return '422: the form was not shown again with its message';
  }
  // Otherwise an error page will do, if it says what is wrong.
  if (!/<h1\b[^>]*>[^<]+<\/h1>\s*<p>[^<]+|class="(field-error|error-summary)"|role="alert"/.test(res.body)) return `${res.status}: a page without a message`;
  return null;
}
