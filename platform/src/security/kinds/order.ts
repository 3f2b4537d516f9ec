import { PlatformError } from '../../errors/index.ts';
import type { ItemChange } from '../../kinds/kind.ts';
import { planItems } from '../../kinds/diff.ts';

/** A security item's name: 1 to 100 characters, not only spaces. */
export const NAME_SCHEMA = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' };

/**
 * Items in an order where each comes after the items it names (a parent role, a member group),
 * else by name; a cycle is refused at the pointer of the item that closes it.
 */
export function byDependency<T>(items: T[], key: (item: T) => string, uses: (item: T) => string[], pointerOf?: (index: number) => string): T[] {
  const byKey = new Map(items.map((item, i) => [key(item), { item, i }]));
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    const entry = byKey.get(name);
    if (!entry || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new PlatformError('VALIDATION_FAILED', `${name} is, through others, its own ancestor or member`, { details: [{ pointer: pointerOf?.(entry.i) ?? '', message: 'makes a cycle' }] });
    }
    state.set(name, 'visiting');
    for (const used of uses(entry.item)) visit(used);
    state.set(name, 'done');
    out.push(entry.item);
  };
  for (const name of [...byKey.keys()].sort()) visit(name);
  return out;
}

/** The default plan (kinds/diff.ts), creates and updates in dependency order (what an item uses first). */
export function defaultOrder<T>(current: T[], wanted: T[], uses: (item: T) => string[], normalize: (item: T) => T, key = (item: T) => (item as { name: string }).name): ItemChange<T>[] {
  const order = byDependency(wanted, key, uses, (i) => `/${i}`);
  const rank = new Map(order.map((item, i) => [item, i]));
  return planItems(current, wanted, key, normalize).sort((a, b) => rank.get(a.after!)! - rank.get(b.after!)!);
}
