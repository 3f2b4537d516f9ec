import type pg from 'pg';
import type { Logger } from 'pino';
import { inBackgroundTransaction } from '../db/checkout.ts';
import { PlatformError } from '../errors/index.ts';
import { deliverBatch, ensureCursors, pendingSql } from './deliver.ts';
import { pruneEvents, relayOutbox } from './relay.ts';
import { outboxTable, SUBSCRIBERS_TABLE } from './tables.ts';
import type { Subscriber } from './types.ts';

export interface EventBusOptions {
  pool: pg.Pool;
  logger?: Logger;
  /** How often every tenant is checked for work a lost notification left behind (default 30 s). */
  pollMs?: number;
  /** Tenants worked on at once (default 4). */
  concurrency?: number;
}

interface TenantRun {
  running?: Promise<void>;
  /** Woken while running: run again when done. */
  again: boolean;
  retry?: NodeJS.Timeout;
}

const NAME = /^[a-z0-9][a-z0-9._:-]{0,99}$/i;
/** How soon a process tries the relay again when another process held it (that one may have missed the newest rows). */
const RELAY_BUSY_RETRY_MS = 100;

/**
 * Change events after commit: `subscribe` registers a subscriber (in every process, server or
 * worker alike); `start` makes this process deliver. Work per tenant, on a NOTIFY or found by the
 * slow poll: relay the outbox into the delivery log, then each subscriber's batches until it is
 * caught up (or failing, then again at its retry time), then drop what everyone has passed.
 * Several processes may deliver: the relay takes a per-tenant advisory lock and each subscriber's
 * batch its cursor row (SKIP LOCKED), so none is delivered twice at once.
 */
export class EventBus {
  private readonly subscribers = new Map<string, Subscriber>();
  /** When each subscriber was first registered (durable, tessera.event_subscribers). */
  private readonly since = new Map<string, string>();
  /** When `subscribe` was called (this machine's ms), until the registration is recorded. */
  private readonly wanted = new Map<string, number>();
  private registering: Promise<void> = Promise.resolve();
  private readonly runs = new Map<string, TenantRun>();
  private readonly schemas = new Map<string, string>();
  /** `<tenant>:<subscriber>` whose cursor row exists. */
  private readonly ensured = new Set<string>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private started = false;
  private poll?: NodeJS.Timeout;

  private readonly options: EventBusOptions;

  constructor(options: EventBusOptions) {
    this.options = options;
  }

  /** Registers a subscriber; returns its removal. Its name must be unique (it names its cursors). */
  subscribe(subscriber: Subscriber): () => void {
    if (!NAME.test(subscriber.name)) throw new PlatformError('BAD_USER_INPUT', `A subscriber's name is 1-100 letters, digits and . _ : -; got "${subscriber.name}"`);
    if (this.subscribers.has(subscriber.name)) throw new PlatformError('CONFLICT', `A subscriber named "${subscriber.name}" is already registered`);
    this.subscribers.set(subscriber.name, subscriber);
    // Its start is now: a write committed after `subscribe` returns reaches it, however late
    // the registration lands (register() turns this moment into the database's time).
    this.wanted.set(subscriber.name, Date.now());
    this.registering = this.registering.then(() => this.register(subscriber.name));
    if (this.started) void this.scan();
    return () => {
      if (this.subscribers.get(subscriber.name) === subscriber) this.subscribers.delete(subscriber.name);
    };
  }

  get subscriberNames(): string[] {
    return [...this.subscribers.keys()];
  }

  /** Resolves once every subscriber registered so far is recorded (with its `since`). */
  registered(): Promise<void> {
    return this.registering;
  }

  /** Records a subscriber's start (the first registration of its name wins); retried by later rounds if the database was away. */
  private async register(name: string): Promise<void> {
    const wanted = this.wanted.get(name);
    if (!wanted || this.since.has(name)) return;
    try {
      // The database's clock (relayedAt is by it), minus the time since `subscribe`, minus a second
      // to spare: this machine's clock may disagree with the database's, elapsed time does not.
      const { rows: [clock] } = await this.options.pool.query('select clock_timestamp() as now');
      const since = new Date(new Date(clock.now).getTime() - (Date.now() - wanted) - 1000);
      await this.options.pool.query(`insert into ${SUBSCRIBERS_TABLE} ("name", "since") values ($1, $2) on conflict do nothing`, [name, since.toISOString()]);
      const { rows } = await this.options.pool.query(`select "since" from ${SUBSCRIBERS_TABLE} where "name" = $1`, [name]);
      this.since.set(name, new Date(rows[0].since).toISOString());
      this.wanted.delete(name);
    } catch (err) {
      this.options.logger?.warn({ err, subscriber: name }, 'could not register an event subscriber yet');
    }
  }

  /** The names and registration times of the subscribers known so far, as query parameters. */
  private pendingParams(tenantId?: string): [string[], string[]] {
    const names = this.subscriberNames.filter((n) => this.since.has(n) && (!tenantId || (this.subscribers.get(n)!.tenants?.(tenantId) ?? true)));
    return [names, names.map((n) => this.since.get(n)!)];
  }

  /** Starts delivering in this process: at once for every tenant with work, then on notifications and the slow poll. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const tick = () => {
      this.poll = setTimeout(() => void this.scan().finally(tick), this.options.pollMs ?? 30_000);
      this.poll.unref();
    };
    void this.scan().finally(tick);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.poll) clearTimeout(this.poll);
    for (const run of this.runs.values()) if (run.retry) clearTimeout(run.retry);
    await Promise.all([...this.runs.values()].map((r) => r.running?.catch(() => {})));
  }

  /** A tenant has new events (its NOTIFY arrived) or a retry is due: work on it now, or once more after the run under way. */
  wake(tenantId: string): void {
    if (!this.started) return;
    const run = this.runs.get(tenantId) ?? { again: false };
    this.runs.set(tenantId, run);
    if (run.running) {
      run.again = true;
      return;
    }
    run.running = this.work(tenantId, run).finally(() => {
      run.running = undefined;
      if (run.again) {
        run.again = false;
        this.wake(tenantId);
      } else if (!run.retry) this.runs.delete(tenantId);
    });
  }

  /**
   * Whether a tenant has nothing left to deliver to this process's subscribers: its outbox empty
   * and each subscriber past the last event, or waiting for its retry time.
   */
  async isIdle(tenantId: string): Promise<boolean> {
    await this.registering;
    const schema = await this.schemaOf(tenantId);
    const { rows: [row] } = await this.options.pool.query(
      `select not exists (select 1 from ${outboxTable(schema)}) and not exists (${pendingSql(schema, { notWaiting: true })}) as idle`, this.pendingParams(tenantId));
    return row.idle;
  }

  /** Looks at every tenant once (in statements of 200 schemas) and wakes those with work for this process. */
  async scan(): Promise<void> {
    if (!this.started) return;
    try {
      const { rows: tenants } = await this.options.pool.query<{ id: string; schema: string }>('select id, schema_name as schema from tessera.tenants order by id');
      for (const t of tenants) this.schemas.set(t.id, t.schema);
      await this.registering;
      for (let from = 0; from < tenants.length; from += 200) {
        const chunk = tenants.slice(from, from + 200);
        // Each tenant with the subscribers that want it (two parameters per tenant).
        const checks = chunk.map((t, i) => `select ${i} as i where exists (select 1 from ${outboxTable(t.schema)}) or exists (${pendingSql(t.schema, { params: [`$${2 * i + 1}`, `$${2 * i + 2}`] })})`);
        const { rows } = await this.options.pool.query(checks.join(' union all '), chunk.flatMap((t) => this.pendingParams(t.id)));
        for (const r of rows) this.wake(chunk[r.i].id);
      }
    } catch (err) {
      this.options.logger?.warn({ err }, 'event scan failed');
    }
  }

  private async work(tenantId: string, run: TenantRun): Promise<void> {
    await this.slot();
    try {
      const schema = await this.schemaOf(tenantId);
      const pool = this.options.pool;
      let relayed: number;
      do relayed = await inBackgroundTransaction(pool, (db) => relayOutbox(db, schema, tenantId)); while (relayed >= 10_000);
      await this.registering;
      for (const name of this.wanted.keys()) await this.register(name);
      const subscribers = [...this.subscribers.values()].filter((s) => this.since.has(s.name) && (s.tenants?.(tenantId) ?? true));
      if (subscribers.length) {
        const missing = subscribers.filter((s) => !this.ensured.has(`${tenantId}:${s.name}`)).map((s) => s.name);
        if (missing.length) {
          await ensureCursors(pool, schema, missing);
          for (const name of missing) this.ensured.add(`${tenantId}:${name}`);
        }
        const retries = await Promise.all(subscribers.map((s) => this.drain(tenantId, schema, s)));
        const soonest = Math.min(...retries);
        if (Number.isFinite(soonest) && this.started) {
          if (run.retry) clearTimeout(run.retry);
          run.retry = setTimeout(() => { run.retry = undefined; this.wake(tenantId); }, soonest + 5);
          run.retry.unref();
        }
      }
      // Another process held the relay: rows committed after its snapshot would wait for the slow poll
      // (30 s) unless someone tries again. A live subscription waited that long under load.
      if (relayed < 0 && this.started) {
        if (run.retry) clearTimeout(run.retry);
        run.retry = setTimeout(() => { run.retry = undefined; this.wake(tenantId); }, RELAY_BUSY_RETRY_MS);
        run.retry.unref();
      }
      await pruneEvents(pool, schema);
    } catch (err) {
      this.options.logger?.warn({ err, tenantId }, 'event delivery failed');
    } finally {
      this.release();
    }
  }

  /** Delivers to one subscriber until it is caught up; the delay before its retry if it failed (Infinity: none). */
  private async drain(tenantId: string, schema: string, sub: Subscriber): Promise<number> {
    for (;;) {
      const result = await deliverBatch(this.options.pool, tenantId, schema, sub);
      if (result.state === 'waiting') {
        if ('error' in result) this.options.logger?.warn({ err: result.error, subscriber: sub.name, tenantId, retryInMs: result.retryInMs }, 'event subscriber failed; retrying later');
        return result.retryInMs;
      }
      if (result.state !== 'more' || !this.started) return Infinity;
    }
  }

  private async schemaOf(tenantId: string): Promise<string> {
    let schema = this.schemas.get(tenantId);
    if (!schema) {
      const { rows } = await this.options.pool.query('select schema_name from tessera.tenants where id = $1', [tenantId]);
      if (!rows[0]) throw new PlatformError('NOT_FOUND', `No tenant ${tenantId}`);
      schema = rows[0].schema_name as string;
      this.schemas.set(tenantId, schema);
    }
    return schema;
  }

  private async slot(): Promise<void> {
    if (this.active < (this.options.concurrency ?? 4)) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
