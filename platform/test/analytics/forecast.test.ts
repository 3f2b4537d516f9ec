import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { analyticsTenant, at, ok, refused, type AnalyticsTenant, type Client } from './support.ts';

/**
 * forecast(object, period) against hand-computed figures: the weighted pipeline (option
 * probabilities, and one by the stage order), what was won in the period, the least-squares line
 * over past periods' won amounts, a rep's target and attainment — and the same as a rep who sees
 * only their own deals.
 */
let server: RunningServer;
let t: AnalyticsTenant;
let rep: { id: string; email: string; api: Client };

const STAGE = { name: 'stage', type: 'select', trackStages: true, defaultValue: 'Prospect', options: [
  { value: 'Prospect', probability: 10 }, { value: 'Proposal', probability: 50 }, { value: 'Negotiation' }, { value: 'Won', outcome: 'won' }, { value: 'Lost', outcome: 'lost' },
] };
const OBJECTS = [{ name: 'deal', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text' }, { name: 'amount', type: 'number' }, { name: 'closeDate', type: 'date' }, STAGE] }];

const deal = async (api: Client, data: Record<string, unknown>, when: string) => {
  at(server, when);
  return ok(await api('mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', { d: data })).createDeal.id as string;
};
const won = async (api: Client, name: string, amount: number, wonAt: string) => {
  const id = await deal(api, { name, amount }, '2024-07-01T00:00:00.000Z');
  at(server, wonAt);
  ok(await api('mutation($id: ID!) { updateDeal(id: $id, data: {stage: Won}) { id } }', { id }));
};
const FORECAST = 'query($p: String!) { forecast(object: "deal", period: $p) }';

beforeAll(async () => {
  server = await startTestServer({ env: { TESSERA_TEST_CLOCK: '1' } });
  t = await analyticsTenant(server, { objects: OBJECTS });
  rep = await t.user('rep', { objectPermissions: [{ object: 'deal', read: true, create: true, update: true }] });
  ok(await t.apply({ forecasts: [{ object: 'deal', closeDateField: 'closeDate', historyPeriods: 3, targets: [{ user: rep.email, period: '2025-Q2', amount: 1000 }, { user: rep.email, period: '2025-Q3', amount: 5 }] }] }));
  await won(rep.api, 'w1', 100, '2024-08-01T00:00:00.000Z');
  await won(t.api, 'w2', 200, '2024-11-01T00:00:00.000Z');
  await won(rep.api, 'w3', 400, '2025-02-01T00:00:00.000Z');
  await won(rep.api, 'w4', 300, '2025-04-15T00:00:00.000Z');
  await won(t.api, 'w5', 50, '2025-05-01T00:00:00.000Z');
  await deal(t.api, { name: 'o1', amount: 1000, closeDate: '2025-05-10' }, '2025-05-02T00:00:00.000Z');
  await deal(t.api, { name: 'o2', amount: 200, closeDate: '2025-06-30', stage: 'Proposal' }, '2025-05-02T00:00:00.000Z');
  await deal(t.api, { name: 'o3', amount: 400, closeDate: '2025-04-01', stage: 'Negotiation' }, '2025-05-02T00:00:00.000Z');
  await deal(t.api, { name: 'o4', amount: 999, closeDate: '2025-07-01', stage: 'Proposal' }, '2025-05-02T00:00:00.000Z');
  await deal(t.api, { name: 'o5', amount: 500, closeDate: '2025-05-01', stage: 'Lost' }, '2025-05-02T00:00:00.000Z');
});
afterAll(async () => { await server?.close(); });

describe('forecast', () => {
  it('weighted pipeline, won so far, regression and attainment, by hand', async () => {
    const f = ok(await t.api(FORECAST, { p: '2025-Q2' })).forecast;
    expect(f.period).toEqual({ label: '2025-Q2', grain: 'quarter', start: '2025-04-01T00:00:00.000Z', end: '2025-07-01T00:00:00.000Z', timeZone: 'UTC' });
    // Negotiation has no probability: the 3rd of 3 open steps, 3/4 of the way.
    expect(f.pipeline).toEqual({ count: 3, amount: 1600, weighted: 500, stages: [
      { stage: 'Prospect', probability: 10, count: 1, amount: 1000, weighted: 100 },
      { stage: 'Proposal', probability: 50, count: 1, amount: 200, weighted: 100 },
      { stage: 'Negotiation', probability: 75, count: 1, amount: 400, weighted: 300 },
    ] });
    expect(f.closed).toEqual({ amount: 350, count: 2 });
    // y = 100, 200, 400 at x = 0, 1, 2: slope 150, intercept 83.33, at x = 3: 533.33.
    expect(f.regression.points).toEqual([{ period: '2024-Q3', amount: 100, count: 1 }, { period: '2024-Q4', amount: 200, count: 1 }, { period: '2025-Q1', amount: 400, count: 1 }]);
    expect(f.regression.slope).toBeCloseTo(150, 9);
    expect(f.regression.intercept).toBeCloseTo(250 / 3, 9);
    expect(f.regression.forecast).toBeCloseTo(1600 / 3, 9);
    expect(f.targets).toEqual([{ user: rep.email, userId: rep.id, name: 'rep', target: 1000, attained: 300, attainment: 0.3 }]);
  });

  it('as a rep: only the deals they may read', async () => {
    const f = ok(await rep.api(FORECAST, { p: '2025-Q2' })).forecast;
    expect(f.pipeline).toMatchObject({ count: 0, amount: 0, weighted: 0 });
    expect(f.closed).toEqual({ amount: 300, count: 1 });
    // y = 100, 0, 400: slope 150, intercept 50/3, at x = 3: 1400/3.
    expect(f.regression.points.map((p: any) => p.amount)).toEqual([100, 0, 400]);
    expect(f.regression.forecast).toBeCloseTo(1400 / 3, 9);
  });

  it('periods by month and year, the current one by the clock; a bad period is refused at /period', async () => {
    at(server, '2025-05-20T00:00:00.000Z');
    expect(ok(await t.api(FORECAST, { p: 'quarter' })).forecast.period.label).toBe('2025-Q2');
    const may = ok(await t.api(FORECAST, { p: '2025-05' })).forecast;
    expect([may.closed, may.pipeline.amount]).toEqual([{ amount: 50, count: 1 }, 1000]);
    expect(ok(await t.api(FORECAST, { p: '2025' })).forecast.closed).toEqual({ amount: 750, count: 3 });
    expect(refused(await t.api(FORECAST, { p: 'soon' })).extensions.errors).toEqual([expect.objectContaining({ pointer: '/period' })]);
  });

  it('the forecasts kind refuses fields of the wrong type', async () => {
    const res = await t.apply({ forecasts: [{ object: 'deal', amountField: 'name', stageField: 'amount' }] });
    expect(res.errors?.[0].extensions.errors.map((e: any) => e.pointer).sort()).toEqual(['/forecasts/0/amountField', '/forecasts/0/stageField']);
  });

  it('periods are the tenant\'s calendar: in Shanghai, 1 am on April 1st is the second quarter', async () => {
    await t.sql(`update tessera.tenants set settings = settings || '{"timeZone": "Asia/Shanghai"}' where id = $1`, [t.id]);
    server.platform.auth.forget();
    // 2025-03-31T17:00Z is 2025-04-01 01:00 in Shanghai.
    await won(t.api, 'w6', 1, '2025-03-31T17:00:00.000Z');
    const f = ok(await t.api(FORECAST, { p: 'quarter' })).forecast;
    expect(f.period).toEqual({ label: '2025-Q2', grain: 'quarter', start: '2025-03-31T16:00:00.000Z', end: '2025-06-30T16:00:00.000Z', timeZone: 'Asia/Shanghai' });
    expect(f.closed).toEqual({ amount: 351, count: 3 });
    expect(ok(await t.api(FORECAST, { p: '2025-Q1' })).forecast.closed).toEqual({ amount: 400, count: 1 });
  });
});
