import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { CompiledSql } from '../../query/index.ts';

/** A parsed and validated document of one tenant schema version, with what the fast path compiled. */
export interface CachedDocument {
  document: DocumentNode;
  errors: readonly GraphQLError[];
  /** Compiled SQL per operation name, for operations without variables (the same SQL every time). */
  compiled: Map<string, CompiledSql | null>;
}

export type DocumentCache = LRUCache<string, CachedDocument>;

export function createDocumentCache(): DocumentCache {
  return new LRUCache({ max: 1000 });
}

/** Parses and validates once per (schema version, query text). */
export function cachedDocument(cache: DocumentCache, schema: GraphQLSchema, query: string): CachedDocument {
  let entry = cache.get(query);
  if (!entry) {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: 20_000 });
    } catch (error) {
      entry = { document: { kind: 'Document', definitions: [] } as never, errors: [error as GraphQLError], compiled: new Map() };
      cache.set(query, entry);
      return entry;
    }
    entry = { document, errors: validate(schema, document), compiled: new Map() };
    cache.set(query, entry);
  }
  return entry;
}

export function operationOf(document: DocumentNode, name: string | undefined | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (name) return operations.find((o) => o.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}
