import { Migration } from '@mikro-orm/migrations';

/**
 * Saved list views of the studio: per object, a name, filters, sort and columns, owned by a user and
 * either theirs alone or shared with the whole tenant.
 */
export class Migration0004ListViews extends Migration {
  override name = '0004-list-views';

  override async up(): Promise<void> {
    this.addSql(`create table tessera.list_views (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      object text not null,
      name text not null,
      owner_id uuid not null references tessera.users(id) on delete cascade,
      shared boolean not null default false,
      filters jsonb not null default '[]',
      sort jsonb,
      columns jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index list_views_tenant_object on tessera.list_views (tenant_id, object)`);
    this.addSql(`create unique index list_views_owner_name on tessera.list_views (tenant_id, owner_id, object, name)`);
  }
}
