import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** The fields at the top of a selection set, fragments flattened, by response key: how many, and the largest sub-selection among them. */
type TopKeys = Map<string, { count: number; size: number }>;

interface SetInfo {
  keys: TopKeys;
  /** Named fragments spread at the set's top (inside inline fragments too), each once. */
  spreads: Set<string>;
}

const SATURATE = 1e9;

function addKey(into: TopKeys, key: string, count: number, size: number): void {
  const entry = into.get(key);
  if (entry) {
    entry.count = Math.min(entry.count + count, SATURATE);
    entry.size = Math.max(entry.size, size);
  } else into.set(key, { count, size });
}

/**
 * Estimates the work of graphql-js's OverlappingFieldsCanBeMerged rule on a document, in pair
 * comparisons. The rule compares every two fields that share a response key in one selection set
 * (fragments flattened), each comparison walking their sub-selections, and every two fragments
 * spread in one set: quadratic, so a 13 KB document of 272 small fragments takes it ~0.4 s. The
 * estimate counts, per selection set, the pairs of fields of each key times (1 + the larger
 * sub-selection's field count), plus the pairs of fragments. `order` lists the fragments with each
 * one after those it spreads (cycles were refused before).
 */
export function overlapWork(document: DocumentNode, order: readonly string[]): number {
  const sets: SetInfo[] = [];
  const tops = new Map<string, SetInfo>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      if (!fragments.has(def.name.value)) fragments.set(def.name.value, def);
      const top = collectSets(def.selectionSet, sets);
      if (!tops.has(def.name.value)) tops.set(def.name.value, top);
    } else if (def.kind === Kind.OPERATION_DEFINITION) collectSets(def.selectionSet, sets);
  }
  // Each fragment's top fields with the fragments it spreads flattened in, dependencies first.
  const flat = new Map<string, { keys: TopKeys; fragments: number }>();
  for (const name of order) {
    const top = tops.get(name);
    if (!top) continue;
    const keys: TopKeys = new Map();
    let reached = 0;
    for (const [k, v] of top.keys) addKey(keys, k, v.count, v.size);
    for (const spread of top.spreads) {
      const inner = flat.get(spread);
      if (!inner) continue;
      reached += 1 + inner.fragments;
      for (const [k, v] of inner.keys) addKey(keys, k, v.count, v.size);
    }
    flat.set(name, { keys, fragments: Math.min(reached, SATURATE) });
  }
  let work = 0;
  for (const set of sets) {
    const keys: TopKeys = new Map();
    for (const [k, v] of set.keys) addKey(keys, k, v.count, v.size);
    let reached = 0;
    for (const spread of set.spreads) {
      const inner = flat.get(spread);
      if (!inner) continue;
      reached += 1 + inner.fragments;
      for (const [k, v] of inner.keys) addKey(keys, k, v.count, v.size);
    }
    for (const { count, size } of keys.values()) if (count > 1) work += ((count * (count - 1)) / 2) * (1 + size);
    work += (reached * (reached - 1)) / 2;
    if (work > SATURATE) return SATURATE;
  }
  return work;
}

/** Records every selection set under `set` (itself included) and returns its own info; the fields beneath are counted lexically. */
function collectSets(set: SelectionSetNode, into: SetInfo[]): SetInfo {
  const info: SetInfo = { keys: new Map(), spreads: new Set() };
  into.push(info);
  const flatten = (s: SelectionSetNode) => {
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        const size = sel.selectionSet ? sizeOf(sel.selectionSet, into) : 0;
        addKey(info.keys, sel.alias?.value ?? sel.name.value, 1, size);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) flatten(sel.selectionSet);
      else info.spreads.add(sel.name.value);
    }
  };
  flatten(set);
  return info;
}

/** Collects a sub-selection's sets and returns how many fields it holds (all levels, lexically). */
function sizeOf(set: SelectionSetNode, into: SetInfo[]): number {
  const before = into.length;
  const info = collectSets(set, into);
  let size = 0;
  for (const v of info.keys.values()) size += v.count;
  for (let i = before + 1; i < into.length; i++) for (const v of into[i].keys.values()) size += v.count;
  return size;
}
