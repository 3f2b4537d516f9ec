import type { SaveBatch, SaveHook } from '../operations/index.ts';
import { keepRollups, readContributions, type Contributions } from './maintain.ts';
import { rollupFieldsOf, rollupsFedBy } from './spec.ts';

/** What the batch's records contributed before the write (updates, deletes, restores). */
const before = new WeakMap<SaveBatch, Contributions>();
/** Updates that write none of the fields a roll-up reads: nothing to keep. */
const untouched = new WeakSet<SaveBatch>();

/**
 * The save pipeline keeps roll-ups for every write path (GraphQL single and bulk, upserts, scripts'
 * ctx.db, commands, merges, cascades: they all save through the pipeline), in the write's
 * transaction. Two hooks on the child object's batches: before the write, what its records
 * contribute (read and locked: update, delete, restore); after it, one statement per parent table
 * reads what they contribute now and moves the parents by the difference (maintain.ts). A create
 * costs that one statement, a delete the read before and one after. An update writing none of the
 * fields the roll-ups read (lookup, aggregated field, the filter's fields) costs nothing: the
 * `before` hook decides after the before-triggers (`scripts:before`), which may change the record.
 * Objects that feed no roll-up cost nothing but a map lookup.
 */
export function rollupHooks(): SaveHook[] {
  return [
    {
      name: 'before',
      step: 'beforeWrite',
      events: ['update', 'delete', 'restore'],
      after: ['scripts:before'],
      async run(ctx, batch) {
        const specs = rollupsFedBy(ctx.model, batch.object.name);
        if (specs.length === 0 || batch.ids.length === 0) return;
        if (batch.kind === 'update' && batch.records.length > 0) {
          const read = rollupFieldsOf(ctx.model, batch.object.name);
          if (!batch.records.some((record) => Object.keys(record).some((f) => read.has(f)))) {
            untouched.add(batch);
            return;
          }
        }
        before.set(batch, await readContributions(ctx.db, ctx.model, specs, batch.ids));
      },
    },
    {
      name: 'keep',
      step: 'afterWrite',
      async run(ctx, batch) {
        const specs = rollupsFedBy(ctx.model, batch.object.name);
        if (specs.length === 0 || batch.ids.length === 0 || untouched.has(batch)) return;
        // A deleted record contributes nothing: no need to read it again.
        await keepRollups(ctx.db, ctx.model, specs, batch.kind === 'delete' ? [] : batch.ids, before.get(batch) ?? new Map());
      },
    },
  ];
}
