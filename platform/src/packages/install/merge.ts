import { canonical } from '../../metadata/planner.ts';

type Json = unknown;
type Obj = Record<string, unknown>;

const isObj = (v: Json): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: Json, b: Json) => canonical(a) === canonical(b);

/**
 * What a subscriber may make their own: when both the package and the subscriber changed one of
 * these, the subscriber's value stays (labels, help texts, descriptions, the form layout and the
 * list columns). Anything else both changed (a field's type, a rule's condition) takes the
 * package's: the package's behaviour is what its other components were written against.
 */
const PRESENTATION = new Set(['label', 'pluralLabel', 'description', 'helpText', 'layout', 'listColumns', 'columns', 'sort', 'filters', 'blocks']);

/** The key that names an element of a list of named things (fields by `name`, options by `value`), or undefined for lists merged whole. */
function elementKey(list: Json[]): 'name' | 'value' | undefined {
  if (!list.length || !list.every(isObj)) return undefined;
  if (list.every((e) => typeof (e as Obj).name === 'string')) return 'name';
  if (list.every((e) => typeof (e as Obj).value === 'string')) return 'value';
  return undefined;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Three-way merge of one component: `base` (as the package installed it), `theirs` (the new
 * version), `mine` (live, with the subscriber's changes). Where only one side changed something, that
 * change is taken; objects merge key by key and lists of named things (fields, options) element by
 * element, so a field the subscriber added survives next to fields the package added; where both
 * changed the same thing, PRESENTATION keys keep the subscriber's value and the rest take the package's.
 */
export function merge3(base: Json, theirs: Json, mine: Json, key = '', presentation = false): Json {
  // Everything under a presentation key is presentation (a label's `en`, a layout's sections).
  const ours = presentation || PRESENTATION.has(key);
  if (same(theirs, base)) return mine;
  if (same(mine, base)) return theirs;
  if (same(mine, theirs)) return mine;
  if (isObj(theirs) && isObj(mine)) {
    const b: Obj = isObj(base) ? base : {};
    const out: Obj = {};
    for (const k of new Set([...Object.keys(mine), ...Object.keys(theirs), ...Object.keys(b)])) {
      const merged = merge3(b[k], theirs[k], mine[k], k, ours);
      if (merged !== undefined) out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(theirs) && Array.isArray(mine)) {
    const baseList = Array.isArray(base) ? base : [];
    const by = elementKey([...baseList, ...theirs, ...mine]);
    if (by) return mergeNamed(baseList as Obj[], theirs as Obj[], mine as Obj[], by, ours);
  }
  return ours ? mine : theirs;
}

/**
 * Lists of named elements: the subscriber's order, elements removed by the package removed (unless
 * only the subscriber's copy exists: theirs), elements the package added inserted after the element
 * that precedes them in the package's list, elements only the subscriber has kept.
 */
function mergeNamed(base: Obj[], theirs: Obj[], mine: Obj[], by: 'name' | 'value', presentation: boolean): Obj[] {
  const keyOf = (e: Obj) => String(e[by]);
  const inBase = new Map(base.map((e) => [keyOf(e), e]));
  const inTheirs = new Map(theirs.map((e) => [keyOf(e), e]));
  const out: Obj[] = [];
  for (const element of mine) {
    const k = keyOf(element);
    const b = inBase.get(k);
    const t = inTheirs.get(k);
    if (b && !t) {
      // Removed by the package: removed, whatever the subscriber did to it.
      continue;
    }
    out.push(b || t ? (merge3(b, t, element, '', presentation) as Obj) : element);
  }
  const placed = new Set(out.map(keyOf));
  theirs.forEach((element, i) => {
    const k = keyOf(element);
    if (placed.has(k) || inBase.has(k)) return; // in base but not in mine: the subscriber removed it
    const before = i > 0 ? keyOf(theirs[i - 1]) : undefined;
    const at = before === undefined ? -1 : out.findIndex((e) => keyOf(e) === before);
    out.splice(at + 1, 0, element);
    placed.add(k);
  });
  return out;
}

/**
 * Where `value` differs from `base` (what a subscriber changed in a component), as JSON pointers with
 * both values: objects key by key, lists of named things element by element (`/fields/phone/helpText`),
 * other values whole.
 */
export function differences(base: Json, value: Json, pointer = ''): { pointer: string; packageValue: Json; value: Json }[] {
  if (same(base, value)) return [];
  if (isObj(base) && isObj(value)) {
    return [...new Set([...Object.keys(base), ...Object.keys(value)])].flatMap((k) => differences(base[k], value[k], `${pointer}/${escape(k)}`));
  }
  if (Array.isArray(base) && Array.isArray(value)) {
    const by = elementKey([...base, ...value]);
    if (by) {
      const b = new Map((base as Obj[]).map((e) => [String(e[by]), e]));
      const v = new Map((value as Obj[]).map((e) => [String(e[by]), e]));
      const named = [...new Set([...b.keys(), ...v.keys()])].flatMap((k) => differences(b.get(k), v.get(k), `${pointer}/${escape(k)}`));
      if (named.length) return named;
      return [{ pointer, packageValue: base.map((e) => (e as Obj)[by]), value: value.map((e) => (e as Obj)[by]) }]; // the order alone
    }
  }
  return [{ pointer, packageValue: base ?? null, value: value ?? null }];
}
