import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['platform/test/**/*.test.ts', 'runtime/test/**/*.test.ts', 'sdk/test/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    globalSetup: ['platform/test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
});
