import type { Clock } from '../clock/index.ts';
import { changesJson, pendingCtes, type OperationContext, type PendingInsert, type RecordChange, type SaveHook, type WriteKind } from '../operations/index.ts';
import { outboxChangesTable, outboxTable } from './tables.ts';
import { EVENTS_CHANNEL } from './types.ts';

/**
 * The save pipeline's `events` step: one outbox row per changed record of the batch (and the
 * batch's changes once), in ONE statement, in the write's transaction (so an event exists iff its write commits), and a NOTIFY
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
      // What earlier hooks left pending (audit's entries) goes in the same statement.
      if (records.length) await writeOutbox(ctx, batch.object.name, batch.kind, clock.now(), records, batch.pending?.splice(0));
    },
  };
}

export async function writeOutbox(ctx: OperationContext, object: string, kind: WriteKind, at: Date, records: RecordChange[], pending: PendingInsert[] = []): Promise<void> {
  const schema = ctx.model.schema;
  const before = pendingCtes(pending, 9);
  // The records and their changes go in once, as the very JSON text audit sent (deletes and
  // restores: ids and no changes), unparsed; each record's row points at its element.
  await ctx.db.query(`with ${before.sql}c as (insert into ${outboxChangesTable(schema)} ("payload") values ($8) returning "id"),
    ins as (insert into ${outboxTable(schema)} ("object", "kind", "actorId", "via", "at", "changesId", "changesAt")
      select $1, $2, $3, $4, $5::timestamptz, c."id", n from c, generate_series(1, $9::int) as n)
    select pg_notify($6, $7)`,
  [object, kind, ctx.principal.userId ?? null, ctx.via, at.toISOString(), EVENTS_CHANNEL, ctx.principal.tenantId, changesJson(records), records.length, ...before.params]);
}
