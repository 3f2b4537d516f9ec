import type { SaveBatch, SaveHook } from '../operations/index.ts';
import { liveIds, readValues, writeEntries } from './store.ts';
import { auditPlan, createdChanges, diff, insertedChanges, type Change } from './values.ts';

/** Per delete batch: the ids that were live before the write (the ones it deletes). */
const deleting = new WeakMap<SaveBatch, Set<string>>();

/**
 * Record history, as two hooks of the save pipeline, each called once per batch:
 * - `audit.before` (beforeWrite): for updates, reads the old API values of the batch's records in
 *   one query (locking them, as the update will) into `batch.old`; for deletes, which are live;
 * - `audit` (audit): writes one entry per changed record in one INSERT. Creates are built from the
 *   inserted values without a re-read; updates compare `batch.old` with the values read back in
 *   one query, by API value, and skip records where nothing changed; deletes and restores carry
 *   no field changes.
 */
export function auditHooks(): SaveHook[] {
  return [
    {
      name: 'audit.before',
      step: 'beforeWrite',
      async run(ctx, batch) {
        if (batch.ids.length === 0) return;
        if (batch.kind === 'update') batch.old = await readValues(ctx, batch.object, batch.ids, true);
        else if (batch.kind === 'delete') deleting.set(batch, await liveIds(ctx, batch.object, batch.ids));
      },
    },
    {
      name: 'audit',
      step: 'audit',
      async run(ctx, batch) {
        const plan = auditPlan(batch.object);
        const entries: { id: string; c: Change[] }[] = [];
        if (batch.kind === 'create') {
          const reread: number[] = [];
          batch.records.forEach((record, i) => {
            const changes = insertedChanges(plan, record, ctx.principal.userId);
            if (changes) entries.push({ id: batch.ids[i], c: changes });
            else reread.push(i);
          });
          if (reread.length) {
            const stored = await readValues(ctx, batch.object, reread.map((i) => batch.ids[i]));
            for (const [id, values] of stored) entries.push({ id, c: createdChanges(plan, values) });
          }
        } else if (batch.kind === 'update') {
          if (!batch.old?.size) return;
          const after = await readValues(ctx, batch.object, [...batch.old.keys()]);
          for (const [id, before] of batch.old) {
            const now = after.get(id);
            const changes = now ? diff(plan, before, now) : [];
            if (changes.length) entries.push({ id, c: changes });
          }
        } else {
          const live = deleting.get(batch);
          for (const id of batch.ids) if (!live || live.has(id)) entries.push({ id, c: [] });
        }
        await writeEntries(ctx, batch.object, batch.kind, entries);
      },
    },
  ];
}
