import { readConfig, startServer } from '@tessera/platform';
import { createImportsPlugin } from '../../../src/imports/index.ts';

/** The server of the imports' kill -9 test, in a process of its own so the test can kill it mid-import. */
const server = await startServer({ ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), port: 0, databaseUrl: process.env.DATABASE_URL! }, {
  demoTenant: false,
  plugins: [createImportsPlugin({ batchSize: 200 })],
});
console.log(`PORT=${server.port}`);
