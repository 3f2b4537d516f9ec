import type { EntityManager } from '@mikro-orm/postgresql';
import { fieldType } from '../../field-types/registry.ts';
import { dropColumnsSql, dropJunctionSql, dropTableSql } from '../../storage/ddl/index.ts';
import type { ResolvedField } from '../definitions.ts';
import { ormRunner } from '../../storage/sql/orm-runner.ts';

/**
 * Drops the parked columns and tables of fields and objects deleted before `before` (default: whose
 * retention period has ended). Returns what was purged.
 */
export async function purgeExpired(em: EntityManager, tenantId: string, options: { everything?: boolean } = {}): Promise<{ objects: string[]; fields: string[] }> {
  const due = options.everything ? 'deleted_at is not null' : 'purge_after < now()';
  return em.transactional(async (tx) => {
    const runner = ormRunner(tx);
    const run = (sql: string, params: unknown[] = []) => runner.query(sql, params);
    const [tenant] = await run('select schema_name from tessera.tenants where id = $1 for update', [tenantId]) as { schema_name: string }[];
    const fields = await run(
      `select f.id, f.name, f.definition, f.parked_columns, o.table_name, o.name as object_name from tessera.field_definitions f
       join tessera.object_definitions o on o.id = f.object_id where f.tenant_id = $1 and f.${due}`, [tenantId]) as {
      id: string; name: string; definition: ResolvedField; parked_columns: Record<string, string>; table_name: string; object_name: string }[];
    const purgedFields: string[] = [];
    for (const field of fields) {
      const parked = fieldType(field.definition.type).columns(field.definition).map((c) => field.parked_columns?.[c.column]).filter(Boolean) as string[];
      if (parked.length > 0) for (const sql of dropColumnsSql(tenant.schema_name, field.table_name, parked)) await run(sql);
      if (fieldType(field.definition.type).links) for (const sql of dropJunctionSql(tenant.schema_name, field.id)) await run(sql);
      await run('delete from tessera.field_definitions where id = $1', [field.id]);
      purgedFields.push(`${field.object_name}.${field.name}`);
    }
    const objects = await run(`select id, name, table_name from tessera.object_definitions where tenant_id = $1 and ${due}`, [tenantId]) as { id: string; name: string; table_name: string }[];
    for (const object of objects) {
      // The junctions of its many-to-many fields go with it (their foreign keys would be dropped anyway).
      const links = await run(`select id from tessera.field_definitions where object_id = $1 and type = 'manyToMany'`, [object.id]) as { id: string }[];
      for (const link of links) for (const sql of dropJunctionSql(tenant.schema_name, link.id)) await run(sql);
      for (const sql of dropTableSql(tenant.schema_name, object.table_name)) await run(sql);
      await run('delete from tessera.object_definitions where id = $1', [object.id]);
    }
    return { objects: objects.map((o) => o.name), fields: purgedFields };
  });
}
