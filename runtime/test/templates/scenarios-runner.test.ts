/** The scenario interpreter of these tests fails a step whose expectation does not hold (a changed field, error code, count, or an error that does not come). */
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { runScenario, startTemplateServer, templateTenant } from './scenarios.ts';
it('a wrong expectation fails its step', async () => {
  const server = await startTemplateServer();
  const s = JSON.parse(fs.readFileSync('templates/crm-core/scenarios/lead-to-opportunity.json', 'utf8'));
  const bad = [[1, (x: any) => { x.expect.fields.score = 41; }], [5, (x: any) => { x.expectError.code = 'LOCKED'; }], [12, (x: any) => { x.expect.count = 2; }], [13, (x: any) => { delete x.expectError; }]] as const;
  for (const [i, mutate] of bad) {
    const copy = structuredClone(s);
    mutate(copy.steps[i]);
    copy.steps = copy.steps.slice(0, i + 1);
    const t = await templateTenant(server, 'crm-core');
    await expect(runScenario(server, t, copy)).rejects.toThrow(new RegExp(`step ${i}`));
  }
  await server.close();
}, 300_000);
