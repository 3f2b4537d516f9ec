import type { Clock } from '../clock/index.ts';
import { changesJson, type OperationContext, type RecordChange, type SaveHook, type WriteKind } from '../operations/index.ts';
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
      if (records.length) await writeOutbox(ctx, batch.object.name, batch.kind, clock.now(), records);
    },
  };
}

export async function writeOutbox(ctx: OperationContext, object: string, kind: WriteKind, at: Date, records: RecordChange[]): Promise<void> {
  const schema = ctx.model.schema;
  const params: unknown[] = [object, kind, ctx.principal.userId ?? null, ctx.via, at.toISOString(), EVENTS_CHANNEL, ctx.principal.tenantId, records.map((r) => r.id)];
  const notify = 'select pg_notify($6, $7)';
  const head = `insert into ${outboxTable(schema)} ("object", "recordId", "kind", "actorId", "via", "at", "changesId", "changesAt")`;
  if (records.every((r) => r.c.length === 0)) {
    await ctx.db.query(`with ins as (${head} select $1, u.id, $2, $3, $4, $5::timestamptz, null, null from unnest($8::uuid[]) as u(id)) ${notify}`, params);
    return;
  }
  // The changes go in once, as the very JSON text audit sent (no parsing here: the relay does it
  // after commit); each record's row points at its element.
  await ctx.db.query(`with c as (insert into ${outboxChangesTable(schema)} ("payload") values ($9) returning "id"),
    ins as (${head} select $1, u.id, $2, $3, $4, $5::timestamptz, c."id", u.n from c, unnest($8::uuid[]) with ordinality as u(id, n)) ${notify}`,
  [...params, changesJson(records)]);
}
