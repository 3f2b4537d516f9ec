import type { DataSchemaBuilder } from './builder-types.ts';
import { byResponseKey } from './builder-types.ts';

/**
 * Where a record read by `node(id)` on the fallback path carries its object type's name, for the
 * `Node` interface to resolve its type by: a symbol, so that no response key can be it (the
 * compiled path never needs it: PostgreSQL answers exactly the selection).
 */
export const NODE_TYPE = Symbol('node type');

/**
 * The Relay `Node` interface (`id: ID!`), which every record type implements. A record's `id` is
 * its UUID, as it always was; `node(id: ID!)` takes that UUID and finds the record among every
 * object the caller may read (see `nodeRead` in requests.ts).
 */
export function nodeInterface(builder: DataSchemaBuilder): unknown {
  const b = builder as any;
  return b.interfaceRef('Node').implement({
    description: 'A record of any object: refetch it with node(id).',
    fields: (t: any) => ({ id: t.id({ nullable: false, resolve: byResponseKey }) }),
    resolveType: (value: Record<PropertyKey, unknown>) => value?.[NODE_TYPE],
  });
}
