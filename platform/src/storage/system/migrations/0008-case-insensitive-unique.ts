import { Migration } from '@mikro-orm/migrations';

/**
 * E-mail addresses are unique ignoring case (`Case@x.test` and `case@x.test` are one address):
 * the unique index of every live unique e-mail field is rebuilt on lower(column), as new ones are
 * (field-types: capabilities.caseInsensitive). A tenant whose data already holds two spellings of
 * one address keeps its case-sensitive index (a warning names it) until the duplicates are merged.
 */
export class Migration0008CaseInsensitiveUnique extends Migration {
  override name = '0008-case-insensitive-unique';

  override async up(): Promise<void> {
    this.addSql(`do $$
declare
  f record;
  ix text;
begin
  for f in
    select t.schema_name, d.table_name, fd.id, fd.name
    from tessera.field_definitions fd
    join tessera.object_definitions d on d.id = fd.object_id and d.deleted_at is null
    join tessera.tenants t on t.id = fd.tenant_id
    where fd.type = 'email' and fd.deleted_at is null and coalesce((fd.definition->>'unique')::boolean, false)
  loop
    ix := 'uq_' || right(replace(f.id::text, '-', ''), 12);
    begin
      execute format('drop index if exists %I.%I', f.schema_name, ix);
      execute format('create unique index %I on %I.%I (lower(%I)) where "deletedAt" is null', ix, f.schema_name, f.table_name, f.name);
    exception when unique_violation then
      raise warning 'tessera: %.%.% holds e-mail addresses that differ only in case; its unique index stays case-sensitive', f.schema_name, f.table_name, f.name;
    end;
  end loop;
end
$$`);
  }
}
