import type { ChangeTx } from '../../changes/index.ts';
import type { MetadataKind } from '../../kinds/kind.ts';
import { planItems } from '../../kinds/diff.ts';
import { changeCatalog } from '../../metadata/index.ts';
import { uuidv7 } from '../../util/ids.ts';
import { idByName, type GrantInput } from '../admin.ts';
import { GRANT_PROPERTIES, checkedGrant, grantItem, guardRow, type GrantItem } from './grants.ts';
import { NAME_SCHEMA } from './order.ts';
import type { RoleRow } from './roles.ts';

export type PermissionSetRow = Omit<RoleRow, 'parent_id'>;

/** A permission set in documents: its name and what it grants. Assigning it to users is not configuration. */
export interface PermissionSetItem extends GrantItem {
  name: string;
}

const schema = {
  $id: 'tessera:permissionSet',
  title: 'Permission set',
  description: 'Permissions granted to the users it is assigned to, on top of their role. Assignments are made by the metadata API, not by documents.',
  type: 'object', required: ['name'], additionalProperties: false,
  properties: { name: NAME_SCHEMA, ...GRANT_PROPERTIES },
};

const target = (name: string) => `permission set ${name}`;

/** What the history keeps of a permission set: its document form. */
const described = (row: PermissionSetRow): PermissionSetItem =>
  ({ name: row.name, ...grantItem({ objectPermissions: row.object_permissions as never, fieldPermissions: row.field_permissions as never, capabilities: row.capabilities }) });

export async function permissionSetRow(tx: ChangeTx, name: string, pointer: string): Promise<PermissionSetRow> {
  const id = await idByName(tx.db, 'permission_sets', tx.tenantId, name, pointer);
  return (await tx.db.query<PermissionSetRow>('select * from tessera.permission_sets where id = $1 for update', [id])).rows[0];
}

export async function createPermissionSet(tx: ChangeTx, input: GrantInput, pointer = ''): Promise<PermissionSetRow> {
  const grant = await checkedGrant(tx, await changeCatalog(tx), input, `The permission set ${input.name}`, pointer);
  const { rows } = await tx.db.query<PermissionSetRow>(
    'insert into tessera.permission_sets (id, tenant_id, name, object_permissions, field_permissions, capabilities) values ($1, $2, $3, $4, $5, $6) returning *',
    [uuidv7(), tx.tenantId, input.name, JSON.stringify(grant.objectPermissions), JSON.stringify(grant.fieldPermissions), JSON.stringify(grant.capabilities)]);
  tx.record({ kind: 'permissionSet', action: 'createPermissionSet', target: target(input.name), before: null, after: described(rows[0]) });
  return rows[0];
}

export async function updatePermissionSet(tx: ChangeTx, name: string, input: Partial<GrantInput>, pointer = ''): Promise<PermissionSetRow> {
  const before = await permissionSetRow(tx, name, `${pointer}/name`);
  guardRow(tx, before, `The permission set ${name}`, pointer);
  const grant = await checkedGrant(tx, await changeCatalog(tx), {
    name: input.name ?? before.name, objectPermissions: input.objectPermissions ?? before.object_permissions,
    fieldPermissions: input.fieldPermissions ?? before.field_permissions, capabilities: input.capabilities ?? before.capabilities,
  } as GrantInput, `The permission set ${name}`, pointer);
  const { rows } = await tx.db.query<PermissionSetRow>(
    'update tessera.permission_sets set name = $2, object_permissions = $3, field_permissions = $4, capabilities = $5 where id = $1 returning *',
    [before.id, input.name ?? before.name, JSON.stringify(grant.objectPermissions), JSON.stringify(grant.fieldPermissions), JSON.stringify(grant.capabilities)]);
  tx.record({ kind: 'permissionSet', action: 'updatePermissionSet', target: target(name), before: described(before), after: described(rows[0]) });
  return rows[0];
}

/** Deletes a permission set; the users it was assigned to lose what it granted (the guard checks them). */
export async function deletePermissionSet(tx: ChangeTx, name: string, pointer = ''): Promise<void> {
  const before = await permissionSetRow(tx, name, `${pointer}/name`);
  guardRow(tx, before, `The permission set ${name}`, pointer);
  await tx.db.query('delete from tessera.permission_sets where id = $1', [before.id]);
  tx.record({ kind: 'permissionSet', action: 'deletePermissionSet', target: target(name), before: described(before), after: null });
}

export function permissionSetKind(): MetadataKind<PermissionSetItem> {
  return {
    name: 'permissionSet',
    documentKey: 'permissionSets',
    schema,
    versions: ['security'],
    capability: 'manageUsers',
    guarded: true,
    after: ['object'],
    keyOf: (set) => set.name,
    normalize: (set) => ({ name: set.name, ...grantItem(set) }),
    async load(reader) {
      const catalog = await changeCatalog(reader);
      const rows = await reader.sql.query<PermissionSetRow>('select * from tessera.permission_sets where tenant_id = $1 order by name', [reader.tenantId]);
      return rows.map((r) => ({ name: r.name, ...grantItem({ objectPermissions: r.object_permissions as never, fieldPermissions: r.field_permissions as never, capabilities: r.capabilities }, catalog) }));
    },
    diff(current, wanted) {
      return planItems(current, wanted, (s) => s.name, this.normalize);
    },
    async apply(tx, change) {
      const set = change.after!;
      const input = { name: set.name, objectPermissions: set.objectPermissions ?? [], fieldPermissions: set.fieldPermissions ?? [], capabilities: set.capabilities ?? [] } as GrantInput;
      if (change.action === 'create') await createPermissionSet(tx, input, change.pointer);
      else await updatePermissionSet(tx, set.name, input, change.pointer);
    },
  };
}
