import { qualified } from '../storage/sql/quote.ts';

/** A tenant's (or the system's, in `tessera`) pending timers. */
export const timersTable = (schema: string) => qualified(schema, '_timers');
/** One row per tenant with timers: the earliest time one may be due (tessera.timer_index). */
export const TIMER_INDEX = 'tessera.timer_index';
/** Timers not bound to a tenant (jobs enqueued with a later runAt and no tenant) live in the system schema. */
export const SYSTEM_TIMERS = { tenantId: '00000000-0000-0000-0000-000000000000', schema: 'tessera' } as const;

/** The timers table of a tenant schema (idempotent): one row per key, found by due time. */
export function timerTablesSql(schema: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${timersTable(schema)} (
      "key" text PRIMARY KEY,
      "dueAt" timestamptz NOT NULL,
      "job" text NOT NULL,
      "payload" jsonb NOT NULL DEFAULT '{}',
      -- the id the job will have when the timer fires (known to whoever scheduled it)
      "jobId" uuid NOT NULL,
      "scheduledAt" timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX IF NOT EXISTS "_timers_due" ON ${timersTable(schema)} ("dueAt")`,
  ];
}

/** The system-level index of tenants' next due times, so a sweep reads one table, not every schema. */
export function timerIndexSql(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${TIMER_INDEX} (
      "tenant_id" uuid PRIMARY KEY,
      "schema_name" text NOT NULL,
      "next_due" timestamptz NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS "timer_index_next_due" ON ${TIMER_INDEX} ("next_due")`,
    ...timerTablesSql(SYSTEM_TIMERS.schema),
  ];
}
