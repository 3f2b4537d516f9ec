import type { Actor, ChangeRunner, ChangeTx } from '../changes/index.ts';
import { PlatformError } from '../errors/index.ts';
import type { AppliedChange, PlanResult } from '../metadata/changes.ts';
import type { MetadataEngine } from '../metadata/engine.ts';
import { checkDocumentRights } from './document.ts';
import type { MetadataKind } from './kind.ts';
import type { KindRegistry } from './registry.ts';

interface Entry { seq: string; kind: string; action: string; target: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }

const OBJECT_ACTIONS = new Set(['createObject', 'updateObject', 'deleteObject', 'restoreObject', 'createField', 'updateField', 'deleteField', 'restoreField']);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const same = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
  return value;
}

/**
 * What each item was at history entry `seq`: for every item a later entry changed, the `before` of
 * the first of those entries (null: it did not exist yet). Objects are told apart from their fields
 * (`lead`, `lead.phone`); other kinds are keyed by their document name.
 */
function statesAt(entries: Entry[], kinds: Map<string, MetadataKind>) {
  const items = new Map<string, { kind: MetadataKind; key: string; at: Record<string, unknown> | null; first: Entry }>();
  const objects = new Map<string, { at: Record<string, unknown> | null; first: Entry; touched: boolean }>();
  const fields = new Map<string, Map<string, { at: Record<string, unknown> | null; first: Entry }>>();
  for (const e of entries) {
    if (e.kind === 'object') {
      // Only the entries of an object's or a field's own definition (purges, index sets and orders are not states).
      if (!OBJECT_ACTIONS.has(e.action)) continue;
      const dot = e.target.indexOf('.');
      if (dot === -1) {
        if (!objects.has(e.target)) objects.set(e.target, { at: e.before, first: e, touched: true });
      } else {
        const [object, field] = [e.target.slice(0, dot), e.target.slice(dot + 1)];
        if (!objects.has(object)) objects.set(object, { at: null, first: e, touched: false });
        const of = fields.get(object) ?? new Map();
        fields.set(object, of);
        if (!of.has(field)) of.set(field, { at: e.before, first: e });
      }
      continue;
    }
    const kind = kinds.get(e.kind);
    const item = e.before ?? e.after;
    if (!kind || !item) continue;
    const key = kind.keyOf(item);
    const id = `${kind.name}\u0000${key}`;
    if (!items.has(id)) items.set(id, { kind, key, at: e.before, first: e });
  }
  return { items: [...items.values()], objects, fields };
}

/**
 * Restores the configuration as it was right after the history entry `toSeq`, as ONE change (one
 * transaction, one history entry per item it changes): every item a later entry created is removed,
 * every one it changed or removed is put back as it was. Objects are rebuilt from their own entries
 * and their fields' (a field added since is deleted, recoverably; one deleted since is restored).
 * Kinds without a document form (users, API keys) are not configuration and are left alone.
 */
export async function rollbackDocument(deps: { kinds: KindRegistry; changes: ChangeRunner; engine: MetadataEngine }, tenantId: string, actor: Actor, toSeq: number, options: { dryRun?: boolean } = {}): Promise<PlanResult & { to: number; entries: number }> {
  if (!Number.isSafeInteger(toSeq) || toSeq < 0) throw new PlatformError('BAD_USER_INPUT', 'to is a history entry\'s seq (a whole number)', { details: [{ pointer: '/to', message: 'not a seq' }] });
  const kinds = new Map(deps.kinds.metadataKinds().map((k) => [k.name, k]));
  const done = await deps.changes.runDetailed({ tenantId, actor, kind: 'object', action: 'rollbackMetadata', target: `to ${toSeq}`, dryRun: options.dryRun, guarded: true, taken: 'An item of the rollback' }, async (tx) => {
    const [{ max }] = await tx.sql.query<{ max: string | null }>('select max(seq) as max from tessera.metadata_history where tenant_id = $1', [tenantId]);
    if (max === null || toSeq > Number(max)) throw new PlatformError('NOT_FOUND', `There is no history entry ${toSeq} in this tenant (the last is ${max ?? 'none'})`, { details: [{ pointer: '/to', message: 'no such entry' }] });
    const entries = await tx.sql.query<Entry>('select seq, kind, action, target, before, after from tessera.metadata_history where tenant_id = $1 and seq > $2 order by seq', [tenantId, toSeq]);
    const states = statesAt(entries, kinds);
    const touchedKinds = new Set<MetadataKind>([...states.items.map((i) => i.kind), ...(states.objects.size ? [kinds.get('object')!] : [])]);
    checkDocumentRights(deps.kinds, [...touchedKinds].map((kind) => ({ kind })), actor);
    const plan: AppliedChange[] = [];
    const order = deps.kinds.metadataKinds();
    const byKind = (reverse: boolean) => [...states.items].sort((a, b) => (order.indexOf(a.kind) - order.indexOf(b.kind)) * (reverse ? -1 : 1));
    const current = async (kind: MetadataKind, key: string) => (await kind.load(tx)).find((i) => kind.keyOf(i) === key) ?? null;
    const applyItem = async (kind: MetadataKind, key: string, before: unknown, after: unknown) => {
      const action = after === null ? 'delete' : before === null ? 'create' : 'update';
      const result = await kind.apply(tx, { action, key, pointer: '', before, after });
      plan.push({ kind: kind.name, action: `${action}${upperFirst(kind.name)}`, object: result?.object ?? '', target: key, statements: result?.statements ?? [], notes: result?.notes ?? [] });
    };
    // Kinds whose items documents never remove (roles, groups, views…) have verbs of their own for it.
    const stuck = [];
    for (const item of states.items) if (item.at === null && !item.kind.removes && (await current(item.kind, item.key)) !== null) stuck.push(item);
    if (stuck.length) {
      throw new PlatformError('CONFLICT', `A rollback cannot remove ${stuck.map((i) => `the ${i.kind.name} ${i.key}`).join(', ')} (made since entry ${toSeq}): delete ${stuck.length === 1 ? 'it' : 'them'} first (${[...new Set(stuck.map((i) => `delete${upperFirst(i.kind.name)}`))].join(', ')}), then roll back`, {
        details: stuck.map((i) => ({ pointer: '/to', message: `${i.kind.name} ${i.key} was made since`, kind: i.kind.name, name: i.key })),
      });
    }
    // What uses others lets go first: removals of items made since, dependants' kinds first.
    for (const item of byKind(true)) {
      if (item.at !== null) continue;
      const now = await current(item.kind, item.key);
      if (now !== null) await applyItem(item.kind, item.key, now, null);
    }
    const restored = await restoreObjects(tx, deps, states.objects, states.fields);
    plan.push(...restored.applied);
    for (const item of byKind(false)) {
      if (item.at === null) continue;
      const now = await current(item.kind, item.key);
      if (now === null || !same(now, item.at)) await applyItem(item.kind, item.key, now, item.at);
    }
    // Fields made since go once what used them (rules, views…) was put back; objects made since last.
    if (restored.late) plan.push(...await restored.late());
    plan.push(...await removeObjects(tx, deps, states.objects));
    plan.push(...await deps.engine.finish(tx));
    return { result: { plan, entries: entries.length } };
  });
  return { dryRun: done.dryRun, version: done.versions.metadata, changes: done.result.plan, to: toSeq, entries: done.result.entries };
}

type ObjectStates = ReturnType<typeof statesAt>['objects'];
type FieldStates = ReturnType<typeof statesAt>['fields'];

const objectKind = (kinds: KindRegistry) => kinds.metadataKinds().find((k) => k.name === 'object')!;

/** Deletes the objects made since (recoverably), after everything that used them is gone. */
async function removeObjects(tx: ChangeTx, deps: { kinds: KindRegistry; engine: MetadataEngine }, objects: ObjectStates): Promise<AppliedChange[]> {
  const kind = objectKind(deps.kinds);
  const live = new Set((await kind.load(tx)).map((o) => kind.keyOf(o)));
  const plan: AppliedChange[] = [];
  for (const [name, state] of objects) {
    if (state.touched && state.at === null && live.has(name)) plan.push(...await deps.engine.apply(tx, [{ kind: 'deleteObject', pointer: '', name }]));
  }
  return plan;
}

/**
 * Puts back objects and fields deleted since, then rewrites each object that existed at the point:
 * its properties, and its field list as it was (a field made since is left out: deleted, recoverably,
 * by `late`, once what uses it has been put back).
 */
async function restoreObjects(tx: ChangeTx, deps: { kinds: KindRegistry; engine: MetadataEngine }, objects: ObjectStates, fields: FieldStates): Promise<{ applied: AppliedChange[]; late?: () => Promise<AppliedChange[]> }> {
  const kind = objectKind(deps.kinds);
  const plan: AppliedChange[] = [];
  for (const [name, state] of objects) {
    if (state.touched && state.at === null) continue;
    if (state.touched && state.first.action === 'deleteObject') plan.push(...await deps.engine.apply(tx, [{ kind: 'restoreObject', pointer: '', name }]));
    for (const [field, fieldState] of fields.get(name) ?? []) {
      if (fieldState.at !== null && fieldState.first.action === 'deleteField') plan.push(...await deps.engine.apply(tx, [{ kind: 'restoreField', pointer: '', object: name, name: field }]));
    }
  }
  const live = new Map((await kind.load(tx)).map((o) => [kind.keyOf(o), o as Record<string, unknown> & { fields: Record<string, unknown>[] }]));
  const wanted: Record<string, unknown>[] = [];
  for (const [name, state] of objects) {
    if (state.touched && state.at === null) continue;
    const now = live.get(name);
    if (!now) continue;
    const props = state.touched && state.at ? { ...state.at } : {};
    let list = [...now.fields];
    for (const [field, fieldState] of fields.get(name) ?? []) {
      const i = list.findIndex((f) => f.name === field);
      if (fieldState.at === null) list = list.filter((f) => f.name !== field);
      else if (i === -1) list.push(fieldState.at);
      else list[i] = fieldState.at;
    }
    wanted.push({ ...now, ...props, name, fields: list });
  }
  if (!wanted.length) return { applied: plan };
  const section = await kind.applySection!(tx, wanted, '/objects');
  return { applied: [...plan, ...section.applied], late: section.late };
}
