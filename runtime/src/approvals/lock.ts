import { PlatformError, type OperationContext, type PluginSaveHook } from '@tessera/platform';
import { requestsTable } from './tables.ts';

/** Per tenant, at a metadata version: the objects any approval flow was ever saved for. */
const flowObjects = new Map<string, { version: number; objects: Set<string> }>();

/**
 * The objects a tenant has (or had) approval flows for, read once per metadata version (a flow's
 * save bumps it: approvalFlowKind). Only their records can have requests, pending or not — a
 * deleted flow's versions stay, and so do its requests — so a write of any other object needs no
 * lock check: a tenant without approval flows pays nothing for the plugin being installed. (Read
 * in the write's transaction, READ COMMITTED: it sees every flow the model's version counts.)
 */
async function objectsWithFlows(ctx: OperationContext): Promise<Set<string>> {
  const tenantId = ctx.principal.tenantId;
  const hit = flowObjects.get(tenantId);
  if (hit && hit.version === ctx.model.version) return hit.objects;
  const { rows } = await ctx.db.query<{ object: string }>("select distinct definition->>'object' as object from tessera.approval_flow_versions where tenant_id = $1", [tenantId]);
  const objects = new Set(rows.map((r) => r.object));
  if (flowObjects.size > 10_000) flowObjects.clear();
  flowObjects.set(tenantId, { version: ctx.model.version, objects });
  return objects;
}

/**
 * The approval lock, a save hook: a record with a pending approval request is read-only — updates
 * and deletes of it are refused with `LOCKED` on every write path (GraphQL single and bulk,
 * scripts' ctx.db, commands, imports: they all save through the pipeline). Admins are excepted, and
 * so is the system (a request's own outcome updates, workflows acting as the system). One indexed
 * statement per batch (a partial index of pending requests), for objects that have approval flows.
 */
export function lockHook(): PluginSaveHook {
  return {
    name: 'lock',
    step: 'permissions',
    events: ['update', 'delete'],
    async run(ctx, batch) {
      if (ctx.principal.isAdmin || batch.ids.length === 0) return;
      if (!(await objectsWithFlows(ctx)).has(batch.object.name)) return;
      const { rows } = await ctx.db.query<{ record_id: string }>(`select record_id from ${requestsTable(ctx.model.schema)} where object = $1 and record_id = any($2::uuid[]) and status = 'pending' limit 1`, [batch.object.name, batch.ids]);
      if (!rows.length) return;
      const i = batch.ids.indexOf(rows[0].record_id);
      throw new PlatformError('LOCKED', `The ${batch.object.name} ${rows[0].record_id} is locked: it waits for approval`, {
        details: [{ pointer: batch.ids.length > 1 ? `/ids/${i}` : '/id', message: 'locked by a pending approval request' }],
      });
    },
  };
}
