import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/index.ts';
import { EventBus, type ChangeEvent } from '../../src/events/index.ts';
import { relayOutbox } from '../../src/events/relay.ts';
import { DEFAULT_LIMITS } from '../../src/model/index.ts';
import { createRecords, inTransaction } from '../../src/operations/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { kernelTenant, ok, unique, until, type KernelTenant } from './support.ts';

let server: RunningServer;
let t: KernelTenant;
/** Every event of the test tenant each recording subscriber received, in delivery order. */
const seen = new Map<string, ChangeEvent[]>();

/** A subscriber that records this tenant's events in memory. */
function recorder(name: string, options: { objects?: string[]; kinds?: ChangeEvent['kind'][] } = {}): string {
  const full = unique(name);
  seen.set(full, []);
  server.platform.events.subscribe({ name: full, ...options, tenants: (id) => id === t.id, handle: async (events) => { seen.get(full)!.push(...events.filter((e) => e.tenantId === t.id)); } });
  return full;
}

beforeAll(async () => {
  server = await startTestServer();
  t = await kernelTenant(server, 'ev');
  await t.sql(`create table "${t.schema}".test_effects (subscriber text not null, event_id bigint not null, record_id uuid not null)`);
});
afterAll(async () => { await server?.close(); });

const create = async (data: Record<string, unknown>) => ok(await t.api(`mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }`, { d: data })).createDeal.id as string;

describe('one event per record written', () => {
  it('create, update, delete, restore: object, id, kind, the changed fields before/after, actor, via, transaction, time', async () => {
    const all = recorder('all');
    const deletes = recorder('deletes', { kinds: ['delete'] });
    const id = await create({ name: 'Acme', amount: 1 });
    ok(await t.api(`mutation($id: ID!) { updateDeal(id: $id, data: {amount: 2, name: "Acme"}) { id } }`, { id }));
    ok(await t.api(`mutation($id: ID!) { deleteDeal(id: $id) { id } }`, { id }));
    ok(await t.api(`mutation($id: ID!) { restoreDeal(id: $id) { id } }`, { id }));
    await until(() => seen.get(all)!.filter((e) => e.recordId === id).length === 4, 20_000, 'four events');
    const events = seen.get(all)!.filter((e) => e.recordId === id);
    expect(events.map((e) => e.kind)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(events[0].changes).toEqual([
      { field: 'name', before: null, after: 'Acme' }, { field: 'amount', before: null, after: 1 }, { field: 'owner', before: null, after: t.adminId },
    ]);
    expect(events[1].changes).toEqual([{ field: 'amount', before: 1, after: 2 }]);
    expect(events[2].changes).toEqual([]);
    expect(events[3].changes).toEqual([]);
    for (const e of events) expect(e).toMatchObject({ tenantId: t.id, object: 'deal', recordId: id, actorId: t.adminId, via: 'api' });
    expect(new Set(events.map((e) => e.txId)).size).toBe(4);
    for (const e of events) {
      expect(e.txId).toMatch(/^\d+$/);
      expect(Math.abs(e.at.getTime() - Date.now())).toBeLessThan(60_000);
    }
    expect(events.map((e) => Number(e.seq))).toEqual([...events.map((e) => Number(e.seq))].sort((a, b) => a - b));
    await until(() => seen.get(deletes)!.some((e) => e.recordId === id), 20_000, 'the filtered subscriber');
    expect(seen.get(deletes)!.map((e) => e.kind)).toEqual(['delete']);
  });

  it('a batch is one event per record in one transaction; an update that changes nothing and a refused write make none', async () => {
    const all = recorder('batch');
    const ids = ok(await t.api(`mutation { createDeals(data: [{name: "B1"}, {name: "B2"}, {name: "B3"}]) { id } }`)).createDeals.map((r: { id: string }) => r.id);
    ok(await t.api(`mutation($id: ID!) { updateDeal(id: $id, data: {name: "B1"}) { id } }`, { id: ids[0] }));
    const refused = await t.api(`mutation { createDeals(data: [{name: "ok"}, {name: "bad", amount: "many"}]) { id } }`);
    expect(refused.errors).toBeDefined();
    const marker = await create({ name: 'marker' });
    await until(() => seen.get(all)!.some((e) => e.recordId === marker), 20_000, 'the marker event');
    const events = seen.get(all)!;
    expect(events.filter((e) => ids.includes(e.recordId)).map((e) => e.kind)).toEqual(['create', 'create', 'create']);
    expect(new Set(events.filter((e) => ids.includes(e.recordId)).map((e) => e.txId)).size).toBe(1);
    expect(events.map((e) => e.changes.find((c) => c.field === 'name')?.after)).not.toContain('ok');
  });
});

describe('the outbox', () => {
  it('a bulk create of 10,000 records writes its 10,000 events in ONE statement, in the write\'s transaction', async () => {
    const model = (await server.platform.schemas.get(t.id)).model;
    const principal = { tenantId: t.id, userId: t.adminId, via: 'api' } as Principal;
    const records = Array.from({ length: 10_000 }, (_, i) => ({ name: `Bulk ${i}`, amount: i }));
    const outboxStatements: string[] = [];
    const bulk = recorder('bulk');
    const run = (fail: boolean) => inTransaction(server.platform.pool, 60_000, async (db) => {
      const counting = new Proxy(db, {
        get(target, key) {
          if (key !== 'query') return Reflect.get(target, key).bind?.(target) ?? Reflect.get(target, key);
          return (text: string, ...rest: unknown[]) => {
            if (typeof text === 'string' && text.includes('"_outbox"')) outboxStatements.push(text);
            return (target.query as (...a: unknown[]) => unknown)(text, ...rest);
          };
        },
      }) as pg.PoolClient;
      const ids = await createRecords({ principal, model, limits: { ...DEFAULT_LIMITS, maxBatchSize: 10_000 }, db: counting, via: 'import', pipeline: server.platform.pipeline, depth: 0 }, model.objects.get('deal')!, records);
      // One outbox row per record, pointing into the batch's changes: this transaction's, every record's.
      const { rows } = await db.query(`select count(*)::int as n, count(distinct o."changesAt")::int as places,
          (select array_agg(e->>0) from "${t.schema}"."_outbox_changes" c, jsonb_array_elements(c.payload::jsonb) e where c.id in (select "changesId" from "${t.schema}"."_outbox" where tx = pg_current_xact_id())) = $1::text[] as records
        from "${t.schema}"."_outbox" o where o.tx = pg_current_xact_id()`, [ids]);
      if (fail) throw new Error('rolled back on purpose');
      return { ids, rows };
    });
    await expect(run(true)).rejects.toThrow('rolled back on purpose');
    expect(outboxStatements).toHaveLength(1);
    const { ids, rows } = await run(false);
    expect(outboxStatements).toHaveLength(2);
    expect(rows[0]).toEqual({ n: 10_000, places: 10_000, records: true });
    // Delivered: 10,000 events, one per record, none of the rolled-back batch's.
    const ours = new Set(ids);
    await until(() => seen.get(bulk)!.filter((e) => e.kind === 'create' && ours.has(e.recordId)).length >= 10_000, 30_000, '10,000 events');
    const created = seen.get(bulk)!.filter((e) => e.kind === 'create' && ours.has(e.recordId));
    expect(created).toHaveLength(10_000);
    expect(created.every((e) => e.via === 'import')).toBe(true);
    // None of the rolled-back batch's (its records were named "Bulk …" too, with other ids).
    expect(seen.get(bulk)!.filter((e) => !ours.has(e.recordId) && e.changes[0]?.after === 'Bulk 0')).toEqual([]);
    expect(new Set(created.map((e) => e.recordId)).size).toBe(10_000);
  });
});

describe('the relay', () => {
  it('moves a batch cut into pieces by its limit with each record\'s own changes, and its payload with the last piece', async () => {
    const model = (await server.platform.schemas.get(t.id)).model;
    const principal = { tenantId: t.id, userId: t.adminId, via: 'api' } as Principal;
    // All in one transaction, so that only this relay sees the rows (it sees its own writes).
    await expect(inTransaction(server.platform.pool, 60_000, async (db) => {
      const ids = await createRecords({ principal, model, limits: DEFAULT_LIMITS, db, via: 'import', pipeline: server.platform.pipeline, depth: 0 }, model.objects.get('deal')!,
        Array.from({ length: 30 }, (_, i) => ({ name: `Piece ${i}`, amount: i })));
      const before = Number((await db.query(`select coalesce(max(seq), 0) as m from "${t.schema}"._events`)).rows[0].m);
      // The server's own relay may be relaying this tenant right now (relayOutbox only tries its lock, and
      // answers -1 when another holds it): wait for the lock; held by this transaction, the tries below get it.
      await db.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`${t.schema}:events`]);
      const moved: number[] = [];
      for (let n = await relayOutbox(db, t.schema, t.id, 7); n > 0; n = await relayOutbox(db, t.schema, t.id, 7)) {
        moved.push(n);
        const payloads = (await db.query(`select count(*)::int as n from "${t.schema}"._outbox_changes`)).rows[0].n;
        expect(payloads, `after ${moved.length} pieces`).toBe(moved.reduce((a, b) => a + b, 0) < 30 ? 1 : 0);
      }
      expect(moved).toEqual([7, 7, 7, 7, 2]);
      const { rows } = await db.query(`select "recordId", changes from "${t.schema}"._events where seq > $1 order by seq`, [before]);
      expect(rows.map((r) => r.recordId)).toEqual(ids);
      expect(rows.map((r) => r.changes.find((c: unknown[]) => c[0] === 'amount')?.[2])).toEqual(ids.map((_, i) => i));
      throw new Error('done');
    })).rejects.toThrow('done');
  });

  it('wakes every process\'s subscribers when another process relayed', async () => {
    const name = recorder('relayed-elsewhere');
    await server.platform.events.registered();
    const recordId = crypto.randomUUID();
    // Outbox rows made by hand (no write, so no notification from it), relayed here as another
    // process would: only the relay's own notification can wake this server's delivery.
    await inTransaction(server.platform.pool, 10_000, async (db) => {
      const { rows: [c] } = await db.query(`insert into "${t.schema}"._outbox_changes (payload) values ($1) returning id`, [JSON.stringify([[recordId, []]])]);
      await db.query(`insert into "${t.schema}"._outbox ("object", "kind", "actorId", "via", "at", "changesId", "changesAt") values ('deal', 'delete', null, 'system', now(), $1, 1)`, [c.id]);
      // The server's own relay may hold this tenant's relay lock for a moment (then this one returns
      // -1 at once): try again, as the bus does. The row is this transaction's own, so only it can move it.
      let relayed = 0;
      for (let attempt = 0; attempt < 100 && relayed <= 0; attempt++) {
        relayed = await relayOutbox(db, t.schema, t.id);
        if (relayed <= 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(relayed).toBe(1);
    });
    await until(() => seen.get(name)!.some((e) => e.recordId === recordId), 5_000, 'the event relayed elsewhere');
  });
});

describe('delivery', () => {
  it('a relay that found another process relaying tries again soon: the event comes in seconds, not at the 30 s poll', async () => {
    const name = recorder('busy-relay');
    const holder = await server.platform.pool.connect();
    let id: string;
    try {
      // Another process relaying this tenant: its lock held while the write commits and this server's bus wakes.
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`${t.schema}:events`]);
      id = await create({ name: 'While another relays' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(seen.get(name)!.some((e) => e.recordId === id)).toBe(false);
    } finally {
      await holder.query('commit');
      holder.release();
    }
    const released = Date.now();
    // Nothing else notifies: the holder relayed nothing. Only the bus's own retry can move the row.
    await until(() => seen.get(name)!.some((e) => e.recordId === id), 10_000, 'the event after the other relay let go');
    expect(Date.now() - released).toBeLessThan(10_000);
  });

  it('is in order per record while writers race', async () => {
    const name = recorder('order', { objects: ['deal'], kinds: ['update'] });
    const ids: string[] = ok(await t.api(`mutation { createDeals(data: [${Array.from({ length: 12 }, (_, i) => `{name: "O${i}", amount: 0}`).join(', ')}]) { id } }`)).createDeals.map((r: { id: string }) => r.id);
    // Each round updates every record concurrently (one request per record), overlapping the next round.
    await Promise.all(Array.from({ length: 8 }, async (_, r) => {
      await new Promise((resolve) => setTimeout(resolve, r * 15));
      await Promise.all(ids.map(async (id) => ok(await t.api(`mutation($id: ID!, $a: Int!) { updateDeal(id: $id, data: {amount: $a}) { id } }`, { id, a: r + 1 }))));
    }));
    const final = new Map((await t.sql(`select id, amount from "${t.schema}".deal where id = any($1::uuid[])`, [ids])).map((r) => [r.id as string, r.amount as number]));
    const chain = (id: string) => seen.get(name)!.filter((e) => e.recordId === id).map((e) => e.changes[0]);
    await until(() => ids.every((id) => chain(id).at(-1)?.after === final.get(id)), 30_000, 'the last updates');
    for (const id of ids) {
      const changes = chain(id);
      // Each event starts where the one before it ended: none missing, none out of order.
      expect(changes[0].before).toBe(0);
      for (let i = 1; i < changes.length; i++) expect(changes[i].before, `record ${id}`).toBe(changes[i - 1].after);
    }
    const seqs = seen.get(name)!.map((e) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('retries a failing subscriber with backoff without holding back the others, its effects in tx exactly once', async () => {
    const steady = recorder('steady');
    const flaky = unique('flaky');
    const calls: number[] = [];
    server.platform.events.subscribe({
      name: flaky, retryMs: 150, tenants: (id) => id === t.id,
      handle: async (events, tx) => {
        const mine = events.filter((e) => e.tenantId === t.id);
        if (!mine.length) return;
        await tx.query(`insert into "${t.schema}".test_effects select $1, unnest($2::bigint[]), unnest($3::uuid[])`, [flaky, mine.map((e) => e.id), mine.map((e) => e.recordId)]);
        calls.push(Date.now());
        if (calls.length <= 3) throw new Error(`failure ${calls.length}`);
      },
    });
    const id = await create({ name: 'Retried' });
    await until(() => seen.get(steady)!.some((e) => e.recordId === id), 10_000, 'the steady subscriber');
    // The steady one had it while the flaky one was still failing.
    expect(calls.length).toBeLessThanOrEqual(3);
    await until(() => calls.length >= 4, 20_000, 'the fourth attempt');
    await until(async () => (await t.sql(`select count(*)::int as n from "${t.schema}".test_effects where subscriber = $1 and record_id = $2`, [flaky, id]))[0].n >= 1, 10_000, 'the effect');
    const effects = await t.sql(`select event_id, count(*)::int as n from "${t.schema}".test_effects where subscriber = $1 and record_id = $2 group by 1`, [flaky, id]);
    expect(effects).toEqual([{ event_id: expect.any(String), n: 1 }]);
    // Backoff: 150 ms, 300 ms, 600 ms between attempts (at least; the machine is loaded).
    const gaps = calls.slice(1).map((c, i) => c - calls[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(140);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);
    expect(gaps[2]).toBeGreaterThanOrEqual(590);
    const [cursor] = await t.sql(`select attempts, "lastError" from "${t.schema}"._event_cursors where subscriber = $1`, [flaky]);
    expect(cursor).toEqual({ attempts: 0, lastError: null });
  });

  it('two processes delivering to one subscriber never deliver an event twice: its effects in tx are exactly once', async () => {
    const name = unique('shared');
    const handle = async (events: ChangeEvent[], tx: pg.PoolClient) => {
      const mine = events.filter((e) => e.tenantId === t.id);
      if (mine.length) await tx.query(`insert into "${t.schema}".test_effects select $1, unnest($2::bigint[]), unnest($3::uuid[])`, [name, mine.map((e) => e.id), mine.map((e) => e.recordId)]);
    };
    // A second bus on the same database stands for another server or worker process.
    const other = new EventBus({ pool: server.platform.pool });
    const tenants = (id: string) => id === t.id;
    other.subscribe({ name, handle, batchSize: 7, tenants });
    server.platform.events.subscribe({ name, handle, batchSize: 7, tenants });
    await Promise.all([other.registered(), server.platform.events.registered()]);
    other.start();
    const ids: string[] = [];
    await Promise.all(Array.from({ length: 20 }, async (_, i) => {
      const res = ok(await t.api(`mutation { createDeals(data: [${Array.from({ length: 10 }, (_, j) => `{name: "P${i}-${j}"}`).join(', ')}]) { id } }`));
      ids.push(...res.createDeals.map((r: { id: string }) => r.id));
      other.wake(t.id);
    }));
    await until(async () => (await t.sql(`select count(distinct record_id)::int as n from "${t.schema}".test_effects where subscriber = $1`, [name]))[0].n === 200, 30_000, '200 effects');
    await other.stop();
    const [counts] = await t.sql(`select count(*)::int as total, count(distinct event_id)::int as distinct from "${t.schema}".test_effects where subscriber = $1`, [name]);
    expect(counts).toEqual({ total: 200, distinct: 200 });
  });

  it('deletes the events every subscriber has passed', async () => {
    const name = recorder('retention');
    const ids: string[] = ok(await t.api(`mutation { createDeals(data: [{name: "R1"}, {name: "R2"}]) { id } }`)).createDeals.map((r: { id: string }) => r.id);
    await until(() => ids.every((id) => seen.get(name)!.some((e) => e.recordId === id)), 20_000, 'the events');
    server.platform.events.wake(t.id);
    await until(async () => {
      const [row] = await t.sql(`select count(*)::int as n from "${t.schema}"._events where seq <= (select min(position) from "${t.schema}"._event_cursors where "updatedAt" > now() - interval '7 days')`);
      return row.n === 0;
    }, 20_000, 'the passed events to go');
    // (Another server's subscriber may still hold some back: whether an event goes is the cursors' minimum's call.)
    const mine = Math.max(...seen.get(name)!.filter((e) => ids.includes(e.recordId)).map((e) => Number(e.seq)));
    // The handler saw the events inside its transaction; the cursor moves when that commits, a moment later.
    const position = async () => Number((await t.sql(`select position from "${t.schema}"._event_cursors where subscriber = $1`, [name]))[0]?.position ?? 0);
    await until(async () => (await position()) >= mine, 20_000, 'the cursor past our events');
    expect(await position()).toBeGreaterThanOrEqual(mine);
  });
});

