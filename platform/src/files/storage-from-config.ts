import path from 'node:path';
import { DataDirStorage } from './data-dir-storage.ts';
import { S3Storage } from './s3-storage.ts';
import type { FileStorage } from './storage.ts';

/** 25 MB: the platform's largest file unless TESSERA_MAX_FILE_BYTES says otherwise; a field's `maxSize` is at most this. */
export const DEFAULT_MAX_FILE_BYTES = 25 * 2 ** 20;

/** Where files are kept and how large one may be, read once from the environment. */
export interface FilesConfig {
  maxBytes: number;
  s3?: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };
}

const S3_VARS = ['TESSERA_S3_ENDPOINT', 'TESSERA_S3_BUCKET', 'TESSERA_S3_ACCESS_KEY_ID', 'TESSERA_S3_SECRET_ACCESS_KEY'] as const;

export function readFilesConfig(env: NodeJS.ProcessEnv): FilesConfig {
  const raw = env.TESSERA_MAX_FILE_BYTES;
  const maxBytes = raw ? Number(raw) : DEFAULT_MAX_FILE_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0 || maxBytes > 2 ** 31 - 1) throw new Error(`TESSERA_MAX_FILE_BYTES must be a whole number of bytes below 2 GiB, got "${raw}"`);
  const given = S3_VARS.filter((name) => env[name]);
  if (given.length === 0) return { maxBytes };
  // Half an S3 configuration is a mistake to report at start, not a silent fall-back to the data directory.
  if (given.length !== S3_VARS.length) throw new Error(`S3 file storage needs ${S3_VARS.join(', ')}; missing ${S3_VARS.filter((n) => !env[n]).join(', ')}`);
  return {
    maxBytes,
    s3: {
      endpoint: env.TESSERA_S3_ENDPOINT!, bucket: env.TESSERA_S3_BUCKET!, region: env.TESSERA_S3_REGION || 'us-east-1',
      accessKeyId: env.TESSERA_S3_ACCESS_KEY_ID!, secretAccessKey: env.TESSERA_S3_SECRET_ACCESS_KEY!,
    },
  };
}

/** The S3 backend when configured, else the data directory's `files/` folder. */
export function fileStorageFrom(config: FilesConfig, dataDir: string): FileStorage {
  return config.s3 ? new S3Storage(config.s3) : new DataDirStorage(path.join(dataDir, 'files'));
}
