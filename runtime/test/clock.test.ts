import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../platform/test/kernel/support.ts';
import { gql, metadataClient, newTenant } from '../../platform/test/support/server.ts';
import { createPlugin } from '../src/index.ts';

/** Scripts read the platform's one clock (issue 11): `ctx.now()` on a test clock is the clock's time, not the machine's. */
let server: RunningServer;
beforeAll(async () => {
  server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  await server.platform.plugins.install(createPlugin());
}, 120_000);
afterAll(() => server?.close());

describe('ctx.now()', () => {
  it('answers the platform clock in actions and triggers', async () => {
    const t = await newTenant(server, 'clk');
    const md = metadataClient(server, t.apiKey);
    ok(await md('mutation { createObject(input: {name: "visit", fields: [{name: "name", type: TEXT}, {name: "stamp", type: TEXT}]}) { name } }'));
    const source = `export const triggers = { visit: { beforeCreate(ctx) { for (const r of ctx.records) r.stamp = ctx.now().toISOString(); } } };
export const actions = { visit: { when: { run: async (ctx) => ctx.now().toISOString() } } };`;
    expect(ok(await md('mutation($s: String!) { saveScript(input: {name: "clock", language: JS, source: $s}) { active } }', { s: source })).saveScript.active).toBe(true);
    ok(await md('mutation { setClock(at: "2031-03-04T05:06:07Z") { now } }'));
    const api = (q: string, v?: Record<string, unknown>) => gql(server, '/graphql', t.apiKey, q, v);
    const made = ok(await api('mutation { createVisit(data: {name: "a"}) { id stamp } }')).createVisit;
    expect(made.stamp).toBe('2031-03-04T05:06:07.000Z');
    expect(ok(await api('mutation($id: ID!) { visitWhen(id: $id) }', { id: made.id })).visitWhen).toBe('2031-03-04T05:06:07.000Z');
  });
});
