import { Migration } from '@mikro-orm/migrations';

/**
 * Each tenant's data key for encrypted fields (encryption/keys.ts): 32 random bytes, stored only
 * wrapped (AES-256-GCM) by the platform's master key, which is never in the database. Made on first
 * use; deleted with the tenant.
 */
export class Migration0014TenantKeys extends Migration {
  override name = '0014-tenant-keys';

  override async up(): Promise<void> {
    this.addSql(`create table tessera.tenant_keys (
  tenant_id uuid primary key references tessera.tenants (id) on delete cascade,
  wrapped text not null,
  created_at timestamptz not null default now()
)`);
  }
}
