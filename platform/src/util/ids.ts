import { randomBytes } from 'node:crypto';

/** A UUIDv7: 48 bits of milliseconds, then random bits, so ids sort by creation time. */
export function uuidv7(): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The last 12 hex digits of a uuid (its random part for v7): short, stable, safe in identifiers. */
export function shortId(uuid: string): string {
  return uuid.replace(/-/g, '').slice(-12);
}
