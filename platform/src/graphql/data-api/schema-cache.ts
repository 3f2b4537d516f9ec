import type { GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { loadCatalog } from '../../metadata/index.ts';
import type { SqlRunner } from '../../storage/sql/runner.ts';
import { buildDataSchema } from './build-schema.ts';
import { buildModel, type SchemaModel } from './model.ts';
import type { DocumentCache } from './documents.ts';
import { createDocumentCache } from './documents.ts';

export interface TenantApi {
  version: number;
  model: SchemaModel;
  schema: GraphQLSchema;
  documents: DocumentCache;
  /** ms spent building (catalog load excluded). */
  buildMs: number;
}

/**
 * Per-tenant schemas keyed by (tenant, metadata version), LRU-bounded across tenants. A metadata
 * change (in this process, or announced by NOTIFY from another) marks the tenant's version stale;
 * the next request builds the new schema. Builds of one tenant are shared by concurrent requests
 * and never wait on another tenant's.
 */
export class SchemaCache {
  private readonly sql: SqlRunner;
  private readonly entries: LRUCache<string, TenantApi>;
  private readonly building = new Map<string, Promise<TenantApi>>();
  /** The newest version each tenant is known to have; absent: ask the database. */
  private readonly known = new Map<string, number>();

  constructor(sql: SqlRunner, options: { maxTenants?: number } = {}) {
    this.sql = sql;
    this.entries = new LRUCache({ max: options.maxTenants ?? 500 });
  }

  /** A tenant's metadata moved to `version` (from the engine, or a NOTIFY). */
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
    const pending = this.building.get(tenantId);
    if (pending) return pending;
    const build = this.build(tenantId, entry).finally(() => this.building.delete(tenantId));
    this.building.set(tenantId, build);
    return build;
  }

  private async build(tenantId: string, previous: TenantApi | undefined): Promise<TenantApi> {
    const catalog = await loadCatalog(this.sql, tenantId);
    if (previous && previous.version === catalog.version) {
      this.known.set(tenantId, catalog.version);
      return previous;
    }
    const started = performance.now();
    const model = buildModel(catalog);
    const schema = buildDataSchema(model);
    const api: TenantApi = { version: catalog.version, model, schema, documents: createDocumentCache(), buildMs: performance.now() - started };
    this.entries.set(tenantId, api);
    if ((this.known.get(tenantId) ?? -1) < catalog.version) this.known.set(tenantId, catalog.version);
    return api;
  }
}
