import path from 'node:path';
import { readFilesConfig, type FilesConfig } from '../files/storage-from-config.ts';

/** Everything the platform reads from its environment, read once and typed. */
export interface PlatformConfig {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  pgPort: number | undefined;
  logLevel: string;
  /** Days a deleted object or field can be restored before it is purged. */
  deletedRetentionDays: number;
  /** The largest request body `/graphql` and `/metadata` read (bytes); larger ones are 413 LIMIT_EXCEEDED. */
  maxBodyBytes: number;
  /** TESSERA_TEST_CLOCK=1: the platform's clock is manual, moved by admins (advanceClock, setClock). */
  testClock: boolean;
  /** TESSERA_WORKER=off: this process runs no jobs, timer sweeps or event delivery (`npm run worker` processes do). */
  worker: boolean;
  /**
   * What the `demo` tenant made on first start with an empty database holds: `crm` (default) the
   * crm-core template and sample data; TESSERA_DEMO=empty nothing (an empty tenant, as before).
   */
  demo: 'crm' | 'empty';
  /** Uploaded files: the largest (TESSERA_MAX_FILE_BYTES, default 25 MB) and an S3-compatible bucket (TESSERA_S3_*), else the data directory. */
  files: FilesConfig;
}

/** 16 MB: a bulk create of 10,000 records with a few fields each fits many times over. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 2 ** 20;

function intFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535 * 1000) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

function demoFrom(value: string | undefined): PlatformConfig['demo'] {
  if (value === undefined || value === '' || value === 'crm') return 'crm';
  if (value === 'empty') return 'empty';
  throw new Error(`TESSERA_DEMO must be crm or empty, got "${value}"`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  return {
    port: intFrom(env.PORT, 'PORT') ?? 4000,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.TESSERA_DATA_DIR || './.tessera'),
    pgPort: intFrom(env.TESSERA_PG_PORT, 'TESSERA_PG_PORT'),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    deletedRetentionDays: intFrom(env.TESSERA_DELETED_RETENTION_DAYS, 'TESSERA_DELETED_RETENTION_DAYS') ?? 30,
    maxBodyBytes: intFrom(env.TESSERA_MAX_BODY_BYTES, 'TESSERA_MAX_BODY_BYTES') || DEFAULT_MAX_BODY_BYTES,
    testClock: env.TESSERA_TEST_CLOCK === '1',
    worker: env.TESSERA_WORKER !== 'off',
    demo: demoFrom(env.TESSERA_DEMO),
    files: readFilesConfig(env),
  };
}
