import type { PlatformConfig } from '../config/config.ts';
import { startEmbeddedPostgres } from './embedded.ts';

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise a real embedded PostgreSQL in the data directory. */
export async function openDatabase(config: PlatformConfig, onLog?: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  const db = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.pgPort, onLog });
  return { url: db.url, embedded: true, stop: () => db.stop() };
}
