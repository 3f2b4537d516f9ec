import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, type FileStorage, type StoredHead } from './storage.ts';

/**
 * Files under the platform's data directory (`<TESSERA_DATA_DIR>/files/<tenant id>/<uuid>`, beside
 * the embedded PostgreSQL's data): the default backend. A put writes a temporary name and renames
 * it, so a reader never sees half a file and a failed put leaves nothing under the key.
 */
export class DataDirStorage implements FileStorage {
  readonly kind = 'dataDir' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
      const written = (await stat(partial)).size;
      if (written !== size) throw new Error(`Stored ${written} bytes of ${size}`);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | null> {
    const file = this.pathOf(key);
    if (!(await this.head(key))) return null;
    return createReadStream(file);
  }

  async head(key: string): Promise<StoredHead | null> {
    try {
      const s = await stat(this.pathOf(key));
      return s.isFile() ? { size: s.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
