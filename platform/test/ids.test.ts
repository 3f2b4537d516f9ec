import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/util/ids.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 1 UUID whose first 48 bits are the current milliseconds', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('stays unique and random across many refills of its byte pool', () => {
    const ids = Array.from({ length: 100_000 }, uuidv7);
    expect(new Set(ids).size).toBe(ids.length);
    // The random part varies: every hex digit shows up in the last position.
    expect(new Set(ids.map((id) => id.at(-1))).size).toBe(16);
  });
});
