import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.ts';
import { withClient } from '../db/checkout.ts';
import { PlatformError } from '../errors/index.ts';
import { deleteTimer, deleteTimers, writeTimer, writeTimers } from './store.ts';
import { SYSTEM_TIMERS, TIMER_INDEX, timersTable } from './tables.ts';
import type { SweepResult, TimerSpec } from './types.ts';

/** Where fired timers go: the job queue, inside the sweep's transaction. */
export interface TimerTarget {
  insert(jobs: { name: string; id: string; tenantId: string | null; payload: unknown }[], tx: pg.PoolClient): Promise<void>;
}

export interface TimersOptions {
  pool: pg.Pool;
  clock: Clock;
  jobs: TimerTarget;
  logger?: Logger;
  /** Timers claimed per transaction (default 10,000). */
  batchSize?: number;
}

/**
 * Durable timers: rows with a due time in each tenant's schema (`_timers`, one per key), fired
 * into jobs. A sweep reads the system index for the tenants whose earliest timer is due by
 * `platform.clock` (one indexed query, however many tenants there are), then per tenant, in ONE
 * transaction: claims the due rows (FOR UPDATE SKIP LOCKED, in batches), deletes them, inserts their
 * jobs, and recomputes the tenant's next due time. A timer therefore becomes exactly one job.
 */
export class Timers {
  private readonly schemas = new Map<string, string>();
  private ticker?: NodeJS.Timeout;
  private sweeping?: Promise<SweepResult>;

  private readonly options: TimersOptions;

  constructor(options: TimersOptions) {
    this.options = options;
  }

  /** Schedules a timer, or moves the one with the same key (re-schedule). */
  async schedule(spec: TimerSpec): Promise<void> {
    const tenant = await this.tenant(spec.tenantId);
    await writeTimer(spec.tx ?? this.options.pool, tenant, { key: spec.key, dueAt: spec.dueAt, job: spec.job, payload: spec.payload, jobId: spec.jobId ?? randomUUID() });
  }

  /** Schedules (or moves) many timers of one tenant in one statement. */
  async scheduleMany(spec: { tenantId: string | null; timers: Omit<TimerSpec, 'tenantId' | 'tx'>[]; tx?: pg.PoolClient }): Promise<void> {
    const tenant = await this.tenant(spec.tenantId);
    await writeTimers(spec.tx ?? this.options.pool, tenant, spec.timers.map((t) => ({ key: t.key, dueAt: t.dueAt, job: t.job, payload: t.payload, jobId: t.jobId ?? randomUUID() })));
  }

  /** Cancels the timers with these keys, or up to `limit` whose key starts with `prefix`; how many there were. */
  async cancelMany(spec: { tenantId: string | null; tx?: pg.PoolClient } & ({ keys: string[] } | { prefix: string; limit: number })): Promise<number> {
    const tenant = await this.tenant(spec.tenantId);
    return deleteTimers(spec.tx ?? this.options.pool, tenant.schema, 'keys' in spec ? { keys: spec.keys } : { prefix: spec.prefix, limit: spec.limit });
  }

  /** Cancels a timer; whether there was one to cancel. */
  async cancel(spec: { tenantId: string | null; key: string; tx?: pg.PoolClient }): Promise<boolean> {
    const tenant = await this.tenant(spec.tenantId);
    return deleteTimer(spec.tx ?? this.options.pool, tenant.schema, spec.key);
  }

  /** Sweeps every tick (by the machine's time; what is due is decided by `platform.clock`). */
  start(intervalMs = 1000): void {
    if (this.ticker) return;
    const tick = () => {
      this.ticker = setTimeout(() => void this.sweep().catch((err) => this.options.logger?.warn({ err }, 'timer sweep failed')).finally(() => { if (this.ticker) tick(); }), intervalMs);
      this.ticker.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    if (this.ticker) clearTimeout(this.ticker);
    this.ticker = undefined;
    await this.sweeping?.catch(() => {});
  }

  /** Fires every timer due at `now` (default the clock's), in all tenants; one sweep at a time per process. */
  sweep(now: Date = this.options.clock.now()): Promise<SweepResult> {
    const run = (this.sweeping ?? Promise.resolve()).catch(() => {}).then(() => this.sweepAll(now));
    this.sweeping = run;
    return run;
  }

  private async sweepAll(now: Date): Promise<SweepResult> {
    const result: SweepResult = { fired: 0, tenants: new Set() };
    // A tenant that fired nothing (its timers locked by another sweep, or nothing was due after
    // all) is not looked at again in this sweep.
    const done: string[] = [];
    for (;;) {
      const { rows } = await this.options.pool.query<{ tenant_id: string; schema_name: string }>(
        `select "tenant_id", "schema_name" from ${TIMER_INDEX} where "next_due" <= $1 and "tenant_id" <> all($2::uuid[]) order by "next_due" limit 100`, [now.toISOString(), done]);
      if (rows.length === 0) return result;
      // A few tenants at a time: each is a transaction of its own (and a connection).
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(3, rows.length) }, async () => {
        for (let row = rows[next++]; row; row = rows[next++]) {
          const fired = await this.sweepTenant(row.tenant_id, row.schema_name, now).catch((err) => {
            this.options.logger?.warn({ err, tenantId: row.tenant_id }, 'timer sweep of a tenant failed');
            return 0;
          });
          if (fired === 0) done.push(row.tenant_id);
          else {
            result.fired += fired;
            result.tenants.add(row.tenant_id === SYSTEM_TIMERS.tenantId ? null : row.tenant_id);
          }
        }
      }));
    }
  }

  private sweepTenant(tenantId: string, schema: string, now: Date): Promise<number> {
    return withClient(this.options.pool, async (db, discard) => {
      try {
        await db.query('begin');
        // The index row first: waiting (briefly) for schedulers of this tenant still in flight, so
        // the recomputation below sees their timers. Busy for a second: left for the next sweep.
        await db.query(`set local lock_timeout = '1s'`);
        const locked = await db.query(`select 1 from ${TIMER_INDEX} where "tenant_id" = $1 for update`, [tenantId]).catch((err: { code?: string }) => {
          if (err.code === '55P03') return undefined;
          throw err;
        });
        if (!locked?.rowCount) {
          await db.query('rollback');
          return 0;
        }
        await db.query(`set local lock_timeout = 0`);
        const { rows } = await db.query<{ job: string; payload: unknown; jobId: string }>(
          // By ctid (a TID scan): `key in (…)` would be planned as a hash join over every pending timer.
          `delete from ${timersTable(schema)} where ctid = any(array(select ctid from ${timersTable(schema)} where "dueAt" <= $1 order by "dueAt" limit $2 for update skip locked)) returning "job", "payload", "jobId"`,
          [now.toISOString(), this.options.batchSize ?? 10_000]);
        const owner = tenantId === SYSTEM_TIMERS.tenantId ? null : tenantId;
        if (rows.length) await this.options.jobs.insert(rows.map((r) => ({ name: r.job, id: r.jobId, tenantId: owner, payload: r.payload })), db);
        await db.query(`update ${TIMER_INDEX} set "next_due" = coalesce((select min("dueAt") from ${timersTable(schema)}), 'infinity') where "tenant_id" = $1`, [tenantId]);
        await db.query('commit');
        return rows.length;
      } catch (error) {
        await db.query('rollback').catch(discard);
        throw error;
      }
    });
  }

  private async tenant(tenantId: string | null): Promise<{ id: string; schema: string }> {
    if (tenantId === null) return { id: SYSTEM_TIMERS.tenantId, schema: SYSTEM_TIMERS.schema };
    let schema = this.schemas.get(tenantId);
    if (!schema) {
      const { rows } = await this.options.pool.query('select schema_name from tessera.tenants where id = $1', [tenantId]);
      if (!rows[0]) throw new PlatformError('NOT_FOUND', `No tenant ${tenantId}`);
      schema = rows[0].schema_name as string;
      this.schemas.set(tenantId, schema);
    }
    return { id: tenantId, schema };
  }
}
