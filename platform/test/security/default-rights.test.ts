import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { ok } from '../kernel/support.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * Field rights are about what the caller sets. A field a user may only read but that has a default
 * (`defaultValue`, `defaultExpression`) is filled in on their creates — the record starts
 * `notSubmitted` — and only giving it themselves is refused. Before, every create by such a user
 * was FORBIDDEN naming a field they never sent.
 */
let server: RunningServer;
let repKey: string;
let adminKey: string;

beforeAll(async () => {
  server = await startTestServer();
  const created = await newTenant(server, 'dr');
  adminKey = created.apiKey;
  const md = metadataClient(server, created.apiKey);
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    objects: [{ name: 'claim', fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'approval', type: 'select', defaultValue: 'notSubmitted', options: [{ value: 'notSubmitted' }, { value: 'approved' }] },
      { name: 'stamp', type: 'text', defaultExpression: '"by " & $User.name' },
    ] }],
    roles: [{ name: 'rep', objectPermissions: [{ object: 'claim', read: true, create: true, update: true }],
      fieldPermissions: [{ object: 'claim', field: 'approval', read: true }, { object: 'claim', field: 'stamp', read: true }] }],
  } }));
  const user = ok(await md('mutation { createUser(input: {email: "rep@example.com", name: "Rep", role: "rep"}) { id } }')).createUser.id;
  repKey = ok(await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user })).createApiKey.key;
}, 120_000);
afterAll(async () => { await server?.close(); });

describe('field rights and defaults', () => {
  it('a create by a user who may only read a defaulted field gets the default', async () => {
    const made = ok(await gql(server, '/graphql', repKey, 'mutation { createClaim(data: {title: "Taxi"}) { id approval stamp } }')).createClaim;
    expect(made).toMatchObject({ approval: 'notSubmitted', stamp: 'by Rep' });
    const many = ok(await gql(server, '/graphql', repKey, 'mutation { createClaims(data: [{title: "A"}, {title: "B"}]) { approval } }')).createClaims;
    expect(many).toEqual([{ approval: 'notSubmitted' }, { approval: 'notSubmitted' }]);
  });

  it('setting the field themselves is still refused, at its pointer; an administrator may', async () => {
    const refused = await gql(server, '/graphql', repKey, 'mutation { createClaim(data: {title: "Hotel", approval: approved}) { id } }');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/data/approval', field: 'approval' }] });
    const [second] = (await gql(server, '/graphql', repKey, 'mutation { createClaims(data: [{title: "A"}, {title: "B", stamp: "mine"}]) { id } }')).errors ?? [];
    expect(second.extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/data/1/stamp' }] });
    expect(ok(await gql(server, '/graphql', adminKey, 'mutation { createClaim(data: {title: "Hotel", approval: approved}) { approval } }')).createClaim.approval).toBe('approved');
  });
});
