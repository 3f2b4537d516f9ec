import { readConfig, startServer } from '@tessera/platform';
import { createWorkflowsPlugin } from '../../../src/workflows/index.ts';

/** The server of the workflows' crash test, in a process of its own so the test can `kill -9` it. */
const server = await startServer({ ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), port: 0, databaseUrl: process.env.DATABASE_URL! }, {
  demoTenant: false,
  plugins: [createWorkflowsPlugin()],
});
console.log(`PORT=${server.port}`);
