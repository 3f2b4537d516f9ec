import path from 'node:path';

/** Everything the platform reads from its environment, read once and typed. */
export interface PlatformConfig {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  pgPort: number | undefined;
  logLevel: string;
  /** Days a deleted object or field can be restored before it is purged. */
  deletedRetentionDays: number;
}

function intFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535 * 1000) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  return {
    port: intFrom(env.PORT, 'PORT') ?? 4000,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.TESSERA_DATA_DIR || './.tessera'),
    pgPort: intFrom(env.TESSERA_PG_PORT, 'TESSERA_PG_PORT'),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    deletedRetentionDays: intFrom(env.TESSERA_DELETED_RETENTION_DAYS, 'TESSERA_DELETED_RETENTION_DAYS') ?? 30,
  };
}
