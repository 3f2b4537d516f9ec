import { readConfig, startServer } from '@tessera/platform';
import { createWebhooksPlugin } from '../../src/webhooks/index.ts';

/** The server of the webhooks crash test, in a process of its own so the test can `kill -9` it. */
const server = await startServer({ ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), port: 0, databaseUrl: process.env.DATABASE_URL! }, {
  demoTenant: false, plugins: [createWebhooksPlugin()],
});
console.log(`PORT=${server.port}`);
