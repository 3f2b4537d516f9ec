import { Migration } from '@mikro-orm/migrations';

/**
 * Manual shares, denormalized for reads: every record carries `_sharedWith`, the principals of its
 * rows in the tenant's `_share` table (sorted; NULL when none), so the visibility predicate tests
 * an array overlap on the row it already reads instead of probing or hashing `_share` per request.
 *
 * `tessera.share_sync()` keeps it exact: statement-level triggers on each tenant's `_share`
 * (tenant-tables.ts) hand it the changed rows; per object it locks the records concerned, then
 * recomputes their arrays from `_share` in a later statement — so under READ COMMITTED it sees
 * every share committed by a transaction that held those locks before it (no lost update, and no
 * principal left behind by a concurrent unshare).
 */
export class Migration0006ShareSync extends Migration {
  override name = '0006-share-sync';

  override async up(): Promise<void> {
    this.addSql(`create function tessera.share_sync() returns trigger language plpgsql as $fn$
declare
  target record;
  ids uuid[];
begin
  for target in
    select c."object", d.table_name
    from (select "object" from changed_rows group by 1) c
    join tessera.tenants t on t.schema_name = tg_table_schema
    join tessera.object_definitions d on d.tenant_id = t.id and d.name = c."object" and d.deleted_at is null
  loop
    select array_agg(distinct "recordId" order by "recordId") into ids from changed_rows where "object" = target."object";
    execute format('select 1 from %I.%I where id = any($1) order by id for update', tg_table_schema, target.table_name) using ids;
    execute format('update %I.%I r set "_sharedWith" = (select array_agg(s.principal order by s.principal) from %I."_share" s where s."object" = $1 and s."recordId" = r.id) where r.id = any($2)',
      tg_table_schema, target.table_name, tg_table_schema) using target."object", ids;
  end loop;
  return null;
end
$fn$`);
  }
}
