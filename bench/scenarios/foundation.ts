import { defineScenario, type BenchRequest } from '../types';

/**
 * The platform and the directory on the demo province: probes, the home page, the units API and pages,
 * and the login API. Nothing to generate: the demo data (34 provinces, 3,321 communes, Sơn La's agencies
 * and accounts) is what a fresh install has.
 */
export const foundation = defineScenario({
  name: 'foundation',
  title: 'Platform and directory (demo data)',
  description:
    'A fresh install with the demo province: 34 provinces and 3,321 commune-level units, Sơn La\'s agencies and the demo accounts. ' +
    'The login API hashes with scrypt on every call by design (it is the cost of a password check), and each request comes from a ' +
    'different client address (X-Forwarded-For) so that the per-address login limit is not what is measured.',
  requests: (): BenchRequest[] => [
    { name: 'GET /healthz', path: '/healthz' },
    { name: 'GET /readyz (database round trip)', path: '/readyz' },
    { name: 'GET / (home page)', path: '/', headers: { accept: 'text/html' } },
    { name: 'GET /api/v1/units?parent=14 (Sơn La\'s 75 communes)', path: '/api/v1/units?parent=14', target: 'p99 ≤ 50 ms' },
    { name: 'GET /api/v1/units?q=chieng%20coi (search)', path: '/api/v1/units?q=chieng%20coi', target: 'p95 ≤ 50 ms' },
    { name: 'GET /don-vi (units page)', path: '/don-vi', headers: { accept: 'text/html' }, optional: true },
    { name: 'GET /don-vi?q=chieng%20coi (units page search)', path: '/don-vi?q=chieng%20coi', headers: { accept: 'text/html' }, optional: true },
    {
      name: 'POST /api/v1/auth/login',
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'congdan@example.com', password: 'DoiThoai@2026' }),
      vary: (i) => ({ headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } }),
      optional: true,
    },
  ],
});
