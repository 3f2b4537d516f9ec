import type { OperationContext, SaveBatch, SaveHook } from '../operations/index.ts';
import { clock, entriesInsert, liveIds, readValues, type Entry } from './store.ts';
import { auditPlan, createdChanges, diff, insertedChanges, writtenValues, type Values } from './values.ts';

/** What audit keeps per batch between its steps (the batch object is the key: nothing leaks past it). */
const before = new WeakMap<SaveBatch, Map<string, Values> | Set<string>>();
const collected = new WeakMap<SaveBatch, { at: string; entries: Entry[] }>();

/**
 * Record history, as three hooks of the save pipeline, each called once per batch (registered
 * right after the access checks, so they run before any other feature's hooks of their step):
 * - `audit.before` (beforeWrite): for updates, the old API values of the batch's records, read in
 *   one query (locking them, as the update will); for deletes, which records are live;
 * - `audit.collect` (first of afterWrite, so after-triggers' own writes are not counted as this
 *   write's): the entries and their time. Creates are built from the inserted values without a
 *   re-read; updates compare the old values with the values written (when the write says it stored
 *   them as given, `writtenAt`, and they are exact), else with the values read back in one query,
 *   by API value, and skip records where nothing changed; deletes and restores carry no field changes;
 * - `audit` (audit): writes them, one entry per changed record, in one INSERT — left pending on the
 *   batch, so that it goes with the change events' rows in one statement (events/outbox.ts).
 */
export function auditHooks(): SaveHook[] {
  return [
    { name: 'audit.before', step: 'beforeWrite', run: readBefore },
    { name: 'audit.collect', step: 'afterWrite', run: collect },
    {
      name: 'audit',
      step: 'audit',
      async run(ctx, batch) {
        // Sent with the change events' rows (one round trip), or by the pipeline after its last step.
        const done = collected.get(batch);
        if (done?.entries.length) (batch.pending ??= []).push(entriesInsert(ctx, batch.object, batch.kind, done.at, done.entries));
      },
    },
  ];
}

async function readBefore(ctx: OperationContext, batch: SaveBatch): Promise<void> {
  if (batch.ids.length === 0) return;
  if (batch.kind === 'update') before.set(batch, (await readValues(ctx, batch.object, batch.ids, true)).values);
  else if (batch.kind === 'delete') before.set(batch, await liveIds(ctx, batch.object, batch.ids));
}

/** The values after an update from those before and those written (undefined: some must be read back). */
function fromWritten(plan: ReturnType<typeof auditPlan>, batch: SaveBatch, old: Map<string, Values>): { at: string; values: Map<string, Values> } | undefined {
  const values = new Map<string, Values>();
  for (let i = 0; i < batch.ids.length; i++) {
    const before = old.get(batch.ids[i]);
    if (!before) continue;
    const after = writtenValues(plan, before, batch.records[i]);
    if (!after) return undefined;
    values.set(batch.ids[i], after);
  }
  return { at: batch.writtenAt!, values };
}

async function collect(ctx: OperationContext, batch: SaveBatch): Promise<void> {
  const plan = auditPlan(batch.object, ctx.model.schema);
  const entries: Entry[] = [];
  let at: string | undefined;
  if (batch.kind === 'create') {
    const reread: string[] = [];
    batch.records.forEach((record, i) => {
      const changes = insertedChanges(plan, record, ctx.principal.userId);
      if (changes) entries.push({ id: batch.ids[i], c: changes });
      else reread.push(batch.ids[i]);
    });
    if (reread.length) {
      const stored = await readValues(ctx, batch.object, reread);
      at = stored.at;
      for (const [id, values] of stored.values) entries.push({ id, c: createdChanges(plan, values) });
    }
  } else if (batch.kind === 'update') {
    const old = before.get(batch) as Map<string, Values> | undefined;
    if (!old?.size) {
      batch.changes = [];
      return;
    }
    const after = (batch.writtenAt !== undefined ? fromWritten(plan, batch, old) : undefined) ?? (await readValues(ctx, batch.object, [...old.keys()]));
    at = after.at;
    for (const [id, values] of old) {
      const now = after.values.get(id);
      const changes = now ? diff(plan, values, now) : [];
      if (changes.length) entries.push({ id, c: changes });
    }
  } else {
    const live = before.get(batch) as Set<string> | undefined;
    for (const id of batch.ids) if (!live || live.has(id)) entries.push({ id, c: [] });
  }
  // Shared with the events step (one event per changed record): computed once, read twice.
  batch.changes = entries;
  if (entries.length) collected.set(batch, { at: at ?? (await clock(ctx)), entries });
}
