import { defineConfig } from 'vitest/config';

// One run covers every level: pure rules (src/**), modules against a real database (test/**),
// and browser flows (test/e2e/**). The database is PGlite unless DATABASE_URL is set.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
