import type { ChangeTx } from '../../changes/index.ts';
import { settleDependants } from '../../kinds/dependants.ts';
import type { MetadataKind, StoredReference } from '../../kinds/kind.ts';
import type { KindRegistry } from '../../kinds/registry.ts';
import { uuidv7 } from '../../util/ids.ts';
import { idByName } from '../admin.ts';
import { principalKey } from '../share-target.ts';
import { dropShares, principalNames, principalOf, principalTarget, PRINCIPAL_SCHEMA, sortedPrincipals, type PrincipalItem, type PrincipalType } from './members.ts';
import { defaultOrder, byDependency, NAME_SCHEMA } from './order.ts';

/** A group in documents: its name and members (roles, roles with their subordinates, groups by name; users by e-mail). */
export interface GroupItem {
  name: string;
  members?: PrincipalItem[];
}

const schema = {
  $id: 'tessera:group',
  title: 'Group',
  description: 'A public group: its members are shared with as one (by sharing rules and manual shares).',
  type: 'object', required: ['name'], additionalProperties: false,
  properties: { name: NAME_SCHEMA, members: { type: 'array', maxItems: 10000, items: PRINCIPAL_SCHEMA } },
};

const target = (name: string) => `group ${name}`;

async function membersOf(tx: ChangeTx, id: string): Promise<PrincipalItem[]> {
  const name = await principalNames(tx);
  const { rows } = await tx.db.query<{ type: string; id: string }>('select member_type as type, member_id as id from tessera.group_members where group_id = $1', [id]);
  return sortedPrincipals(rows.map((r) => name(r.type, r.id)));
}

/** Creates a group with its members (already resolved) in `tx`. */
export async function createGroup(tx: ChangeTx, name: string, members: { type: PrincipalType; id: string }[]): Promise<{ id: string; name: string }> {
  const { rows } = await tx.db.query<{ id: string; name: string }>('insert into tessera.groups (id, tenant_id, name) values ($1, $2, $3) returning id, name', [uuidv7(), tx.tenantId, name]);
  for (const m of members) await tx.db.query('insert into tessera.group_members (group_id, member_type, member_id) values ($1, $2, $3) on conflict do nothing', [rows[0].id, m.type, m.id]);
  tx.record({ kind: 'group', action: 'createGroup', target: target(name), before: null, after: { name, members: await membersOf(tx, rows[0].id) } });
  return rows[0];
}

/** Makes a group's members exactly these, in `tx`. */
export async function setGroupMembers(tx: ChangeTx, name: string, members: { type: PrincipalType; id: string }[], pointer = ''): Promise<void> {
  const id = await idByName(tx.db, 'groups', tx.tenantId, name, `${pointer}/name`);
  const before = await membersOf(tx, id);
  await tx.db.query('delete from tessera.group_members where group_id = $1', [id]);
  for (const m of members) await tx.db.query('insert into tessera.group_members (group_id, member_type, member_id) values ($1, $2, $3) on conflict do nothing', [id, m.type, m.id]);
  tx.record({ kind: 'group', action: 'updateGroup', target: target(name), before: { name, members: before }, after: { name, members: await membersOf(tx, id) } });
}

/**
 * Deletes a group no sharing rule and no other group refers to (else CONFLICT naming them); its
 * manual shares grant nothing without it and go with it.
 */
export async function deleteGroup(tx: ChangeTx, kinds: KindRegistry, name: string, pointer = ''): Promise<void> {
  const id = await idByName(tx.db, 'groups', tx.tenantId, name, `${pointer}/name`);
  await settleDependants(tx, kinds, { action: 'delete', target: { kind: 'group', name } }, `${pointer}/name`);
  const members = await membersOf(tx, id);
  await dropShares(tx, [principalKey('group', id)], target(name));
  await tx.db.query('delete from tessera.groups where id = $1', [id]);
  tx.record({ kind: 'group', action: 'deleteGroup', target: target(name), before: { name, members }, after: null });
}

const memberGroups = (g: GroupItem) => (g.members ?? []).flatMap((m) => (m.group ? [m.group] : []));

export function groupKind(): MetadataKind<GroupItem> {
  return {
    name: 'group',
    documentKey: 'groups',
    schema,
    versions: ['security'],
    capability: 'manageUsers',
    guarded: true,
    after: ['role'],
    keyOf: (group) => group.name,
    normalize: (group) => ({ name: group.name, ...(group.members?.length ? { members: sortedPrincipals(group.members) } : {}) }),
    async load(reader) {
      const name = await principalNames(reader);
      const groups = await reader.sql.query<{ id: string; name: string }>('select id, name from tessera.groups where tenant_id = $1 order by name', [reader.tenantId]);
      const members = await reader.sql.query<{ group_id: string; type: string; id: string }>(
        'select m.group_id, m.member_type as type, m.member_id as id from tessera.group_members m join tessera.groups g on g.id = m.group_id where g.tenant_id = $1', [reader.tenantId]);
      const items = groups.map((g): GroupItem => {
        const list = sortedPrincipals(members.filter((m) => m.group_id === g.id).map((m) => name(m.type, m.id)));
        return { name: g.name, ...(list.length ? { members: list } : {}) };
      });
      return byDependency(items, (g) => g.name, memberGroups);
    },
    diff(current, wanted) {
      return defaultOrder(current, wanted, memberGroups, this.normalize!);
    },
    async apply(tx, change) {
      const group = change.after!;
      const members = [];
      for (const [i, m] of (group.members ?? []).entries()) members.push(await principalOf(tx.db, tx.tenantId, m, `${change.pointer}/members/${i}`));
      if (change.action === 'create') await createGroup(tx, group.name, members);
      else await setGroupMembers(tx, group.name, members, change.pointer);
    },
    async references(reader) {
      return (await this.load(reader)).flatMap((g) => (g.members ?? []).map((m, i): StoredReference => ({
        kind: 'group', item: g.name, handle: g.name, target: principalTarget(m), pointer: `/members/${i}`, onDelete: 'refuse', onRename: 'follow',
      })));
    },
  };
}
