import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, startTestServer } from '../support/server.ts';
import { kernelTenant, ok, startIsolatedServer, type KernelTenant } from './support.ts';

let clocked: RunningServer;
let plain: RunningServer;
let t: KernelTenant;
let p: KernelTenant;
beforeAll(async () => {
  // The test clock on a database of its own (its moves fire the timers of every tenant there).
  [clocked, plain] = await Promise.all([startIsolatedServer({ TESSERA_TEST_CLOCK: '1' }), startTestServer()]);
  [t, p] = await Promise.all([kernelTenant(clocked), kernelTenant(plain)]);
});
afterAll(async () => {
  await Promise.all([clocked?.close(), plain?.close()]);
});

const NOW = `{ clock { now } }`;
const ADVANCE = `mutation($by: String!) { advanceClock(by: $by) { now timersFired } }`;
const SET = `mutation($at: DateTime!) { setClock(at: $at) { now timersFired } }`;
const now = async (k: KernelTenant) => new Date(ok(await k.md(NOW)).clock.now).getTime();
const HOUR = 3_600_000;

describe('clock { now }', () => {
  it('answers administrators with the platform clock, on any server; others are refused FORBIDDEN', async () => {
    expect(Math.abs((await now(p)) - Date.now())).toBeLessThan(60_000);
    expect(Math.abs((await now(t)) - clocked.platform.clock.now().getTime())).toBeLessThan(1_000);
    const res = await gql(plain, '/metadata', await p.userKey(), NOW);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('advanceClock and setClock', () => {
  it('are refused FORBIDDEN without TESSERA_TEST_CLOCK=1, and the clock stays the system\'s', async () => {
    for (const [query, variables] of [[ADVANCE, { by: 'PT25H' }], [SET, { at: '2030-01-01T00:00:00Z' }]] as const) {
      const res = await p.md(query, variables);
      expect(res.errors?.[0].extensions?.code, JSON.stringify(res)).toBe('FORBIDDEN');
      expect(res.errors?.[0].message).toMatch(/TESSERA_TEST_CLOCK=1/);
    }
    expect(Math.abs((await now(p)) - Date.now())).toBeLessThan(60_000);
  });

  it('are refused FORBIDDEN to a user who is not an administrator, with the test clock too', async () => {
    const before = await now(t);
    const key = await t.userKey();
    for (const [query, variables] of [[ADVANCE, { by: 'PT1H' }], [SET, { at: '2030-01-01T00:00:00Z' }]] as const) {
      const res = await gql(clocked, '/metadata', key, query, variables);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await now(t)).toBe(before);
  });

  it('advanceClock moves the clock by ISO 8601 durations, exactly, and returns what fired', async () => {
    const start = await now(t);
    const a = ok(await t.md(ADVANCE, { by: 'PT25H' })).advanceClock;
    expect(new Date(a.now).getTime()).toBe(start + 25 * HOUR);
    expect(a.timersFired).toBe(0);
    const b = ok(await t.md(ADVANCE, { by: 'P1DT2H30M' })).advanceClock;
    expect(new Date(b.now).getTime()).toBe(start + 25 * HOUR + 26.5 * HOUR);
    const c = ok(await t.md(ADVANCE, { by: 'P15D' })).advanceClock;
    expect(new Date(c.now).getTime()).toBe(start + 25 * HOUR + 26.5 * HOUR + 15 * 24 * HOUR);
    expect(await now(t)).toBe(new Date(c.now).getTime());
  });

  it('refuses what is not a positive ISO 8601 duration, BAD_USER_INPUT at /by, and leaves the clock', async () => {
    const before = await now(t);
    for (const by of ['25 hours', 'P', 'PT', 'P1H', '-PT1H', 'P1.5D', 'PT1H ', '', 'PT0S', 'P0D']) {
      const res = await t.md(ADVANCE, { by });
      expect(res.errors?.[0].extensions?.code, by).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.errors?.[0].pointer, by).toBe('/by');
    }
    expect(await now(t)).toBe(before);
  });

  it('setClock moves to an instant, backwards too; a malformed instant is BAD_USER_INPUT', async () => {
    const back = ok(await t.md(SET, { at: '2026-01-15T08:00:00+01:00' })).setClock;
    expect(back).toEqual({ now: '2026-01-15T07:00:00.000Z', timersFired: 0 });
    expect(await now(t)).toBe(Date.parse('2026-01-15T07:00:00Z'));
    const forth = ok(await t.md(SET, { at: '2027-06-01T00:00:00Z' })).setClock;
    expect(forth.now).toBe('2027-06-01T00:00:00.000Z');
    const bad = await t.md(SET, { at: 'tomorrow' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await now(t)).toBe(Date.parse('2027-06-01T00:00:00Z'));
  });

  it('is the time change events carry', async () => {
    ok(await t.md(SET, { at: '2031-03-01T12:00:00Z' }));
    ok(await t.api(`mutation { createDeal(data: {name: "Timed"}) { id } }`));
    const [row] = await t.sql(`select "at" from (select "at" from "${t.schema}"."_outbox" union all select "at" from "${t.schema}"."_events") e`);
    expect(new Date(row.at).toISOString()).toBe('2031-03-01T12:00:00.000Z');
  });
});

describe('record timestamps come from the platform clock', () => {
  it('createdAt, updatedAt and deletedAt are the clock\'s; updatedAt moves on a stopped clock, so expectedUpdatedAt sees every change', async () => {
    const at = '2031-05-06T07:08:09.000Z';
    ok(await t.md(SET, { at }));
    const created = ok(await t.api('mutation { createDeal(data: {name: "clocked"}) { id createdAt updatedAt } }')).createDeal;
    expect([created.createdAt, created.updatedAt].map((d: string) => new Date(d).toISOString())).toEqual([at, at]);
    // The clock stands still: each update is still later than the one before (by a microsecond).
    const first = ok(await t.api(`mutation { updateDeal(id: "${created.id}", data: {stage: "a"}) { updatedAt } }`)).updateDeal.updatedAt;
    const second = ok(await t.api(`mutation { updateDeal(id: "${created.id}", data: {stage: "b"}) { updatedAt } }`)).updateDeal.updatedAt;
    expect(new Date(first).getTime()).toBe(new Date(at).getTime());
    const [row] = await t.sql(`select "updatedAt" > $2::timestamptz as later, "updatedAt" = $3::timestamptz as same from "${t.schema}"."deal" where id = $1`, [created.id, first, second]);
    expect(row).toEqual({ later: true, same: true });
    // A writer holding the first updatedAt lost the race: refused, though both writes share the clock's instant.
    const stale = await t.api(`mutation { updateDeal(id: "${created.id}", data: {stage: "c"}, expectedUpdatedAt: "${first}") { id } }`);
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    ok(await t.md(ADVANCE, { by: 'P2D' }));
    ok(await t.api(`mutation { deleteDeal(id: "${created.id}") { id } }`));
    const [deleted] = await t.sql(`select "deletedAt" from "${t.schema}"."deal" where id = $1`, [created.id]);
    expect(new Date(deleted.deletedAt).toISOString()).toBe('2031-05-08T07:08:09.000Z');
  });
});
