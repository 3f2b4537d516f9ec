import { Migration } from '@mikro-orm/migrations';

/**
 * Packages installed in a tenant (packages/install/): each with its version, namespace, where it
 * came from (a bundled template or the registry), the rights it was granted and its components as
 * installed (`base`: the package's layer, what an upgrade merges against); and which package owns
 * each component (an object, a field added to another package's object, an item of any other kind):
 * one owner per component, by the primary key.
 */
export class Migration0016InstalledPackages extends Migration {
  override name = '0016-installed-packages';

  override async up(): Promise<void> {
    this.addSql(`create table tessera.installed_packages (
  tenant_id uuid not null references tessera.tenants (id) on delete cascade,
  name text not null,
  namespace text not null,
  version text not null,
  source text not null check (source in ('BUNDLED', 'REGISTRY')),
  manifest jsonb not null,
  base jsonb not null,
  rights text[] not null default '{}',
  installed_by uuid,
  installed_at timestamptz not null default now(),
  upgraded_at timestamptz,
  primary key (tenant_id, name)
)`);
    this.addSql(`create table tessera.package_components (
  tenant_id uuid not null,
  kind text not null,
  name text not null,
  package text not null,
  primary key (tenant_id, kind, name),
  foreign key (tenant_id, package) references tessera.installed_packages (tenant_id, name) on delete cascade
)`);
    this.addSql('create index package_components_package on tessera.package_components (tenant_id, package)');
  }
}
