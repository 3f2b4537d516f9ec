import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enumValueNames, isEnumValueName, optionNames } from '../../src/graphql/option-names.ts';

const GRAPHQL_ENUM_VALUE = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** The inflector's rule for option values that are no GraphQL names (docs/architecture.md, "Option enums"). */
describe('enum value names of option values', () => {
  it('keeps a value that is a GraphQL name as it is, and maps the others readably', () => {
    expect(enumValueNames(['MQL', '_x', 'x_', 'snake_case', 'Closed Won', '1st call', 'a-b', '已成交', 'Café', 'Ａ', '合同-A', '---', 'v1.2'])).toEqual([
      'MQL', '_x', 'x_', 'snake_case', 'Closed_Won', '_1st_call', 'a_b', '_u5DF2_u6210_u4EA4', 'Cafe', 'A', '_u5408_u540C_A', '_', 'v1_2',
    ]);
  });

  it('never answers true, false or null (the grammar reads them as literals), nor a name beginning with __ (introspection\'s)', () => {
    expect(enumValueNames(['true', 'null ', 'false!'])).toEqual(['true_', 'null_', 'false_']);
    expect(isEnumValueName('true')).toBe(false);
    expect(enumValueNames(['__typename', '___', '__x'])).toEqual(['_typename', '_', '_x']);
    expect(isEnumValueName('__x')).toBe(false);
  });

  it('keeps names unique when mapped values collide with each other or with a value: each mapped one carries a hash of its value', () => {
    const names = enumValueNames(['Closed Won', 'Closed_Won', 'a-b', 'a b', 'a.b', 'Café', 'Cafe']);
    expect(names[1]).toBe('Closed_Won');
    expect(names[0]).toMatch(/^Closed_Won_[0-9A-F]{8}$/);
    expect(names.slice(2, 5).every((n) => /^a_b_[0-9A-F]{8}$/.test(n))).toBe(true);
    expect(names[5]).toMatch(/^Cafe_[0-9A-F]{8}$/);
    expect(names[6]).toBe('Cafe');
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(GRAPHQL_ENUM_VALUE);
  });

  it('is stable: the same value gets the same name whatever the order of the options or the unrelated options beside it', () => {
    const a = enumValueNames(['Closed Won', 'Closed_Won', 'New']);
    const b = enumValueNames(['Lost', 'Closed_Won', 'Closed Won']);
    expect(b[2]).toBe(a[0]);
    expect(enumValueNames(['Closed Won', 'Open'])[0]).toBe('Closed_Won');
  });

  it('stays unique even when a value is spelled like another one\'s hashed name', () => {
    const [hashed] = enumValueNames(['Closed Won', 'Closed_Won']);
    const names = enumValueNames(['Closed Won', 'Closed_Won', hashed]);
    expect(new Set(names).size).toBe(3);
    expect(names[2]).toBe(hashed);
    for (const n of names) expect(n).toMatch(GRAPHQL_ENUM_VALUE);
  });

  it('answers valid, unique names for any options: never __ at the start, not even when mapped values share the form `_` (fuzz seed 1149363414)', () => {
    // '' and ' ' both read as `_`: joined to their hashes they began with `__`, an invalid schema that broke introspection for the tenant.
    for (const n of enumValueNames(['', ' ', '-'])) expect(n).not.toMatch(/^__/);
    // A readable form that is spelled like another value's hashed name (neither is a GraphQL name).
    const [, hashed] = enumValueNames(['a b', 'a-b']);
    const names = enumValueNames(['a b', 'a-b', hashed.replace('_', ' ')]);
    expect(new Set(names).size).toBe(3);
    const values = fc.uniqueArray(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', ' ', '_', '__', '-', 'true', 'a b', 'a_b', 'a-b', '1', '_1')), { maxLength: 8 });
    fc.assert(fc.property(values, (vals) => {
      const out = enumValueNames(vals);
      expect(new Set(out).size).toBe(vals.length);
      for (const n of out) {
        expect(n).toMatch(GRAPHQL_ENUM_VALUE);
        expect(n.startsWith('__') || ['true', 'false', 'null'].includes(n)).toBe(false);
      }
    }), { numRuns: 3000 });
  });

  it('maps both ways, per field, and lists only the values it renames', () => {
    const names = optionNames({ options: [{ value: 'MQL' }, { value: 'Closed Won' }] });
    expect(names.nameOf.get('Closed Won')).toBe('Closed_Won');
    expect(names.valueOf.get('Closed_Won')).toBe('Closed Won');
    expect(names.valueOf.get('MQL')).toBe('MQL');
    expect([...names.mapped]).toEqual([['Closed Won', 'Closed_Won']]);
  });
});
