import type { Logger } from 'pino';
import { PlatformError } from '../../errors/index.ts';
import type { Principal } from '../../auth/index.ts';
import { limitsFrom, type ObjectModel } from '../../model/index.ts';
import { expressionContext, find, getMany, readableSelect, type ReadContext } from '../../operations/index.ts';
import type { Platform } from '../../platform.ts';
import type { SecurityContext } from '../../security/model.ts';
import type { LiveEvent, LiveHub } from './hub.ts';

/** What a subscriber receives per change of a record it may see. */
export interface RecordChanged {
  object: string;
  id: string;
  kind: string;
  /** The changed fields the subscriber may read: [{field, before, after}]. */
  changes: { field: string; before: unknown; after: unknown }[];
  /** The record now, as the subscriber may read it (null for a delete). */
  record: Record<string, unknown> | null;
  at: string;
}

export interface LiveLimits {
  /** Subscriptions of one connection (a WebSocket; an SSE request holds one). */
  perConnection: number;
  /** Subscriptions of one tenant in one process. */
  perTenant: number;
}
export const DEFAULT_LIVE_LIMITS: LiveLimits = { perConnection: 20, perTenant: 1000 };

/** A bounded queue an async iterator drains: events wait here while the client reads. */
class Queue<T> {
  private readonly items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  closed = false;
  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) { const w = this.waiting; this.waiting = null; w({ value: item, done: false }); } else this.items.push(item);
  }
  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => { this.waiting = resolve; });
  }
  close(): void {
    this.closed = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
  }
}

/**
 * `recordChanged(object, filter)`: the caller's object right and the filter are checked now (typed
 * errors with pointers: the filter as a list query's), then each batch of the tenant's change events
 * of the object is re-checked per subscriber through the read path — row-level access, field rights
 * and the filter, at the rights the tenant has when the event arrives — so a record the caller may
 * not read is never sent, nor a field they may not read. A delete is sent when the caller may read
 * the deleted record (the filter cannot hold on what is gone: it is not applied to deletes).
 */
export async function openRecordChanges(platform: Platform, hub: LiveHub, caller: { principal: Principal; security: SecurityContext }, args: { object: unknown; filter?: unknown }, options: { limits?: LiveLimits; logger?: Logger } = {}): Promise<AsyncIterableIterator<RecordChanged> & { return(): Promise<IteratorResult<RecordChanged>> }> {
  const { principal } = caller;
  const limits = options.limits ?? DEFAULT_LIVE_LIMITS;
  const tenantId = principal.tenantId;
  const { model } = await platform.schemas.get(tenantId);
  const objectName = args.object;
  if (typeof objectName !== 'string' || !model.objects.has(objectName)) throw new PlatformError('BAD_USER_INPUT', `No object ${JSON.stringify(objectName)}`, { details: [{ pointer: '/object', message: 'unknown object' }] });
  if (!caller.security.object(objectName).read) throw new PlatformError('FORBIDDEN', `You may not read ${objectName} records`, { details: [{ pointer: '/object', message: 'no read access' }] });
  const filter = args.filter ?? null;
  if (filter !== null && (typeof filter !== 'object' || Array.isArray(filter))) throw new PlatformError('BAD_USER_INPUT', 'A filter is an object, as a list query\'s', { details: [{ pointer: '/filter', message: 'not an object' }] });
  if (hub.count(tenantId) >= limits.perTenant) throw new PlatformError('LIMIT_EXCEEDED', `Live subscriptions of this tenant: at most ${limits.perTenant} per server`, { extensions: { limit: 'liveSubscriptionsPerTenant', max: limits.perTenant } });

  const readCtx = async (): Promise<ReadContext> => {
    const security = (await platform.security.get(tenantId)).contextFor(principal.userId);
    const { model: now } = await platform.schemas.get(tenantId);
    return { model: now, limits: limitsFrom(principal.settings), security, db: platform.pool, expressions: expressionContext(platform.clock, principal.settings) };
  };
  const matching = async (ctx: ReadContext, ids: string[]): Promise<Map<string, Record<string, unknown>>> => {
    const object = ctx.model.objects.get(objectName)!;
    const where = filter ? { and: [filter, { id: { in: ids } }] } : { id: { in: ids } };
    const result = (await find(ctx, { object: objectName, args: { filter: where as never, first: Math.max(ids.length, 1) }, select: [{ key: 'nodes', kind: 'nodes', select: readableSelect(object, ctx.security) }] })) as { nodes: Record<string, unknown>[] };
    return new Map(result.nodes.map((r) => [r.id as string, r]));
  };
  // The filter is a list query's: one read now refuses a bad one with its pointers (under /filter).
  try {
    await matching(await readCtx(), []);
  } catch (error) {
    if (error instanceof PlatformError) throw new PlatformError(error.code, error.message, { details: error.details.map((d) => ({ ...d, pointer: d.pointer.startsWith('/filter') ? d.pointer : `/filter${d.pointer.replace(/^\/and\/0/, '')}` })), extensions: error.extra });
    throw error;
  }

  const queue = new Queue<RecordChanged>();
  let chain = Promise.resolve();
  const deliver = async (events: LiveEvent[]) => {
    const mine = events.filter((e) => e.object === objectName);
    if (!mine.length || queue.closed) return;
    const ctx = await readCtx();
    if (!ctx.model.objects.has(objectName) || !ctx.security?.object(objectName).read) return;
    const live = [...new Set(mine.filter((e) => e.kind !== 'delete').map((e) => e.recordId))];
    const gone = [...new Set(mine.filter((e) => e.kind === 'delete').map((e) => e.recordId))];
    const seen = live.length ? await matching(ctx, live) : new Map();
    const deleted = gone.length ? await getMany(ctx, { object: objectName, ids: gone, select: [{ key: 'id', kind: 'field', field: 'id' }], includeDeleted: true }) : new Map();
    for (const e of mine) {
      const record = seen.get(e.recordId) ?? null;
      if (e.kind === 'delete' ? !deleted.has(e.recordId) : !record) continue;
      const changes = (e.changes ?? []).filter(([field]) => ctx.security!.field(objectName, field).read).map(([field, before, after]) => ({ field, before, after }));
      queue.push({ object: objectName, id: e.recordId, kind: e.kind, changes, record: e.kind === 'delete' ? null : record, at: new Date(e.at).toISOString() });
    }
  };
  const unsubscribe = await hub.subscribe(tenantId, principal.schema, (events) => {
    chain = chain.then(() => deliver(events)).catch((err) => options.logger?.warn({ err }, 'live delivery failed'));
  });
  const iterator = {
    next: () => queue.next(),
    return: async () => { unsubscribe(); queue.close(); return { value: undefined, done: true } as IteratorResult<RecordChanged>; },
    throw: async (error: unknown) => { unsubscribe(); queue.close(); throw error; },
    [Symbol.asyncIterator]() { return this; },
  };
  return iterator as never;
}
