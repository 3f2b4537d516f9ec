import { parse, specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { CompiledSql } from '../../query/index.ts';
import type { SqlTemplate } from './plan-template.ts';
import { WellFormedStringsRule } from '../well-formed-text.ts';

/** A parsed and validated document of one tenant schema version, with what the fast path compiled. */
export interface CachedDocument {
  document: DocumentNode;
  /** The schema it was validated against (the part of the API it touches). */
  schema: GraphQLSchema;
  errors: readonly GraphQLError[];
  /** Compiled SQL per operation name, for operations without variables (the same SQL every time). */
  compiled: Map<string, CompiledSql | null>;
  /** For operations with variables: SQL templates per user (null: the variables shape the SQL). */
  templates: Map<string, SqlTemplate | null>;
}

export type DocumentCache = LRUCache<string, CachedDocument>;

export function createDocumentCache(): DocumentCache {
  return new LRUCache({ max: 1000 });
}

/** Parses and validates once per (tenant API version, query text). */
export function cachedDocument(api: { documents: DocumentCache; schemaFor(document: DocumentNode): GraphQLSchema }, query: string): CachedDocument {
  let entry = api.documents.get(query);
  if (!entry) {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: 20_000 });
    } catch (error) {
      return { document: { kind: 'Document', definitions: [] } as never, schema: undefined as never, errors: [error as GraphQLError], compiled: new Map(), templates: new Map() };
    }
    const schema = api.schemaFor(document);
    entry = { document, schema, errors: validate(schema, document, [...specifiedRules, WellFormedStringsRule]), compiled: new Map(), templates: new Map() };
    api.documents.set(query, entry);
  }
  return entry;
}

export function operationOf(document: DocumentNode, name: string | undefined | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (name) return operations.find((o) => o.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}
