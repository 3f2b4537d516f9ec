import { PlatformError, type PluginSaveHook } from '@tessera/platform';
import { requestsTable } from './tables.ts';

/**
 * The approval lock, a save hook: a record with a pending approval request is read-only — updates
 * and deletes of it are refused with `LOCKED` on every write path (GraphQL single and bulk,
 * scripts' ctx.db, commands, imports: they all save through the pipeline). Admins are excepted, and
 * so is the system (a request's own outcome updates, workflows acting as the system). One indexed
 * statement per batch (a partial index of pending requests).
 */
export function lockHook(): PluginSaveHook {
  return {
    name: 'lock',
    step: 'permissions',
    events: ['update', 'delete'],
    async run(ctx, batch) {
      if (ctx.principal.isAdmin || batch.ids.length === 0) return;
      const { rows } = await ctx.db.query<{ record_id: string }>(`select record_id from ${requestsTable(ctx.model.schema)} where object = $1 and record_id = any($2::uuid[]) and status = 'pending' limit 1`, [batch.object.name, batch.ids]);
      if (!rows.length) return;
      const i = batch.ids.indexOf(rows[0].record_id);
      throw new PlatformError('LOCKED', `The ${batch.object.name} ${rows[0].record_id} is locked: it waits for approval`, {
        details: [{ pointer: batch.ids.length > 1 ? `/ids/${i}` : '/id', message: 'locked by a pending approval request' }],
      });
    },
  };
}
