import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

/** What a storage backend knows of one stored object. */
export interface StoredHead {
  size: number;
}

/**
 * Where file contents live: a key → bytes store, nothing more. What a file is (its name, type,
 * owner, the record holding it) is the tenant's `_files` table; a backend never sees a client's
 * file name, only keys the platform made (`storageKey`).
 */
export interface FileStorage {
  /** `dataDir` (the default) or `s3` (TESSERA_S3_* set). */
  readonly kind: 'dataDir' | 's3';
  /** Stores `body` (exactly `size` bytes) under `key`, replacing nothing: keys are never reused. */
  put(key: string, body: Readable, size: number, contentType: string): Promise<void>;
  /** The bytes under `key`, streamed; null when there are none. */
  get(key: string): Promise<Readable | null>;
  head(key: string): Promise<StoredHead | null>;
  /** Removes `key`; removing a missing key is no error. */
  delete(key: string): Promise<void>;
}

/**
 * A new storage key for a file of `tenantId`: the tenant's id as a prefix (a tenant's files can be
 * listed, moved or dropped together) and a random UUID — never anything from the client.
 */
export function newStorageKey(tenantId: string): string {
  return `${tenantId}/${randomUUID()}`;
}

/** The key of a file's thumbnail, beside its own. */
export const thumbnailKey = (key: string): string => `${key}.thumb`;

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}(\.thumb)?$/;

/** Refuses a key the platform did not make (a path a backend must never be handed). */
export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
}
