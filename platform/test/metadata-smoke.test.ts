import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { metadataClient, newTenant, startTestServer } from '../../test/support/server.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

describe('smoke', () => {
  it('creates an object', async () => {
    const t = await newTenant(server);
    const md = metadataClient(server, t.apiKey);
    const r = await md(`mutation { createObject(input: {name: "lead", label: {en: "Lead", zh_CN: "x"}, fields: [{name: "email", type: EMAIL, unique: true}, {name: "status", type: SELECT, options: [{value: "MQL", label: "MQL"}]}]}) { name label fields { name type } } }`);
    console.log(JSON.stringify(r));
    const r2 = await md(`mutation { createObject(input: {name: "lead", fields: [{name: "email", type: EMAIL, unique: true}, {name: "status", type: SELECT, options: [{value: "MQL", label: "MQL"}]}]}) { name label fields { name type } } }`);
    console.log(JSON.stringify(r2));
    const r3 = await md(`mutation { createField(object: "lead", input: {name: "account", type: LOOKUP, target: "nope"}) { name } }`);
    console.log(JSON.stringify(r3));
    const r4 = await md(`mutation { applyMetadata(document: {objects: [{name: "account", fields: [{name: "name", type: "text"}]}, {name: "lead", fields: [{name: "email", type: "email"}, {name: "account", type: "lookup", target: "account"}]}]}, dryRun: true) { version dryRun changes { action object field statements notes } } }`);
    console.log(JSON.stringify(r4, null, 1));
    expect(r2.errors).toBeUndefined();
  });
});
