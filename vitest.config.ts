import { defineConfig } from 'vitest/config';

const PG_SETUP = 'platform/test/support/global-setup.ts';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds. Node loads the CommonJS one for every
    // package; Vite would give our sources the ESM one, and two copies of graphql cannot share a schema.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Every test server may deliver webhooks to the receivers tests start on localhost: servers share one
    // job queue, so a delivery enqueued by one suite's server can be run by another suite's (the SSRF
    // test takes the allowance away around itself, in its own worker).
    env: { NODE_ENV: 'test', TESSERA_WEBHOOKS_ALLOW_PRIVATE: '1' },
    projects: [
      {
        extends: true,
        test: {
          name: 'platform',
          // Each worker evaluates the platform's modules once, not once per file (a third of the run's
          // time went to that); every file starts its own server, tenant and clients all the same.
          isolate: false,
          include: ['platform/test/**/*.test.ts', 'runtime/test/**/*.test.ts', 'sdk/test/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: [PG_SETUP],
        },
      },
      {
        // Studio components in a simulated DOM (jsdom) with Testing Library.
        extends: true,
        test: { name: 'studio', include: ['studio/test/components/**/*.test.tsx'], environment: 'jsdom', setupFiles: ['studio/test/components/setup.ts'] },
      },
      {
        // The built studio in Debian's chromium (playwright-core) against the real server and PostgreSQL.
        extends: true,
        test: { name: 'browser', isolate: false, include: ['studio/test/browser/**/*.test.ts'], globalSetup: [PG_SETUP, 'studio/test/browser/build-studio.ts'], testTimeout: 120_000 },
      },
    ],
  },
});
