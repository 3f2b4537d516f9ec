import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { expectWholeDocumentStable, installWithSampleData, startTemplateServer } from './support.ts';

/**
 * The FMCG channel distribution template's whole document (objects, validation rules, workflows,
 * approval flows, calendar, roles, apps, list views, dashboards) applied after crm-core's; the template
 * installed with its sample data: the dashboards' figures follow from the data (its scenarios run
 * through the SDK's runner: sdk/test/templates/).
 */
const TEMPLATE = 'fmcg-channel-distribution';
let server: RunningServer;
beforeAll(async () => { server = await startTemplateServer(); }, 180_000);
afterAll(async () => { await server?.close(); });

describe(`${TEMPLATE}: the whole document`, () => {
  it('applies after crm-core with every process kind, and applying it again changes nothing', async () => {
    await expectWholeDocumentStable(server, TEMPLATE, ['validationRules', 'workflows', 'approvalFlows', 'roles', 'apps', 'listViews', 'dashboards', 'businessCalendars']);
  }, 180_000);
});

describe(`${TEMPLATE}: sample data and dashboards`, () => {
  it('loads through the save pipeline; credit, stock and return on spend per channel follow from it', async () => {
    const { tenant: t, records } = await installWithSampleData(server, TEMPLATE);
    expect(records).toBeGreaterThan(40);
    const q = async (query: string) => { const res = await t.raw(query); expect(res.errors, JSON.stringify(res.errors)).toBeUndefined(); return res.data; };
    // ROI per channel (the dashboard's chart): the average return on spend of the expenses with an actual amount.
    const roi = (await q('{ promotionExpensesAggregate(groupBy: [{channel: true}]) { key { channel } count avg { returnOnSpend } } }')).promotionExpensesAggregate;
    const byChannel = Object.fromEntries(roi.map((r: any) => [r.key.channel, r.avg.returnOnSpend]));
    expect(byChannel).toEqual({ modernTrade: 1.05, specialChannel: 0.9, traditionalTrade: 2.3333 });
    // Credit used: open unpaid orders the distributor buys; stock: opening + received − shipped, by confirmed deliveries.
    const credit = (await q('{ distributors(orderBy: [{code: ASC}]) { nodes { code creditUsed creditAvailable } } }')).distributors.nodes;
    expect(credit).toEqual([
      { code: 'D-BJ-CY', creditUsed: 24000, creditAvailable: 276000 },
      { code: 'D-BJ-HD', creditUsed: 0, creditAvailable: 200000 },
      { code: 'D-GZ-TH', creditUsed: 36000, creditAvailable: 214000 },
    ]);
    const stock = (await q('{ partnerInventories(filter: {receivedQuantity: {gt: 0}}) { nodes { receivedQuantity currentStock } } }')).partnerInventories.nodes;
    expect(stock).toEqual([{ receivedQuantity: 300, currentStock: 480 }]);
  }, 180_000);
});
