import fs from 'node:fs';
import { postgresReachable, TEST_PG_URL } from './engines';

/** Says plainly, once, which suites will be skipped on this machine and why. */
export default async function setup() {
  const notes: string[] = [];
  if (!(await postgresReachable())) {
    if (process.env.CI === 'true') throw new Error(`CI: PostgreSQL is not reachable at ${TEST_PG_URL}; nothing may be skipped under CI.`);
    notes.push(`PostgreSQL server not reachable at ${TEST_PG_URL}: database suites run on PGlite only (set TEST_DATABASE_URL).`);
  }
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    if (process.env.CI === 'true') throw new Error('CI: /usr/bin/chromium is missing; nothing may be skipped under CI.');
    notes.push('Chromium not found at /usr/bin/chromium: end-to-end suites are skipped (apt-get install chromium).');
  }
  for (const n of notes) console.warn(`\n[SKIPPED] ${n}`);
}
