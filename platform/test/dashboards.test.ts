import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { metadataClient, newTenant, startTestServer } from './support/server.ts';

let server: RunningServer;
let a: ReturnType<typeof metadataClient>;
let b: ReturnType<typeof metadataClient>;
beforeAll(async () => {
  server = await startTestServer();
  a = metadataClient(server, (await newTenant(server, 'dash-a')).apiKey);
  b = metadataClient(server, (await newTenant(server, 'dash-b')).apiKey);
  const created = await a(`mutation { createObject(input: {name: "deal", fields: [
    {name: "amount", type: NUMBER}, {name: "stage", type: SELECT, options: [{value: "open"}, {value: "won"}]}, {name: "closed", type: DATE}, {name: "notes", type: LONG_TEXT}]}) { name } }`);
  expect(created.errors).toBeUndefined();
});
afterAll(() => server?.close());

const SAVE = 'mutation($input: SaveDashboardInput!) { saveDashboard(input: $input) { id name blocks updatedAt } }';
const bar = { id: 'b1', type: 'chart', title: 'Amount by stage', object: 'deal', measure: { fn: 'sum', field: 'amount' }, groupBy: { field: 'stage' }, chart: 'bar', filter: { amount: { gt: 0 } } };

describe('dashboards on /metadata', () => {
  it('saves, lists, reads, updates and deletes a dashboard', async () => {
    const saved = await a(SAVE, { input: { name: 'Pipeline', blocks: [bar] } });
    expect(saved.errors).toBeUndefined();
    const { id } = saved.data.saveDashboard;
    expect(saved.data.saveDashboard).toMatchObject({ name: 'Pipeline', blocks: [bar] });
    const monthly = { id: 'b2', type: 'chart', object: 'deal', measure: { fn: 'count' }, groupBy: { field: 'closed', bucket: 'MONTH' }, chart: 'line' };
    const updated = await a(SAVE, { input: { id, name: 'Pipeline 2', blocks: [bar, monthly] } });
    expect(updated.data.saveDashboard.blocks).toEqual([bar, monthly]);
    expect((await a('{ dashboards { id name } }')).data.dashboards).toEqual([{ id, name: 'Pipeline 2' }]);
    expect((await a('query($id: ID!) { dashboard(id: $id) { name blocks } }', { id })).data.dashboard).toEqual({ name: 'Pipeline 2', blocks: [bar, monthly] });
    expect((await a('mutation($id: ID!) { deleteDashboard(id: $id) }', { id })).data.deleteDashboard).toBe(true);
    expect((await a('{ dashboards { id } }')).data.dashboards).toEqual([]);
  });

  it('refuses blocks that do not fit the JSON Schema, with a pointer per problem', async () => {
    const res = await a(SAVE, { input: { name: 'Bad', blocks: [{ ...bar, chart: 'donut', extra: 1 }, { id: 'x', type: 'chart', object: 'deal', measure: { fn: 'sum' }, chart: 'pie' }] } });
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    const pointers = res.errors![0].extensions!.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/blocks/0', '/blocks/0/chart', '/blocks/1/measure']));
    expect((await a(SAVE, { input: { name: ' ', blocks: [] } })).errors?.[0].extensions?.errors).toEqual([{ pointer: '/name', message: 'a name has 1 to 200 characters' }]);
  });

  it('refuses blocks the metadata does not allow: unknown objects and fields, measures and groupings the type lacks', async () => {
    const res = await a(SAVE, { input: { name: 'Bad', blocks: [
      { ...bar, object: 'nothing' },
      { ...bar, id: 'b', measure: { fn: 'sum', field: 'stage' } },
      { ...bar, id: 'c', groupBy: { field: 'closed' } },
      { ...bar, id: 'd', groupBy: { field: 'stage', bucket: 'YEAR' } },
      { ...bar, id: 'e', measure: { fn: 'avg', field: 'nope' } },
    ] } });
    expect(res.errors?.[0].extensions?.errors).toEqual([
      { pointer: '/blocks/0/object', message: 'no object "nothing"' },
      { pointer: '/blocks/1/measure/fn', message: 'select fields have no sum' },
      { pointer: '/blocks/2/groupBy/bucket', message: 'a date field is grouped by a bucket (DAY, WEEK, MONTH, QUARTER, YEAR)' },
      { pointer: '/blocks/3/groupBy/bucket', message: 'only date fields have buckets' },
      { pointer: '/blocks/4/measure/field', message: 'deal has no field "nope"' },
    ]);
  });

  it('keeps tenants apart', async () => {
    const { id } = (await a(SAVE, { input: { name: 'Mine', blocks: [bar] } })).data.saveDashboard;
    expect((await b('{ dashboards { id } }')).data.dashboards).toEqual([]);
    expect((await b('query($id: ID!) { dashboard(id: $id) { id } }', { id })).data.dashboard).toBeNull();
    expect((await b(SAVE, { input: { id, name: 'Stolen', blocks: [] } })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await b('mutation($id: ID!) { deleteDashboard(id: $id) }', { id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await a('query($id: ID!) { dashboard(id: $id) { name } }', { id })).data.dashboard).toEqual({ name: 'Mine' });
  });
});
