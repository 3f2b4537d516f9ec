import { GraphQLError, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { CompiledSql } from '../../query/index.ts';
import { parseWithin } from '../limits/parse.ts';
import { checkDocumentShape } from '../limits/shape.ts';
import type { OperationCost } from './plan/cost.ts';
import type { SqlTemplate } from './plan-template.ts';

/** A parsed and validated document of one tenant schema version, with what the fast path compiled. */
export interface CachedDocument {
  document: DocumentNode;
  /** The schema it was validated against (the part of the API it touches). */
  schema: GraphQLSchema;
  errors: readonly GraphQLError[];
  /**
   * Set when the document was refused before validation (a syntax error, or a shape past the
   * limits: too deep, too many selections once fragments are expanded, a fragment cycle). Such a
   * document is never handed to the schema scope, graphql-js's validation or the planner.
   */
  refused?: GraphQLError;
  /** Compiled SQL per operation name, for operations without variables (the same SQL every time). */
  compiled: Map<string, CompiledSql | null>;
  /** For operations with variables: SQL templates per user (null: the variables shape the SQL). */
  templates: Map<string, SqlTemplate | null>;
  /** Costs of operations whose cost no variable shapes, per operation name and default page size. */
  costs: Map<string, OperationCost>;
}

export type DocumentCache = LRUCache<string, CachedDocument>;

/**
 * Up to 1,000 documents, and at most 64 MB of document text (an entry counts twice its text, for
 * the syntax tree): a few huge documents cannot make the cache hold gigabytes.
 */
export function createDocumentCache(): DocumentCache {
  return new LRUCache({ max: 1000, maxSize: 64 * 2 ** 20, sizeCalculation: (_doc, query) => query.length * 2 + 1024 });
}

function refusedDocument(error: GraphQLError): CachedDocument {
  return { document: { kind: 'Document', definitions: [] } as never, schema: undefined as never, errors: [error], refused: error, compiled: new Map(), templates: new Map(), costs: new Map() };
}

/**
 * Parses, checks the shape of, and validates once per (tenant API version, query text). Parsing is
 * bounded (tokens, nesting) and the shape is checked before the document's schema scope is
 * computed, so no later walk meets a cycle, an unbounded depth or an exponential expansion.
 */
export function cachedDocument(api: { documents: DocumentCache; schemaFor(document: DocumentNode): GraphQLSchema }, query: string): CachedDocument {
  let entry = api.documents.get(query);
  if (!entry) {
    let document: DocumentNode;
    try {
      document = parseWithin(query);
      checkDocumentShape(document);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      entry = refusedDocument(error);
      api.documents.set(query, entry);
      return entry;
    }
    const schema = api.schemaFor(document);
    entry = { document, schema, errors: validate(schema, document), compiled: new Map(), templates: new Map(), costs: new Map() };
    api.documents.set(query, entry);
  }
  return entry;
}

export function operationOf(document: DocumentNode, name: string | undefined | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (name) return operations.find((o) => o.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}
