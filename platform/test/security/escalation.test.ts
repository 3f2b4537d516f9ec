import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { buildEscalationTenant, snapshot, type EscalationTenant } from './escalation-tenant.ts';

/**
 * Rights are monotone: no one grants, assigns, impersonates or mints a key for rights they do not hold.
 * Finding 6 of issue 10 first, as it was found; the matrix over every verb and every right follows.
 */
let server: RunningServer;
let T: EscalationTenant;

beforeAll(async () => {
  server = await startTestServer();
  T = await buildEscalationTenant(server);
});
afterAll(async () => { await server?.close(); });

const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code ?? 'OK';

describe('finding 6: manageUsers alone does not become every right', () => {
  it('cannot make itself an administrator, mint a key for the administrator, reset their password or grant itself manageMetadata', async () => {
    const me = T.actors.get('cap:manageUsers')!;
    const before = await snapshot(server, T);

    const selfAdmin = await T.md(me.key, `mutation($id: ID!) { updateUser(id: $id, input: {isAdmin: true}) { isAdmin } }`, { id: me.id });
    expect(codeOf(selfAdmin)).toBe('FORBIDDEN');
    const adminKey = await T.md(me.key, `mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: T.admin.id });
    expect(codeOf(adminKey)).toBe('FORBIDDEN');
    const reset = await T.md(me.key, `mutation($id: ID!) { updateUser(id: $id, input: {password: "taken over 123"}) { id } }`, { id: T.admin.id });
    expect(codeOf(reset)).toBe('FORBIDDEN');
    const grant = await T.md(me.key, `mutation { createPermissionSet(input: {name: "mine", capabilities: [manageMetadata]}) { id } }`);
    expect(codeOf(grant)).toBe('FORBIDDEN');
    const assign = await T.md(me.key, `mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "superset") { id } }`, { u: me.id });
    expect(codeOf(assign)).toBe('FORBIDDEN');
    const create = await T.md(me.key, `mutation { createObject(input: {name: "pwned", fields: [{name: "x", type: TEXT}]}) { name } }`);
    expect(codeOf(create)).toBe('FORBIDDEN');

    expect(await snapshot(server, T)).toBe(before);
  });
});
