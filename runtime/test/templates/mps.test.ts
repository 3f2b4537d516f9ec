import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { expectWholeDocumentStable, installWithSampleData, startTemplateServer } from './support.ts';

/**
 * The manufacturing project sales template's whole document (objects, validation rules, workflows,
 * approval flows, roles, apps, list views, dashboards) applied after crm-core's; the template
 * installed with its sample data: the dashboards' figures follow from the data (its scenarios run
 * through the SDK's runner: sdk/test/templates/).
 */
const TEMPLATE = 'manufacturing-project-sales';
let server: RunningServer;
beforeAll(async () => { server = await startTemplateServer(); }, 180_000);
afterAll(async () => { await server?.close(); });

describe(`${TEMPLATE}: the whole document`, () => {
  it('applies after crm-core with every process kind, and applying it again changes nothing', async () => {
    await expectWholeDocumentStable(server, TEMPLATE, ['validationRules', 'workflows', 'approvalFlows', 'roles', 'apps', 'listViews', 'dashboards']);
  }, 180_000);
});

describe(`${TEMPLATE}: sample data and dashboards`, () => {
  it('loads through the save pipeline; the win rate by competitor follows from the projects\' outcomes', async () => {
    const { tenant: t, records } = await installWithSampleData(server, TEMPLATE);
    expect(records).toBeGreaterThan(30);
    const res = await t.raw('{ projectCompetitorsAggregate(groupBy: [{competitor: true}]) { key { competitor } count avg { projectOutcome } } competitors { nodes { id name } } }');
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const names = Object.fromEntries(res.data.competitors.nodes.map((c: any) => [c.id, c.name]));
    const rate = Object.fromEntries(res.data.projectCompetitorsAggregate.map((r: any) => [names[r.key.competitor], [r.count, r.avg.projectOutcome]]));
    // 正泰: won once, lost once, one open project (left out of the average); ABB: won; 施耐德: open only.
    expect(rate).toEqual({ '正泰电器': [3, 0.5], 'ABB': [1, 1], '施耐德电气': [1, null] });
  }, 180_000);
});
