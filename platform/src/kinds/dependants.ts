import type { ChangeTx, ConfigReader } from '../changes/index.ts';
import { PlatformError } from '../errors/index.ts';
import type { DependantsHook } from '../metadata/apply/context.ts';
import type { Dependant, DependencyEvent, StoredReference, Target } from './kind.ts';
import type { KindRegistry } from './registry.ts';

/** Whether a reference is to `target`: the thing itself, or (for an object) one of its fields. */
function isTo(ref: StoredReference, target: Target): boolean {
  if (ref.target.kind === target.kind && ref.target.name === target.name) return true;
  return target.kind === 'object' && ref.target.kind === 'field' && ref.target.name.startsWith(`${target.name}.`);
}

const describe = (target: Target) => (target.kind === 'field' ? `The field ${target.name}` : `The ${target.kind} ${target.name}`);

/**
 * Every use of `target` by a stored item of any kind. For an object, the uses of its fields count
 * too — except in an item that names the object itself (a view of it, a rule on it): that use
 * alone decides what the item does (a view of a deleted object stays, inert, rather than lose columns).
 */
export async function referencesTo(reader: ConfigReader, kinds: KindRegistry, target: Target): Promise<StoredReference[]> {
  const out: StoredReference[] = [];
  for (const kind of kinds.metadataKinds()) {
    if (!kind.references) continue;
    const refs = (await kind.references(reader)).filter((ref) => isTo(ref, target));
    const direct = new Set(refs.filter((r) => r.target.kind === target.kind && r.target.name === target.name).map((r) => r.handle));
    out.push(...refs.filter((r) => !direct.has(r.handle) || (r.target.kind === target.kind && r.target.name === target.name)));
  }
  return out;
}

/**
 * The refusal of a rename or deletion that others depend on: CONFLICT, naming each dependant in
 * `extensions.dependants` ({kind, name, pointer}) and in a detail at `pointer` (the change's input).
 */
export function dependantsConflict(event: DependencyEvent, dependants: Dependant[], pointer: string): PlatformError {
  const listed = dependants.slice(0, 5).map((d) => `${d.kind} ${d.name}`).join(', ') + (dependants.length > 5 ? ` and ${dependants.length - 5} more` : '');
  const verb = event.action === 'delete' ? 'deleted' : 'renamed';
  return new PlatformError('CONFLICT', `${describe(event.target)} cannot be ${verb}: it is used by ${listed}; change or remove those first`, {
    details: dependants.map((d) => ({ pointer, message: `used by ${d.kind} ${d.name}${d.pointer ? ` at ${d.pointer}` : ''}` })),
    extensions: { dependants },
  });
}

/**
 * What a rename or deletion does to the configuration that uses the renamed or deleted thing, in
 * the change's transaction: refused (CONFLICT with every dependant) if any use says `refuse`, else
 * every item with a `prune` or `follow` use is rewritten by its kind — each one history entry — and
 * the notes returned say so. `more`: dependants found outside the kinds (users holding a role).
 */
export async function settleDependants(tx: ChangeTx, kinds: KindRegistry, event: DependencyEvent, pointer: string, more: Dependant[] = []): Promise<string[]> {
  const refs = await referencesTo(tx, kinds, event.target);
  const policy = (ref: StoredReference) => (event.action === 'delete' ? ref.onDelete : ref.onRename);
  const refused = refs.filter((r) => policy(r) === 'refuse');
  if (refused.length || more.length) {
    const seen = new Set<string>();
    const dependants = [...more, ...refused.map((r) => ({ kind: r.kind, name: r.item, pointer: r.pointer }))].filter((d) => {
      const key = `${d.kind}\u0000${d.name}\u0000${d.pointer ?? ''}`;
      return !seen.has(key) && seen.add(key);
    });
    throw dependantsConflict(event, dependants, pointer);
  }
  const notes: string[] = [];
  const done = new Set<string>();
  for (const ref of refs) {
    if (policy(ref) === 'keep') continue;
    const key = `${ref.kind}\u0000${ref.handle}`;
    if (done.has(key)) continue;
    done.add(key);
    const kind = kinds.metadataKinds().find((k) => k.name === ref.kind);
    const note = kind?.follow ? await kind.follow(tx, ref, event) : '';
    if (note) notes.push(note);
  }
  return notes;
}

/** The engine's hook: object and field renames and deletions settle their dependants first. */
export function dependantsHook(kinds: KindRegistry): DependantsHook {
  return async (ctx, event, pointer) => {
    for (const note of await settleDependants(ctx.tx, kinds, event, pointer)) ctx.note(note);
  };
}
