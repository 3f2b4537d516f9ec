import type pg from 'pg';
import { cursorsTable, eventSeq, eventsTable, outboxChangesTable, outboxTable } from './tables.ts';
import { EVENTS_CHANNEL } from './types.ts';

/**
 * Moves committed outbox rows to the delivery log, in outbox-id order, numbering them with `seq`
 * (one process at a time per tenant; while another one relays, this returns -1 at once: that one may
 * not see rows committed after its snapshot, so the caller tries again shortly). A row of a
 * transaction still in flight is not visible yet and gets a later `seq` when it commits, which is
 * why subscribers read by `seq` and never by outbox id: a cursor on `seq` never skips a row.
 * Order per record holds: a record's later write waits for the earlier one's commit (row lock),
 * so when the later event is visible here, so is the earlier, with a smaller id.
 */
export async function relayOutbox(db: pg.PoolClient, schema: string, tenantId: string, limit = 10_000): Promise<number> {
  const { rows: [lock] } = await db.query('select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as ok', [`${schema}:events`]);
  if (!lock.ok) return -1;
  const columns = '"id", "tx", "object", "kind", "actorId", "via", "at"';
  const { rows: [moved] } = await db.query(`
    with moved as (delete from ${outboxTable(schema)} where "id" in (select "id" from ${outboxTable(schema)} order by "id" limit ${Math.floor(limit)}) returning *),
    changes as (
      select c."id", e.n, (e.x ->> 0)::uuid as "recordId", e.x -> 1 as "changes" from ${outboxChangesTable(schema)} c, jsonb_array_elements(c."payload"::jsonb) with ordinality as e(x, n)
      where c."id" in (select "changesId" from moved)
    ),
    base as (select case when is_called then last_value else 0 end as b from ${eventSeq(schema)}),
    ins as (
      insert into ${eventsTable(schema)} ("seq", ${columns}, "recordId", "changes")
      select base.b + row_number() over (order by m."id"), ${columns.split(', ').map((c) => `m.${c}`).join(', ')}, c."recordId", c."changes"
      from moved m join changes c on c."id" = m."changesId" and c.n = m."changesAt", base
      returning "seq"
    ),
    used as (select distinct "changesId" as id from moved)
    select (select count(*)::int from ins) as n, (select max("seq") from ins) as last, array(select id from used) as payloads`);
  // (Above, each payload is parsed once and taken apart into its elements: picking each row's
  // element out of the whole parsed payload would copy all of it per row.) A batch's payload goes
  // with its last outbox row: its rows all commit together, so none is still to come; a relay cut
  // by its limit leaves the rest, and the payload, to the next one.
  if (moved.payloads.length) {
    await db.query(`delete from ${outboxChangesTable(schema)} c where c."id" = any($1::bigint[]) and not exists (select 1 from ${outboxTable(schema)} o where o."changesId" = c."id")`, [moved.payloads]);
  }
  // The sequence only moves forwards; the lock above makes this relay its only writer. The
  // notification (at commit) wakes the other processes: their subscribers have new events too.
  if (moved.n > 0) await db.query('select setval($1::regclass, $2), pg_notify($3, $4)', [eventSeq(schema), moved.last, EVENTS_CHANNEL, tenantId]);
  return moved.n;
}

/**
 * Drops events every subscriber has passed: those at or below the smallest position among cursors
 * active in the last week (a subscriber gone for longer no longer holds events back). With no
 * active cursor at all, nobody is listening: events relayed over an hour ago go.
 */
export async function pruneEvents(db: pg.Pool | pg.PoolClient, schema: string): Promise<number> {
  const { rowCount } = await db.query(`
    delete from ${eventsTable(schema)} where "seq" <= coalesce(
      (select min("position") from ${cursorsTable(schema)} where "updatedAt" > now() - interval '7 days'),
      (select max("seq") from ${eventsTable(schema)} where "relayedAt" < now() - interval '1 hour'),
      0)`);
  return rowCount ?? 0;
}
