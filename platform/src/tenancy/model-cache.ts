import { LRUCache } from 'lru-cache';
import { loadCatalog, type TenantCatalog } from '../metadata/index.ts';
import { buildModel, withCommands, type CommandModel, type QueryModel, type SchemaModel } from '../model/index.ts';
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

export interface ModelCacheOptions {
  maxTenants?: number;
  /** The commands plugins add to a model (after its scripts' actions), and their queries. */
  plugins?(model: SchemaModel): { commands: CommandModel[]; queries: QueryModel[] };
  /** Runs once per tenant and process before its first model (plugins' tenant migrations). */
  onFirstLoad?(tenantId: string, schema: string): Promise<void>;
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

  private readonly options: ModelCacheOptions;
  /** Bumped when the plugins' commands change: entries built before are rebuilt on their next use. */
  private generation = 0;
  private readonly built = new WeakMap<TenantModel, number>();

  constructor(sql: SqlRunner, options: ModelCacheOptions = {}) {
    this.sql = sql;
    this.options = options;
    this.entries = new LRUCache({ max: options.maxTenants ?? 500 });
  }

  /** The plugins' commands or queries changed (a plugin installed or uninstalled): every model is rebuilt with the new ones on its next use. */
  commandsChanged(): void {
    this.generation++;
  }

  private build(catalog: TenantCatalog): TenantModel {
    const model = buildModel(catalog);
    const added = this.options.plugins?.(model);
    const entry = entryOf(added ? withCommands(model, added.commands, added.queries) : model);
    this.built.set(entry, this.generation);
    return entry;
  }

  private fresh(entry: TenantModel | undefined): entry is TenantModel {
    return entry !== undefined && this.built.get(entry) === this.generation;
  }

  /** A change committed in this process: the catalog as it left it becomes the tenant's model. */
  changed(catalog: TenantCatalog): void {
    this.known.set(catalog.tenantId, Math.max(this.known.get(catalog.tenantId) ?? -1, catalog.version));
    // A tenant not yet loaded here keeps its first load (`get`): that load ensures its tables and
    // runs the plugins' tenant migrations, which a model handed over by a change would skip.
    if (!this.ensured.has(catalog.tenantId)) return;
    const current = this.entries.get(catalog.tenantId);
    if (current && current.version >= catalog.version && this.fresh(current)) return;
    this.entries.set(catalog.tenantId, this.build(catalog));
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
    return this.fresh(entry) && known !== undefined && entry.version >= known ? entry : undefined;
  }

  async get(tenantId: string): Promise<TenantModel> {
    const entry = this.entries.get(tenantId);
    const known = this.known.get(tenantId);
    if (this.fresh(entry) && known !== undefined && entry.version >= known) return entry;
    // A load already under way is shared; but one that read the catalog before a newer version was
    // announced (a change committed meanwhile: a first load running the plugins' tenant migrations
    // is slow) answers the older model, so it is loaded once more.
    for (let attempt = 0; ; attempt++) {
      const result = await this.startLoad(tenantId);
      const newest = this.known.get(tenantId);
      if (newest === undefined || result.version >= newest || attempt >= 2) return result;
    }
  }

  private startLoad(tenantId: string): Promise<TenantModel> {
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const load = this.load(tenantId, this.entries.get(tenantId)).finally(() => { if (this.loading.get(tenantId) === load) this.loading.delete(tenantId); });
    this.loading.set(tenantId, load);
    return load;
  }

  private async load(tenantId: string, previous: TenantModel | undefined): Promise<TenantModel> {
    const catalog = await loadCatalog(this.sql, tenantId);
    // Tenants created before the platform's own tenant tables existed get them on first use here.
    if (!this.ensured.has(tenantId)) {
      for (const statement of tenantTablesSql(catalog.schema)) await this.sql.query(statement);
      await this.options.onFirstLoad?.(tenantId, catalog.schema);
      this.ensured.add(tenantId);
    }
    if ((this.known.get(tenantId) ?? -1) < catalog.version) this.known.set(tenantId, catalog.version);
    if (previous && previous.version === catalog.version && this.fresh(previous)) return previous;
    const entry = this.build(catalog);
    this.entries.set(tenantId, entry);
    return entry;
  }
}

const entryOf = (model: SchemaModel): TenantModel => ({ version: model.version, model });
