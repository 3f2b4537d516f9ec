import { PlatformError } from '../errors/index.ts';
import type { TenantCatalog } from '../metadata/catalog.ts';
import { DEFAULT_SHARING, type SecurityContext, type SharingModel } from './model.ts';

/** Whether an object's records are open to everyone holding the object right (no row-level condition), by object id. */
export type Openness = Map<string, { name: string; read: boolean; write: boolean }>;

/**
 * Each object's openness as visibility.ts applies it: its sharing model, unless it has master-detail
 * parents, whose records then decide (a child is open when every parent object is).
 */
export function opennessOf(catalog: TenantCatalog): Openness {
  const memo = new Map<string, { read: boolean; write: boolean }>();
  const of = (name: string, seen: Set<string>): { read: boolean; write: boolean } => {
    const known = memo.get(name);
    if (known) return known;
    const object = catalog.objects.get(name);
    if (!object || seen.has(name)) return { read: false, write: false };
    seen.add(name);
    const masters = object.definition.fields.filter((f) => f.type === 'masterDetail' && f.target && catalog.objects.has(f.target));
    let result: { read: boolean; write: boolean };
    if (masters.length) {
      const parents = masters.map((f) => of(f.target!, seen));
      result = { read: parents.every((p) => p.read), write: parents.every((p) => p.write) };
    } else {
      const sharing = (object.definition as { sharing?: SharingModel }).sharing ?? DEFAULT_SHARING;
      result = { read: sharing !== 'PRIVATE', write: sharing === 'PUBLIC_READ_WRITE' };
    }
    memo.set(name, result);
    return result;
  };
  return new Map([...catalog.objects.values()].map((o) => [o.id, { name: o.definition.name, ...of(o.definition.name, new Set()) }]));
}

/**
 * A metadata change may open an object's records to everyone (a sharing model made public, a
 * master-detail field removed or pointed elsewhere) only if its author could read them all already:
 * opening for reading needs View All (or Modify All) on the object, for writing Modify All. Objects
 * the change creates have no records yet.
 */
export function refuseWidening(before: Openness, after: Openness, rights: SecurityContext): void {
  if (rights.bypass) return;
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) continue;
    const access = rights.object(was.name);
    const opensRead = now.read && !was.read && !(access.viewAll || access.modifyAll);
    const opensWrite = now.write && !was.write && !access.modifyAll;
    if (opensRead || opensWrite) {
      const needs = opensRead ? 'View All' : 'Modify All';
      throw new PlatformError('FORBIDDEN', `This change would open every ${was.name} record to ${opensRead ? 'reading' : 'writing'} by anyone with access to ${now.name}; it needs ${needs} on ${was.name}, which you do not hold`, {
        details: [{ pointer: '', message: `needs ${needs} on ${was.name}` }],
      });
    }
  }
}
