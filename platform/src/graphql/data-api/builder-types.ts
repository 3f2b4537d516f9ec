import SchemaBuilder from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { DataContext } from './context.ts';

export type DataSchemaBuilder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<{
  Context: DataContext;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
  };
}>>;

/**
 * Which part of the tenant's API to build: the objects whose types (and root fields) are present,
 * and the objects whose filter types are (a superset). Relations to objects outside are left out.
 * Absent: the whole API.
 */
export interface SchemaScope {
  objects: ReadonlySet<string>;
  filters: ReadonlySet<string>;
}

export function newBuilder(): DataSchemaBuilder {
  return new SchemaBuilder<{
    Context: DataContext;
    Scalars: {
      JSON: { Input: unknown; Output: unknown };
      Date: { Input: string; Output: string };
      DateTime: { Input: string; Output: string };
    };
  }>({}) as unknown as DataSchemaBuilder;
}

/**
 * Reads are compiled to one SQL statement whose JSON is keyed by response key (alias or name), so
 * every object field resolves by the response key — also when graphql-js executes the fallback path.
 */
/** Resolves a field of a value object (a `File`) by its name: the statement built that JSON keyed by field names, whatever aliases the document uses. */
export function byFieldName(parent: Record<string, unknown>, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo): unknown {
  return parent?.[info.fieldName] ?? null;
}

export function byResponseKey(parent: Record<string, unknown>, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo): unknown {
  return parent?.[info.path.key as string] ?? null;
}
