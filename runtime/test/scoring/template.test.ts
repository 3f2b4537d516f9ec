import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { wfTenant } from '../workflows/support.ts';
import { startScoringServer } from './support.ts';

/**
 * crm-core's scoring.json (a scoring rule, the phone duplicate rule, the re-inquiry reactivation and
 * the day 1/3/7/10 nurture workflow) applies after the template and its pools.json: a dormant lead
 * walks the cadence on the test clock; a re-inquiry reactivates it and the cadence stops.
 */
let server: RunningServer;
beforeAll(async () => { server = await startScoringServer(); }, 120_000);
afterAll(async () => { await server?.close(); });

it('crm-core: scoring, reactivation and the nurture cadence', async () => {
  const dir = path.resolve(import.meta.dirname, '../../../templates/crm-core');
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const t = await wfTenant(server, read('metadata.json').objects);
  await t.setClock('2031-05-05T01:00:00Z');
  await t.apply(read('pools.json'));
  await t.apply(read('scoring.json'));
  const lead = (await t.api('mutation { createLead(data: {name: "Wang", phone: "13900000001", source: referral, owner: null}) { id score } }')).createLead;
  expect(lead.score).toBe(20);
  await t.api('mutation($id: ID!) { createActivity(data: {subject: "call", activityType: call, occurredAt: "2031-05-05T01:00:00Z", lead: $id}) { id } }', { id: lead.id });
  const step = async () => (await t.api('query($id: ID!) { lead(id: $id) { score nurtureStep status } }', { id: lead.id })).lead;
  expect((await step()).score).toBe(25);
  await t.api('mutation($id: ID!) { updateLead(id: $id, data: {status: DORMANT}) { id } }', { id: lead.id });
  await t.until(async () => (await t.runs('dormantLeadNurture', 'waiting')).length === 1);
  await t.advance('P1D');
  await t.until(async () => (await step()).nurtureStep === 'brand');
  await t.advance('P2D');
  await t.until(async () => (await step()).nurtureStep === 'product');
  // Day 5: a re-inquiry from a web form; the cadence stops at the next step.
  await t.advance('P2D');
  const again = (await t.api('mutation { createLead(data: {name: "Wang (form)", phone: "+86 139 0000 0001", source: website}) { id } }')).createLead;
  expect(again.id).toBe(lead.id);
  expect(await step()).toMatchObject({ status: 'MQL' });
  await t.advance('P6D');
  expect((await step()).nurtureStep).toBe('product');
  await t.until(async () => (await t.runs('dormantLeadNurture', 'completed')).length === 1);
}, 120_000);
