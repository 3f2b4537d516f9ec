import { randomFillSync } from 'node:crypto';

// Random bytes for 256 ids at a time: one call into the CSPRNG per 256 ids, not one per id (bulk creates make many).
const pool = Buffer.allocUnsafe(16 * 256);
let offset = pool.length;

/** A UUIDv7: 48 bits of milliseconds, then random bits, so ids sort by creation time. */
export function uuidv7(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const at = offset;
  offset += 16;
  const ms = Date.now();
  const high = Math.floor(ms / 0x1000000);
  pool[at] = (high / 0x10000) & 0xff;
  pool[at + 1] = (high / 0x100) & 0xff;
  pool[at + 2] = high & 0xff;
  pool[at + 3] = (ms / 0x10000) & 0xff;
  pool[at + 4] = (ms / 0x100) & 0xff;
  pool[at + 5] = ms & 0xff;
  pool[at + 6] = (pool[at + 6] & 0x0f) | 0x70;
  pool[at + 8] = (pool[at + 8] & 0x3f) | 0x80;
  const hex = pool.toString('hex', at, at + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export { shortId } from './short-id.ts';
