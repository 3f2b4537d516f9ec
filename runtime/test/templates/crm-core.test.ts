import { afterAll, beforeAll, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { readScenarios, runScenario, startTemplateServer, templateTenant } from './scenarios.ts';

/** crm-core with its processes (pools, scoring, conversion, roles, apps, views, dashboards): each of its scenarios in a fresh tenant. */
let server: RunningServer;
beforeAll(async () => { server = await startTemplateServer(); }, 120_000);
afterAll(async () => { await server?.close(); });

for (const scenario of readScenarios('crm-core')) {
  it(`crm-core scenario ${scenario.name}`, async () => {
    const t = await templateTenant(server, 'crm-core');
    await runScenario(server, t, scenario);
  }, 300_000);
}
