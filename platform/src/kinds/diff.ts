import { canonical } from '../metadata/planner.ts';
import type { ItemChange } from './kind.ts';

/**
 * The default plan of a kind's section of a document: items matched by name; one the tenant lacks
 * is created, one that differs (compared in its normalized form) is updated, one the document does
 * not name is left alone — as objects are. Pointers are relative to the section (`/2`).
 */
export function planItems<T>(current: T[], wanted: T[], key: (item: T) => string, normalize: (item: T) => T = (item) => item): ItemChange<T>[] {
  const live = new Map(current.map((item) => [key(item), item]));
  const out: ItemChange<T>[] = [];
  wanted.forEach((item, i) => {
    const name = key(item);
    const before = live.get(name);
    if (!before) out.push({ action: 'create', key: name, pointer: `/${i}`, before: null, after: item });
    else if (canonical(normalize(before)) !== canonical(normalize(item))) out.push({ action: 'update', key: name, pointer: `/${i}`, before, after: item });
  });
  return out;
}
