import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES } from './sniff.ts';

/** An upload written to a temporary file as it arrived: its size, SHA-256 and first bytes. */
export interface Spooled {
  path: string;
  size: number;
  sha256: string;
  head: Buffer;
  remove(): Promise<void>;
}

/** Thrown when the stream passes `maxBytes`: nothing past the limit is written. */
export class TooLarge extends Error {}

/**
 * Streams an upload to a temporary file, counting, hashing and keeping its first bytes on the way,
 * and stops at `maxBytes` (the limit is enforced as bytes arrive, not after): the type can only be
 * known from the content, and the content is checked before anything reaches storage.
 */
export async function spool(source: Readable, maxBytes: number): Promise<Spooled> {
  const dir = path.join(os.tmpdir(), 'tessera-uploads');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, randomUUID());
  const hash = createHash('sha256');
  const heads: Buffer[] = [];
  let size = 0;
  let headSize = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooLarge(`more than ${maxBytes} bytes`));
      hash.update(chunk);
      if (headSize < SNIFF_BYTES * 512) { heads.push(chunk); headSize += chunk.length; }
      done(null, chunk);
    },
  });
  const remove = () => rm(file, { force: true });
  try {
    await pipeline(source, meter, createWriteStream(file, { flags: 'wx' }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path: file, size, sha256: hash.digest('hex'), head: Buffer.concat(heads), remove };
}
