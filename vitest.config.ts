import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    // Generous: CI shares two cores between the app, PostgreSQL and chromium; tests assert behaviour, never time.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
