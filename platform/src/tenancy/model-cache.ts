import { LRUCache } from 'lru-cache';
import { loadCatalog, type TenantCatalog } from '../metadata/index.ts';
import { buildModel, type SchemaModel } from '../model/index.ts';
import { tenantTablesSql } from '../storage/ddl/tenant-tables.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';

/**
 * A tenant's model at one metadata version. Transports keep what they derive from it (the GraphQL
 * schemas and documents of `graphql/data-api/schema-cache.ts`) by this object, so it is rebuilt
 * exactly when the model is.
 */
export interface TenantModel {
  readonly version: number;
  readonly model: SchemaModel;
}

/**
 * Each tenant's model, keyed by (tenant, metadata version), LRU-bounded across tenants. A metadata
 * change in this process hands over the new catalog; one announced by NOTIFY from another process
 * marks the tenant stale and the next request reloads it. Loads of one tenant are shared by
 * concurrent requests and never wait on another tenant's.
 */
export class ModelCache {
  private readonly sql: SqlRunner;
  private readonly entries: LRUCache<string, TenantModel>;
  private readonly loading = new Map<string, Promise<TenantModel>>();
  /** The newest version each tenant is known to have; absent: ask the database. */
  private readonly known = new Map<string, number>();
  private readonly ensured = new Set<string>();

  constructor(sql: SqlRunner, options: { maxTenants?: number } = {}) {
    this.sql = sql;
    this.entries = new LRUCache({ max: options.maxTenants ?? 500 });
  }

  /** A change committed in this process: the catalog as it left it becomes the tenant's model. */
  changed(catalog: TenantCatalog): void {
    this.known.set(catalog.tenantId, Math.max(this.known.get(catalog.tenantId) ?? -1, catalog.version));
    const current = this.entries.get(catalog.tenantId);
    if (!current || current.version < catalog.version) this.entries.set(catalog.tenantId, entryOf(buildModel(catalog)));
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

  /** The tenant's model when it is cached and current (no load, no promise: the request path's common case). */
  peek(tenantId: string): TenantModel | undefined {
    const entry = this.entries.get(tenantId);
    const known = this.known.get(tenantId);
    return entry && known !== undefined && entry.version >= known ? entry : undefined;
  }

  async get(tenantId: string): Promise<TenantModel> {
    const entry = this.entries.get(tenantId);
    const known = this.known.get(tenantId);
    if (entry && known !== undefined && entry.version >= known) return entry;
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const load = this.load(tenantId, entry).finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, load);
    return load;
  }

  private async load(tenantId: string, previous: TenantModel | undefined): Promise<TenantModel> {
    const catalog = await loadCatalog(this.sql, tenantId);
    // Tenants created before the platform's own tenant tables existed get them on first use here.
    if (!this.ensured.has(tenantId)) {
      for (const statement of tenantTablesSql(catalog.schema)) await this.sql.query(statement);
      this.ensured.add(tenantId);
    }
    if ((this.known.get(tenantId) ?? -1) < catalog.version) this.known.set(tenantId, catalog.version);
    if (previous && previous.version === catalog.version) return previous;
    const entry = entryOf(buildModel(catalog));
    this.entries.set(tenantId, entry);
    return entry;
  }
}

const entryOf = (model: SchemaModel): TenantModel => ({ version: model.version, model });
