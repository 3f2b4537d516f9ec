import { Migration } from '@mikro-orm/migrations';

/** The system model: tenants, users, API keys, object and field definitions, metadata history. */
export class Migration0001SystemModel extends Migration {
  override name = '0001-system-model';

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists tessera`);
    // A UUIDv7 generator: PostgreSQL 18's own, or the same layout built from gen_random_uuid() before it.
    this.addSql(`do $$ begin
      if current_setting('server_version_num')::int >= 180000 then
        execute 'create or replace function tessera.new_id() returns uuid language sql volatile parallel safe as $f$ select uuidv7() $f$';
      else
        execute 'create or replace function tessera.new_id() returns uuid language sql volatile parallel safe as $f$
          select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
            substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), ''hex'')::uuid $f$';
      end if;
    end $$`);
    this.addSql(`create table tessera.tenants (
      id uuid primary key default tessera.new_id(),
      slug text not null unique,
      name text not null,
      schema_name text not null unique,
      metadata_version bigint not null default 0,
      settings jsonb not null default '{}',
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create table tessera.users (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      email text not null,
      name text not null,
      password_hash text,
      locale text not null default 'en',
      is_active boolean not null default true,
      is_admin boolean not null default false,
      manager_id uuid references tessera.users(id) on delete set null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index users_tenant_email on tessera.users (tenant_id, lower(email))`);
    this.addSql(`create table tessera.api_keys (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      user_id uuid not null references tessera.users(id) on delete cascade,
      name text not null,
      prefix text not null unique,
      secret_hash text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`);
    this.addSql(`create index api_keys_user on tessera.api_keys (user_id)`);
    this.addSql(`create table tessera.object_definitions (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      name text not null,
      table_name text not null,
      definition jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      purge_after timestamptz
    )`);
    this.addSql(`create unique index object_definitions_live_name on tessera.object_definitions (tenant_id, name) where deleted_at is null`);
    this.addSql(`create table tessera.field_definitions (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      object_id uuid not null references tessera.object_definitions(id) on delete cascade,
      name text not null,
      type text not null,
      position integer not null,
      definition jsonb not null,
      parked_columns jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      purge_after timestamptz
    )`);
    this.addSql(`create unique index field_definitions_live_name on tessera.field_definitions (object_id, name) where deleted_at is null`);
    this.addSql(`create index field_definitions_tenant on tessera.field_definitions (tenant_id)`);
    this.addSql(`create table tessera.metadata_history (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      version bigint not null,
      actor_id uuid,
      via text not null,
      action text not null,
      target text not null,
      before jsonb,
      after jsonb,
      at timestamptz not null default now()
    )`);
    this.addSql(`create index metadata_history_tenant_version on tessera.metadata_history (tenant_id, version)`);
  }
}
