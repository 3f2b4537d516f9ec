import type { SqlRunner } from '../storage/sql/runner.ts';

/**
 * Permissions, sharing rules and manual shares name objects and fields by their API names. When a
 * rename leaves them behind, a restricted field comes back unrestricted under its new name (fields
 * no grant names are fully accessible), so they follow the rename, in the rename's transaction. Each
 * returns how many rows followed; the caller has the security version bumped when any did, so every
 * server reloads the rights.
 */
const ENTRIES = (column: string, match: string, set: string) => `${column} = (
  select coalesce(jsonb_agg(case when ${match} then ${set} else e end order by n), '[]'::jsonb)
  from jsonb_array_elements(${column}) with ordinality as x(e, n))`;

export async function followFieldRename(sql: SqlRunner, tenantId: string, object: string, from: string, to: string): Promise<number> {
  let changed = 0;
  for (const table of ['roles', 'permission_sets']) {
    const rows = await sql.query(
      `update tessera.${table} set ${ENTRIES('field_permissions', `e->>'object' = $2 and e->>'field' = $3`, `jsonb_set(e, '{field}', to_jsonb($4::text))`)}
       where tenant_id = $1 and field_permissions @> jsonb_build_array(jsonb_build_object('object', $2::text, 'field', $3::text)) returning id`,
      [tenantId, object, from, to]);
    changed += rows.length;
  }
  return changed;
}

export async function followObjectRename(sql: SqlRunner, tenantId: string, schema: string, from: string, to: string): Promise<number> {
  let changed = 0;
  for (const table of ['roles', 'permission_sets']) {
    const rows = await sql.query(
      `update tessera.${table} set ${ENTRIES('object_permissions', `e->>'object' = $2`, `jsonb_set(e, '{object}', to_jsonb($3::text))`)},
         ${ENTRIES('field_permissions', `e->>'object' = $2`, `jsonb_set(e, '{object}', to_jsonb($3::text))`)}
       where tenant_id = $1 and (object_permissions @> jsonb_build_array(jsonb_build_object('object', $2::text)) or field_permissions @> jsonb_build_array(jsonb_build_object('object', $2::text))) returning id`,
      [tenantId, from, to]);
    changed += rows.length;
  }
  changed += (await sql.query('update tessera.sharing_rules set object = $3 where tenant_id = $1 and object = $2 returning id', [tenantId, from, to])).length;
  changed += (await sql.query(`update "${schema}"."_share" set "object" = $2 where "object" = $1 returning 1`, [from, to])).length;
  return changed;
}
