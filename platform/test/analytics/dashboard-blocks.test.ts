import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { analyticsTenant, ok, type AnalyticsTenant } from './support.ts';

/** Funnel and forecast dashboard blocks: validated against the catalog, following renames, refusing deletions they need. */
let server: RunningServer;
let t: AnalyticsTenant;
const SAVE = 'mutation($input: SaveDashboardInput!) { saveDashboard(input: $input) { id blocks } }';
const funnel = { id: 'f', type: 'funnel', title: 'Leads by channel', object: 'lead', stageField: 'stage', groupBy: 'channel', from: '2025-01-01T00:00:00Z' };
const forecast = { id: 'q', type: 'forecast', object: 'lead', period: 'quarter' };

beforeAll(async () => {
  server = await startTestServer();
  t = await analyticsTenant(server, { objects: [{ name: 'lead', fields: [{ name: 'amount', type: 'number' }, { name: 'channel', type: 'select', options: [{ value: 'web' }] }, { name: 'stage', type: 'select', trackStages: true, options: [{ value: 'New' }, { value: 'Won', outcome: 'won' }] }, { name: 'note', type: 'text' }] }] });
});
afterAll(async () => { await server?.close(); });

describe('funnel and forecast blocks', () => {
  it('are saved, checked against the catalog, and follow renames', async () => {
    const { id } = ok(await t.md(SAVE, { input: { name: 'Funnel', blocks: [funnel, forecast] } })).saveDashboard;
    const pointers = async (blocks: unknown[]) => (await t.md(SAVE, { input: { name: 'Bad', blocks } })).errors[0].extensions.errors.map((e: any) => e.pointer).sort();
    expect(await pointers([funnel, { ...forecast, period: 'soon' }])).toEqual(['/blocks/1/period']);
    expect(await pointers([{ ...funnel, stageField: 'note', groupBy: 'nope', to: 'later' }])).toEqual(['/blocks/0/groupBy', '/blocks/0/stageField', '/blocks/0/to']);
    ok(await t.md('mutation { updateField(object: "lead", name: "channel", input: {name: "source"}) { name } }'));
    expect(ok(await t.md('query($id: ID!) { dashboard(id: $id) { blocks } }', { id })).dashboard.blocks[0]).toEqual({ ...funnel, groupBy: 'source' });
    const refused = await t.md('mutation { deleteField(object: "lead", name: "stage") { name } }');
    expect(refused.errors[0].extensions.code).toBe('CONFLICT');
  });
});
