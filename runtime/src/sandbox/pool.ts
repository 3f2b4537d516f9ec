import { TenantSandbox } from './isolate.ts';

/** A tenant's isolate replaced (when idle) after this many invocations ended by their wall limit left their state in it. */
const ABANDONED_MAX = 100;

/**
 * Isolates pooled per tenant and reused across calls; a tenant's isolate that crashed or went over
 * a limit is dropped and the next call creates a fresh one. Bounded across tenants (LRU).
 */
export class SandboxPool {
  private readonly tenants = new Map<string, TenantSandbox>();
  readonly maxTenants: number;

  constructor(options: { maxTenants?: number } = {}) {
    this.maxTenants = options.maxTenants ?? 200;
  }

  get(tenantId: string, memoryMb: number): TenantSandbox {
    let sandbox = this.tenants.get(tenantId);
    // Replaced when disposed, when the tenant's memory limit changed, or when invocations ended by
    // their wall limit left too much behind (only once idle: nothing of it runs any more).
    if (sandbox && (sandbox.disposed || sandbox.memoryMb !== memoryMb || (sandbox.abandoned > ABANDONED_MAX && sandbox.idle))) {
      sandbox.dispose();
      this.tenants.delete(tenantId);
      const asyncUntil = sandbox.asyncUntil;
      sandbox = undefined;
      this.tenants.set(tenantId, this.fresh(tenantId, memoryMb, asyncUntil));
      return this.tenants.get(tenantId)!;
    }
    if (sandbox) {
      // Most recently used last.
      this.tenants.delete(tenantId);
      this.tenants.set(tenantId, sandbox);
      return sandbox;
    }
    sandbox = this.fresh(tenantId, memoryMb, 0);
    this.tenants.set(tenantId, sandbox);
    while (this.tenants.size > this.maxTenants) {
      const [oldest, s] = this.tenants.entries().next().value as [string, TenantSandbox];
      s.dispose();
      this.tenants.delete(oldest);
    }
    return sandbox;
  }

  private fresh(tenantId: string, memoryMb: number, asyncUntil: number): TenantSandbox {
    const sandbox = new TenantSandbox(memoryMb, tenantId);
    // A tenant whose tasks were slow stays off the process's thread in its next isolate too.
    sandbox.asyncUntil = asyncUntil;
    return sandbox;
  }

  /** Disposes the isolates no call is using (the process is above its memory bound). */
  dropIdle(): number {
    let dropped = 0;
    for (const [tenant, s] of [...this.tenants]) {
      if (!s.idle) continue;
      s.dispose();
      this.tenants.delete(tenant);
      dropped++;
    }
    return dropped;
  }

  close(): void {
    for (const s of this.tenants.values()) s.dispose();
    this.tenants.clear();
  }
}
