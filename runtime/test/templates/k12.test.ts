import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { readScenarios, runScenario, startTemplateServer, templateTenant } from './scenarios.ts';

/**
 * The K12 tutoring template (templates/k12-tutoring) with its processes: each of its scenarios runs
 * in a fresh tenant holding crm-core and k12-tutoring's whole documents.
 */
let server: RunningServer;
beforeAll(async () => { server = await startTemplateServer(); }, 120_000);
afterAll(async () => { await server?.close(); });

for (const scenario of readScenarios('k12-tutoring')) {
  it(`k12-tutoring scenario ${scenario.name}`, async () => {
    const t = await templateTenant(server, 'k12-tutoring');
    await runScenario(server, t, scenario);
    expect(true).toBe(true);
  }, 300_000);
}
