import { defineConfig } from 'vitest/config';

// Vitest runs the TypeScript sources directly (import.meta.glob bundles the migrations here too).
// Integration tests start real servers against dist/, which scripts/test.mjs builds once beforehand.
export default defineConfig({
  test: {
    environment: 'node',
    // Two cores: one test file per core; each integration file may start a server of its own.
    maxWorkers: 2,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 5_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
