import type { FieldRef } from '@tessera/platform/expressions';
import type { ObjectMeta } from '../api/metadata.ts';
import { fieldSelection, recordSelection } from '../records/data/selection.ts';

interface Node {
  /** A value field's own selection (`amount { amount currency }`, `industry`). */
  leaf?: string;
  children: Map<string, Node>;
}

const node = (): Node => ({ children: new Map() });

/**
 * The GraphQL selection that loads what an expression reads from a record: the record's own fields
 * and, through each lookup on a path, the target record's (`account { id industry }`): the
 * JavaScript back end reads lookups as nested records.
 */
export function previewSelection(object: ObjectMeta, objects: readonly ObjectMeta[], refs: readonly FieldRef[]): string {
  const root = node();
  for (const ref of refs) {
    let at = root;
    for (const step of ref.via) {
      if (!at.children.has(step.field)) at.children.set(step.field, node());
      at = at.children.get(step.field)!;
    }
    const meta = objects.find((o) => o.name === ref.object)?.fields.find((f) => f.name === ref.field);
    const leaf = ref.read === 'id' ? `${ref.field} { id }` : meta ? fieldSelection(meta, objects as ObjectMeta[]) : ref.field;
    at.children.set(ref.field, { ...(at.children.get(ref.field) ?? node()), leaf });
  }
  const render = (n: Node): string => [...n.children].map(([name, child]) => (child.children.size ? `${name} { id ${render(child)} }` : child.leaf ?? name)).join(' ');
  // The record's usual selection (its title for the sample picker), then what the expression reads
  // (GraphQL merges a field selected twice: `account { id name }` and `account { id industry }`).
  return `${recordSelection(object, objects as ObjectMeta[])} ${render(root)}`;
}
