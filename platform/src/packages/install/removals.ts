import type { ChangeTx } from '../../changes/index.ts';
import { PlatformError } from '../../errors/index.ts';
import { removeDashboard } from '../../dashboards/store.ts';
import type { MetadataKind } from '../../kinds/kind.ts';
import type { KindRegistry } from '../../kinds/registry.ts';
import { removeView, toView, VIEW_COLUMNS } from '../../list-views/store.ts';
import { removeScript } from '../../scripts/store.ts';
import { deleteGroup } from '../../security/kinds/groups.ts';
import { deletePermissionSet } from '../../security/kinds/permission-sets.ts';
import { deleteRole } from '../../security/kinds/roles.ts';
import { deleteSharingRule } from '../../security/kinds/sharing-rules.ts';

/**
 * The platform's kinds with a table of their own take an item out through their own delete (which
 * records it and settles what uses it); the other kinds that take deletes (`removes`: every
 * `documentItems` kind — plugins' kinds, apps, validation and duplicate rules) through their `apply`.
 */
const OWN_DELETES: Record<string, (tx: ChangeTx, kinds: KindRegistry, name: string) => Promise<void>> = {
  role: (tx, kinds, name) => deleteRole(tx, kinds, name),
  group: (tx, kinds, name) => deleteGroup(tx, kinds, name),
  permissionSet: (tx, _kinds, name) => deletePermissionSet(tx, name),
  script: (tx, _kinds, name) => removeScript(tx, name),
  async sharingRule(tx, _kinds, name) {
    const [row] = await tx.sql.query<{ id: string }>('select id from tessera.sharing_rules where tenant_id = $1 and name = $2', [tx.tenantId, name]);
    if (row) await deleteSharingRule(tx, row.id);
  },
  async listView(tx, _kinds, key) {
    const slash = key.indexOf('/');
    const [row] = await tx.sql.query<any>(`select ${VIEW_COLUMNS} from tessera.list_views where tenant_id = $1 and shared and object = $2 and name = $3`, [tx.tenantId, key.slice(0, slash), key.slice(slash + 1)]);
    if (row) await removeView(tx, toView(row));
  },
  async dashboard(tx, _kinds, name) {
    const [row] = await tx.sql.query<{ id: string }>('select id from tessera.dashboards where tenant_id = $1 and name = $2', [tx.tenantId, name]);
    if (row) await removeDashboard(tx, row.id);
  },
};

/** Takes one item of a kind other than objects out of the tenant, in the change's transaction. */
export async function removeItem(tx: ChangeTx, kinds: KindRegistry, kindName: string, name: string, live: unknown): Promise<void> {
  const own = OWN_DELETES[kindName];
  if (own) return own(tx, kinds, name);
  const kind = kinds.get(kindName) as MetadataKind | undefined;
  if (!kind) return;
  if (!kind.removes) {
    throw new PlatformError('CONFLICT', `The ${kindName} ${name} cannot be removed with its package: its kind takes no deletes. Remove it first, then try again`, { details: [{ pointer: '/name', message: `${kindName} ${name} cannot be removed` }] });
  }
  await kind.apply(tx, { action: 'delete', key: name, pointer: '', before: live, after: null });
}
