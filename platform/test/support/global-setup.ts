import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

import './server.ts';

/**
 * One real PostgreSQL for the whole run: the embedded one in a fresh temporary directory, unless
 * TEST_DATABASE_URL names another. Test files isolate themselves by creating their own tenants.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('databaseUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tessera-test-'));
  await fs.chmod(dir, 0o755);
  // A throw-away cluster: commits need not wait for the disk (the suite's many DDL transactions did).
  const db = await startEmbeddedPostgres({ dataDir: dir, durable: false });
  project.provide('databaseUrl', db.url);
  return async () => {
    await db.stop();
    await fs.rm(dir, { recursive: true, force: true });
  };
}
