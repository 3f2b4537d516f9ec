import { Migration } from '@mikro-orm/migrations';

/**
 * The package registry (packages/registry.ts), platform-wide like tenants: publishers and their
 * ed25519 public keys (registered by the platform's operator), each package name with the namespace
 * and publisher it belongs to (fixed by its first version), and every published version with its
 * signed file. Versions are never updated or deleted: a version number means one content forever.
 */
export class Migration0015Packages extends Migration {
  override name = '0015-packages';

  override async up(): Promise<void> {
    this.addSql(`create table tessera.package_publishers (
  id uuid primary key,
  name text not null unique,
  public_key text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
)`);
    this.addSql(`create table tessera.packages (
  name text primary key,
  namespace text not null unique,
  publisher_id uuid not null references tessera.package_publishers (id),
  created_at timestamptz not null default now()
)`);
    this.addSql(`create table tessera.package_versions (
  name text not null references tessera.packages (name),
  version text not null,
  manifest jsonb not null,
  package jsonb not null,
  published_by uuid,
  published_at timestamptz not null default now(),
  primary key (name, version)
)`);
  }
}
