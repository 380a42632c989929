import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { refererPath, safeReturnPath } from './redirect';

/** What a browser would do with the Location header: the origin it ends up on. */
const landsOn = (location: string) => new URL(location, 'https://doithoai.example').origin;

const hostile = [
  '/\\evil.example/',
  '/\\\\evil.example/',
  '/\\/evil.example/',
  '/\tevil.example/',
  '/\t/evil.example/',
  '//evil.example/',
  '///evil.example/',
  '/%5Cevil.example/',
  '/%2F/evil.example/',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  '\\\\evil.example',
  ' /evil',
  '/\n/evil.example',
  '',
];

describe('safeReturnPath', () => {
  it.each(hostile)('refuses %j', (next) => {
    expect(safeReturnPath(next)).toBeNull();
  });
  it('keeps paths on this site, with their query and fragment', () => {
    for (const ok of ['/', '/kien-nghi/KN-2026-000001', '/tin-tuc?q=%C4%91%E1%BA%A5t&page=2', '/cong-khai/5#gop-y', '/a/b/../c']) {
      expect(safeReturnPath(ok)).toBe(ok);
      expect(landsOn(ok)).toBe('https://doithoai.example');
    }
    expect(safeReturnPath(['/x'])).toBeNull();
  });
  it('refuses a Referer from another host or one whose path is //host', () => {
    const req = (referer: string) => ({ headers: { host: 'doithoai.example', referer } }) as never;
    expect(refererPath(req('https://evil.example/x'), '/f')).toBe('/f');
    expect(refererPath(req('https://doithoai.example//evil.example/'), '/f')).toBe('/f');
    expect(refererPath(req('https://doithoai.example/quan-tri/binh-luan?tab=words'), '/f')).toBe('/quan-tri/binh-luan?tab=words');
  });
});

describeEachEngine('return URLs over HTTP', (getApp) => {
  const encoded = ['/%5Cevil.example/', '/%5C%5Cevil.example/', '/%09/evil.example/', '/%5C/evil.example/', '//evil.example/', 'https%3A%2F%2Fevil.example%2F', '/%2F%2Fevil.example'];
  it.each(encoded)('/lang/en?next=%s stays on the site', async (next) => {
    const r = await getApp().server.inject({ method: 'GET', url: `/lang/en?next=${next}` });
    expect(r.statusCode).toBe(303);
    expect(landsOn(String(r.headers.location))).toBe('https://doithoai.example');
    expect(r.headers.location).toBe('/');
  });
  it.each(encoded)('/dang-nhap?next=%s does not carry it into the form', async (next) => {
    const r = await getApp().server.inject({ method: 'GET', url: `/dang-nhap?next=${next}` });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('name="next"');
  });
  it('keeps a good next', async () => {
    const r = await getApp().server.inject({ method: 'GET', url: `/lang/en?next=${encodeURIComponent('/tin-tuc?page=2')}` });
    expect(r.headers.location).toBe('/tin-tuc?page=2');
  });
});
