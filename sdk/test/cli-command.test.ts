import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { gql, newTenant, startTestServer } from '../../platform/test/support/server.ts';
import { testPlugin } from '../../platform/test/plugins/test-plugin.ts';
import { tessera } from './support.ts';

/** `tessera command run`: a plugin's command on a record, over HTTP, as the key's user (issue 11: commands from the CLI). */
let server: RunningServer;
let env: NodeJS.ProcessEnv;
let readerEnv: NodeJS.ProcessEnv;
let dealId: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(testPlugin({ pool: server.platform.pool, name: 'cli-pools', migrations: false }));
  const t = await newTenant(server, 'cmd');
  const ok = async (path: string, q: string, v?: Record<string, unknown>) => {
    const res = await gql(server, path, t.apiKey, q, v);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  await ok('/metadata', 'mutation { createObject(input: {name: "deal", fields: [{name: "name", type: TEXT}, {name: "stage", type: TEXT}]}) { name } }');
  await ok('/metadata', 'mutation { createPermissionSet(input: {name: "readers", objectPermissions: [{object: "deal", read: true}]}) { id } }');
  const user = (await ok('/metadata', 'mutation { createUser(input: {email: "reader@example.com", name: "Reader"}) { id } }')).createUser.id;
  await ok('/metadata', 'mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "readers") { id } }', { u: user });
  const readerKey = (await ok('/metadata', 'mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user })).createApiKey.key;
  dealId = (await ok('/graphql', 'mutation { createDeal(data: {name: "Boiler"}) { id } }')).createDeal.id;
  env = { TESSERA_URL: server.url, TESSERA_API_KEY: t.apiKey };
  readerEnv = { TESSERA_URL: server.url, TESSERA_API_KEY: readerKey };
}, 60_000);
afterAll(() => server?.close());

describe('tessera command run', () => {
  it('runs a command with and without input, printing its result', async () => {
    const bare = await tessera(['command', 'run', 'deal', 'claim', dealId, '--json'], env);
    expect(bare.stderr).toBe('');
    expect(bare.code).toBe(0);
    expect(JSON.parse(bare.stdout)).toMatchObject({ claimed: dealId, note: null });
    const withInput = await tessera(['command', 'run', 'deal', 'claim', dealId, '--input', '{"note": "called"}'], env);
    expect(withInput.code).toBe(0);
    expect(withInput.stdout).toContain('deal claim on');
    expect(withInput.stdout).toContain('"note": "called"');
  });

  it('refuses typed: bad input (pointer), a right the user lacks, an unknown command or record, malformed JSON', async () => {
    const invalid = await tessera(['command', 'run', 'deal', 'claim', dealId, '--input', '{"note": 5}'], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('/input/note');
    // The reader may read deals but not update them: the command is not theirs to run (not even listed).
    const reader = await tessera(['command', 'run', 'deal', 'claim', dealId], readerEnv);
    expect(reader.code).toBe(1);
    expect(reader.stderr).toMatch(/No command claim on deal that you may run/);
    const unknown = await tessera(['command', 'run', 'deal', 'steal', dealId], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('you may run: claim');
    const missing = await tessera(['command', 'run', 'deal', 'claim', '01a2a0b0-0000-7000-8000-000000000000'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No deal with id/);
    const noObject = await tessera(['command', 'run', 'nothing', 'claim', dealId], env);
    expect(noObject.code).toBe(1);
    const badJson = await tessera(['command', 'run', 'deal', 'claim', dealId, '--input', '{nope'], env);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/not valid JSON/);
    for (const run of [invalid, reader, unknown, missing, noObject, badJson]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
