import { Migration } from '@mikro-orm/migrations';

/**
 * Scripts as metadata: every saved version of a tenant's script (source, compiled JavaScript, the
 * handlers it declares, its diagnostics), of which at most one per name is active; and the log of
 * failed script runs, with their pipeline trace, for admins.
 */
export class Migration0003Scripts extends Migration {
  override name = '0003-scripts';

  override async up(): Promise<void> {
    this.addSql(`create table tessera.scripts (
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      name text not null,
      version int not null,
      language text not null check (language in ('TS', 'JS')),
      source text not null,
      compiled text,
      source_map jsonb,
      handlers jsonb not null default '{}',
      diagnostics jsonb not null default '[]',
      limits jsonb not null default '{}',
      active boolean not null default false,
      deleted boolean not null default false,
      updated_by uuid,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, name, version)
    )`);
    this.addSql(`create unique index scripts_one_active on tessera.scripts (tenant_id, name) where active`);
    this.addSql(`create table tessera.script_failures (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      script text,
      version int,
      code text not null,
      message text not null,
      details jsonb,
      trace jsonb,
      user_id uuid,
      at timestamptz not null default now()
    )`);
    this.addSql(`create index script_failures_tenant_at on tessera.script_failures (tenant_id, at desc)`);
  }
}
