import { defineConfig } from 'vitest/config';

// One run covers every level: pure rules (src/**), modules against a real database (test/**),
// and browser flows (test/e2e/**). The database is PGlite unless DATABASE_URL is set.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One bureau day per test file, even across midnight in China (see test/setup/pin-today.ts).
    setupFiles: ['test/setup/pin-today.ts'],
    // Browser flows walk many pages, and CI runs two test files at a time on two cores.
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
