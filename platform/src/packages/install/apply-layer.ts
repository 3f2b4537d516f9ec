import type { ChangeTx } from '../../changes/index.ts';
import { applySections, validateConfigDocument } from '../../kinds/document.ts';
import type { KindRegistry } from '../../kinds/registry.ts';
import type { Change } from '../../metadata/changes.ts';
import type { MetadataEngine } from '../../metadata/engine.ts';
import { liveItems } from './components.ts';
import type { LayerPlan } from './plan.ts';
import { removeItem } from './removals.ts';

/**
 * Makes a layer plan live in the change: items of other kinds it removes first (they may use the
 * objects it removes), then the effective definitions as one document (applyMetadata's work: kinds in
 * order, fields a merged object no longer lists removed last), then objects removed (recoverably).
 */
export async function applyLayer(deps: { kinds: KindRegistry; engine: MetadataEngine }, tx: ChangeTx, plan: LayerPlan): Promise<void> {
  const live = await liveItems(deps.kinds, tx, ['objects', ...plan.removals.map((r) => r.documentKey)]);
  for (const r of await removalOrder(deps.kinds, tx, plan.removals.filter((r) => r.kind !== 'object'))) await removeItem(tx, deps.kinds, r.kind, r.name, live.get(`${r.kind}:${r.name}`));
  if (Object.keys(plan.document).length) await applySections(deps.engine, tx, validateConfigDocument(deps.kinds, plan.document), { finish: false });
  const objects = plan.removals.filter((r) => r.kind === 'object').map((r) => r.name);
  if (objects.length) await deps.engine.apply(tx, objectDeletions(objects, live));
}

/**
 * The order to remove items of other kinds in: kinds in reverse document order (what uses comes
 * after what it uses), and within that, an item before the items it uses among those removed (a
 * child role before its parent), by the kinds' own `references`.
 */
async function removalOrder(kinds: KindRegistry, tx: ChangeTx, removals: LayerPlan['removals']): Promise<LayerPlan['removals']> {
  const order = kinds.metadataKinds().map((k) => k.name);
  const id = (r: { kind: string; name: string }) => `${r.kind}:${r.name}`;
  const removed = new Set(removals.map(id));
  const uses = new Map<string, Set<string>>();
  for (const kindName of new Set(removals.map((r) => r.kind))) {
    for (const ref of (await kinds.byDocumentKey(removals.find((r) => r.kind === kindName)!.documentKey)?.references?.(tx)) ?? []) {
      const from = `${ref.kind}:${ref.item}`;
      const to = id(ref.target);
      if (from !== to && removed.has(from) && removed.has(to)) uses.set(from, new Set([...(uses.get(from) ?? []), to]));
    }
  }
  const sorted = [...removals].sort((a, b) => order.indexOf(b.kind) - order.indexOf(a.kind));
  const out: LayerPlan['removals'] = [];
  const visit = (r: LayerPlan['removals'][number], path: Set<string>) => {
    if (out.includes(r) || path.has(id(r))) return;
    // Whatever uses r goes first.
    for (const user of sorted) if (uses.get(id(user))?.has(id(r))) visit(user, new Set([...path, id(r)]));
    if (!out.includes(r)) out.push(r);
  };
  for (const r of sorted) visit(r, new Set());
  return out;
}

/**
 * Deletions of a package's objects in an order the engine accepts: an object goes once no other
 * object still there looks it up (deleteObject refuses otherwise). Lookups in a cycle among them
 * (A → B → A) are deleted first, recoverably as the fields of any deleted object are.
 */
function objectDeletions(names: string[], live: Map<string, Record<string, unknown>>): Change[] {
  const targets = new Map(names.map((name) => {
    const fields = ((live.get(`object:${name}`)?.fields as { name: string; target?: string }[] | undefined) ?? []);
    return [name, fields.filter((f) => f.target && f.target !== name && names.includes(f.target))] as const;
  }));
  const changes: Change[] = [];
  const left = new Set(names);
  while (left.size) {
    const free = [...left].filter((name) => ![...left].some((other) => other !== name && targets.get(other)!.some((f) => f.target === name)));
    if (!free.length) {
      // A cycle: let go of the lookups among what is left, then everything left is free.
      for (const name of left) for (const f of targets.get(name)!.filter((f) => left.has(f.target!))) changes.push({ kind: 'deleteField', pointer: '', object: name, name: f.name });
      for (const name of left) targets.set(name, []);
      continue;
    }
    for (const name of free) {
      changes.push({ kind: 'deleteObject', pointer: '', name });
      left.delete(name);
    }
  }
  return changes;
}
