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

/** Removes a timer; whether there was one. The index keeps its bound (a sweep finding nothing due recomputes it). */
export async function deleteTimer(db: pg.Pool | pg.PoolClient, schema: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query(`delete from ${timersTable(schema)} where "key" = $1`, [key]);
  return (rowCount ?? 0) > 0;
}
