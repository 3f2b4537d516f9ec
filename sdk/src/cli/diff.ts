import type { ConfigDocument, PlanResult } from '@tessera/platform';

/** One property that differs: what the tenant has (`live`) and what the document says. Absent: no such thing on that side. */
export interface DiffDetail { path: string; live?: unknown; document?: unknown }

/** One item of the configuration that applying the document would add, change or remove. */
export interface DiffItem {
  kind: string;
  name: string;
  action: 'added' | 'changed' | 'removed';
  /** The plan's steps for it (createField, updateRole…): what `apply` would do. */
  steps: string[];
  details: DiffDetail[];
}

type Item = Record<string, unknown>;

const canonical = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Item)[k]])) : v));
const equal = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The item a plan step names, in a document's section (`lead`, or `lead/Open leads` for views keyed by object). */
function find(document: ConfigDocument, kind: string, name: string): Item | undefined {
  const section = ((document as Record<string, unknown>)[`${kind}s`] ?? []) as Item[];
  return section.find((item) => item.name === name || `${String(item.object)}/${String(item.name)}` === name);
}

/** The properties the document gives that the live item lacks or holds otherwise (the document's own keys: the live side carries every default). */
function propertyDetails(prefix: string, live: Item | undefined, wanted: Item | undefined, skip: string[] = []): DiffDetail[] {
  if (!wanted) return live ? [{ path: prefix || '/', live }] : [];
  if (!live) return [{ path: prefix || '/', document: wanted }];
  return Object.keys(wanted).filter((k) => !skip.includes(k) && !equal(live[k], wanted[k])).map((k) => ({ path: `${prefix}/${k}`, live: live[k], document: wanted[k] }));
}

const fieldsOf = (object: Item | undefined) => ((object?.fields ?? []) as Item[]);

/**
 * The semantic difference between a document and the tenant's live configuration, per kind and
 * item, with the properties that differ. Which items differ is the apply's dry-run plan (the
 * authority: defaults, normalisation and what a document leaves alone are the platform's); the
 * details compare the document's item with the live one, property by property (fields of objects
 * one by one).
 */
export function semanticDiff(plan: PlanResult, document: ConfigDocument, live: ConfigDocument): DiffItem[] {
  const items = new Map<string, DiffItem>();
  for (const change of plan.changes) {
    const isObject = change.kind === 'object';
    const name = isObject ? (change.object || change.target.split('.')[0]) : change.target;
    const id = `${change.kind}\u0000${name}`;
    let item = items.get(id);
    if (!item) {
      item = { kind: change.kind, name, action: 'changed', steps: [], details: [] };
      items.set(id, item);
    }
    item.steps.push(change.action);
    const creates = isObject ? change.action === 'createObject' : change.action.startsWith('create');
    const deletes = isObject ? change.action === 'deleteObject' : change.action.startsWith('delete');
    if (creates) item.action = 'added';
    if (deletes) item.action = 'removed';
  }
  for (const item of items.values()) {
    const wanted = find(document, item.kind, item.name);
    const current = find(live, item.kind, item.name);
    if (item.action !== 'changed') {
      item.details = item.action === 'added' ? [{ path: '/', document: wanted }] : [{ path: '/', live: current }];
      continue;
    }
    if (item.kind !== 'object') {
      item.details = propertyDetails('', current, wanted);
      continue;
    }
    const details = propertyDetails('', current, wanted, ['fields']);
    const liveFields = new Map(fieldsOf(current).map((f) => [String(f.name), f]));
    const wantedFields = new Map(fieldsOf(wanted).map((f) => [String(f.name), f]));
    for (const [field, definition] of wantedFields) details.push(...propertyDetails(`/fields/${field}`, liveFields.get(field), definition));
    for (const [field, definition] of liveFields) if (!wantedFields.has(field)) details.push({ path: `/fields/${field}`, live: definition });
    item.details = details;
  }
  return [...items.values()];
}

const show = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

export function formatDiff(items: DiffItem[], file: string, tenant: string): string[] {
  if (!items.length) return [`No differences: ${file} matches the live metadata of ${tenant}.`];
  const lines: string[] = [];
  const mark = { added: '+', changed: '~', removed: '-' } as const;
  for (const item of items) {
    lines.push(`${mark[item.action]} ${item.kind} ${item.name}`);
    if (item.action !== 'changed') continue;
    for (const d of item.details) {
      if (!('live' in d)) lines.push(`    + ${d.path}: ${show(d.document)}`);
      else if (!('document' in d)) lines.push(`    - ${d.path}: ${show(d.live)}`);
      else lines.push(`    ~ ${d.path}: ${show(d.live)} → ${show(d.document)}`);
    }
  }
  const count = (action: DiffItem['action']) => items.filter((i) => i.action === action).length;
  lines.push('', `${items.length} item${items.length === 1 ? '' : 's'} differ between ${file} and ${tenant}: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed.`);
  return lines;
}
