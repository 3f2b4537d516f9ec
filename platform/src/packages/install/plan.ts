import type { KindRegistry } from '../../kinds/registry.ts';
import { canonical } from '../../metadata/planner.ts';
import { normalized, type Component, type Item } from './components.ts';
import { differences, merge3 } from './merge.ts';
import type { PackageChange, PackageConflict, PackageOverride } from './types.ts';

/** What one package's step of a lifecycle change does, before anything is written. */
export interface LayerPlan {
  changes: PackageChange[];
  conflicts: PackageConflict[];
  kept: PackageOverride[];
  /** The effective definitions to apply (package ⊕ subscriber), by document key: what `applyMetadata` makes live. */
  document: Record<string, Item[]>;
  /** Components to take out: objects (recoverably) and items of other kinds. */
  removals: { kind: string; documentKey: string; name: string }[];
  /** The components the package owns afterwards. */
  owned: { kind: string; name: string }[];
}

export interface LayerInput {
  kinds: KindRegistry;
  /** The package being installed, upgraded or removed. */
  name: string;
  /** The package's layer as installed (empty for an install). */
  base: Component[];
  /** The package's layer to be (empty for an uninstall). */
  theirs: Component[];
  /** The tenant's live configuration, by `kind:name` (objects as `object:<name>`). */
  live: Map<string, Item>;
  /** Who owns each component, by `kind:name`. */
  owners: Map<string, string>;
}

type Obj = Record<string, unknown>;
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const idOf = (c: Pick<Component, 'kind' | 'name'>) => `${c.kind}:${c.name}`;

/** The value at a pointer `differences` produced: object keys, or named elements of lists. */
function at(value: unknown, pointer: string): unknown {
  let current: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current.find((e) => e && typeof e === 'object' && ((e as Obj).name === step || (e as Obj).value === step));
    else if (current && typeof current === 'object') current = (current as Obj)[step];
    else return undefined;
  }
  return current;
}

/** A form layout and list columns keep only fields the object has (a field the package removed goes from the subscriber's layout too). */
function pruneLayout(object: Obj): Obj {
  const names = new Set(((object.fields as Obj[] | undefined) ?? []).map((f) => f.name));
  const out = { ...object };
  if (Array.isArray(out.listColumns)) out.listColumns = (out.listColumns as Obj[]).filter((c) => names.has(c.field));
  const layout = out.layout as { sections?: { fields: Obj[] }[] } | undefined;
  if (layout?.sections) out.layout = { ...layout, sections: layout.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => names.has(f.field)) })) };
  return out;
}

/** Field-level steps between a live object and the one wanted (both normalized). */
function objectSteps(name: string, live: Obj | undefined, wanted: Obj, pkg: string): PackageChange[] {
  if (!live) return [{ kind: 'object', action: 'create', name, destructive: false, package: pkg, detail: `${(wanted.fields as Obj[]).length} fields` }];
  const steps: PackageChange[] = [];
  const { fields: liveFields, ...liveProps } = live;
  const { fields: wantedFields, ...wantedProps } = wanted;
  if (!same(liveProps, wantedProps)) steps.push({ kind: 'object', action: 'update', name, destructive: false, package: pkg, detail: differences(liveProps, wantedProps).map((d) => d.pointer).join(', ') });
  const before = new Map((liveFields as Obj[]).map((f) => [String(f.name), f]));
  const after = new Map((wantedFields as Obj[]).map((f) => [String(f.name), f]));
  for (const [field, def] of after) {
    const was = before.get(field);
    if (!was) steps.push({ kind: 'field', action: 'create', name: `${name}.${field}`, destructive: false, package: pkg, detail: String(def.type) });
    else if (!same(was, def)) steps.push({ kind: 'field', action: 'update', name: `${name}.${field}`, destructive: false, package: pkg, detail: differences(was, def).map((d) => d.pointer).join(', ') });
  }
  for (const field of before.keys()) {
    if (!after.has(field)) steps.push({ kind: 'field', action: 'delete', name: `${name}.${field}`, destructive: true, package: pkg, detail: 'its column is renamed out of the way: data kept for the retention period, restorable' });
  }
  return steps;
}

/**
 * Plans one package's layer change: install (no base), upgrade (base → theirs) or uninstall (no
 * theirs). Each component's effective definition is the three-way merge of the base, the new
 * version and the live definition (merge.ts): what the subscriber changed survives, what the package
 * changed applies. A component the package newly brings that already exists — unowned (applied by
 * hand) or owned by another package — is a conflict, never merged.
 */
export function planLayer(input: LayerInput): LayerPlan {
  const { kinds, name: pkg, live, owners } = input;
  const plan: LayerPlan = { changes: [], conflicts: [], kept: [], document: {}, removals: [], owned: [] };
  const base = new Map(input.base.map((c) => [idOf(c), c]));
  const theirs = new Map(input.theirs.map((c) => [idOf(c), c]));
  /** Objects of other packages this one extends, as they will be: live, with the extension's fields merged in or taken out. */
  const extended = new Map<string, Obj>();
  const extendedObject = (object: string): Obj | undefined => {
    if (!extended.has(object)) {
      const current = live.get(`object:${object}`) as Obj | undefined;
      if (!current) return undefined;
      extended.set(object, structuredClone(current));
    }
    return extended.get(object);
  };
  const want = (documentKey: string, item: Item) => { (plan.document[documentKey] ??= []).push(item); };

  for (const id of new Set([...base.keys(), ...theirs.keys()])) {
    const b = base.get(id);
    const t = theirs.get(id);
    const c = (t ?? b)!;
    const owner = owners.get(id);
    const m = c.kind === 'field' ? ((live.get(`object:${c.object}`)?.fields as Obj[] | undefined) ?? []).find((f) => `${c.object}.${f.name}` === c.name) : live.get(id);

    if (t && !b && (m || (owner && owner !== pkg))) {
      plan.conflicts.push({ kind: c.kind, name: c.name, pointer: c.pointer, package: pkg, message: owner && owner !== pkg ? `belongs to the package ${owner}` : `exists in this tenant and belongs to no package (applied by hand?): it is not merged` });
      continue;
    }
    if (c.kind === 'field') {
      const object = extendedObject(c.object!);
      if (!object) {
        if (t) plan.conflicts.push({ kind: 'object', name: c.object!, pointer: c.pointer, package: pkg, message: `extends ${c.object}, which this tenant does not have (install the package that defines it first)` });
        continue;
      }
      const fields = object.fields as Obj[];
      const index = fields.findIndex((f) => f.name === String(c.item.name));
      if (!t) {
        if (index >= 0) fields.splice(index, 1);
        continue;
      }
      const wantedField = (b && m ? merge3(normalized(kinds, b), normalized(kinds, t), m) : normalized(kinds, t)) as Obj;
      if (index >= 0) fields[index] = wantedField;
      else fields.push(wantedField);
      plan.owned.push({ kind: c.kind, name: c.name });
      if (b && m) keep(plan, c, normalized(kinds, b), m, wantedField);
      continue;
    }
    if (!t) {
      if (m) {
        plan.removals.push({ kind: c.kind, documentKey: c.documentKey, name: c.name });
        plan.changes.push({ kind: c.kind, action: 'delete', name: c.name, destructive: true, package: pkg, detail: c.kind === 'object' ? 'its table is renamed out of the way: records kept for the retention period, restorable' : undefined });
      }
      continue;
    }
    const theirsItem = normalized(kinds, t);
    let wanted = (b && m ? merge3(normalized(kinds, b), theirsItem, m) : theirsItem) as Obj;
    if (c.kind === 'object') wanted = pruneLayout(wanted);
    plan.owned.push({ kind: c.kind, name: c.name });
    if (b && m) keep(plan, c, normalized(kinds, b), c.kind === 'object' ? withoutOthersFields(m as Obj, c.name, pkg, owners) : m, wanted);
    if (c.kind === 'object') {
      const steps = objectSteps(c.name, m as Obj | undefined, normalized(kinds, { ...c, item: wanted }), pkg);
      if (steps.length) want(c.documentKey, wanted);
      plan.changes.push(...steps);
      continue;
    }
    if (m && same(normalized(kinds, { ...c, item: m }), normalized(kinds, { ...c, item: wanted }))) continue;
    want(c.documentKey, wanted);
    plan.changes.push({ kind: c.kind, action: m ? 'update' : 'create', name: c.name, destructive: false, package: pkg });
  }

  for (const [object, wanted] of extended) {
    const steps = objectSteps(object, live.get(`object:${object}`) as Obj, wanted, pkg);
    if (!steps.length) continue;
    want('objects', wanted);
    plan.changes.push(...steps);
  }
  return plan;
}

/**
 * A live object without the fields other packages added to it (their extensions): those are
 * components of their own, not the subscriber's overrides of this package's object.
 */
function withoutOthersFields(object: Obj, name: string, pkg: string, owners: Map<string, string>): Obj {
  const fields = (object.fields as Obj[]).filter((f) => { const owner = owners.get(`field:${name}.${f.name}`); return !owner || owner === pkg; });
  return fields.length === (object.fields as Obj[]).length ? object : { ...object, fields };
}

/** The subscriber's changes to a component (base → live) that the effective definition keeps. */
function keep(plan: LayerPlan, c: Component, base: unknown, live: unknown, wanted: unknown): void {
  for (const d of differences(base, live)) {
    if (same(at(wanted, d.pointer) ?? null, d.value ?? null)) plan.kept.push({ kind: c.kind, name: c.name, ...d });
  }
}

/** What a subscriber changed in each installed component: the base layer against the live definitions. */
export function overridesOf(kinds: KindRegistry, pkg: string, base: Component[], live: Map<string, Item>, owners: Map<string, string>): PackageOverride[] {
  const out: PackageOverride[] = [];
  for (const c of base) {
    const found = c.kind === 'field' ? ((live.get(`object:${c.object}`)?.fields as Obj[] | undefined) ?? []).find((f) => `${c.object}.${f.name}` === c.name) : live.get(idOf(c));
    const m = c.kind === 'object' && found ? withoutOthersFields(found, c.name, pkg, owners) : found;
    if (!m) {
      out.push({ kind: c.kind, name: c.name, pointer: '', packageValue: c.item, value: null });
      continue;
    }
    const value = c.kind === 'field' || c.kind === 'object' ? m : normalized(kinds, { ...c, item: m });
    for (const d of differences(c.item, value)) out.push({ kind: c.kind, name: c.name, ...d });
  }
  return out;
}
