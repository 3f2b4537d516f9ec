import { Migration } from '@mikro-orm/migrations';

/**
 * The security model's configuration: roles (a hierarchy) and permission sets carrying object,
 * field and admin permissions; groups; criteria-based sharing rules; sessions for the studio.
 * Per-record data (manual shares, audit) lives in each tenant's own schema.
 */
export class Migration0002Security extends Migration {
  override name = '0002-security';

  override async up(): Promise<void> {
    this.addSql(`create table tessera.roles (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      name text not null,
      parent_id uuid references tessera.roles(id) on delete restrict,
      object_permissions jsonb not null default '[]',
      field_permissions jsonb not null default '[]',
      capabilities jsonb not null default '[]',
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index roles_tenant_name on tessera.roles (tenant_id, name)`);
    this.addSql(`create table tessera.permission_sets (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      name text not null,
      object_permissions jsonb not null default '[]',
      field_permissions jsonb not null default '[]',
      capabilities jsonb not null default '[]',
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index permission_sets_tenant_name on tessera.permission_sets (tenant_id, name)`);
    this.addSql(`create table tessera.user_permission_sets (
      user_id uuid not null references tessera.users(id) on delete cascade,
      permission_set_id uuid not null references tessera.permission_sets(id) on delete cascade,
      primary key (user_id, permission_set_id)
    )`);
    this.addSql(`alter table tessera.users add column role_id uuid references tessera.roles(id) on delete set null`);
    this.addSql(`create table tessera.groups (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      name text not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index groups_tenant_name on tessera.groups (tenant_id, name)`);
    this.addSql(`create table tessera.group_members (
      group_id uuid not null references tessera.groups(id) on delete cascade,
      member_type text not null check (member_type in ('user', 'role', 'roleAndSubordinates', 'group')),
      member_id uuid not null,
      primary key (group_id, member_type, member_id)
    )`);
    this.addSql(`create table tessera.sharing_rules (
      id uuid primary key default tessera.new_id(),
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      object text not null,
      name text,
      filter jsonb not null,
      share_with_type text not null check (share_with_type in ('user', 'role', 'roleAndSubordinates', 'group')),
      share_with_id uuid not null,
      access text not null check (access in ('READ', 'READ_WRITE')),
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create index sharing_rules_tenant_object on tessera.sharing_rules (tenant_id, object)`);
    this.addSql(`create table tessera.sessions (
      id text primary key,
      tenant_id uuid not null references tessera.tenants(id) on delete cascade,
      user_id uuid not null references tessera.users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    )`);
    this.addSql(`create index sessions_user on tessera.sessions (user_id)`);
    this.addSql(`alter table tessera.tenants add column security_version bigint not null default 0`);
  }
}
