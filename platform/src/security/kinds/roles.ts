import type { ChangeTx } from '../../changes/index.ts';
import { PlatformError } from '../../errors/index.ts';
import { settleDependants } from '../../kinds/dependants.ts';
import type { MetadataKind, StoredReference } from '../../kinds/kind.ts';
import type { KindRegistry } from '../../kinds/registry.ts';
import { changeCatalog } from '../../metadata/index.ts';
import { uuidv7 } from '../../util/ids.ts';
import { idByName, type GrantInput } from '../admin.ts';
import { principalKey } from '../share-target.ts';
import { dropShares } from './members.ts';
import { GRANT_PROPERTIES, checkedGrant, grantItem, guardRow, type GrantItem } from './grants.ts';
import { byDependency, defaultOrder, NAME_SCHEMA } from './order.ts';

export interface RoleRow { id: string; name: string; parent_id: string | null; object_permissions: unknown[]; field_permissions: unknown[]; capabilities: string[] }

/** A role in documents: its place in the hierarchy by its parent's name, and what it grants. */
export interface RoleItem extends GrantItem {
  name: string;
  parent?: string;
}

export interface RoleChange extends Partial<Omit<GrantInput, 'name'>> {
  name?: string;
  /** The parent's name; null: top of the hierarchy; absent: unchanged. */
  parent?: string | null;
}

const schema = {
  $id: 'tessera:role',
  title: 'Role',
  description: 'A place in the role hierarchy (a manager sees what the people below see) and the permissions it grants. Users are assigned roles by the metadata API, not by documents.',
  type: 'object', required: ['name'], additionalProperties: false,
  properties: { name: NAME_SCHEMA, parent: { ...NAME_SCHEMA, description: 'The parent role\'s name.' }, ...GRANT_PROPERTIES },
};

const target = (name: string) => `role ${name}`;

/** What the history keeps of a role: its document form (the parent by name). */
async function described(tx: ChangeTx, row: RoleRow): Promise<RoleItem> {
  const parent = row.parent_id ? (await tx.db.query<{ name: string }>('select name from tessera.roles where id = $1', [row.parent_id])).rows[0]?.name : undefined;
  return { name: row.name, ...(parent ? { parent } : {}), ...grantItem({ objectPermissions: row.object_permissions as never, fieldPermissions: row.field_permissions as never, capabilities: row.capabilities }) };
}

export async function roleRow(tx: ChangeTx, name: string, pointer: string): Promise<RoleRow> {
  const id = await idByName(tx.db, 'roles', tx.tenantId, name, pointer);
  return (await tx.db.query<RoleRow>('select * from tessera.roles where id = $1 for update', [id])).rows[0];
}

/** Creates a role in `tx`: its permissions checked against the objects and (unless an administrator writes it) the author's rights. */
export async function createRole(tx: ChangeTx, input: GrantInput & { parent?: string | null }, pointer = ''): Promise<RoleRow> {
  const grant = await checkedGrant(tx, await changeCatalog(tx), input, `The role ${input.name}`, pointer);
  const parent = input.parent ? await idByName(tx.db, 'roles', tx.tenantId, input.parent, `${pointer}/parent`) : null;
  const { rows } = await tx.db.query<RoleRow>(
    'insert into tessera.roles (id, tenant_id, name, parent_id, object_permissions, field_permissions, capabilities) values ($1, $2, $3, $4, $5, $6, $7) returning *',
    [uuidv7(), tx.tenantId, input.name, parent, JSON.stringify(grant.objectPermissions), JSON.stringify(grant.fieldPermissions), JSON.stringify(grant.capabilities)]);
  tx.record({ kind: 'role', action: 'createRole', target: target(input.name), before: null, after: await described(tx, rows[0]) });
  return rows[0];
}

/** Changes a role in `tx`: what it granted and what it will grant must both be within the author's rights. */
export async function updateRole(tx: ChangeTx, name: string, input: RoleChange, pointer = ''): Promise<RoleRow> {
  const before = await roleRow(tx, name, `${pointer}/name`);
  guardRow(tx, before, `The role ${name}`, pointer);
  const grant = await checkedGrant(tx, await changeCatalog(tx), {
    name: input.name ?? before.name, objectPermissions: input.objectPermissions ?? before.object_permissions,
    fieldPermissions: input.fieldPermissions ?? before.field_permissions, capabilities: input.capabilities ?? before.capabilities,
  } as GrantInput, `The role ${name}`, pointer);
  let parent = before.parent_id;
  if (input.parent !== undefined) {
    parent = input.parent === null ? null : await idByName(tx.db, 'roles', tx.tenantId, input.parent, `${pointer}/parent`);
    const { rows } = await tx.db.query(
      'with recursive up(id) as (select $1::uuid union select r.parent_id from tessera.roles r join up on r.id = up.id where r.parent_id is not null) select 1 from up where id = $2', [parent, before.id]);
    if (parent && rows.length) throw new PlatformError('CONFLICT', 'A role cannot be below itself', { details: [{ pointer: `${pointer}/parent`, message: 'would make a cycle' }] });
  }
  const { rows } = await tx.db.query<RoleRow>(
    'update tessera.roles set name = $2, parent_id = $3, object_permissions = $4, field_permissions = $5, capabilities = $6 where id = $1 returning *',
    [before.id, input.name ?? before.name, parent, JSON.stringify(grant.objectPermissions), JSON.stringify(grant.fieldPermissions), JSON.stringify(grant.capabilities)]);
  tx.record({ kind: 'role', action: 'updateRole', target: target(name), before: await described(tx, before), after: await described(tx, rows[0]) });
  return rows[0];
}

/**
 * Deletes a role no one depends on: users who have it, roles below it, groups with it as a member
 * and sharing rules sharing with it are refused, each named (CONFLICT, extensions.dependants).
 * Manual shares with the role grant nothing without it and go with it.
 */
export async function deleteRole(tx: ChangeTx, kinds: KindRegistry, name: string, pointer = ''): Promise<void> {
  const before = await roleRow(tx, name, `${pointer}/name`);
  guardRow(tx, before, `The role ${name}`, pointer);
  const was = await described(tx, before);
  const users = (await tx.db.query<{ email: string }>('select email from tessera.users where role_id = $1 order by lower(email)', [before.id])).rows;
  await settleDependants(tx, kinds, { action: 'delete', target: { kind: 'role', name } }, `${pointer}/name`, users.map((u) => ({ kind: 'user', name: u.email, pointer: '/role' })));
  await dropShares(tx, [principalKey('role', before.id), principalKey('roleAndSubordinates', before.id)], target(name));
  await tx.db.query('delete from tessera.roles where id = $1', [before.id]);
  tx.record({ kind: 'role', action: 'deleteRole', target: target(name), before: was, after: null });
}

/** Roles as a metadata kind: named, parents before children; the hierarchy refers by name. */
export function roleKind(): MetadataKind<RoleItem> {
  return {
    name: 'role',
    documentKey: 'roles',
    schema,
    versions: ['security'],
    capability: 'manageUsers',
    guarded: true,
    after: ['object'],
    keyOf: (role) => role.name,
    normalize: (role) => ({ name: role.name, ...(role.parent ? { parent: role.parent } : {}), ...grantItem(role) }),
    async load(reader) {
      const catalog = await changeCatalog(reader);
      const rows = await reader.sql.query<RoleRow>('select * from tessera.roles where tenant_id = $1 order by name', [reader.tenantId]);
      const names = new Map(rows.map((r) => [r.id, r.name]));
      const items = rows.map((r): RoleItem => ({
        name: r.name, ...(r.parent_id ? { parent: names.get(r.parent_id)! } : {}),
        ...grantItem({ objectPermissions: r.object_permissions as never, fieldPermissions: r.field_permissions as never, capabilities: r.capabilities }, catalog),
      }));
      return byDependency(items, (r) => r.name, (r) => (r.parent ? [r.parent] : []));
    },
    diff(current, wanted) {
      return defaultOrder(current, wanted, (r) => (r.parent ? [r.parent] : []), this.normalize!);
    },
    async apply(tx, change) {
      const role = change.after!;
      const input = { name: role.name, parent: role.parent ?? null, objectPermissions: role.objectPermissions ?? [], fieldPermissions: role.fieldPermissions ?? [], capabilities: role.capabilities ?? [] } as GrantInput & { parent: string | null };
      if (change.action === 'create') await createRole(tx, input, change.pointer);
      else await updateRole(tx, role.name, input, change.pointer);
    },
    async references(reader) {
      const rows = await reader.sql.query<{ name: string; parent: string }>(
        'select r.name, p.name as parent from tessera.roles r join tessera.roles p on p.id = r.parent_id where r.tenant_id = $1', [reader.tenantId]);
      return rows.map((r): StoredReference => ({ kind: 'role', item: r.name, handle: r.name, target: { kind: 'role', name: r.parent }, pointer: '/parent', onDelete: 'refuse', onRename: 'follow' }));
    },
  };
}
