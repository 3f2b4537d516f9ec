import type pg from 'pg';
import { withClient } from '../db/checkout.ts';
import { cursorsTable, eventsTable, SUBSCRIBERS_TABLE } from './tables.ts';
import type { ChangeEvent, Subscriber } from './types.ts';

/** What one delivery attempt came to. */
export type Delivery =
  | { state: 'caughtUp' | 'more' | 'busy'; delivered: number }
  | { state: 'waiting'; retryInMs: number; delivered: 0; error?: unknown };

interface EventRow {
  seq: string; id: string; tx: string; object: string; recordId: string; kind: ChangeEvent['kind'];
  changes: [string, unknown, unknown][]; actorId: string | null; via: string; at: string | Date;
}

/**
 * Makes sure each subscriber has its cursor row in the tenant schema. A new one starts after the
 * events relayed before the subscriber was first registered (a plugin installed today does not
 * replay what happened before it), so it gets everything written since.
 */
export async function ensureCursors(db: pg.Pool, schema: string, names: string[]): Promise<void> {
  await db.query(`insert into ${cursorsTable(schema)} ("subscriber", "position")
    select s."name", coalesce((select max(e."seq") from ${eventsTable(schema)} e where e."relayedAt" < s."since"), 0) from ${SUBSCRIBERS_TABLE} s where s."name" = any($1::text[])
    on conflict do nothing`, [names]);
}

/**
 * The test "this subscriber has events to receive here": past its cursor, or, with no cursor yet,
 * relayed since it was registered. Parameters (default `$1`, `$2`): names, their registration times.
 */
export function pendingSql(schema: string, options: { notWaiting?: boolean; params?: [string, string] } = {}): string {
  const [names, since] = options.params ?? ['$1', '$2'];
  return `select 1 from unnest(${names}::text[], ${since}::timestamptz[]) as s(name, since) left join ${cursorsTable(schema)} c on c."subscriber" = s.name
    where exists (select 1 from ${eventsTable(schema)} e where e."seq" > coalesce(c."position", 0) and (c."position" is not null or e."relayedAt" >= s.since))${options.notWaiting ? `
      and (c."retryAt" is null or c."retryAt" <= now())` : ''}`;
}

/**
 * Hands the subscriber its next batch in one transaction: the cursor row locked (SKIP LOCKED: a
 * process already delivering to this subscriber in this tenant is left to it), the events after
 * it read in `seq` order, `handle(events, tx)`, the cursor moved past them, commit. Events the
 * subscriber does not want still move its cursor. A handler that throws rolls all of it back; the
 * failure is recorded on the cursor with the time of the next attempt.
 */
export function deliverBatch(pool: pg.Pool, tenantId: string, schema: string, sub: Subscriber): Promise<Delivery> {
  return withClient(pool, async (db, discard) => {
    let attempts = 0;
    try {
      await db.query('begin');
      const { rows: [cursor] } = await db.query(
        `select "position", "attempts", greatest(0, extract(epoch from ("retryAt" - now())) * 1000)::float8 as "waitMs" from ${cursorsTable(schema)} where "subscriber" = $1 for update skip locked`, [sub.name]);
      if (!cursor) {
        await db.query('commit');
        return { state: 'busy', delivered: 0 };
      }
      attempts = cursor.attempts;
      if (cursor.waitMs > 0) {
        await db.query('commit');
        return { state: 'waiting', retryInMs: cursor.waitMs, delivered: 0 };
      }
      const limit = sub.batchSize ?? 500;
      const { rows } = await db.query<EventRow>(
        `select "seq", "id", "tx"::text as "tx", "object", "recordId", "kind", "changes", "actorId", "via", "at" from ${eventsTable(schema)} where "seq" > $1 order by "seq" limit $2`, [cursor.position, limit]);
      if (rows.length === 0) {
        await db.query('commit');
        return { state: 'caughtUp', delivered: 0 };
      }
      const events = rows.filter((r) => (!sub.objects || sub.objects.includes(r.object)) && (!sub.kinds || sub.kinds.includes(r.kind))).map((r) => toEvent(tenantId, r));
      if (events.length) await sub.handle(events, db);
      await db.query(`update ${cursorsTable(schema)} set "position" = $2, "attempts" = 0, "retryAt" = null, "lastError" = null, "updatedAt" = now() where "subscriber" = $1`, [sub.name, rows[rows.length - 1].seq]);
      await db.query('commit');
      return { state: rows.length === limit ? 'more' : 'caughtUp', delivered: events.length };
    } catch (error) {
      const retryInMs = Math.min(sub.maxRetryMs ?? 60_000, (sub.retryMs ?? 500) * 2 ** attempts);
      const message = error instanceof Error ? error.message : String(error);
      // On the same connection (not another from the pool, which every delivery may be holding).
      await db.query('rollback')
        .then(() => db.query(
          `update ${cursorsTable(schema)} set "attempts" = "attempts" + 1, "retryAt" = now() + $2 * interval '1 millisecond', "lastError" = $3, "updatedAt" = now() where "subscriber" = $1`,
          [sub.name, retryInMs, message.slice(0, 2000)]))
        .catch(discard);
      return { state: 'waiting', retryInMs, delivered: 0, error };
    }
  });
}

function toEvent(tenantId: string, r: EventRow): ChangeEvent {
  return {
    id: r.id, seq: r.seq, tenantId, object: r.object, recordId: r.recordId, kind: r.kind,
    changes: r.changes.map(([field, before, after]) => ({ field, before, after })),
    actorId: r.actorId, via: r.via, txId: r.tx, at: new Date(r.at),
  };
}
