import { Migration } from '@mikro-orm/migrations';

/** Dashboards as metadata: a tenant's named dashboards, each a list of blocks (JSON, validated on save). */
export class Migration0005Dashboards extends Migration {
  override name = '0005-dashboards';

  override async up(): Promise<void> {
    this.addSql(`create table tessera.dashboards (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      name text not null,
      blocks jsonb not null default '[]',
      created_by uuid,
      updated_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index dashboards_tenant on tessera.dashboards (tenant_id, name)`);
  }
}
