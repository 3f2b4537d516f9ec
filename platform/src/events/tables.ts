import { qualified } from '../storage/sql/quote.ts';

/** Rows written by record writes, in their transaction; moved to `_events` after commit (relay.ts). */
export const outboxTable = (schema: string) => qualified(schema, '_outbox');
/** Each batch's changes, once, for its outbox rows. */
export const outboxChangesTable = (schema: string) => qualified(schema, '_outbox_changes');
/** The delivery log: the outbox's rows in the order subscribers see them (`seq`). */
export const eventsTable = (schema: string) => qualified(schema, '_events');
/** Draws `_events.seq`: never reused, even when retention empties `_events`. */
export const eventSeq = (schema: string) => qualified(schema, '_events_seq');
/** Where each subscriber is in `_events`, and its retry state. */
export const cursorsTable = (schema: string) => qualified(schema, '_event_cursors');

// Queue-like tables (rows inserted, then deleted soon after): vacuumed after 2% dead rows, not
// 20%. (Not after 2% inserted ones: that would vacuum them during every bulk write.)
const CHURN = 'WITH (autovacuum_vacuum_scale_factor = 0.02)';

/**
 * The change-event tables of a tenant schema (idempotent). `_outbox.id` comes from a sequence drawn
 * when the row is inserted, i.e. after the write it describes: two writes of one record are
 * serialized by the record's row lock, so their events' ids follow the order of the writes.
 *
 * A write pays for as little as it can: its batch's records and changes once, as the JSON text
 * audit already sent (`_outbox_changes`, stored uncompressed, not parsed), and one narrow outbox
 * row per record pointing into it; the relay parses it after commit into each event's record id
 * and `changes`.
 */
export function eventTablesSql(schema: string): string[] {
  const common = `"tx" xid8 NOT NULL DEFAULT pg_current_xact_id(),
      "object" text NOT NULL,
      "kind" text NOT NULL,
      "actorId" uuid,
      "via" text NOT NULL,
      "at" timestamptz NOT NULL`;
  return [
    `CREATE TABLE IF NOT EXISTS ${outboxChangesTable(schema)} (
      "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- [[record id, [[field, before, after], …]], …] of one batch, API values, as record history has them
      "payload" text STORAGE EXTERNAL NOT NULL
    ) ${CHURN}`,
    // No index: rows stay until the relay moves them (a moment), and every write would pay for one.
    `CREATE TABLE IF NOT EXISTS ${outboxTable(schema)} (
      "id" bigint GENERATED ALWAYS AS IDENTITY,
      ${common},
      -- the record (its id and changes) is element "changesAt" (from 1) of that payload
      "changesId" bigint NOT NULL,
      "changesAt" integer NOT NULL
    ) ${CHURN}`,
    `CREATE TABLE IF NOT EXISTS ${eventsTable(schema)} (
      "seq" bigint PRIMARY KEY,
      "id" bigint NOT NULL,
      ${common},
      "recordId" uuid NOT NULL,
      -- [[field, before, after], …]
      "changes" jsonb NOT NULL DEFAULT '[]',
      "relayedAt" timestamptz NOT NULL DEFAULT now()
    ) ${CHURN}`,
    `CREATE SEQUENCE IF NOT EXISTS ${eventSeq(schema)}`,
    `CREATE TABLE IF NOT EXISTS ${cursorsTable(schema)} (
      "subscriber" text PRIMARY KEY,
      "position" bigint NOT NULL DEFAULT 0,
      "attempts" integer NOT NULL DEFAULT 0,
      "retryAt" timestamptz,
      "lastError" text,
      "updatedAt" timestamptz NOT NULL DEFAULT now()
    )`,
  ];
}

/** Every subscriber ever registered, and since when: a new subscriber starts with the events relayed after that (tenant by tenant, when it first runs there). */
export const SUBSCRIBERS_TABLE = 'tessera.event_subscribers';

export function subscribersTableSql(): string[] {
  return [`CREATE TABLE IF NOT EXISTS ${SUBSCRIBERS_TABLE} ("name" text PRIMARY KEY, "since" timestamptz NOT NULL DEFAULT now())`];
}
