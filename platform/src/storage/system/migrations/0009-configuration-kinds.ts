import { Migration } from '@mikro-orm/migrations';

/**
 * Configuration as kinds of metadata, each changed by one change runner (changes/run-change.ts):
 *
 * - `metadata_history` says which kind each entry changed, numbers entries in commit order (`seq`,
 *   the audit trail's cursor) and keeps both versions: `version` is the metadata version after the
 *   change, `security_version` the security version. Security entries used to keep the security
 *   version in `version`; they move to `security_version`, and `version` becomes the metadata
 *   version at the time (the highest recorded before them).
 * - Every item a metadata document can carry has a stable name: sharing rules get one (unique per
 *   tenant), shared list views are unique per object and name, dashboards per name. Existing
 *   duplicates are told apart by a suffix (" (2)"); rules without a name are named after their object.
 * - A shared list view may belong to no one (one applied from a document by the CLI).
 */
export class Migration0009ConfigurationKinds extends Migration {
  override name = '0009-configuration-kinds';

  override async up(): Promise<void> {
    this.addSql(`alter table tessera.metadata_history add column kind text, add column security_version bigint, add column seq bigserial`);
    // Existing entries are numbered in the order they were made (a new column's serial follows the heap).
    this.addSql(`update tessera.metadata_history h set seq = o.n from (select id, row_number() over (order by at, id) as n from tessera.metadata_history) o where h.id = o.id`);
    this.addSql(`select setval(pg_get_serial_sequence('tessera.metadata_history', 'seq'), coalesce((select max(seq) from tessera.metadata_history), 0) + 1, false)`);
    this.addSql(`update tessera.metadata_history set kind = case
      when action in ('saveScript', 'saveScriptWithErrors', 'deleteScript') then 'script'
      when action in ('createRole', 'updateRole', 'deleteRole') then 'role'
      when action in ('createPermissionSet', 'updatePermissionSet', 'deletePermissionSet') then 'permissionSet'
      when action in ('createGroup', 'addGroupMember', 'removeGroupMember', 'deleteGroup') then 'group'
      when action in ('createSharingRule', 'deleteSharingRule') then 'sharingRule'
      when action in ('createUser', 'updateUser', 'assignPermissionSet', 'unassignPermissionSet') then 'user'
      when action in ('createApiKey', 'revokeApiKey') then 'apiKey'
      when action = 'shareRecord' then 'share'
      else 'object' end`);
    this.addSql(`update tessera.metadata_history h set security_version = h.version,
      version = coalesce((select max(m.version) from tessera.metadata_history m
        where m.tenant_id = h.tenant_id and m.kind in ('object', 'script') and m.seq < h.seq), 0)
      where h.kind not in ('object', 'script')`);
    this.addSql(`alter table tessera.metadata_history alter column kind set not null`);
    this.addSql(`create index metadata_history_tenant_seq on tessera.metadata_history (tenant_id, seq)`);

    this.addSql(`update tessera.sharing_rules r set name = r.object || 'Rule' || n.n
      from (select id, row_number() over (partition by tenant_id, object order by created_at, id) as n from tessera.sharing_rules where name is null or btrim(name) = '') n
      where r.id = n.id`);
    this.addSql(dedupe('sharing_rules', 'tenant_id, name', 'true'));
    this.addSql(`alter table tessera.sharing_rules alter column name set not null`);
    this.addSql(`create unique index sharing_rules_tenant_name on tessera.sharing_rules (tenant_id, name)`);

    this.addSql(`alter table tessera.list_views alter column owner_id drop not null`);
    this.addSql(dedupe('list_views', 'tenant_id, object, name', 'shared'));
    this.addSql(`create unique index list_views_shared_name on tessera.list_views (tenant_id, object, name) where shared`);

    this.addSql(dedupe('dashboards', 'tenant_id, name', 'true'));
    this.addSql(`drop index tessera.dashboards_tenant`);
    this.addSql(`create unique index dashboards_tenant_name on tessera.dashboards (tenant_id, name)`);
  }
}

/** Renames the second and later rows sharing `key` (among rows matching `where`) to "<name> (n)". */
function dedupe(table: string, key: string, where: string): string {
  return `update tessera.${table} t set name = t.name || ' (' || d.n || ')'
    from (select id, row_number() over (partition by ${key} order by created_at, id) as n from tessera.${table} where ${where}) d
    where t.id = d.id and d.n > 1`;
}
