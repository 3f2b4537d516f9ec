import { createHash } from 'node:crypto';

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Names the GraphQL grammar reads as literals, never as enum values. */
const NOT_ENUM_VALUES = new Set(['true', 'false', 'null']);

/**
 * Whether a stored option value can stand as its own enum value (it then always does): a GraphQL
 * name, not a literal, not beginning with `__` (reserved for introspection; a schema with one is invalid).
 */
export const isEnumValueName = (value: string): boolean => GRAPHQL_NAME.test(value) && !NOT_ENUM_VALUES.has(value) && !value.startsWith('__');

/**
 * The readable enum value name of a stored value that is not a GraphQL name: accents dropped
 * (`Café` → `Cafe`), spaces and punctuation as `_` (`Closed Won` → `Closed_Won`, `a-b` → `a_b`),
 * other letters and digits by their code point (`已成交` → `_u5DF2_u6210_u4EA4`), runs of `_` as
 * one, a leading digit behind `_` (`1st` → `_1st`). Lossy: `enumValueNames` keeps names unique.
 */
function readable(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFKD').replace(/\p{M}/gu, '')) {
    if (/[0-9A-Za-z_]/.test(ch)) out += ch;
    else if (/[\p{L}\p{N}]/u.test(ch)) out += `_u${ch.codePointAt(0)!.toString(16).toUpperCase()}_`;
    else out += '_';
  }
  out = out.replace(/_+/g, '_').replace(/(.)_$/, '$1');
  if (out === '' || /^[0-9]/.test(out)) out = `_${out}`;
  return NOT_ENUM_VALUES.has(out) ? `${out}_` : out;
}

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 8).toUpperCase();

/**
 * The enum value names of a field's options, in their order (the inflector's rule; documented in
 * docs/architecture.md). A value that is a GraphQL name is its own name; any other is mapped to its
 * readable form, and when that form is shared — with another option's value or another mapped
 * value — every mapped value sharing it also carries 8 hex digits of its value's SHA-256
 * (`Closed Won` beside `Closed_Won` → `Closed_Won_1554474D`). Deterministic: the same options give
 * the same names in every process and version; a name changes only when its value does or when an
 * option that shares its readable form comes or goes.
 */
export function enumValueNames(values: readonly string[]): string[] {
  const own = new Set(values.filter(isEnumValueName));
  const forms = values.map((v) => (isEnumValueName(v) ? v : readable(v)));
  const shared = new Map<string, number>();
  for (const form of forms) shared.set(form, (shared.get(form) ?? 0) + 1);
  const hashed = (i: number) => !own.has(values[i]) && (own.has(forms[i]) || shared.get(forms[i])! > 1);
  // Every name that is no hashed one is taken first, so that a hashed name never lands on one of
  // them whatever the order (a readable form can be spelled like another value's hashed name).
  const names = new Set<string>(forms.filter((_, i) => !hashed(i)));
  return values.map((value, i) => {
    if (!hashed(i)) return forms[i];
    // The form `_` (a value of only punctuation or spaces) is joined without a second `_`: a name
    // beginning with `__` is introspection's, and a schema with one is invalid (every request fails).
    const stem = forms[i] === '_' ? '_' : `${forms[i]}_`;
    let name = `${stem}${hashOf(value)}`;
    // Two values whose hashes' first 8 digits agree (or whose hashed form is another option's value).
    for (let n = 2; names.has(name); n++) name = `${stem}${hashOf(value)}_${n}`;
    names.add(name);
    return name;
  });
}

/** The two directions of one field's mapping. */
export interface OptionNames {
  /** Stored value → enum value name, for every option. */
  readonly nameOf: ReadonlyMap<string, string>;
  /** Enum value name → stored value. */
  readonly valueOf: ReadonlyMap<string, string>;
  /** Only the options whose name is not their value (empty for most fields). */
  readonly mapped: ReadonlyMap<string, string>;
}

const memo = new WeakMap<object, OptionNames>();

/** The enum value names of a select or multiSelect field's options (memoized per resolved field, i.e. per metadata version). */
export function optionNames(field: { options?: readonly { value: string }[] }): OptionNames {
  let names = memo.get(field);
  if (!names) {
    const values = (field.options ?? []).map((o) => o.value);
    const list = enumValueNames(values);
    const nameOf = new Map(values.map((v, i) => [v, list[i]]));
    names = { nameOf, valueOf: new Map(values.map((v, i) => [list[i], v])), mapped: new Map([...nameOf].filter(([v, n]) => v !== n)) };
    memo.set(field, names);
  }
  return names;
}
