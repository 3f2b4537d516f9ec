import type pg from 'pg';
import type { Logger } from 'pino';
import type { TenantCatalog } from '../metadata/index.ts';
import { syncVisibilityIndexes, wantedVisibilityIndexes, type SyncOptions } from './visibility-indexes.ts';

/**
 * Keeps each tenant's visibility indexes (visibility-indexes.ts) in line with its metadata and
 * sharing rules, in the background: a sync is scheduled when a tenant's metadata changes or its
 * security configuration is loaded; requests never wait for one. At most one sync runs per tenant
 * in this process; one asked for meanwhile runs after it, with the then current state.
 */
export class VisibilityIndexer {
  private readonly pool: pg.Pool;
  private readonly catalogOf: (tenantId: string) => Promise<TenantCatalog>;
  private readonly options: SyncOptions;
  private readonly logger: Logger | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private closed = false;

  constructor(pool: pg.Pool, catalogOf: (tenantId: string) => Promise<TenantCatalog>, options: Partial<SyncOptions> & { logger?: Logger } = {}) {
    this.pool = pool;
    this.catalogOf = catalogOf;
    this.options = { concurrentBytes: options.concurrentBytes ?? 8 * 1024 * 1024, lockTimeoutMs: options.lockTimeoutMs ?? 2000 };
    this.logger = options.logger;
  }

  schedule(tenantId: string): void {
    if (this.closed) return;
    if (this.running.has(tenantId)) {
      this.again.add(tenantId);
      return;
    }
    const run = this.sync(tenantId)
      .then(() => undefined, (error: unknown) => this.logger?.warn({ err: error, tenantId }, 'visibility indexes not synced; the next change or start retries'))
      .finally(() => {
        this.running.delete(tenantId);
        if (this.again.delete(tenantId)) this.schedule(tenantId);
      });
    this.running.set(tenantId, run);
  }

  /** Syncs one tenant now (what a scheduled run does). */
  async sync(tenantId: string): Promise<{ created: string[]; dropped: string[] }> {
    const catalog = await this.catalogOf(tenantId);
    const { rows } = await this.pool.query<{ object: string; filter: unknown }>('select object, filter from tessera.sharing_rules where tenant_id = $1', [tenantId]);
    const result = await syncVisibilityIndexes(this.pool, catalog.schema, wantedVisibilityIndexes(catalog, rows), this.options);
    if (result.created.length || result.dropped.length) this.logger?.info({ tenantId, ...result }, 'visibility indexes synced');
    return result;
  }

  /** Waits for the syncs under way; schedules no more. */
  async close(): Promise<void> {
    this.closed = true;
    this.again.clear();
    await Promise.all(this.running.values());
  }
}
