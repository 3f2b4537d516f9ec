import { describe, expect, it } from 'vitest';
import { differences, merge3 } from '../../src/packages/index.ts';

/** The three-way merge of an upgrade (packages/install/merge.ts): base = as installed, theirs = the new version, mine = live. */
const field = (name: string, more: Record<string, unknown> = {}) => ({ name, type: 'text', label: { en: name }, ...more });

describe('merge3', () => {
  it('takes the side that changed; when both changed a label, layout or list columns, the subscriber\'s; anything else, the package\'s', () => {
    const base = { name: 'lead', label: { en: 'Lead' }, sharing: 'PRIVATE', layout: { sections: [{ fields: [{ field: 'a' }] }] } };
    const theirs = { ...base, label: { en: 'Prospect' }, sharing: 'PUBLIC_READ', layout: { sections: [{ fields: [{ field: 'a' }, { field: 'b' }] }] } };
    const mine = { ...base, label: { en: 'Our lead' }, sharing: 'PUBLIC_READ_WRITE', layout: { sections: [{ label: 'Ours', fields: [{ field: 'a' }] }] } };
    expect(merge3(base, theirs, mine)).toEqual({ name: 'lead', label: { en: 'Our lead' }, sharing: 'PUBLIC_READ', layout: mine.layout });
    expect(merge3(base, theirs, base)).toEqual(theirs);
    expect(merge3(base, base, mine)).toEqual(mine);
  });

  it('merges fields by name: the subscriber\'s own fields stay, fields the package removed go, fields it added come after their predecessor', () => {
    const base = { fields: [field('a'), field('b'), field('c')] };
    const theirs = { fields: [field('a', { required: true }), field('new'), field('c')] };
    const mine = { fields: [field('c'), field('a', { helpText: 'ours' }), field('b'), field('mine')] };
    const merged = merge3(base, theirs, mine) as { fields: { name: string }[] };
    expect(merged.fields).toEqual([field('c'), field('a', { required: true, helpText: 'ours' }), field('new'), field('mine')]);
  });

  it('merges a select\'s options by value: the subscriber\'s option labels stay, the package\'s new options arrive', () => {
    const option = (value: string, en: string) => ({ value, label: { en } });
    const base = field('status', { type: 'select', options: [option('A', 'A'), option('B', 'B')] });
    const theirs = field('status', { type: 'select', options: [option('A', 'Alpha'), option('B', 'B'), option('C', 'C')] });
    const mine = field('status', { type: 'select', options: [option('A', 'Ours'), option('B', 'Bee')] });
    expect((merge3(base, theirs, mine) as { options: unknown }).options).toEqual([option('A', 'Ours'), option('B', 'Bee'), option('C', 'C')]);
  });

  it('keeps what only the subscriber has and drops what only the package removed, at any depth', () => {
    expect(merge3({ a: 1, b: 2 }, { a: 1 }, { a: 1, b: 2, c: 3 })).toEqual({ a: 1, c: 3 });
    expect(merge3(undefined, { a: 1 }, undefined)).toEqual({ a: 1 });
    expect(merge3({ a: 1 }, undefined, { a: 1 })).toBeUndefined();
  });
});

describe('differences', () => {
  it('points into objects and named lists, with both values', () => {
    const base = { label: { en: 'Lead' }, fields: [field('a'), field('b')] };
    const live = { label: { en: 'Our lead' }, fields: [field('a', { helpText: 'h' }), field('b'), field('mine')] };
    expect(differences(base, live)).toEqual([
      { pointer: '/label/en', packageValue: 'Lead', value: 'Our lead' },
      { pointer: '/fields/a/helpText', packageValue: null, value: 'h' },
      { pointer: '/fields/mine', packageValue: null, value: field('mine') },
    ]);
    expect(differences({ fields: [field('a'), field('b')] }, { fields: [field('b'), field('a')] })).toEqual([{ pointer: '/fields', packageValue: ['a', 'b'], value: ['b', 'a'] }]);
    expect(differences(base, structuredClone(base))).toEqual([]);
  });
});
