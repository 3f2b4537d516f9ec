import { LRUCache } from 'lru-cache';
import type { SqlRunner } from '../storage/sql/runner.ts';
import { TenantSecurity } from './tenant-security.ts';

/** The NOTIFY channel on which security changes are announced as `<tenant id>:<security version>`. */
export const SECURITY_CHANNEL = 'tessera_security';

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

/** Bumps the tenant's security version in the caller's transaction and announces it on commit. */
export async function securityChanged(sql: SqlRunner, tenantId: string): Promise<number> {
  const [row] = await sql.query<{ v: string }>('update tessera.tenants set security_version = security_version + 1 where id = $1 returning security_version as v', [tenantId]);
  await sql.query(`select pg_notify('${SECURITY_CHANNEL}', $1)`, [`${tenantId}:${row.v}`]);
  return Number(row.v);
}
