import { modelOfObjects, type FieldRef, type Typed } from '@tessera/platform/expressions';
import type { ObjectMeta } from '../api/metadata.ts';

/**
 * The tenant's model as the expression checker needs it, built from `/metadata` (each field's
 * resolved `definition`): the browser checks with the platform's own checker, so what the editor
 * accepts is what the server accepts (the server checks again on save).
 */
export function expressionModel(objects: readonly ObjectMeta[]) {
  return modelOfObjects(objects.map((o) => ({ name: o.name, fields: o.fields.map((f) => f.definition as never) })));
}

/** Every field a checked expression reads, with the lookups on its way. */
export function fieldRefs(node: Typed, out: FieldRef[] = []): FieldRef[] {
  if (node.kind === 'field') out.push(node.ref);
  else if (node.kind === 'call') for (const arg of node.args) fieldRefs(arg, out);
  return out;
}
