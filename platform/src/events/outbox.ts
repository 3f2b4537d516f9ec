import type { Clock } from '../clock/index.ts';
import { changesJson, type OperationContext, type RecordChange, type SaveHook, type WriteKind } from '../operations/index.ts';
import { outboxTable } from './tables.ts';
import { EVENTS_CHANNEL } from './types.ts';

/**
 * The save pipeline's `events` step: one outbox row per changed record of the batch, in ONE
 * statement, in the write's transaction (so an event exists iff its write commits), and a NOTIFY
 * that PostgreSQL delivers at commit (one per transaction and tenant: identical notifications of
 * a transaction are folded). The changes are the ones audit computed for the batch; a pipeline
 * without audit's collect hook emits one event per id without field changes.
 */
export function outboxHook(clock: Clock): SaveHook {
  return {
    name: 'events.outbox',
    step: 'events',
    async run(ctx, batch) {
      const records = batch.changes ?? batch.ids.map((id) => ({ id, c: [] }));
      if (records.length) await writeOutbox(ctx, batch.object.name, batch.kind, clock.now(), records);
    },
  };
}

export async function writeOutbox(ctx: OperationContext, object: string, kind: WriteKind, at: Date, records: RecordChange[]): Promise<void> {
  const head = `insert into ${outboxTable(ctx.model.schema)} ("object", "recordId", "kind", "actorId", "via", "at", "changes")`;
  const params: unknown[] = [object, kind, ctx.principal.userId ?? null, ctx.via, at.toISOString(), EVENTS_CHANNEL, ctx.principal.tenantId];
  const notify = 'select pg_notify($6, $7)';
  if (records.every((r) => r.c.length === 0)) {
    await ctx.db.query(`with ins as (${head} select $1, unnest($8::uuid[]), $2, $3, $4, $5::timestamptz, '[]'::jsonb) ${notify}`, [...params, records.map((r) => r.id)]);
    return;
  }
  // [[id, changes], …] (the very string audit sent), parsed once into jsonb and taken apart without re-parsing.
  const pairs = changesJson(records);
  await ctx.db.query(`with ins as (${head} select $1, (x.e->>0)::uuid, $2, $3, $4, $5::timestamptz, x.e->1 from jsonb_array_elements($8::jsonb) as x(e)) ${notify}`, [...params, pairs]);
}
