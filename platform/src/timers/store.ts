import type pg from 'pg';
import { TIMER_INDEX, timersTable } from './tables.ts';

/**
 * Writes (or moves) one timer and keeps the tenant's row in the index a lower bound of its due
 * times, in one statement. The index row is written only when this timer is due earlier than it
 * says (rarely, so schedulers of one tenant seldom touch it); otherwise it is read FOR KEY SHARE,
 * which no other scheduler waits on but which makes a sweep recomputing it wait for this
 * transaction, so the sweep's recomputation sees this timer (sweeper.ts).
 */
export async function writeTimer(db: pg.Pool | pg.PoolClient, tenant: { id: string; schema: string }, timer: { key: string; dueAt: Date; job: string; payload: unknown; jobId: string }): Promise<void> {
  await db.query(`
    with t as (
      insert into ${timersTable(tenant.schema)} ("key", "dueAt", "job", "payload", "jobId") values ($1, $2, $3, $4::jsonb, $5)
      on conflict ("key") do update set "dueAt" = excluded."dueAt", "job" = excluded."job", "payload" = excluded."payload", "jobId" = excluded."jobId", "scheduledAt" = now()
    ), covered as (
      select 1 from ${TIMER_INDEX} where "tenant_id" = $6 and "next_due" <= $2 for key share
    )
    insert into ${TIMER_INDEX} ("tenant_id", "schema_name", "next_due") select $6, $7, $2 where not exists (select 1 from covered)
    on conflict ("tenant_id") do update set "next_due" = least(${TIMER_INDEX}."next_due", excluded."next_due")`,
  [timer.key, timer.dueAt.toISOString(), timer.job, JSON.stringify(timer.payload ?? {}), timer.jobId, tenant.id, tenant.schema]);
}

/**
 * Writes (or moves) many timers of one tenant in one statement: as writeTimer, the index bound
 * lowered to the earliest of them when it is later.
 */
export async function writeTimers(db: pg.Pool | pg.PoolClient, tenant: { id: string; schema: string }, timers: { key: string; dueAt: Date; job: string; payload: unknown; jobId: string }[]): Promise<void> {
  if (!timers.length) return;
  const earliest = new Date(Math.min(...timers.map((t) => t.dueAt.getTime())));
  await db.query(`
    with t as (
      insert into ${timersTable(tenant.schema)} ("key", "dueAt", "job", "payload", "jobId")
      select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::jsonb[], $5::uuid[])
      on conflict ("key") do update set "dueAt" = excluded."dueAt", "job" = excluded."job", "payload" = excluded."payload", "jobId" = excluded."jobId", "scheduledAt" = now()
    ), covered as (
      select 1 from ${TIMER_INDEX} where "tenant_id" = $6 and "next_due" <= $8 for key share
    )
    insert into ${TIMER_INDEX} ("tenant_id", "schema_name", "next_due") select $6, $7, $8 where not exists (select 1 from covered)
    on conflict ("tenant_id") do update set "next_due" = least(${TIMER_INDEX}."next_due", excluded."next_due")`,
  [timers.map((t) => t.key), timers.map((t) => t.dueAt.toISOString()), timers.map((t) => t.job), timers.map((t) => JSON.stringify(t.payload ?? {})), timers.map((t) => t.jobId), tenant.id, tenant.schema, earliest.toISOString()]);
}

/** Removes the timers with these keys, or (`prefix`) up to `limit` of those whose key starts with it; how many went. */
export async function deleteTimers(db: pg.Pool | pg.PoolClient, schema: string, which: { keys: string[] } | { prefix: string; limit: number }): Promise<number> {
  const { rowCount } = 'keys' in which
    ? await db.query(`delete from ${timersTable(schema)} where "key" = any($1::text[])`, [which.keys])
    : await db.query(`delete from ${timersTable(schema)} where "key" in (select "key" from ${timersTable(schema)} where starts_with("key", $1) limit $2)`, [which.prefix, which.limit]);
  return rowCount ?? 0;
}

/** Removes a timer; whether there was one. The index keeps its bound (a sweep finding nothing due recomputes it). */
export async function deleteTimer(db: pg.Pool | pg.PoolClient, schema: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query(`delete from ${timersTable(schema)} where "key" = $1`, [key]);
  return (rowCount ?? 0) > 0;
}
