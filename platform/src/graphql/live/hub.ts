import type pg from 'pg';
import type { Logger } from 'pino';
import { EVENTS_CHANNEL, listen } from '../../events/index.ts';
import { eventsTable } from '../../events/tables.ts';
import type { WriteKind } from '../../operations/index.ts';

/** One relayed change event, as live subscriptions read it from `_events`. */
export interface LiveEvent {
  seq: string;
  object: string;
  recordId: string;
  kind: WriteKind;
  /** [[field, before, after], …] in API values. */
  changes: [string, unknown, unknown][];
  at: Date;
}

type Listener = (events: LiveEvent[]) => void;

interface Feed {
  schema: string;
  position: string;
  listeners: Set<Listener>;
  draining: Promise<void> | null;
  again: boolean;
}

const BATCH = 500;

/**
 * The live change feed of one process: ONE connection LISTENs on the change-event channel for every
 * subscriber of every tenant, and on a notification each tenant that has subscribers reads the
 * events relayed since its position once (`_events` by `seq`), handing them to all its listeners.
 * A subscription thus costs no connection and no statement of its own until an event arrives
 * (its access checks then run per subscriber: subscription.ts). Notifications lost while the
 * connection was down are made up on reconnect, and a slow poll covers any other gap.
 */
export class LiveHub {
  private readonly feeds = new Map<string, Feed>();
  private listener?: { close(): Promise<void> };
  private poll?: NodeJS.Timeout;
  private readonly options: { databaseUrl: string; pool: pg.Pool; logger?: Logger; pollMs?: number };

  constructor(options: LiveHub['options']) {
    this.options = options;
  }

  /** How many listeners the tenant has in this process (a limit's count). */
  count(tenantId: string): number {
    return this.feeds.get(tenantId)?.listeners.size ?? 0;
  }

  /** Listens to the tenant's events from now on (those relayed after this resolves); returns the way out. */
  async subscribe(tenantId: string, schema: string, listener: Listener): Promise<() => void> {
    this.start();
    let feed = this.feeds.get(tenantId);
    if (!feed) {
      const { rows } = await this.options.pool.query<{ seq: string }>(`select coalesce(max(seq), 0)::text as seq from ${eventsTable(schema)}`);
      // Another subscribe may have made the feed while this one read: theirs stands.
      feed = this.feeds.get(tenantId) ?? { schema, position: rows[0].seq, listeners: new Set(), draining: null, again: false };
      this.feeds.set(tenantId, feed);
    }
    feed.listeners.add(listener);
    return () => {
      const f = this.feeds.get(tenantId);
      if (!f) return;
      f.listeners.delete(listener);
      if (!f.listeners.size) this.feeds.delete(tenantId);
    };
  }

  async close(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.feeds.clear();
    await this.listener?.close();
    this.listener = undefined;
  }

  private start(): void {
    if (this.listener) return;
    this.listener = listen(this.options.databaseUrl, { [EVENTS_CHANNEL]: (tenantId) => this.wake(tenantId) }, () => this.wakeAll(), this.options.logger, { name: 'live listener' });
    this.poll = setInterval(() => this.wakeAll(), this.options.pollMs ?? 10_000);
    this.poll.unref();
  }

  private wakeAll(): void {
    for (const tenantId of this.feeds.keys()) this.wake(tenantId);
  }

  /** Reads the tenant's new events once for all its listeners; a wake during a read reads again after it. */
  private wake(tenantId: string): void {
    const feed = this.feeds.get(tenantId);
    if (!feed) return;
    if (feed.draining) { feed.again = true; return; }
    feed.draining = this.drain(feed).catch((err) => this.options.logger?.warn({ err, tenantId }, 'live feed read failed')).finally(() => {
      feed.draining = null;
      if (feed.again) { feed.again = false; this.wake(tenantId); }
    });
  }

  private async drain(feed: Feed): Promise<void> {
    for (;;) {
      const { rows } = await this.options.pool.query<LiveEvent>(
        `select seq::text as seq, object, "recordId", kind, changes, at from ${eventsTable(feed.schema)} where seq > $1 order by seq limit ${BATCH}`, [feed.position]);
      if (!rows.length) return;
      feed.position = rows[rows.length - 1].seq;
      for (const listener of feed.listeners) {
        try { listener(rows); } catch (err) { this.options.logger?.warn({ err }, 'live listener failed'); }
      }
      if (rows.length < BATCH) return;
    }
  }
}
