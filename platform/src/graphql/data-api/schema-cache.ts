import type { DocumentNode, GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { SchemaModel } from '../../model/index.ts';
import type { TenantModel } from '../../tenancy/model-cache.ts';
import { buildDataSchema } from './build-schema.ts';
import { documentScope, scopeKey } from './document-scope.ts';
import { createDocumentCache, type DocumentCache } from './documents.ts';

/**
 * A tenant's GraphQL API at one metadata version. GraphQL schemas are built lazily with Pothos: the
 * whole one for introspection, and for other documents only the part they can touch
 * (document-scope.ts), cached by that part. A metadata change therefore costs the next request a
 * build of a few objects' types, not of the whole API.
 */
export class TenantApi {
  readonly version: number;
  readonly model: SchemaModel;
  readonly documents: DocumentCache = createDocumentCache();
  private fullSchema: GraphQLSchema | undefined;
  private readonly partial = new LRUCache<string, GraphQLSchema>({ max: 200 });

  constructor(model: SchemaModel) {
    this.model = model;
    this.version = model.version;
  }

  /** The whole API (introspection, GraphiQL, printing). */
  get schema(): GraphQLSchema {
    this.fullSchema ??= buildDataSchema(this.model);
    return this.fullSchema;
  }

  /**
   * The whole API as seen by a user who may read only `readable` of the objects (introspection,
   * GraphiQL): the other objects, and the relations and filters that lead to them, are left out.
   */
  schemaReadableBy(readable: ReadonlySet<string>): GraphQLSchema {
    const objects = [...this.model.objects.keys()].filter((o) => readable.has(o));
    if (objects.length === this.model.objects.size) return this.schema;
    const key = `readable:${objects.sort().join(',')}`;
    let schema = this.partial.get(key);
    if (!schema) {
      const scope = new Set(objects);
      schema = buildDataSchema(this.model, { objects: scope, filters: scope });
      this.partial.set(key, schema);
    }
    return schema;
  }

  /** The schema to validate and execute `document` against. */
  schemaFor(document: DocumentNode): GraphQLSchema {
    const scope = documentScope(this.model, document);
    if (scope === 'full') return this.schema;
    const key = scopeKey(scope);
    let schema = this.partial.get(key);
    if (!schema) {
      schema = buildDataSchema(this.model, scope);
      this.partial.set(key, schema);
    }
    return schema;
  }
}

const apis = new WeakMap<TenantModel, TenantApi>();

/**
 * The GraphQL API of a tenant's model (from `platform.schemas`, the model cache): built once per
 * model entry, i.e. per tenant and metadata version, and dropped with it.
 */
export function tenantApi(entry: TenantModel): TenantApi {
  let api = apis.get(entry);
  if (!api) {
    api = new TenantApi(entry.model);
    apis.set(entry, api);
  }
  return api;
}
