import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * The forecast report (issue 15): deals seeded at chosen instants on the test clock (won history in
 * three months, the month's own wins, open deals closing in it and after it, a lost one) and a rep's
 * target; the page for 2025-04 shows the weighted pipeline, the regression forecast and the rep's
 * attainment as counted here by hand from the seed, not read back from the API.
 */
let studio: StudioHarness;
const REP = { name: 'Rita Rep', email: `rita-${Date.now()}@forecast.test` };

/** Won deals: [month it was won, amount, owned by the rep]. */
const WON: [string, number, boolean][] = [
  ['2025-01-15T10:00:00Z', 100, false],
  ['2025-02-14T10:00:00Z', 200, false],
  ['2025-03-14T10:00:00Z', 400, true],
  ['2025-04-10T10:00:00Z', 300, true],
  ['2025-04-11T10:00:00Z', 250, false],
];
/** Open (or lost) deals on 2025-04-12: [stage, amount, close date]. */
const OPEN: [string, number, string][] = [
  ['Prospect', 1000, '2025-04-20'],
  ['Prospect', 500, '2025-04-28'],
  ['Proposal', 2000, '2025-04-30'],
  ['Proposal', 7000, '2025-05-03'],
  ['Lost', 800, '2025-04-15'],
];
const PROBABILITY: Record<string, number> = { Prospect: 20, Proposal: 60 };
const TARGET = 1200;

const setClock = (at: string) => studio.metadata('mutation($at: DateTime!) { setClock(at: $at) { now } }', { at });

beforeAll(async () => {
  studio = await startStudio('forecast', { env: { TESSERA_TEST_CLOCK: '1' } });
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{
    name: 'deal', label: { en: 'Deal' }, pluralLabel: { en: 'Deals' }, fields: [
      { name: 'name', type: 'text', label: { en: 'Name' } },
      { name: 'amount', type: 'number', label: { en: 'Amount' } },
      { name: 'closeDate', type: 'date', label: { en: 'Close date' } },
      { name: 'stage', type: 'select', label: { en: 'Stage' }, trackStages: true, options: [
        { value: 'Prospect', probability: PROBABILITY.Prospect }, { value: 'Proposal', probability: PROBABILITY.Proposal }, { value: 'Won', outcome: 'won' }, { value: 'Lost', outcome: 'lost' },
      ] },
    ] }] } });
  const rep = (await studio.metadata('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: REP })).createUser.id as string;
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { forecasts: [{
    object: 'deal', stageField: 'stage', amountField: 'amount', closeDateField: 'closeDate',
    targets: [{ user: REP.email, period: '2025-04', amount: TARGET }, { user: REP.email, period: '2025-05', amount: 99 }],
  }] } });
  // Each won deal is opened the day before and moves to Won at its instant (the stage history's time).
  for (const [i, [at, amount, byRep]] of WON.entries()) {
    await setClock(new Date(new Date(at).getTime() - 86_400_000).toISOString());
    const { createDeal } = await studio.data('mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', { d: { name: `won ${i}`, amount, stage: 'Proposal', ...(byRep ? { owner: rep } : {}) } });
    await setClock(at);
    await studio.data('mutation($id: ID!) { updateDeal(id: $id, data: {stage: Won}) { id } }', { id: createDeal.id });
  }
  await setClock('2025-04-12T10:00:00Z');
  for (const [i, [stage, amount, closeDate]] of OPEN.entries()) {
    await studio.data('mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', { d: { name: `open ${i}`, amount, closeDate, stage } });
  }
  // Back to the machine's time before a browser signs in (its session cookie is dated by the clock).
  await setClock(new Date().toISOString());
}, 180_000);
afterAll(() => studio?.close());

/** Ordinary least squares over x = 0, 1, …, evaluated at x = n: the trend's next period. */
function nextByLeastSquares(ys: number[]): number {
  const n = ys.length;
  const xs = ys.map((_, x) => x);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return my + slope * (n - mx);
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

describe('forecast report', () => {
  it('shows the weighted pipeline, the regression forecast and a rep\'s attainment for a chosen month', async () => {
    // By hand, from the seed: April's open deals closing in April, by stage.
    const inApril = OPEN.filter(([stage, , close]) => stage in PROBABILITY && close >= '2025-04-01' && close < '2025-05-01');
    const byStage = (s: string) => inApril.filter(([stage]) => stage === s).reduce((a, [, amount]) => a + amount, 0);
    const weighted = inApril.reduce((a, [stage, amount]) => a + (amount * PROBABILITY[stage]) / 100, 0);
    const monthly = ['2025-01', '2025-02', '2025-03'].map((m) => WON.filter(([at]) => at.startsWith(m)).reduce((a, [, amount]) => a + amount, 0));
    const regression = nextByLeastSquares(monthly);
    const repWon = WON.filter(([at, , byRep]) => byRep && at.startsWith('2025-04')).reduce((a, [, amount]) => a + amount, 0);
    const closed = WON.filter(([at]) => at.startsWith('2025-04')).reduce((a, [, amount]) => a + amount, 0);
    expect([byStage('Prospect'), byStage('Proposal'), weighted, closed, repWon]).toEqual([1500, 2000, 1500, 550, 300]);
    expect(regression).toBeCloseTo(1600 / 3, 9);

    const page = await studio.newPage();
    await studio.signIn(page);
    await page.getByRole('link', { name: 'Forecast' }).click();
    await page.getByRole('heading', { name: 'Forecast', level: 1 }).waitFor();
    await page.getByLabel('Period').fill('2025-04');
    await page.getByLabel('Period').press('Enter');
    await page.waitForURL(/period=2025-04/);
    await page.getByRole('heading', { name: '2025-04' }).waitFor({ timeout: 30_000 });
    const statistic = (title: string) => page.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) }).locator('.ant-statistic-content');
    expect(await statistic('Open pipeline').textContent()).toBe(fmt(byStage('Prospect') + byStage('Proposal')));
    expect(await statistic('Weighted pipeline').textContent()).toBe(fmt(weighted));
    expect(await statistic('Won in the period').textContent()).toBe(fmt(closed));
    expect(await statistic('Trend forecast (regression)').textContent()).toBe(fmt(regression));
    const rows = (table: number) => page.locator('.forecast-result table').nth(table).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(await rows(0)).toEqual([
      ['Prospect', '20%', '2', fmt(byStage('Prospect')), fmt((byStage('Prospect') * 20) / 100)],
      ['Proposal', '60%', '1', fmt(byStage('Proposal')), fmt((byStage('Proposal') * 60) / 100)],
    ]);
    // Only April's target; the rep's March win does not count toward it.
    expect(await rows(1)).toEqual([[REP.name, fmt(TARGET), fmt(repWon), `${((repWon / TARGET) * 100).toFixed(1)}%`]]);
    await studio.screenshot(page, 'forecast-2025-04');
  });
});
