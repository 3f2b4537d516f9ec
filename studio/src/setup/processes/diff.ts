import type { Doc } from './model.ts';

/** One changed property: its path (`data.note`, `branches.0.when`) and the values before and after (JSON text; absent: undefined). */
export interface PropertyChange { path: string; before?: string; after?: string }

export interface ItemDiff {
  id: string;
  status: 'added' | 'removed' | 'changed';
  /** The step's type or the node's mode (the newer one). */
  type?: string;
  changes: PropertyChange[];
}

export interface VersionDiff {
  /** The flow's own properties (trigger, object, entry criteria…). */
  settings: PropertyChange[];
  items: ItemDiff[];
  /** Ids in a different order (a flat list's order is where a step without `next` goes). */
  reordered: boolean;
}

/** Leaves of a JSON value by dotted path. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, JSON.stringify(value));
  return out;
}

function changes(before: unknown, after: unknown): PropertyChange[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, before: a.get(p), after: b.get(p) }));
}

/**
 * What changed from one version to another, readably: the flow's settings property by property,
 * then its steps (or nodes) matched by id — added, removed, or changed with each property.
 */
export function diffVersions(before: Doc, after: Doc, items: 'steps' | 'nodes'): VersionDiff {
  const { [items]: oldItems = [], ...oldRest } = before as Record<string, unknown>;
  const { [items]: newItems = [], ...newRest } = after as Record<string, unknown>;
  delete oldRest.active;
  delete newRest.active;
  const olds = oldItems as Doc[];
  const news = newItems as Doc[];
  const oldById = new Map(olds.map((i) => [String(i.id), i]));
  const newById = new Map(news.map((i) => [String(i.id), i]));
  const kindOf = (i: Doc) => String(i.type ?? i.mode ?? '');
  const out: ItemDiff[] = [];
  for (const item of news) {
    const id = String(item.id);
    const old = oldById.get(id);
    if (!old) out.push({ id, status: 'added', type: kindOf(item), changes: changes({}, item).filter((c) => c.path !== 'id') });
    else {
      const c = changes(old, item);
      if (c.length) out.push({ id, status: 'changed', type: kindOf(item), changes: c });
    }
  }
  for (const item of olds) if (!newById.has(String(item.id))) out.push({ id: String(item.id), status: 'removed', type: kindOf(item), changes: [] });
  const common = news.map((i) => String(i.id)).filter((id) => oldById.has(id));
  const oldOrder = olds.map((i) => String(i.id)).filter((id) => newById.has(id));
  return { settings: changes(oldRest, newRest), items: out, reordered: common.join('\u0000') !== oldOrder.join('\u0000') };
}
