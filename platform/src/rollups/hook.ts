import type { SaveBatch, SaveHook } from '../operations/index.ts';
import { applyMoves, movesBetween, readContributions, type Contributions } from './maintain.ts';
import { rollupsFedBy } from './spec.ts';

/** What the batch's records contributed before the write (updates, deletes, restores). */
const before = new WeakMap<SaveBatch, Contributions>();

/**
 * The save pipeline keeps roll-ups for every write path (GraphQL single and bulk, upserts, scripts'
 * ctx.db, commands, merges, cascades: they all save through the pipeline), in the write's
 * transaction. Two hooks on the child object's batches: before the write, what its records
 * contribute (read and locked: update, delete, restore); after it, what they contribute now; the
 * difference moves the parents (maintain.ts). A create reads once, after; a delete once, before. Objects that feed no
 * roll-up cost nothing but a map lookup.
 */
export function rollupHooks(): SaveHook[] {
  return [
    {
      name: 'before',
      step: 'beforeWrite',
      events: ['update', 'delete', 'restore'],
      async run(ctx, batch) {
        const specs = rollupsFedBy(ctx.model, batch.object.name);
        if (specs.length === 0 || batch.ids.length === 0) return;
        before.set(batch, await readContributions(ctx.db, ctx.model, specs, batch.ids, true));
      },
    },
    {
      name: 'keep',
      step: 'afterWrite',
      async run(ctx, batch) {
        const specs = rollupsFedBy(ctx.model, batch.object.name);
        if (specs.length === 0 || batch.ids.length === 0) return;
        // A deleted record contributes nothing: no need to read it again.
        const after = batch.kind === 'delete' ? new Map() : await readContributions(ctx.db, ctx.model, specs, batch.ids, false);
        await applyMoves(ctx.db, ctx.model, specs, movesBetween(specs, before.get(batch) ?? new Map(), after));
      },
    },
  ];
}
