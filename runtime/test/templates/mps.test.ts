import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { readTemplatePackage } from '../../../templates/index.js';
import { expectAllPassed, installTemplate, readScenarios, runScenario, startTemplateServer } from './scenario-steps.ts';

/**
 * The manufacturing project sales template's whole document (objects, validation rules, workflows,
 * approval flows, roles, apps, list views, dashboards) applied after crm-core's, and each
 * of its scenarios run step by step in a tenant of its own.
 */
const TEMPLATE = 'manufacturing-project-sales';
let server: RunningServer;
beforeAll(async () => { server = await startTemplateServer(); }, 180_000);
afterAll(async () => { await server?.close(); });

describe(`${TEMPLATE}: the whole document`, () => {
  it('applies after crm-core with every process kind, and applying it again changes nothing', async () => {
    const t = await installTemplate(server, TEMPLATE);
    const whole = readTemplatePackage(TEMPLATE) as Record<string, { name?: string }[]>;
    for (const key of ['validationRules', 'workflows', 'approvalFlows', 'roles', 'apps', 'listViews', 'dashboards']) expect(whole[key]?.length, key).toBeGreaterThan(0);
    const again = await t.meta('mutation($d: JSON!) { applyMetadata(document: $d, dryRun: true) { changes { kind action target } } }', { d: whole });
    expect(again.applyMetadata.changes).toEqual([]);
  }, 180_000);
});

describe(`${TEMPLATE}: scenarios`, () => {
  for (const scenario of readScenarios(TEMPLATE)) {
    it(scenario.name, async () => {
      const t = await installTemplate(server, TEMPLATE);
      expectAllPassed(await runScenario(server, t, scenario), scenario);
    }, 240_000);
  }
});
