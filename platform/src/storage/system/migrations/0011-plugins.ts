import { Migration } from '@mikro-orm/migrations';

/**
 * Plugins (plugins/):
 *
 * - `plugin_migrations`: which of a plugin's own migrations ran, system-wide (`tenant_id` null) or
 *   in one tenant's schema. A plugin's migrations run once each, in its declared order.
 * - `config_items`: the items of metadata kinds that plugins add and that need no table of their
 *   own (`documentItems` in plugins/document-items.ts): one row per (tenant, kind, name), the item
 *   as its document form. Kinds of the platform itself keep their own tables.
 */
export class Migration0011Plugins extends Migration {
  override name = '0011-plugins';

  override async up(): Promise<void> {
    this.addSql(`create table tessera.plugin_migrations (
      plugin text not null,
      migration text not null,
      tenant_id uuid references tessera.tenants (id) on delete cascade,
      applied_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index plugin_migrations_once on tessera.plugin_migrations (plugin, migration, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid))`);
    this.addSql(`create table tessera.config_items (
      tenant_id uuid not null references tessera.tenants (id) on delete cascade,
      kind text not null,
      name text not null,
      item jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, kind, name)
    )`);
  }
}
