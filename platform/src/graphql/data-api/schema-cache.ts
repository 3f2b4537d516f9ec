import type { DocumentNode, GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { loadCatalog, type TenantCatalog } from '../../metadata/index.ts';
import type { SqlRunner } from '../../storage/sql/runner.ts';
import { buildDataSchema } from './build-schema.ts';
import { tenantTablesSql } from '../../storage/ddl/tenant-tables.ts';
import { documentScope, scopeKey } from './document-scope.ts';
import { buildModel, type SchemaModel } from '../../model/model.ts';
import { createDocumentCache, type DocumentCache } from './documents.ts';

/**
 * A tenant's API at one metadata version. The model is built at once (cheap); GraphQL schemas are
 * built lazily with Pothos: the whole one for introspection, and for other documents only the part
 * they can touch (document-scope.ts), cached by that part. A metadata change therefore costs the
 * next request a build of a few objects' types, not of the whole API.
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

/**
 * Per-tenant APIs keyed by (tenant, metadata version), LRU-bounded across tenants. A metadata
 * change in this process hands over the new catalog; one announced by NOTIFY from another process
 * marks the tenant stale and the next request reloads it. Loads of one tenant are shared by
 * concurrent requests and never wait on another tenant's.
 */
export class SchemaCache {
  private readonly sql: SqlRunner;
  private readonly entries: LRUCache<string, TenantApi>;
  private readonly loading = new Map<string, Promise<TenantApi>>();
  /** The newest version each tenant is known to have; absent: ask the database. */
  private readonly known = new Map<string, number>();
  private readonly ensured = new Set<string>();

  constructor(sql: SqlRunner, options: { maxTenants?: number } = {}) {
    this.sql = sql;
    this.entries = new LRUCache({ max: options.maxTenants ?? 500 });
  }

  /** A change committed in this process: the catalog as it left it becomes the tenant's API. */
  changed(catalog: TenantCatalog): void {
    this.known.set(catalog.tenantId, Math.max(this.known.get(catalog.tenantId) ?? -1, catalog.version));
    const current = this.entries.get(catalog.tenantId);
    if (!current || current.version < catalog.version) this.entries.set(catalog.tenantId, new TenantApi(buildModel(catalog)));
  }

  /** A tenant's metadata moved to `version` elsewhere (a NOTIFY); undefined: unknown, check. */
  invalidate(tenantId: string, version?: number): void {
    if (version === undefined) this.known.delete(tenantId);
    else if ((this.known.get(tenantId) ?? -1) < version) this.known.set(tenantId, version);
  }

  /** Forget every known version (e.g. the NOTIFY connection dropped and messages may be lost). */
  invalidateAll(): void {
    this.known.clear();
  }

  async get(tenantId: string): Promise<TenantApi> {
    const entry = this.entries.get(tenantId);
    const known = this.known.get(tenantId);
    if (entry && known !== undefined && entry.version >= known) return entry;
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const load = this.load(tenantId, entry).finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, load);
    return load;
  }

  private async load(tenantId: string, previous: TenantApi | undefined): Promise<TenantApi> {
    const catalog = await loadCatalog(this.sql, tenantId);
    // Tenants created before the platform's own tenant tables existed get them on first use here.
    if (!this.ensured.has(tenantId)) {
      for (const statement of tenantTablesSql(catalog.schema)) await this.sql.query(statement);
      this.ensured.add(tenantId);
    }
    if ((this.known.get(tenantId) ?? -1) < catalog.version) this.known.set(tenantId, catalog.version);
    if (previous && previous.version === catalog.version) return previous;
    const api = new TenantApi(buildModel(catalog));
    this.entries.set(tenantId, api);
    return api;
  }
}
