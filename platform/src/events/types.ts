import type pg from 'pg';
import type { WriteKind } from '../operations/index.ts';

/** One committed write of one record, as subscribers receive it. */
export interface ChangeEvent {
  /** The event's id in its tenant (the outbox row's): with `tenantId`, the key for a handler's idempotence. */
  id: string;
  /** Its position in the tenant's delivery order. */
  seq: string;
  tenantId: string;
  object: string;
  recordId: string;
  kind: WriteKind;
  /** The fields whose value the write changed, with API values (none for deletes and restores). */
  changes: { field: string; before: unknown; after: unknown }[];
  /** The user who wrote (null for system writes). */
  actorId: string | null;
  /** Where the write came from: api, studio, script, workflow, import, system… */
  via: string;
  /** The writing transaction (pg_current_xact_id), as text. */
  txId: string;
  /** When it was written, by `platform.clock`. */
  at: Date;
}

/**
 * A subscriber: called after commit with batches of events, in order per record (in tenant order,
 * in fact), at least once. `handle` runs inside `tx`, the transaction that also moves the
 * subscriber's cursor past the batch: database work done through `tx` happens exactly once. A
 * handler that throws is retried with backoff (the batch again, from the same position) without
 * holding back other subscribers.
 */
export interface Subscriber {
  /** Stable and unique: it names the subscriber's cursor in every tenant schema. */
  name: string;
  /** Only these objects' events (default all). */
  objects?: string[];
  /** Only these kinds (default all). */
  kinds?: WriteKind[];
  /** Only the tenants for which this says yes (default all): e.g. those that installed the plugin. */
  tenants?: (tenantId: string) => boolean;
  handle(events: ChangeEvent[], tx: pg.PoolClient): Promise<void>;
  /** Most events per call (default 500). */
  batchSize?: number;
  /** First retry delay after a failure, doubled per further failure up to `maxRetryMs` (defaults 500 ms, 60 s). */
  retryMs?: number;
  maxRetryMs?: number;
}

/** The NOTIFY channel a writing transaction signals (payload: its tenant id) when it commits events. */
export const EVENTS_CHANNEL = 'tessera_events';
