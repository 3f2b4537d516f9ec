import { LRUCache } from 'lru-cache';
import type { SqlRunner } from '../storage/sql/runner.ts';
import { TenantSecurity } from './tenant-security.ts';

export { SECURITY_CHANNEL } from '../changes/channels.ts';

/**
 * Each tenant's security configuration, kept until a change (in this process, or announced by
 * NOTIFY) makes it stale; concurrent requests share one load.
 */
export class SecurityCache {
  private readonly sql: SqlRunner;
  private readonly entries = new LRUCache<string, TenantSecurity>({ max: 1000 });
  private readonly stale = new Set<string>();
  private readonly loading = new Map<string, Promise<TenantSecurity>>();
  private readonly onLoad: ((tenantId: string) => void) | undefined;

  /** `onLoad`: told of each load (a first use, or a new security version). */
  constructor(sql: SqlRunner, onLoad?: (tenantId: string) => void) {
    this.sql = sql;
    this.onLoad = onLoad;
  }

  invalidate(tenantId: string): void {
    this.stale.add(tenantId);
  }

  invalidateAll(): void {
    for (const key of this.entries.keys()) this.stale.add(key);
  }

  async get(tenantId: string): Promise<TenantSecurity> {
    const entry = this.entries.get(tenantId);
    if (entry && !this.stale.has(tenantId)) return entry;
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    this.stale.delete(tenantId);
    const load = TenantSecurity.load(this.sql, tenantId)
      .then((security) => {
        this.entries.set(tenantId, security);
        this.onLoad?.(tenantId);
        return security;
      })
      .finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, load);
    return load;
  }
}
