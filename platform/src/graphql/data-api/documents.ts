import { GraphQLError, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { CompiledSql } from '../../query/index.ts';
import { documentWeight, parseCounted } from '../limits/parse.ts';
import { checkDocumentShape } from '../limits/shape.ts';
import type { OperationCost } from './plan/cost.ts';
import type { SqlTemplate } from './plan-template.ts';
import { WellFormedStringsRule } from '../well-formed-text.ts';

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
  /** Its weight in the cache (`documentWeight`). */
  weight: number;
}

export type DocumentCache = LRUCache<string, CachedDocument>;

/**
 * Up to 1,000 documents and ~16 MB per tenant API, each weighed by its text and its tokens
 * (`documentWeight`): a few huge or dense documents cannot make the cache hold gigabytes.
 */
export function createDocumentCache(): DocumentCache {
  return new LRUCache({ max: 1000, maxSize: 16 * 2 ** 20, sizeCalculation: (doc) => doc.weight });
}

function refusedDocument(error: GraphQLError, query: string): CachedDocument {
  return { document: { kind: 'Document', definitions: [] } as never, schema: undefined as never, errors: [error], refused: error, compiled: new Map(), templates: new Map(), costs: new Map(), weight: documentWeight(query, 0) };
}

/**
 * Parses, checks the shape of, and validates once per (tenant API version, query text). Parsing is
 * bounded (tokens, nesting) and the shape is checked before the document's schema scope is
 * computed, so no later walk meets a cycle, an unbounded depth or an exponential expansion.
 */
export function cachedDocument(api: { documents: DocumentCache; schemaFor(document: DocumentNode): GraphQLSchema }, query: string): CachedDocument {
  let entry = api.documents.get(query);
  if (!entry) {
    let parsed: { document: DocumentNode; tokens: number };
    try {
      parsed = parseCounted(query);
      checkDocumentShape(parsed.document);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      entry = refusedDocument(error, query);
      api.documents.set(query, entry);
      return entry;
    }
    const { document } = parsed;
    const schema = api.schemaFor(document);
    entry = { document, schema, errors: validate(schema, document, [...specifiedRules, WellFormedStringsRule]), compiled: new Map(), templates: new Map(), costs: new Map(), weight: documentWeight(query, parsed.tokens) };
    api.documents.set(query, entry);
  }
  return entry;
}

export function operationOf(document: DocumentNode, name: string | undefined | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (name) return operations.find((o) => o.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}
