import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/operations/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, startTestServer } from '../support/server.ts';
import { kernelTenant, ok, unique, until, type KernelTenant } from './support.ts';

let server: RunningServer;
let t: KernelTenant;
let other: KernelTenant;
beforeAll(async () => {
  server = await startTestServer();
  [t, other] = await Promise.all([kernelTenant(server, 'jb'), kernelTenant(server, 'jo')]);
  await t.sql(`create table "${t.schema}".job_effects (job_id uuid not null, note text)`);
});
afterAll(async () => { await server?.close(); });

const effects = async (jobId: string) => (await t.sql(`select note from "${t.schema}".job_effects where job_id = $1`, [jobId])).map((r) => r.note);
const history = async (k: KernelTenant, args = '') => ok(await k.md(`{ jobs${args} { id name state attempts createdAt runAt startedAt finishedAt lastError } }`)).jobs as any[];

describe('jobs', () => {
  it('are retried with exponential backoff; their effects in ctx.tx commit only with the attempt that completes', async () => {
    const name = unique('flaky');
    const attempts: { at: number; attempt: number }[] = [];
    server.platform.jobs.define<{ note: string }>(name, async (payload, ctx) => {
      attempts.push({ at: Date.now(), attempt: ctx.attempt });
      await ctx.tx.query(`insert into "${t.schema}".job_effects values ($1, $2)`, [ctx.id, `${payload.note} ${ctx.attempt}`]);
      if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} failed`);
    }, { maxAttempts: 4, backoff: { delaySeconds: 1 } });
    const id = await server.platform.jobs.enqueue(name, { note: 'done on' }, { tenantId: t.id });
    await until(async () => (await effects(id)).length > 0, 30_000, 'the third attempt');
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // pg-boss's backoff: 1 to 2 s before the 2nd attempt, 2 to 4 s before the 3rd.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(950);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(1950);
    expect(await effects(id)).toEqual(['done on 3']);
    const [run] = (await history(t)).filter((j) => j.id === id);
    expect(run).toMatchObject({ name, state: 'COMPLETED', attempts: 3, lastError: null });
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
  });

  it('fail for good after maxAttempts; the history shows the attempts and the last error, to administrators of the tenant only', async () => {
    const name = unique('doomed');
    server.platform.jobs.define(name, async (_p, ctx) => { throw new Error(`no luck on attempt ${ctx.attempt}`); }, { maxAttempts: 2, backoff: { delaySeconds: 1, exponential: false } });
    const id = await server.platform.jobs.enqueue(name, {}, { tenantId: t.id });
    await until(async () => (await history(t, '(state: FAILED)')).some((j) => j.id === id), 30_000, 'the job to fail');
    const [run] = (await history(t, '(state: FAILED)')).filter((j) => j.id === id);
    expect(run).toMatchObject({ name, state: 'FAILED', attempts: 2, lastError: 'no luck on attempt 2' });
    expect((await history(t, '(first: 500, state: COMPLETED)')).some((j) => j.id === id)).toBe(false);
    expect((await history(other)).some((j) => j.id === id)).toBe(false);
    const refused = await gql(server, '/metadata', await t.userKey(), '{ jobs { id } }');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('enqueued in a transaction exist only if it commits', async () => {
    const name = unique('tx');
    const ran: string[] = [];
    server.platform.jobs.define<{ n: number }>(name, async (payload, ctx) => { ran.push(`${payload.n}:${ctx.id}`); });
    let rolledBack = '';
    await expect(inTransaction(server.platform.pool, 10_000, async (db) => {
      rolledBack = await server.platform.jobs.enqueue(name, { n: 1 }, { tx: db, tenantId: t.id });
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    const committed = await inTransaction(server.platform.pool, 10_000, (db) => server.platform.jobs.enqueue(name, { n: 2 }, { tx: db, tenantId: t.id }));
    await until(() => ran.length === 1, 20_000, 'the committed job');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran).toEqual([`2:${committed}`]);
    const ids = (await history(t)).map((j) => j.id);
    expect(ids).toContain(committed);
    expect(ids).not.toContain(rolledBack);
  });

  it('with a key are one job however often enqueued', async () => {
    const name = unique('keyed');
    const ran: string[] = [];
    server.platform.jobs.define(name, async (_p, ctx) => { ran.push(ctx.id); });
    const ids = await Promise.all([1, 2, 3].map(() => server.platform.jobs.enqueue(name, {}, { tenantId: t.id, key: 'welcome-mail' })));
    expect(new Set(ids).size).toBe(1);
    await until(() => ran.length === 1, 20_000, 'the job');
    expect(await server.platform.jobs.enqueue(name, {}, { tenantId: t.id, key: 'welcome-mail' })).toBe(ids[0]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran).toEqual([ids[0]]);
    // Another tenant's key is its own.
    expect(await server.platform.jobs.enqueue(name, {}, { tenantId: other.id, key: 'welcome-mail' })).not.toBe(ids[0]);
  });

  it('in a batch fail one at a time: the others complete, their effects kept', async () => {
    const name = unique('batch');
    server.platform.jobs.define<{ n: number }>(name, async (payload, ctx) => {
      await ctx.tx.query(`insert into "${t.schema}".job_effects values ($1, $2)`, [ctx.id, String(payload.n)]);
      if (payload.n === 13 && ctx.attempt === 1) throw new Error('unlucky');
    }, { backoff: { delaySeconds: 1 } });
    // Enqueued together in one transaction, so that a worker claims them in batches.
    const ids = await inTransaction(server.platform.pool, 10_000, async (db) => {
      const enqueued: string[] = [];
      for (let n = 0; n < 40; n++) enqueued.push(await server.platform.jobs.enqueue(name, { n }, { tx: db, tenantId: t.id }));
      return enqueued;
    });
    await until(async () => (await t.sql(`select count(*)::int as n from "${t.schema}".job_effects where job_id = any($1::uuid[])`, [ids]))[0].n === 40, 30_000, '40 effects');
    const rows = await t.sql(`select note, count(*)::int as n from "${t.schema}".job_effects where job_id = any($1::uuid[]) group by 1`, [ids]);
    expect(rows.length).toBe(40);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const runs = (await history(t, '(first: 500)')).filter((j) => ids.includes(j.id));
    expect(runs.filter((j) => j.attempts === 2).map((j) => j.id)).toEqual([ids[13]]);
  });
});
