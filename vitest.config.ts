import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds. Node loads the CommonJS one for every
    // package; Vite would give our sources the ESM one, and two copies of graphql cannot share a schema.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
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
