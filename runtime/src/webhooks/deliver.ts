import { createHash, createHmac } from 'node:crypto';
import type pg from 'pg';
import { configItemsOf, PlatformError, type ChangeEvent, type PluginServices, type Subscriber } from '@tessera/platform';
import { DEFAULT_ATTEMPTS, DEFAULT_RETRY_DELAY_SECONDS, DEFAULT_TIMEOUT_SECONDS, MAX_RETRY_DELAY_SECONDS, type WebhookItem } from './definition.ts';
import { attemptsTable, deliveriesTable } from './tables.ts';
import { post } from './target.ts';

export interface DeliverPayload { tenantId: string; deliveryId: string }

/** A delivery's id: a UUID made from the tenant, the webhook and the event, so the same event never makes two. */
export function deliveryId(tenantId: string, webhook: string, eventId: string): string {
  const h = createHash('sha256').update(`${tenantId}\u0000${webhook}\u0000${eventId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const signature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Whether a webhook wants an event: its object, its kinds, and for updates the fields it watches. */
export function wants(hook: WebhookItem, event: ChangeEvent): boolean {
  if (hook.active === false || hook.object !== event.object || !hook.events.includes(event.kind)) return false;
  if (event.kind !== 'update' || !hook.fields?.length) return true;
  return event.changes.some((c) => hook.fields!.includes(c.field));
}

/** The JSON a delivery POSTs: the delivery's and the event's ids, what changed, who and when. */
function bodyOf(id: string, hook: WebhookItem, e: ChangeEvent): string {
  return JSON.stringify({
    delivery: id, webhook: hook.name, event: { id: e.id, kind: e.kind, object: e.object, recordId: e.recordId, at: e.at, actorId: e.actorId, via: e.via },
    changes: e.changes,
    data: e.kind === 'create' || e.kind === 'update' ? Object.fromEntries(e.changes.map((c) => [c.field, c.after])) : null,
  });
}

const hooksOf = async (services: PluginServices, tenantId: string) => configItemsOf<WebhookItem>(await services.model(tenantId), 'webhook').filter((h) => h.active !== false);

/**
 * From the change events, after commit: one delivery per (webhook, event) recorded and its job
 * enqueued in the subscriber's transaction, which also moves its cursor — so a crash before the
 * commit delivers the batch again (the same ids: `on conflict do nothing`) and one after it finds
 * the deliveries there: no id is lost, none made twice. A tenant with no webhook costs no statement.
 */
export function deliveriesSubscriber(services: () => PluginServices): Subscriber {
  return {
    name: 'deliveries',
    async handle(events, tx) {
      if (events.length === 0) return;
      const s = services();
      const tenantId = events[0].tenantId;
      const hooks = await hooksOf(s, tenantId);
      if (hooks.length === 0) return;
      const rows: { id: string; hook: WebhookItem; e: ChangeEvent }[] = [];
      for (const e of events) for (const hook of hooks) if (wants(hook, e)) rows.push({ id: deliveryId(tenantId, hook.name, e.id), hook, e });
      if (rows.length === 0) return;
      const { schema } = await s.model(tenantId);
      const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
      const { rows: made } = await tx.query<{ id: string }>(`insert into ${deliveriesTable(schema)} (id, webhook, event_id, object, record_id, kind, body, status, attempt_limit, created_at)
        select x.id, x.webhook, x.event_id, x.object, x.record_id, x.kind, x.body, 'pending', x.attempt_limit, $9
          from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::int[]) as x(id, webhook, event_id, object, record_id, kind, body, attempt_limit)
        on conflict (id) do nothing returning id`,
      [col((r) => r.id), col((r) => r.hook.name), col((r) => r.e.id), col((r) => r.e.object), col((r) => r.e.recordId), col((r) => r.e.kind), col((r) => bodyOf(r.id, r.hook, r.e)), col((r) => r.hook.maxAttempts ?? DEFAULT_ATTEMPTS), s.clock.now()]);
      for (const { id } of made) await s.enqueue('deliver', { tenantId, deliveryId: id } satisfies DeliverPayload, { tx, key: `${id}:1`, tenantId });
    },
  };
}

/**
 * One attempt of a delivery: the POST (signed, with the delivery id and a timestamp), then in the
 * job's transaction the attempt logged, the delivery's state, and — after a non-2xx answer or a
 * timeout, while attempts remain — the next attempt enqueued after an exponential backoff. Killed
 * mid-POST, the job is run again (the same id: receivers dedupe by X-Tessera-Delivery).
 */
export async function deliver(services: PluginServices, tx: pg.PoolClient, p: DeliverPayload, signal?: AbortSignal): Promise<void> {
  const model = await services.model(p.tenantId);
  const table = deliveriesTable(model.schema);
  const { rows: [d] } = await tx.query(`select * from ${table} where id = $1 for update`, [p.deliveryId]);
  if (!d || d.status !== 'pending') return;
  const hook = configItemsOf<WebhookItem>(model, 'webhook').find((h) => h.name === d.webhook);
  const attempt = d.attempts + 1;
  const now = services.clock.now();
  const result = hook
    ? await post(hook.url, d.body, {
      'x-tessera-delivery': d.id, 'x-tessera-timestamp': String(Math.floor(now.getTime() / 1000)), 'x-tessera-attempt': String(attempt),
      'x-tessera-event': `${d.object}.${d.kind}`, 'x-tessera-signature': signature(hook.secret, d.body),
    }, (hook.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000, signal)
    : { status: null, durationMs: 0, error: 'the webhook no longer exists' };
  const success = result.status !== null && result.status >= 200 && result.status < 300;
  const more = !success && hook && attempt < d.attempt_limit;
  const delay = Math.min((hook?.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS) * 2 ** (attempt - 1), MAX_RETRY_DELAY_SECONDS);
  const nextAt = more ? new Date(now.getTime() + delay * 1000) : null;
  await tx.query(`insert into ${attemptsTable(model.schema)} (delivery_id, attempt, at, response_code, duration_ms, error) values ($1, $2, $3, $4, $5, $6)`,
    [d.id, attempt, now, result.status, result.durationMs, result.error ?? (success ? null : `HTTP ${result.status}`)]);
  await tx.query(`update ${table} set attempts = $2, last_code = $3, status = $4, next_at = $5, finished_at = $6 where id = $1`,
    [d.id, attempt, result.status, success ? 'succeeded' : more ? 'pending' : 'failed', nextAt, more ? null : now]);
  if (more) await services.enqueue('deliver', p, { tx, key: `${d.id}:${attempt + 1}`, runAt: nextAt!, tenantId: p.tenantId });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page of a webhook's deliveries, newest first, each with its attempts (`after`: the previous page's endCursor). */
export async function listDeliveries(db: pg.PoolClient, schema: string, input: { webhook: string; first?: number; after?: string }) {
  const first = Math.min(Math.max(input.first ?? 50, 1), 200);
  let after: [string, string] | null = null;
  if (input.after) {
    const [at, id] = Buffer.from(input.after, 'base64url').toString().split('|');
    if (!at || !UUID.test(id ?? '') || Number.isNaN(Date.parse(at))) throw new PlatformError('BAD_USER_INPUT', 'after is not a cursor this query returned', { details: [{ pointer: '/after', message: 'not a cursor' }] });
    after = [at, id];
  }
  const { rows } = await db.query(`select d.id, d.webhook, d.event_id as "eventId", d.object, d.record_id as "recordId", d.kind, d.status, d.attempts, d.last_code as "lastCode",
      d.next_at as "nextAt", d.created_at as "createdAt", d.finished_at as "finishedAt", to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_text,
      coalesce((select json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'responseCode', a.response_code, 'durationMs', a.duration_ms, 'error', a.error, 'replay', a.replay) order by a.attempt)
        from ${attemptsTable(schema)} a where a.delivery_id = d.id), '[]') as "attemptLog"
    from ${deliveriesTable(schema)} d where d.webhook = $1 ${after ? 'and (d.created_at, d.id) < ($3::timestamptz, $4::uuid)' : ''}
    order by d.created_at desc, d.id desc limit $2`, after ? [input.webhook, first + 1, after[0], after[1]] : [input.webhook, first + 1]);
  const page = rows.slice(0, first);
  const last = page.at(-1);
  return {
    nodes: page.map(({ at_text: _, ...r }) => r),
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? Buffer.from(`${last.at_text}|${last.id}`).toString('base64url') : null },
  };
}

/** Delivers a delivery again (done, failed or waiting): attempts go on from where they are, as many more as the webhook allows. */
export async function replay(services: PluginServices, db: pg.PoolClient, tenantId: string, schema: string, id: string) {
  if (!UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a delivery id`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
  const model = await services.model(tenantId);
  const { rows: [d] } = await db.query(`select * from ${deliveriesTable(schema)} where id = $1 for update`, [id]);
  if (!d) throw new PlatformError('NOT_FOUND', `No webhook delivery ${id}`, { details: [{ pointer: '/id', message: 'not found' }] });
  const hook = configItemsOf<WebhookItem>(model, 'webhook').find((h) => h.name === d.webhook);
  if (!hook) throw new PlatformError('CONFLICT', `The webhook ${d.webhook} no longer exists`, { details: [{ pointer: '/id', message: 'webhook deleted' }] });
  await db.query(`update ${deliveriesTable(schema)} set status = 'pending', attempt_limit = attempts + $2, finished_at = null, next_at = null where id = $1`, [id, hook.maxAttempts ?? DEFAULT_ATTEMPTS]);
  await services.enqueue('deliver', { tenantId, deliveryId: id } satisfies DeliverPayload, { tx: db, key: `${id}:${d.attempts + 1}:replay`, tenantId });
  return { id, status: 'pending' };
}
