import { describe, expect, it } from 'vitest';
import { orderByConstraints, OrderError } from '../src/util/order.ts';

const names = (items: { name: string }[]) => items.map((i) => i.name);

describe('plugin order: declared, never implied by registration', () => {
  it('keeps registration order where nothing is declared', () => {
    expect(names(orderByConstraints([{ name: 'a' }, { name: 'b' }, { name: 'c' }]))).toEqual(['a', 'b', 'c']);
  });
  it('follows before and after, whichever side declares them', () => {
    expect(names(orderByConstraints([{ name: 'audit' }, { name: 'access', before: ['audit'] }, { name: 'scripts', after: ['access'] }]))).toEqual(['access', 'audit', 'scripts']);
    expect(names(orderByConstraints([{ name: 'z', after: ['y'] }, { name: 'y', after: ['x'] }, { name: 'x' }]))).toEqual(['x', 'y', 'z']);
  });
  it('ignores names that are not installed (optional neighbours)', () => {
    expect(names(orderByConstraints([{ name: 'a', after: ['missing'] }, { name: 'b', before: ['gone'] }]))).toEqual(['a', 'b']);
  });
  it('refuses a cycle, naming its members, and duplicate names', () => {
    expect(() => orderByConstraints([{ name: 'a', before: ['b'] }, { name: 'b', before: ['c'] }, { name: 'c', before: ['a'] }, { name: 'd' }])).toThrow(/a, b, c is circular/);
    expect(() => orderByConstraints([{ name: 'a' }, { name: 'a' }])).toThrow(OrderError);
  });
  it('is stable and total on a larger random set of constraints', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ name: `p${i}`, after: i > 0 ? [`p${Math.floor(i / 2)}`] : [] }));
    const order = names(orderByConstraints([...items].reverse()));
    for (const item of items) for (const a of item.after) expect(order.indexOf(a)).toBeLessThan(order.indexOf(item.name));
  });
});
