import { describe, expect, it } from 'vitest';
import { sameValue, valueAt } from '../src/scenarios/compare.ts';

describe('how expect compares a record\'s value with the scenario\'s', () => {
  it('equals a lookup read back as an object by its id, and a currency by its amount', () => {
    expect(sameValue({ id: 'a1', name: 'Acme' }, 'a1')).toBe(true);
    expect(sameValue({ id: 'a2' }, 'a1')).toBe(false);
    expect(sameValue({ amount: 11000, currency: 'CNY' }, 11000)).toBe(true);
    expect(sameValue({ amount: '11000.00', currency: 'CNY' }, 11000)).toBe(true);
    expect(sameValue({ amount: 10999, currency: 'CNY' }, 11000)).toBe(false);
    expect(sameValue({ amount: 5, currency: 'CNY' }, { currency: 'CNY' })).toBe(true);
  });

  it('reads numbers from decimal strings and instants by time, never a blank as zero', () => {
    expect(sameValue('12.50', 12.5)).toBe(true);
    expect(sameValue(12.5, '12.5')).toBe(true);
    expect(sameValue('', 0)).toBe(false);
    expect(sameValue('2026-03-02T01:00:00.000Z', '2026-03-02T09:00:00+08:00')).toBe(true);
    expect(sameValue('2026-03-02T01:00:01.000Z', '2026-03-02T09:00:00+08:00')).toBe(false);
    expect(sameValue('2026-03-02', '2026-03-02')).toBe(true);
  });

  it('takes null as empty, and compares lists item by item', () => {
    for (const empty of [null, undefined, '', []]) expect(sameValue(empty, null)).toBe(true);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue(false, null)).toBe(false);
    expect(sameValue(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue(['a'], ['a', 'b'])).toBe(false);
    expect(sameValue(null, 'x')).toBe(false);
  });

  it('finds values at dot paths through objects and lists', () => {
    const answer = { data: { approvalRequests: [{ tasks: [{ id: 't1' }] }] } };
    expect(valueAt(answer, 'data.approvalRequests.0.tasks.0.id')).toBe('t1');
    expect(valueAt(answer, 'data.approvalRequests.1.tasks')).toBeUndefined();
    expect(valueAt(answer, 'data.nothing.deeper')).toBeUndefined();
  });
});
