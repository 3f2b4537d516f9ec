import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/index.ts';
import type { ChangeEvent } from '../../src/events/index.ts';
import { DEFAULT_LIMITS } from '../../src/model/index.ts';
import { createRecords } from '../../src/operations/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { newTenant } from '../support/server.ts';
import { kernelTenant, ok, startIsolatedServer, unique, type KernelTenant } from './support.ts';

/**
 * Timers on the test clock, on a database of their own: timers are rows every server on a database
 * sweeps, each by its own clock, and this one runs days ahead of the others'.
 */
let server: RunningServer;
let t: KernelTenant;
const fired: { key: string; tenantId: string | null; at: Date }[] = [];
const events: ChangeEvent[] = [];
let job: string;
let chained: string;

beforeAll(async () => {
  server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  t = await kernelTenant(server, 'tm');
  job = unique('timer-job');
  chained = unique('chained-job');
  const platform = server.platform;
  // A timer's job writes a record (its change event goes to the subscriber) and enqueues another job.
  platform.jobs.define<{ key: string; write?: boolean }>(job, async (payload, ctx) => {
    fired.push({ key: payload.key, tenantId: ctx.tenantId, at: ctx.clock.now() });
    if (payload.write && ctx.tenantId) {
      const model = (await platform.schemas.get(ctx.tenantId)).model;
      const principal = { tenantId: ctx.tenantId, userId: null, via: 'workflow' } as unknown as Principal;
      await createRecords({ principal, model, limits: DEFAULT_LIMITS, db: ctx.tx, via: 'workflow', pipeline: platform.pipeline, depth: 0 }, model.objects.get('deal')!, [{ name: `by ${payload.key}` }]);
      await platform.jobs.enqueue(chained, { key: `${payload.key}+` }, { tx: ctx.tx, tenantId: ctx.tenantId });
    }
  });
  platform.jobs.define<{ key: string }>(chained, async (payload, ctx) => { fired.push({ key: payload.key, tenantId: ctx.tenantId, at: ctx.clock.now() }); });
  platform.events.subscribe({ name: unique('timer-events'), tenants: (id) => id === t.id, handle: async (batch) => { events.push(...batch.filter((e) => e.tenantId === t.id)); } });
});
afterAll(async () => { await server?.close(); });

const advance = async (by: string) => ok(await t.md(`mutation($by: String!) { advanceClock(by: $by) { now timersFired } }`, { by })).advanceClock as { now: string; timersFired: number };
const clock = () => server.platform.clock.now();
const later = (ms: number) => new Date(clock().getTime() + ms);
const HOUR = 3_600_000;
const firedKeys = () => fired.map((f) => f.key);

describe('timers on the test clock', () => {
  it('fire exactly when due, and advanceClock returns once their jobs, the jobs those enqueue and the events of their writes are done', async () => {
    const due = later(24 * HOUR);
    await server.platform.timers.schedule({ tenantId: t.id, key: 'follow-up', dueAt: due, job, payload: { key: 'follow-up', write: true } });
    expect(await advance('PT23H59M')).toMatchObject({ timersFired: 0 });
    expect(firedKeys()).toEqual([]);
    const moved = await advance('PT1M');
    expect(moved).toEqual({ now: due.toISOString(), timersFired: 1 });
    // Nothing to wait for: all of it happened before advanceClock answered.
    expect(firedKeys()).toEqual(['follow-up', 'follow-up+']);
    expect(fired[0]).toMatchObject({ tenantId: t.id, at: due });
    expect(events.map((e) => [e.kind, e.via, e.changes.find((c) => c.field === 'name')?.after])).toEqual([['create', 'workflow', 'by follow-up']]);
    expect(await advance('P1D')).toMatchObject({ timersFired: 0 });
    expect(firedKeys()).toEqual(['follow-up', 'follow-up+']);
  });

  it('are re-scheduled by key and cancelled by key', async () => {
    fired.length = 0;
    await server.platform.timers.schedule({ tenantId: t.id, key: 'escalate', dueAt: later(HOUR), job, payload: { key: 'escalate' } });
    await server.platform.timers.schedule({ tenantId: t.id, key: 'escalate', dueAt: later(3 * HOUR), job, payload: { key: 'escalate again' } });
    await server.platform.timers.schedule({ tenantId: t.id, key: 'remind', dueAt: later(HOUR), job, payload: { key: 'remind' } });
    expect(await server.platform.timers.cancel({ tenantId: t.id, key: 'remind' })).toBe(true);
    expect(await server.platform.timers.cancel({ tenantId: t.id, key: 'remind' })).toBe(false);
    expect(await advance('PT2H')).toMatchObject({ timersFired: 0 });
    expect(await advance('PT1H')).toMatchObject({ timersFired: 1 });
    expect(firedKeys()).toEqual(['escalate again']);
    expect(await advance('P7D')).toMatchObject({ timersFired: 0 });
    expect(firedKeys()).toEqual(['escalate again']);
  });

  it('scheduled in a transaction exist only if it commits', async () => {
    fired.length = 0;
    const db = await server.platform.pool.connect();
    try {
      await db.query('begin');
      await server.platform.timers.schedule({ tenantId: t.id, key: 'never', dueAt: later(HOUR), job, payload: { key: 'never' }, tx: db });
      await db.query('rollback');
      await db.query('begin');
      await server.platform.timers.schedule({ tenantId: t.id, key: 'kept', dueAt: later(HOUR), job, payload: { key: 'kept' }, tx: db });
      await db.query('commit');
    } finally {
      db.release();
    }
    expect(await advance('PT1H')).toMatchObject({ timersFired: 1 });
    expect(firedKeys()).toEqual(['kept']);
  });

  it('give jobs a runAt by the platform clock', async () => {
    fired.length = 0;
    const runAt = later(2 * HOUR);
    await server.platform.jobs.enqueue(chained, { key: 'at two' }, { tenantId: t.id, runAt });
    await server.platform.jobs.enqueue(chained, { key: 'system job' }, { runAt });
    await server.platform.jobs.enqueue(chained, { key: 'now' }, { tenantId: t.id, runAt: later(-HOUR) });
    expect(await advance('PT1H')).toMatchObject({ timersFired: 0 });
    expect(firedKeys()).toEqual(['now']);
    expect(await advance('PT1H')).toMatchObject({ timersFired: 2 });
    expect(firedKeys().sort()).toEqual(['at two', 'now', 'system job']);
    expect(fired.find((f) => f.key === 'system job')?.tenantId).toBeNull();
  });

  it('are swept across many tenants by one indexed query, each tenant only when due', async () => {
    fired.length = 0;
    const tenants = await Promise.all(Array.from({ length: 12 }, () => newTenant(server, 'sw')));
    const soon = later(10 * 60_000);
    await Promise.all(tenants.flatMap((tenant, i) => Array.from({ length: 5 }, (_, k) =>
      server.platform.timers.schedule({ tenantId: tenant.tenant.id, key: `k${k}`, dueAt: k === 4 && i % 2 ? later(2 * 24 * HOUR) : soon, job, payload: { key: `${i}.${k}` } }))));
    const index = await t.sql(`select count(*)::int as n, min(next_due) as first from tessera.timer_index where tenant_id = any($1::uuid[])`, [tenants.map((x) => x.tenant.id)]);
    expect(index[0]).toEqual({ n: 12, first: soon.toISOString() });
    expect(await advance('PT10M')).toMatchObject({ timersFired: 54 });
    expect(new Set(fired.map((f) => f.tenantId))).toEqual(new Set(tenants.map((x) => x.tenant.id)));
    // Each tenant's next due time now says when its next timer is (or that it has none).
    const next = await t.sql(`select count(*) filter (where next_due = 'infinity')::int as idle, count(*) filter (where next_due > now())::int as later from tessera.timer_index where tenant_id = any($1::uuid[])`, [tenants.map((x) => x.tenant.id)]);
    expect(next[0]).toEqual({ idle: 6, later: 12 });
    expect(await advance('P2D')).toMatchObject({ timersFired: 6 });
  });
});
